"""Generated answer sets: the engine returns a valid assessment or a clear validation error."""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.engine.result import Assessment
from assessment.errors import AnswerError
from assessment.kinds.next_steps import HORIZONS
from assessment.services.scoring import Scorer
from tests.conftest import DEFAULT_PACK
from tests.test_plan import check_result_plan

SCORER = Scorer(DEFAULT_PACK)
PACK = SCORER.pack
STAGES = ("solo", "team", "teams", "organization")


def multi_value(q: Any) -> st.SearchStrategy[list[str]]:
    """Any choices of a multi question, or its "none of these" alone."""
    options = PACK.choices(q)
    ids = [c.id for c in options if not c.exclusive]
    some = st.lists(st.sampled_from(ids), unique=True, max_size=q.max_choices or len(ids))
    alone = [st.just([c.id]) for c in options if c.exclusive]
    return st.one_of(some, *alone)


def valid_value(q) -> st.SearchStrategy[Any]:
    if q.type == "number":
        if q.integer:
            return st.integers(int(q.min), int(q.max))
        return st.floats(q.min, q.max, allow_nan=False)
    if q.type == "scale":
        return st.sampled_from([p.value for p in q.points])
    if q.type == "single":
        return st.sampled_from([c.id for c in PACK.choices(q)])
    if q.type == "multi":
        return multi_value(q)
    if q.type == "yes_no":
        return st.booleans()
    return st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40)


INVALID = st.one_of(
    st.text(max_size=5),
    st.integers(-(10**6), 10**6),
    st.lists(st.integers(), max_size=2),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
)


@st.composite
def answer_sets(draw: st.DrawFn, invalid: bool = False) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for qid, q in PACK.questions.items():
        if q.required and not invalid:
            answers[qid] = draw(valid_value(q))
        elif draw(st.booleans()):
            answers[qid] = draw(INVALID if invalid and draw(st.booleans()) else valid_value(q))
    if invalid and draw(st.booleans()):
        answers[draw(st.sampled_from(["colour", "developer", "x"]))] = 1
    return answers


def check_invariants(result: Assessment, answers: dict[str, Any]) -> None:
    data = json.loads(result.model_dump_json())
    assert Assessment.model_validate(data) == result
    assert [t["rule"] for t in data["trace"]] == list(SCORER.engine.rules)
    fired = {t["rule"] for t in data["trace"] if t["fired"]}
    findings = (
        [m["rules"] for m in data["mistakes"]]
        + [[p["rule"]] for p in data["patterns"]]
        + [[g["rule"]] for g in data["compliance"]["gaps"]]
        + [[s["rule"]] for s in data["next_steps"]]
        + [[pp["rule"]] for pp in data["pivot_points"] if pp["rule"]]
    )
    for rules in findings:
        assert set(rules) <= fired
    assert result.stage.id in STAGES  # developers is required, the stage always decided
    for value in [
        result.readiness.overall,
        *(d.score for d in result.readiness.dimensions),
        *(pp.readiness for pp in result.pivot_points),
    ]:
        assert value is None or 0 <= value <= 100
    horizons = [HORIZONS.index(s.horizon) for s in result.next_steps]
    assert horizons == sorted(horizons)
    # at most eight planned, no window overloaded or left empty, dependencies first, and
    # outside help never a step
    check_result_plan(result)
    if not result.compliance.applicable:
        assert result.compliance.gaps == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_valid_answers_always_give_a_valid_assessment(answers: dict[str, Any]) -> None:
    values = SCORER.check(answers)
    check_invariants(SCORER.assess(values), values)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets(invalid=True))
def test_any_answers_give_an_assessment_or_a_clear_error(answers: dict[str, Any]) -> None:
    try:
        values = SCORER.check(answers)
    except AnswerError as err:
        assert err.problems
        for problem in err.problems:
            line = str(problem)
            assert line.startswith("answers: answers.") and "\n" not in line
            assert problem.where.split(".", 1)[1] in answers or "missing required" in line
        return
    check_invariants(SCORER.assess(values), values)


def to_cell(value: Any) -> Any:
    if isinstance(value, list):
        return ",".join(value) if value else None
    return value


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(answer_sets(), min_size=1, max_size=8), st.booleans())
def test_scoring_many_at_once_agrees_with_one_at_a_time(
    rows: list[dict[str, Any]], as_lists: bool
) -> None:
    # multiple choice as CSV text, or as the lists the app and the workshop store hold
    frame = pd.DataFrame(
        [
            {
                k: (v or None) if as_lists and isinstance(v, list) else to_cell(v)
                for k, v in r.items()
            }
            for r in rows
        ],
        columns=list(PACK.questions),
    )
    table = SCORER.score_frame(frame)
    for i, row in enumerate(rows):
        values = SCORER.check(row)
        values = {k: (None if v == [] else v) for k, v in values.items()}
        one = SCORER.assess(values)
        expected = {
            "stage": one.stage.id,
            "planned_stage": one.stage.planned,
            "strategy": one.strategy.id,
            "mistakes": " ".join(m.id for m in one.mistakes),
            "readiness": one.readiness.overall,
        }
        for pp in one.pivot_points:
            expected[f"{pp.id}.status"] = pp.status
        got = {k: table.loc[i, k] for k in expected}
        got = {
            k: None if (not isinstance(v, str) and v is not None and math.isnan(v)) else v
            for k, v in got.items()
        }
        assert got == expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(answer_sets(), min_size=3, max_size=7), st.randoms(use_true_random=False))
def test_a_group_answer_does_not_depend_on_who_answered_first(groups, rnd) -> None:
    """The team's answers are a property of the group: the same people in another order give
    the same consensus and the same split marks, and an ordered question's team answer lies
    between the lowest and highest answer anyone gave."""
    from assessment.services.aggregate import aggregate

    people = [SCORER.check(a, require=False) for a in groups]
    shuffled = people[:]
    rnd.shuffle(shuffled)
    first, second = aggregate(SCORER, people, k=3), aggregate(SCORER, shuffled, k=3)
    assert first.consensus == second.consensus
    assert {q.question: q.split for q in first.questions} == {
        q.question: q.split for q in second.questions
    }
    for summary in first.questions:
        question = PACK.questions[summary.question]
        if question.type != "single" or not question.ordered or summary.consensus is None:
            continue
        order = [c.id for c in PACK.choices(question)]
        given_ranks = [order.index(v) for v in (p.get(question.id) for p in people) if v]
        assert min(given_ranks) <= order.index(summary.consensus) <= max(given_ranks)
