"""Generated answer sets: the advice answers findings that were made, never recommends what is
already in place, and speaks to a one-team organisation as one team.

The findings are read back from the finished assessment (statuses, symptoms, mistakes, patterns,
metrics, gaps, strategy), not from the engine's own tests, so a step citing a finding the report
does not show fails here whatever the engine believed.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.engine.result import Assessment
from assessment.kinds.practices import all_answered_fully
from tests.test_properties import PACK, SCORER, answer_sets

STEPS = {s.id: s for s in PACK.next_steps.steps}
PATTERNS = {p.id: p for p in PACK.patterns.patterns}
# wording that assumes several teams; a text that may reach one team must not use it
SEVERAL_TEAMS = re.compile(
    r"\bteams\b|cross-team|\b(every|each|other|another) team\b", re.IGNORECASE
)


def findings_made(a: Assessment) -> set[str]:
    made: set[str] = set()
    for pp in a.pivot_points:
        if pp.status in ("crossed-unprepared", "approaching"):
            made.add(pp.id)
        made.update(s.id for s in pp.symptoms)
    made.update(m.id for m in a.mistakes)
    made.update(p.id for p in a.patterns if p.status in ("recommended", "anti-pattern"))
    made.update(m.id for m in a.metrics.recommended)
    made.update(m.id for m in a.metrics.misleading_in_use)
    made.update(g.id for g in a.compliance.gaps)
    if a.strategy.id is not None:
        made.add(a.strategy.id)
    return made


def check_advice(a: Assessment, answers: dict[str, Any]) -> None:
    made = findings_made(a)
    for step in a.next_steps:
        rule = STEPS[step.rule]
        # (a) every address is a finding made, and a step answers at least one
        assert step.addresses, f"{step.rule} is shown without a finding it answers"
        assert set(step.addresses) <= made, (step.rule, set(step.addresses) - made)
        assert set(step.addresses) <= set(rule.addresses)
        # every finding made that the step can answer is listed, a pivot point only in the
        # statuses the step answers
        status = {pp.id: pp.status for pp in a.pivot_points}
        answerable = [
            x
            for x in rule.addresses
            if x in made and (x not in status or status[x] in rule.pivot_statuses)
        ]
        assert answerable == step.addresses, step.rule
        # (b) a step never advises only what is answered fully in place
        assert rule.practices is not None
        assert not all_answered_fully(PACK, rule.practices, a.answers), step.rule
    for t in a.trace:
        if t.table in ("next_steps", "patterns"):
            # the tests added for findings and practices never repeat one the rule makes
            seen = [(c.question, c.fact, c.test, c.negated) for c in t.conditions]
            assert len(seen) == len(set(seen)), t.rule
    for pattern in a.patterns:
        if pattern.status == "recommended":
            practices = PATTERNS[pattern.id].practices
            assert practices is not None
            assert not all_answered_fully(PACK, practices, a.answers), pattern.id
    if answers.get("teams") == 1:
        texts = [(s.rule, f"{s.action} {s.why}") for s in a.next_steps]
        texts += [(p.rule, p.why) for p in a.patterns if p.status == "recommended"]
        for rule_id, text in texts:
            assert not SEVERAL_TEAMS.search(text), (rule_id, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_advice_answers_findings_made_and_nothing_in_place(answers: dict[str, Any]) -> None:
    values = SCORER.check(answers)
    check_advice(SCORER.assess(values), values)


# Answer sets where practices are often fully in place and findings often made: the plain
# generator rarely answers every practice of a step "fully", so these lean towards it.
def _leaning(q: Any) -> st.SearchStrategy[Any]:
    if q.type == "single" and q.choices == "practice":
        return st.sampled_from(["fully", "fully", "partly", "not"])
    return st.nothing()


@st.composite
def practised_answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    answers = draw(answer_sets())
    for qid, q in PACK.questions.items():
        if q.type == "single" and q.choices == "practice" and draw(st.booleans()):
            answers[qid] = draw(_leaning(q))
    answers["teams"] = draw(st.sampled_from([1, 1, 2, 3, 12]))
    answers["developers"] = draw(st.sampled_from([1, 3, 8, 12, 25, 120]))
    answers["planned_developers"] = draw(st.sampled_from([None, 1, 2, 10, 40]))
    return {k: v for k, v in answers.items() if v is not None}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(practised_answer_sets())
def test_advice_holds_where_practices_are_in_place(answers: dict[str, Any]) -> None:
    values = SCORER.check(answers)
    check_advice(SCORER.assess(values), values)


def test_the_practices_guard_is_what_keeps_a_step_quiet() -> None:
    """A step that would fire is withheld only because its practices are fully in place: the
    same answers with one practice lowered bring it back."""
    base = {
        "developers": 120,
        "teams": 12,
        "regulated": False,
        "pp3_mechanical_enforcement": "fully",
        "pp3_usage_tracking": "not",
        "pp3_training_certification": "not",
        "pp3_audit_trails": "not",
    }
    fully = SCORER.assess(SCORER.check(base))
    assert "step-pp3-first-ci-gates" not in {s.rule for s in fully.next_steps}
    assert "step-audit-trails" in {s.rule for s in fully.next_steps}
    lowered = SCORER.assess(SCORER.check({**base, "pp3_mechanical_enforcement": "partly"}))
    assert "step-pp3-first-ci-gates" in {s.rule for s in lowered.next_steps}
