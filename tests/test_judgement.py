"""Judgements an advisor signs, kept by properties over generated answer sets: a missing core
practice is never averaged away, the overall figure is what the method note says it is, and the
stage boundaries are the ones the method note states."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from assessment.report.method import STAGE_BOUNDARIES, method_note
from tests.test_properties import PACK, SCORER, answer_sets

CROSSED = ("crossed-ready", "crossed-unprepared")


def _lowest(qid: str) -> str:
    return PACK.choices(PACK.questions[qid])[0].id


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_a_core_practice_not_in_place_is_never_averaged_into_ready(answers: dict[str, Any]) -> None:
    a = SCORER.assess(answers)
    for pp_table, pp in zip(PACK.pivot_points.pivot_points, a.pivot_points, strict=True):
        absent = [q for q in pp_table.core if a.answers.get(q) == _lowest(q)]
        if absent:
            assert pp.status != "crossed-ready", (pp.id, absent)
            assert not (pp.status == "ahead" and pp.rule and pp.rule.endswith("ahead-prepared"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_overall_readiness_is_the_plain_mean_of_the_counted_dimensions(
    answers: dict[str, Any],
) -> None:
    a = SCORER.assess(answers)
    scores = {d.id: d.score for d in a.readiness.dimensions}
    counted = a.readiness.counted
    # every counted dimension is shown and answered; the pivot points' own ones only when the
    # pivot point is crossed or approaching
    assert all(scores.get(d) is not None for d in counted)
    for pp_table, pp in zip(PACK.pivot_points.pivot_points, a.pivot_points, strict=True):
        own = [w.score for w in pp_table.readiness if w.score in scores]
        if pp.status not in (*CROSSED, "approaching"):
            assert not set(own) & set(counted), (pp.id, pp.status, counted)
    if not counted:
        assert a.readiness.overall is None
        return
    # the result rounds each dimension and the overall figure: within one point of redoing it
    redone = sum(scores[d] for d in counted) / len(counted)  # type: ignore[misc]
    assert a.readiness.overall is not None
    assert math.isclose(a.readiness.overall, redone, abs_tol=1.0)
    note = method_note(PACK, a).overall
    assert f"{len(counted)} dimension scores" in note


def _approaching_only_with_growth(answers: dict[str, Any]) -> None:
    a = SCORER.assess(answers)
    stages = list(PACK.stage.stages)
    for pp_table, pp in zip(PACK.pivot_points.pivot_points, a.pivot_points, strict=True):
        if pp.status == "approaching":
            assert a.stage.planned in stages, (pp.id, a.stage.planned)
            assert stages.index(a.stage.planned) >= stages.index(pp_table.reached_at), (
                pp.id,
                a.stage.planned,
            )


SYMPTOMS = [q for pp in PACK.pivot_points.pivot_points for q in pp.symptoms]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_no_pivot_point_approaches_from_symptoms_alone(answers: dict[str, Any]) -> None:
    """A pivot point approaches only when the growth plan reaches it within the horizon:
    symptoms are reported as symptoms, however often they are heard."""
    _approaching_only_with_growth(answers)
    _approaching_only_with_growth({**answers, **dict.fromkeys(SYMPTOMS, "weekly")})


@pytest.mark.parametrize(
    ("developers", "teams", "stage"),
    [
        (1, 1, "solo"),
        (2, 1, "team"),
        (4, 2, "team"),
        (5, 1, "team"),
        (8, 1, "team"),
        (5, 2, "teams"),
        (9, 1, "teams"),
        (19, 1, "teams"),
        (19, 6, "teams"),
        (16, 4, "teams"),
        (20, 1, "organization"),
        (20, 2, "organization"),
        (21, 8, "organization"),
    ],
)
def test_stage_boundaries_are_the_ones_the_method_note_states(
    developers: int, teams: int, stage: str
) -> None:
    a = SCORER.assess({"developers": developers, "teams": teams, "regulated": False})
    assert a.stage.id == stage
    stated = dict(STAGE_BOUNDARIES)[stage]
    assert str(developers) in stated or any(lo <= developers <= hi for lo, hi in _ranges(stated)), (
        developers,
        stated,
    )


def _ranges(words: str) -> list[tuple[int, int]]:
    """The numeric ranges a boundary sentence names: "5 to 19" and "20 ... or more"."""
    numbers = [int(w) for w in words.replace(",", " ").split() if w.isdigit()]
    if "or more" in words:
        return [(numbers[0], 10**6)]
    return [(numbers[i], numbers[i + 1]) for i in range(0, len(numbers) - 1, 2)]


def test_an_escalated_severity_shows_the_answer_that_raised_it() -> None:
    from tests.ui.conftest import example_answers

    answers = example_answers("regulated-enterprise")["answers"]
    a = SCORER.assess(answers)
    by_id = {}
    for kind in ("compliance",):
        table = PACK.tables[kind]
        for gap in table.gaps:
            for rule in gap.rules:
                by_id[rule.id] = rule
    raised = [g for g in a.compliance.gaps if by_id[g.rule].escalate is not None]
    assert raised, "the bank example has an escalated gap"
    for gap in raised:
        assert any(
            "raises the severity" in e.test and e.question == "regulated" for e in gap.evidence
        ), gap.id
    # and a gap nothing raised says nothing of it
    unregulated = SCORER.assess({**answers, "regulated": False, "enterprise_assurance": True})
    for gap in unregulated.compliance.gaps:
        assert not any("raises the severity" in e.test for e in gap.evidence), gap.id


def test_nothing_found_is_a_sentence_and_says_when_rules_were_left_open() -> None:
    from assessment.report.undecided import nothing_found

    full = SCORER.assess(example_answers_of("solo-developer"))
    assert nothing_found(full, "next_steps", "No step is needed now") == "No step is needed now."
    bare = SCORER.assess({"developers": 12, "teams": 3, "regulated": False})
    said = nothing_found(bare, "mistakes", "No scaling mistake shows")
    assert said.startswith("No scaling mistake shows in the answers given. ")
    assert "could not be judged" in said


def example_answers_of(name: str) -> dict[str, Any]:
    from tests.ui.conftest import example_answers

    return dict(example_answers(name)["answers"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_one_developer_staying_alone_gets_no_team_figures_from_nothing(
    answers: dict[str, Any],
) -> None:
    """Team practices are not asked of one developer who plans to stay alone, so no readiness
    number is made up from them, no governance mistake is found, and the pivot points they
    belong to still get a status."""
    answers = {**answers, "developers": 1, "teams": 1, "planned_developers": 1}
    a = SCORER.assess(answers)
    by_id = {pp.id: pp for pp in a.pivot_points}
    for pp_id in ("PP2", "PP3"):
        pp = by_id[pp_id]
        assert pp.readiness is None and not pp.asked, (pp_id, pp.readiness)
        assert pp.readiness_shown == "does not apply"
        assert pp.status == "ahead", (pp_id, pp.status, pp.rule)
        assert pp.missing_practices == [] and pp.unanswered_practices == []
    dims = {d.id: d for d in a.readiness.dimensions}
    assert dims["governance"].score is None and not dims["governance"].asked
    assert not set(a.readiness.counted) & {"coordination", "enforcement", "governance"}
    assert "M2" not in {m.id for m in a.mistakes}
