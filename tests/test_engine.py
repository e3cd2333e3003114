"""The engine on the mini pack: evidence, undecided rules, visibility, order, determinism."""

from __future__ import annotations

import json
import random

import pandas as pd
import pytest

BASE = {
    "developers": 4,
    "teams": 1,
    "planned_developers": 8,
    "regulated": False,
    "pp1_review": "partly",
    "pp2_contracts": "not",
    "pp3_gates": "not",
    "symptom_context": "weekly",
    "training": "once",
    "tracked": ["velocity"],
    "failure_cost": 1,
}


def assess(scorer, **changes):
    answers = {**BASE, **changes}
    answers = {k: v for k, v in answers.items() if v is not None}
    return scorer.assess(scorer.check(answers))


def cell(table: pd.DataFrame, row: int, column: str):
    value = table.loc[row, column]
    return None if pd.isna(value) else value


def fired(result) -> set[str]:
    return {t.rule for t in result.trace if t.fired}


def test_same_answers_in_any_order_give_the_same_assessment(mini_scorer) -> None:
    first = assess(mini_scorer).model_dump_json()
    items = list(BASE.items())
    for seed in range(5):
        random.Random(seed).shuffle(items)
        again = mini_scorer.assess(mini_scorer.check(dict(items)))
        assert again.model_dump_json() == first


def test_the_result_is_plain_json(mini_scorer) -> None:
    data = json.loads(assess(mini_scorer).model_dump_json())
    assert data["stage"]["id"] == "team"
    assert data["pivot_points"][0]["status"] == "crossed-unprepared"
    assert {t["rule"] for t in data["trace"]} == set(mini_scorer.engine.rules)


def test_every_finding_names_its_rule_and_evidence(mini_scorer) -> None:
    result = assess(mini_scorer)
    pp1 = result.pivot_points[0]
    assert pp1.rule == "pp1-unprepared"
    assert [(e.fact, e.test, e.answer) for e in pp1.evidence] == [
        ("stage", "in [team, teams, organization]", "team"),
        ("PP1.readiness", "lte 59", 38),
    ]
    [symptom] = pp1.symptoms
    assert (symptom.id, symptom.severity, symptom.quote) == (
        "lost-context",
        "high",
        "Why is this here",
    )
    assert [(e.question, e.answer) for e in symptom.evidence] == [("symptom_context", "Weekly")]
    # the same answer raised its severity, and its line says so
    assert symptom.evidence[0].test.endswith("raises the severity")
    [m4] = result.mistakes
    assert (m4.id, m4.rule, m4.evidence[0].answer) == ("M4", "m4-one-off-training", "Once")
    assert pp1.missing_practices[0].label == "Review with context"


def test_evidence_of_any_names_only_the_parts_that_held(mini_scorer) -> None:
    result = assess(mini_scorer, developers=12, teams=1)
    stage = result.stage
    assert stage.rule == "stage-teams"
    assert [(e.question, e.test) for e in stage.evidence[:1]] == [("developers", "gte 6")]


def test_severity_escalates_when_its_condition_holds(mini_scorer) -> None:
    weekly = assess(mini_scorer, symptom_context="weekly").pivot_points[0].symptoms[0]
    monthly = assess(mini_scorer, symptom_context="monthly").pivot_points[0].symptoms[0]
    assert (weekly.severity, monthly.severity) == ("high", "medium")


def test_an_undecided_rule_stops_a_first_match_table(mini_scorer) -> None:
    # PP2 is crossed (5 in 2 teams) but nothing about contracts is known: not judged, rather
    # than falling through to 'crossed-ready'.
    result = assess(mini_scorer, developers=5, teams=2, pp2_contracts=None)
    pp2 = result.pivot_points[1]
    assert pp2.status is None and pp2.rule is None
    assert {"rule": "pp2-unprepared", "table": "pivot_points", "missing": ["pp2_contracts"]} in [
        nj.model_dump() for nj in result.not_judged
    ]
    assert "pp2_contracts" in result.unanswered


def test_skipping_everything_optional_still_assesses(mini_scorer) -> None:
    result = mini_scorer.assess(
        mini_scorer.check({"developers": 1, "teams": 1, "regulated": False})
    )
    assert result.stage.id == "solo"
    assert result.readiness.overall is None
    # the first strategy rule guards the failure cost, so the default strategy holds; the
    # first phase rule needs pivot point 1's status: the phase is not guessed past it
    assert result.strategy.id == "incremental"
    assert result.strategy.phase is None
    missing = {nj.rule: nj.missing for nj in result.not_judged}
    assert "parallel-catastrophic" not in missing
    assert "phase-2-unprepared" in missing
    assert missing["planned-organization"] == ["planned_developers"]
    assert "regulated-applies" not in missing


def test_gaps_are_only_reported_where_compliance_applies(mini_scorer) -> None:
    open_ = assess(mini_scorer)
    assert open_.compliance.applicable is False and open_.compliance.gaps == []
    assert "gap-logging" not in {nj.rule for nj in open_.not_judged}
    regulated = assess(
        mini_scorer, regulated=True, regulated_industry="health", log_generation="not"
    )
    [gap] = regulated.compliance.gaps
    assert (gap.id, gap.severity) == ("generation-logging", "high")


def test_next_steps_run_from_30_to_90_days_by_priority(mini_scorer) -> None:
    result = assess(mini_scorer, regulated=True, log_generation="not")
    assert [(s.horizon, s.rule) for s in result.next_steps] == [
        ("30d", "step-review"),
        ("60d", "step-training"),
        ("90d", "step-logging"),
    ]


def test_overall_readiness_averages_the_dimensions_that_apply_now(mini_scorer) -> None:
    # team stage: PP1 crossed, PP2 and PP3 ahead -> only PP1's own dimension counts; every
    # dimension here belongs to a pivot point, so the overall figure is the review score
    result = assess(mini_scorer)
    scores = {d.id: d.score for d in result.readiness.dimensions}
    assert result.readiness.counted == ["review"]
    assert result.readiness.overall == scores["review"]
    # symptoms (the hidden 'calm' score) weigh in a pivot point's readiness, not in the overall
    assert result.readiness.overall != result.pivot_points[0].readiness
    # solo without plans: nothing crossed or approaching -> no dimension applies
    solo = assess(
        mini_scorer, developers=1, planned_developers=1, pp1_review="fully", symptom_context="never"
    )
    assert solo.pivot_points[0].status == "ahead"
    assert solo.readiness.counted == [] and solo.readiness.overall is None


def test_strategy_collects_its_rationale(mini_scorer) -> None:
    result = assess(mini_scorer, failure_cost=3, regulated=True)
    assert result.strategy.id == "parallel" and result.strategy.phase == 2
    assert [r.rule for r in result.strategy.rationale] == [
        "parallel-catastrophic",
        "phase-2-unprepared",
        "note-regulated",
    ]


def test_many_respondents_at_once_match_one_at_a_time(mini_scorer) -> None:
    rows = [
        BASE,
        {
            **BASE,
            "developers": 40,
            "regulated": True,
            "regulated_industry": "health",
            "log_generation": "not",
            "failure_cost": 3,
        },
        {"developers": 1, "teams": 1, "regulated": False},
    ]
    frame = pd.DataFrame([{**r, "tracked": ",".join(r.get("tracked", [])) or None} for r in rows])
    table = mini_scorer.score_frame(frame)
    for i, row in enumerate(rows):
        one = mini_scorer.assess(mini_scorer.check(row))
        assert cell(table, i, "stage") == one.stage.id
        assert cell(table, i, "strategy") == one.strategy.id
        assert table.loc[i, "mistakes"] == " ".join(m.id for m in one.mistakes)
        for pp in one.pivot_points:
            assert cell(table, i, f"{pp.id}.status") == pp.status


def test_frame_cells_get_the_same_messages_as_an_answers_file(mini_scorer) -> None:
    from assessment.errors import AnswerError

    frame = pd.DataFrame(
        [
            {"developers": 3, "teams": 1, "regulated": "no", "training": "once"},
            {"developers": "many", "teams": 1, "regulated": "yes", "training": "twice"},
            {"developers": 2, "teams": 1, "regulated": None, "tracked": "velocity;x"},
            {"developers": 2, "teams": 1, "regulated": 1, "colour": "blue"},
        ]
    )
    with pytest.raises(AnswerError) as err:
        mini_scorer.score_frame(frame)
    # unknown columns are reported before any cell
    assert [str(p) for p in err.value.problems] == [
        "responses:1: colour: not a question id or meta column"
    ]
    with pytest.raises(AnswerError) as err:
        mini_scorer.score_frame(frame.drop(columns=["colour"]), source="teams.csv")
    assert [str(p) for p in err.value.problems] == [
        "teams.csv:3: developers: expected a number between 1 and 1000, got 'many'",
        "teams.csv:3: training: unknown choice 'twice' (choices: none-yet, once, ongoing)",
        "teams.csv:4: regulated: missing required answer: Regulated",
        "teams.csv:4: tracked: unknown choice 'x' (choices: velocity, change-failure-rate)",
    ]


def test_a_frame_keeps_its_index(mini_scorer) -> None:
    frame = pd.DataFrame(
        [
            {"developers": 3, "teams": 1, "regulated": True},
            {"developers": 9, "teams": 2, "regulated": "false"},
        ],
        index=["alice", "bob"],
    )
    table = mini_scorer.score_frame(frame)
    assert list(table.index) == ["alice", "bob"]
    assert list(table["stage"]) == ["team", "teams"]


def test_only_the_rule_that_stopped_a_first_match_list_is_not_judged(mini_scorer) -> None:
    result = assess(mini_scorer, planned_developers=None)
    missing = {nj.rule for nj in result.not_judged}
    assert "planned-organization" in missing  # the search stopped here
    assert not missing & {"planned-teams", "planned-team", "planned-solo"}
    # a decided list reports nothing, even where later rules were undecided
    assert not missing & {"stage-team", "stage-solo"}


def test_evidence_from_under_not_reads_negated(mini_scorer) -> None:
    result = assess(mini_scorer)
    pp3 = result.pivot_points[2]
    assert pp3.rule == "pp3-ahead"
    assert [(e.fact, e.test, e.answer) for e in pp3.evidence] == [
        ("stage", "not eq organization", "team")
    ]


def test_a_pattern_no_rule_holds_for_is_known_not_to_apply(mini_scorer) -> None:
    from assessment.engine.variables import encode_rows

    engine = mini_scorer.engine
    answers = [
        mini_scorer.check({**BASE, "developers": 1, "planned_developers": 1, "pp1_review": "not"}),
        mini_scorer.check(
            {**BASE, "developers": 1, "planned_developers": None, "pp1_review": "not"}
        ),
    ]
    res = engine.run(encode_rows(mini_scorer.pack.question_vars(), answers))
    var = mini_scorer.pack.variables["fact:pattern.three-layer-review"]
    assert res.frame.take(var, 0) == "none"  # every rule known false
    assert res.frame.take(var, 1) is None  # PP1 status undecided: so is the pattern


def test_tests_on_hidden_questions_are_false_not_undecided(mini_scorer) -> None:
    from pydantic import TypeAdapter

    from assessment.content.schema.conditions import Condition
    from assessment.engine.conditions import Compiler
    from assessment.engine.variables import encode_rows

    engine = mini_scorer.engine
    frame = encode_rows(
        mini_scorer.pack.question_vars(),
        [
            {"regulated": False, "regulated_industry": "finance"},
            {"regulated": True, "regulated_industry": "finance"},
            {},
        ],
    )
    engine.apply_visibility(frame)
    compiler = Compiler(mini_scorer.pack.variables)
    adapter: TypeAdapter[object] = TypeAdapter(Condition)

    def run(cond: dict) -> list[bool | None]:
        value, known = compiler.compile(adapter.validate_python(cond)).evaluate(frame, {})
        return [bool(v) if k else None for v, k in zip(value, known, strict=True)]

    # hidden (not regulated), shown and answered, hidden because 'regulated' is unanswered
    assert run({"q": "regulated_industry", "eq": "finance"}) == [False, True, False]
    assert run({"not": {"q": "regulated_industry", "eq": "finance"}}) == [True, False, True]
    assert run({"q": "regulated_industry", "answered": False}) == [True, False, True]


def test_not_judged_names_questions_behind_undecided_facts(mini_scorer) -> None:
    result = assess(mini_scorer, developers=1, planned_developers=None)
    missing = {nj.rule: nj.missing for nj in result.not_judged}
    # three-layer review depends on PP1's status, which waits for the growth plan
    assert missing["tlr-recommended"] == ["planned_developers"]
    assert all(not m.startswith("fact:") for ms in missing.values() for m in ms)


def test_a_hidden_multiple_choice_contains_nothing(scorer) -> None:
    """A hidden or unanswered multiple choice is stored with every bit set; `contains` must
    read it as known and empty, not as holding every choice."""
    from pydantic import TypeAdapter

    from assessment.content.schema.conditions import Condition
    from assessment.engine.conditions import Compiler
    from assessment.engine.variables import encode_rows

    engine = scorer.engine
    frame = encode_rows(
        scorer.pack.question_vars(),
        [
            {"metrics_tracked": ["change-failure-rate"], "metrics_judge_ai": ["velocity"]},
            {"metrics_tracked": ["velocity"], "metrics_judge_ai": ["velocity"]},
            {"metrics_tracked": ["velocity"]},
        ],
    )
    engine.apply_visibility(frame)
    compiler = Compiler(scorer.pack.variables)
    adapter: TypeAdapter[object] = TypeAdapter(Condition)

    def run(cond: dict) -> list[bool | None]:
        value, known = compiler.compile(adapter.validate_python(cond)).evaluate(frame, {})
        return [bool(v) if k else None for v, k in zip(value, known, strict=True)]

    # hidden (no output metric tracked), shown and answered, shown and unanswered
    assert run({"q": "metrics_judge_ai", "contains": "velocity"}) == [False, True, None]
    assert run({"not": {"q": "metrics_judge_ai", "contains": "velocity"}}) == [True, False, None]


def test_a_multiple_choice_dimension_item_scores_the_share_of_its_choices_picked(scorer) -> None:
    """Measurement reads which of the nine observability figures are tracked: three of them
    score a third, "none of these" scores nothing (it is not a figure)."""
    base = {"developers": 3, "teams": 1, "regulated": False}

    def measurement(picked: list[str]) -> int | None:
        a = scorer.assess(scorer.check({**base, "observability_metrics": picked}, require=False))
        [d] = [d for d in a.readiness.dimensions if d.id == "measurement"]
        return d.score

    assert measurement(["tools-used", "ai-share", "defect-rates"]) == 33
    assert measurement(["none-tracked"]) == 0
    everything = [c.id for c in scorer.pack.choices(scorer.pack.questions["observability_metrics"])]
    assert measurement([c for c in everything if c != "none-tracked"]) == 100
