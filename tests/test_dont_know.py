"""'Don't know' (a choice marked `unknown`): an answer the respondent gave, counted as answered,
that the rules and scores read as unanswered, so what it would decide is shown as not judged,
never guessed; a team's answer comes from those who knew."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assessment.content.model import choice_value
from assessment.content.schema.questionnaire import Choice
from assessment.report.summary import open_line
from assessment.report.text import format_text
from assessment.services.aggregate import aggregate
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def small_team(scorer) -> dict:
    from assessment.services.answers import load_answers

    return dict(load_answers(scorer.engine, EXAMPLES / "small-team-losing-context.yaml").values)


def test_a_dont_know_leaves_what_it_decides_open_and_says_why(scorer, small_team) -> None:
    known = scorer.assess({**small_team, "pp1_symptom_lost_context": "weekly"})
    assert "lost-generation-context" in {s.id for pp in known.pivot_points for s in pp.symptoms}
    a = scorer.assess({**small_team, "pp1_symptom_lost_context": "dont-know"})
    assert "lost-generation-context" not in {s.id for pp in a.pivot_points for s in pp.symptoms}
    [nj] = [nj for nj in a.not_judged if nj.rule == "symptom-lost-generation-context"]
    assert nj.missing == ["pp1_symptom_lost_context"]
    # the answer stays what the respondent gave, and the reader is told what it leaves open
    assert a.answers["pp1_symptom_lost_context"] == "dont-know"
    assert "because you answered “Don't know” to questions it rests on" in open_line(a)
    text = format_text(a, pack=scorer.pack)
    assert "needs pp1_symptom_lost_context (answered “Don't know”)" in text


def test_every_open_finding_resting_on_dont_know_is_said_so(scorer, small_team) -> None:
    answers = {**small_team}
    for q in ("pp1_symptom_lost_context", "pp1_symptom_inconsistent_output"):
        answers[q] = "dont-know"
    answers["pp1_symptom_hidden_dependencies"] = "dont-know"
    a = scorer.assess(answers)
    assert open_line(a).startswith(
        "Open: 3 findings could not be judged, because you answered “Don't know” to questions "
        "they rest on"
    )


def test_a_dont_know_is_left_out_of_a_score_not_counted_as_zero(scorer) -> None:
    base = {"developers": 4, "teams": 1, "regulated": True, "reg_determinism": "can"}

    def compliance(answers: dict) -> int | None:
        a = scorer.assess(scorer.check({**base, **answers}, require=False))
        return next(d.score for d in a.readiness.dimensions if d.id == "compliance")

    assert compliance({"reg_explainability": "cannot"}) == 50
    assert compliance({"reg_explainability": "dont-know"}) == 100


def test_dont_know_has_no_place_on_the_scale_and_the_others_keep_theirs() -> None:
    choices = [
        Choice(id="never", label="Never"),
        Choice(id="weekly", label="Weekly"),
        Choice(id="dont-know", label="Don't know", unknown=True),
    ]
    assert [choice_value(choices, i) for i in range(2)] == [0.0, 1.0]
    assert choice_value(choices, 2) != choice_value(choices, 2)  # NaN
    with pytest.raises(ValidationError, match="no place on the scale"):
        Choice(id="dont-know", label="Don't know", unknown=True, value=0.5)


def test_a_team_answer_comes_from_those_who_knew(scorer) -> None:
    base = {"developers": 30, "teams": 4, "regulated": False}
    q = "pp3_symptom_standards_drift"

    def team_answer(answers: list[str]) -> object:
        people = [scorer.check({**base, q: x}, require=False) for x in answers]
        result = aggregate(scorer, people, k=3)
        [summary] = [s for s in result.questions if s.question == q]
        return summary.consensus, summary.distribution["dont-know"]

    assert team_answer(["weekly", "dont-know", "dont-know", "weekly"]) == ("weekly", 2)
    assert team_answer(["dont-know", "dont-know", "dont-know"]) == ("dont-know", 3)


def test_open_findings_say_how_many_rest_on_dont_know(scorer, small_team) -> None:
    answers = {**small_team, "pp1_symptom_lost_context": "dont-know"}
    del answers["pp1_symptom_inconsistent_output"]  # skipped, not "don't know"
    line = open_line(scorer.assess(answers))
    assert line.startswith(
        "Open: 2 findings could not be judged for lack of answers, 1 of them because of a "
        "“Don't know”;"
    ), line
