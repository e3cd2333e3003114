"""The workshop service both front doors call (`assessment.services.workshops`): the parts
the command-line and dashboard tests reach only through typer or Streamlit."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assessment.errors import AnswerError
from assessment.services import workshops
from assessment.services.scoring import Scorer
from assessment.store import Response, Store, Workshop


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'w.db'}")


def created(
    store: Store, scorer: Scorer, roles: list[str] | None = None, k: int = 3
) -> tuple[Workshop, str]:
    return workshops.create_workshop(
        store, scorer, "Kick-off", organization="Acme", k=k, roles=roles or [], own_results=False
    )


def response(n: int, finished: bool = True, role: str | None = None) -> Response:
    return Response(n, role, finished, {}, order_key=f"{n:04d}")


def test_the_join_link_is_at_the_app_url(monkeypatch) -> None:
    monkeypatch.delenv("PIVOTPOINT_APP_URL", raising=False)
    assert workshops.join_url("ABC234") == "http://localhost:8501/?join=ABC234"
    monkeypatch.setenv("PIVOTPOINT_APP_URL", "https://pp.example.org/")
    assert workshops.join_url("ABC234") == "https://pp.example.org/?join=ABC234"


def test_roles_are_split_on_commas_trimmed_and_blanks_dropped() -> None:
    assert workshops.parse_roles(" developer, ,team lead ,manager,") == [
        "developer",
        "team lead",
        "manager",
    ]
    assert workshops.parse_roles("") == []


def test_a_role_with_a_control_character_is_named_by_its_place() -> None:
    problems = workshops.role_problems(["developer", "lead\x1b[2J"], "--roles")
    assert [(p.file, p.line, p.where) for p in problems] == [("--roles", None, "role 2")]
    assert "control characters" in problems[0].message
    assert workshops.role_problems(["developer", "manager"], "--roles") == []


def test_a_workshop_is_created_on_the_pack_the_scorer_runs(store: Store, scorer: Scorer) -> None:
    workshop, key = created(store, scorer, roles=["developer"], k=4)
    assert (workshop.pack_id, workshop.pack_version) == (
        scorer.pack.info.id,
        scorer.pack.info.version,
    )
    assert (workshop.k, workshop.roles, workshop.organization) == (4, ["developer"], "Acme")
    assert workshops.open_workshop(store, workshop.code, key) == workshop


def test_a_wrong_key_opens_nothing(store: Store, scorer: Scorer) -> None:
    workshop, _ = created(store, scorer)
    with pytest.raises(AnswerError) as err:
        workshops.open_workshop(store, workshop.code, "not-the-key")
    assert "no workshop with this code and key" in str(err.value)


def test_the_pack_must_be_the_workshops_own(store: Store, scorer: Scorer, monkeypatch) -> None:
    workshop, _ = created(store, scorer)
    assert workshops.pack_mismatch(scorer, workshop) is None
    other = replace(workshop, pack_id="another-pack")
    mismatch = workshops.pack_mismatch(scorer, other)
    assert mismatch == workshops.PackMismatch(workshop.code, "another-pack", scorer.pack.info.id)
    monkeypatch.delenv("PIVOTPOINT_PACK", raising=False)
    assert workshops.pack_scorer(workshop).pack.info.id == workshop.pack_id
    with pytest.raises(AnswerError) as err:
        workshops.pack_scorer(other)
    assert str(err.value) == str(mismatch.error())
    assert "uses the pack 'another-pack', not" in str(err.value)


def test_nothing_is_given_out_below_k_finished_responses(store: Store, scorer: Scorer) -> None:
    workshop, _ = created(store, scorer)
    responses = [response(1), response(2), response(3, finished=False), response(4)]
    assert [r.respondent_id for r in workshops.sent(responses)] == [1, 2, 4]
    assert workshops.finished_responses(responses, workshop, "no export") == [
        responses[0],
        responses[1],
        responses[3],
    ]
    with pytest.raises(AnswerError) as err:
        workshops.finished_responses(responses[:3], workshop, "nothing is exported before 3")
    assert "2 finished responses; nothing is exported before 3 (the anonymity threshold)" in str(
        err.value
    )


def test_the_export_order_follows_the_order_key_not_the_list() -> None:
    keys = ["c", "a", "b"]
    finished = [replace(response(n), order_key=key) for n, key in enumerate(keys, start=1)]
    assert workshops.export_order(finished) == [1, 2, 0]


def test_the_team_report_counts_everyone_who_joined_not_only_who_sent(
    store: Store, scorer: Scorer
) -> None:
    """The dashboard once passed the senders as 'joined': '3 of the 3 people who joined'."""
    from assessment.services.answers import load_answers
    from tests.conftest import EXAMPLES

    workshop, _ = created(store, scorer)
    answers = load_answers(scorer.engine, EXAMPLES / "small-team-losing-context.yaml").values
    finished = [replace(response(n), answers=dict(answers)) for n in range(1, 4)]
    responses = [*finished, response(4, finished=False)]
    result = workshops.team(scorer, workshop, finished)
    assessed, options = workshops.team_report(scorer, workshop, responses, result)
    assert assessed is result.team
    assert options.workshop is not None
    assert (options.workshop["finished"], options.workshop["joined"]) == (3, 4)
