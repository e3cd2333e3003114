"""Invalid answers files: exit 1 and one clear line per problem, kept as data.

Each `testdata/bad_answers/NAME.yaml` is scored against the mini pack; `NAME.expected` holds the
exact stderr lines. `pytest --regen` rewrites them after a deliberate change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli import app
from tests.conftest import MINI, TESTDATA

CORPUS = TESTDATA / "bad_answers"
CASES = sorted(p.stem for p in CORPUS.glob("*.yaml"))


@pytest.mark.parametrize("case", CASES)
def test_bad_answers_are_reported_one_line_each(case: str, regen: bool, monkeypatch) -> None:
    monkeypatch.chdir(TESTDATA)
    result = CliRunner().invoke(app, ["score", f"bad_answers/{case}.yaml", "--pack", str(MINI)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    expected = CORPUS / f"{case}.expected"
    if regen:
        expected.write_text("\n".join(lines) + "\n")
    assert lines == expected.read_text().splitlines()


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(tmp_path / "nope.yaml"), "--pack", str(MINI)])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"{tmp_path / 'nope.yaml'}: cannot read file: No such file or directory"
    )


def test_answers_to_hidden_questions_are_ignored(mini_scorer) -> None:
    # log_generation is asked only of regulated organisations
    values = mini_scorer.check(
        {"developers": 4, "teams": 1, "regulated": False, "log_generation": "not"}
    )
    result = mini_scorer.assess(values)
    assert "m2-no-logging" not in [m.rule for m in result.mistakes]
    trace = {t.rule: t for t in result.trace}
    assert trace["m2-no-logging"].conditions[1].answer is None
    assert "log_generation" not in result.unanswered


def test_hidden_required_question_is_not_missing(tmp_path: Path) -> None:
    from assessment.scoring import Scorer

    pack = tmp_path / "mini"
    import shutil

    shutil.copytree(MINI, pack)
    q = pack / "questionnaire.yaml"
    q.write_text(
        q.read_text().replace(
            "choices: [{id: finance, label: Finance}, {id: health, label: Health}]",
            "required: true\n        choices: [{id: finance, label: Finance}, "
            "{id: health, label: Health}]",
        )
    )
    scorer = Scorer(pack)
    scorer.check({"developers": 2, "teams": 1, "regulated": False})
    with pytest.raises(Exception) as err:
        scorer.check({"developers": 2, "teams": 1, "regulated": True})
    assert "answers.regulated_industry: missing required answer: Which industry" in str(err.value)
