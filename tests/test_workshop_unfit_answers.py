"""Answers that no longer fit the pack (stored under an older version of it: a removed choice
or question, a shortened maximum length) never make the team assessment, `workshop report` or
`workshop export` fail for the whole workshop: the rest is scored, and the respondents (by
their export P-number) and questions concerned are named."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.errors import AnswerError
from assessment.services.workshops import check_responses, team, unfit_note
from assessment.store import Store
from tests.conftest import EXAMPLES

runner = CliRunner()
STALE = {
    "ai_code_share": "most-of-it",  # a choice a newer version removed
    "comment": "x" * 4001,  # longer than the newer maximum length
    "old_question": 3,  # a question a newer version removed
}


def example_rows() -> list[dict]:
    with (EXAMPLES / "workshop_responses.csv").open() as handle:
        return list(csv.DictReader(handle))


@pytest.fixture()
def stale_workshop(tmp_path: Path, monkeypatch, scorer):
    """Six sent responses from the example file; the fourth and sixth to join then carry
    answers an older pack took."""
    monkeypatch.setenv("PIVOTPOINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PIVOTPOINT_DATABASE_URL", raising=False)
    store = Store()
    workshop, key = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    from assessment.services.workshops import import_responses

    assert import_responses(store, scorer, workshop, EXAMPLES / "workshop_responses.csv").imported
    responses = store.responses(workshop.id)
    with store._write() as conn:  # as an older version of the pack stored them
        from sqlalchemy import insert, update

        from assessment.store.schema import answer, utcnow

        for r, stale in ((responses[3], STALE), (responses[5], {"comment": "y" * 5000})):
            for qid, value in stale.items():
                conn.execute(
                    update(answer)
                    .where(answer.c.respondent_id == r.respondent_id, answer.c.question_id == qid)
                    .values(value=json.dumps(value))
                )
                if qid not in r.answers:
                    conn.execute(
                        insert(answer).values(
                            respondent_id=r.respondent_id,
                            question_id=qid,
                            value=json.dumps(value),
                            updated=utcnow(),
                        )
                    )
    yield store, workshop, key
    store.close()


def pseudonyms(store: Store, workshop) -> dict[int, str]:
    """Join position -> P-number in the export."""
    from assessment.services.workshops import export_order

    finished = store.responses(workshop.id)
    return {i: f"P{n}" for n, i in enumerate(export_order(finished), start=1)}


def test_unfit_answers_are_left_out_and_named(stale_workshop, scorer) -> None:
    store, workshop, _ = stale_workshop
    finished = store.responses(workshop.id)
    with pytest.raises(AnswerError):  # what failed the whole workshop before
        [scorer.check(r.answers, require=False) for r in finished]
    answers, unfit = check_responses(scorer, finished)
    p = pseudonyms(store, workshop)
    assert unfit == {
        **{p[3]: ["ai_code_share", "comment", "old_question"]},
        **{p[5]: ["comment"]},
    } and list(unfit) == sorted(unfit, key=lambda s: int(s[1:]))
    # the rest of their answers still count
    assert answers[3]["developers"] == int(example_rows()[3]["developers"])
    assert "ai_code_share" not in answers[3] and "comment" not in answers[5]
    result = team(scorer, workshop, finished)
    assert result.unfit == unfit and result.respondents == 6 and result.team is not None
    assert len(result.readiness) == 6
    note = unfit_note(unfit)
    assert note.startswith("2 respondents have answers that no longer fit this version")
    assert note.endswith(
        "Answers left out, by question: ai_code_share (1), comment (2), old_question (1)."
    )
    assert "x" * 10 not in note and p[3] not in note and p[5] not in note  # counts, not rows


def test_workshop_export_works_with_unfit_answers_and_says_which(stale_workshop, tmp_path) -> None:
    store, workshop, key = stale_workshop
    p = pseudonyms(store, workshop)
    for suffix in ("json", "csv", "xlsx"):
        out = tmp_path / f"out.{suffix}"
        result = runner.invoke(
            app, ["workshop", "export", workshop.code, "--key", key, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert out.exists()
        assert f"{workshop.code}: 2 respondents have answers that no longer fit" in result.stderr
        assert "by question: ai_code_share (1), comment (2), old_question (1)." in result.stderr
        assert "x" * 10 not in result.stderr  # counts and ids, never the answers themselves
        assert p[3] not in result.stderr  # nor whose rows they are: that would tell join order
    rows = {
        r["respondent"]: r for r in csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text()))
    }
    stale = rows[p[3]]
    assert stale["ai_code_share"] == "" and stale["comment"] == ""
    assert stale["developers"] == example_rows()[3]["developers"]
    assert json.loads((tmp_path / "out.json").read_text())["respondents"] == 6


def test_workshop_report_works_with_unfit_answers_and_lists_them(stale_workshop, tmp_path) -> None:
    from pypdf import PdfReader

    store, workshop, key = stale_workshop
    p = pseudonyms(store, workshop)
    pdf = tmp_path / "team.pdf"
    result = runner.invoke(app, ["workshop", "report", workshop.code, "--key", key, "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    assert "comment (2)" in result.stderr and p[5] not in result.stderr
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Answers left out" in text
    # the report names questions as a reader knows them; one the pack no longer has, by its id
    assert (
        "by question: Share of AI-generated code (1), Comment (2), old_question (1)."
        in " ".join(text.split())
    )
