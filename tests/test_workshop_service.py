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


# -- what a facilitator reads, in their language ---------------------------------------------------
def test_the_note_on_answers_left_out_is_in_the_readers_language() -> None:
    from assessment import i18n

    one = {"P2": ["ai_code_share"]}
    two = {"P2": ["ai_code_share", "comment"], "P4": ["comment"]}
    assert workshops.unfit_note(one) == (
        "1 respondent has answers that no longer fit this version of the questionnaire; those "
        "answers are left out and the rest are counted. Answers left out, by question: "
        "ai_code_share (1)."
    )
    with i18n.using("de"):
        assert workshops.unfit_note(one).startswith("1 befragte Person hat Antworten, die nicht")
        note = workshops.unfit_note(two)
    assert note == (
        "2 Befragte haben Antworten, die nicht mehr zu dieser Version des Fragebogens passen; "
        "diese Antworten bleiben unberücksichtigt, die übrigen werden gezählt. "
        "Unberücksichtigte Antworten je Frage: ai_code_share (1), comment (2)."
    )


def test_a_follow_up_and_its_waiting_message_in_german(store: Store, scorer: Scorer) -> None:
    from assessment import i18n

    first, _key = created(store, scorer)
    with i18n.using("de"):
        later, _key = workshops.follow_up(store, scorer, first)
        since = workshops.since_earlier(store, scorer, later)
    assert later.name == "Kick-off (Folge-Workshop)"
    assert since is not None and since.progress is None
    assert since.reason == (
        "Der Vergleich mit Kick-off folgt, sobald beide Workshops genug Antworten haben "
        "(dort 0 von 3, hier 0 von 3)."
    )
    english = workshops.since_earlier(store, scorer, later)
    assert english is not None and english.reason == (
        "The comparison with Kick-off waits until both workshops have enough answers "
        "(0 of 3 there, 0 of 3 here)."
    )
    store.delete_workshop(first.id)
    later = store.workshop_by_id(later.id)
    with i18n.using("de"):
        gone = workshops.since_earlier(store, scorer, later)
    # the store keeps the link to a workshop deleted since
    assert gone is not None
    assert gone.reason == "Der Workshop, an den dieser anschließt, wurde gelöscht."


def test_workshops_of_one_name_are_told_apart_by_a_date_in_the_readers_language(
    store: Store, scorer: Scorer
) -> None:
    from assessment import i18n

    chosen = [created(store, scorer)[0], created(store, scorer)[0]]
    day = chosen[0].created
    english = {t.name for t in workshops.portfolio_of_workshops(store, scorer, chosen).teams}
    # as it always read
    assert english == {f"Kick-off ({day:%d %b %Y}, {w.code})" for w in chosen}
    with i18n.using("de"):
        german = {t.name for t in workshops.portfolio_of_workshops(store, scorer, chosen).teams}
        shown = i18n.short_date(day)
    assert german == {f"Kick-off ({shown}, {w.code})" for w in chosen}
    assert shown.startswith(f"{day:%d}. ") and shown.endswith(f" {day:%Y}")


def test_an_import_into_a_closed_workshop_is_refused_in_german(
    store: Store, scorer: Scorer
) -> None:
    from assessment import i18n

    workshop, _key = created(store, scorer)
    store.set_workshop_status(workshop.id, "closed")
    with i18n.using("de"), pytest.raises(AnswerError) as err:
        workshops.import_responses(store, scorer, workshop, b"developers\n3\n")
    assert err.value.problems[0].message.startswith("der Workshop ist geschlossen")
