"""The action plan: which steps are planned in which window, and which are left for later."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.content.schema.common import SEVERITIES
from assessment.kinds.next_steps import (
    LATER,
    MAX_PLANNED,
    WINDOW_CAPACITY,
    WINDOWS,
    Candidate,
    plan,
)
from assessment.services.scoring import Scorer
from tests.conftest import DEFAULT_PACK, EXAMPLES

HIGH, MEDIUM, LOW = (SEVERITIES.index(s) for s in ("high", "medium", "low"))


def step(
    id: str,
    window: str = "30d",
    severity: int = MEDIUM,
    priority: int = 50,
    after: tuple[str, ...] = (),
) -> Candidate:
    return Candidate(id, WINDOWS.index(window), severity, priority, after)


def windows(horizons: dict[str, str]) -> list[int]:
    return [sum(1 for h in horizons.values() if h == w) for w in WINDOWS]


def test_a_lone_step_is_pulled_into_the_first_window() -> None:
    # the solo developer's one step, written for days 31-60, is not left alone there
    assert plan([step("a", "60d")]) == {"a": "30d"}


def test_steps_stay_in_their_windows_when_none_is_left_empty() -> None:
    got = plan([step("a", "30d"), step("b", "60d"), step("c", "90d")])
    assert got == {"a": "30d", "b": "60d", "c": "90d"}


def test_a_full_window_overflows_into_the_next() -> None:
    got = plan([step(f"s{i}", "30d", priority=90 - i) for i in range(7)])
    assert windows(got) == [3, 3, 1]
    assert [got[f"s{i}"] for i in range(3)] == ["30d"] * 3


def test_at_most_eight_are_planned_the_most_severe_first() -> None:
    steps = [step(f"low{i}", "30d", LOW, priority=99) for i in range(6)]
    steps += [step(f"high{i}", "90d", HIGH, priority=10) for i in range(6)]
    got = plan(steps)
    assert sum(1 for h in got.values() if h != LATER) == MAX_PLANNED
    # every high-severity step is planned, whatever its priority; two low ones are left
    assert all(got[f"high{i}"] != LATER for i in range(6))
    assert sum(1 for i in range(6) if got[f"low{i}"] == LATER) == 4


def test_a_step_comes_after_what_it_depends_on() -> None:
    got = plan([step("tests", "30d", HIGH, after=("contracts",)), step("contracts", "30d")])
    # the dependency is less severe, but comes first, in an earlier window
    assert (got["contracts"], got["tests"]) == ("30d", "60d")


def test_a_chain_longer_than_the_plan_leaves_its_end_for_later() -> None:
    got = plan(
        [
            step("a"),
            step("b", after=("a",)),
            step("c", after=("b",)),
            step("d", after=("c",)),
            step("e", severity=LOW),
        ]
    )
    assert (got["a"], got["b"], got["c"], got["d"]) == ("30d", "60d", "90d", LATER)
    assert got["e"] != LATER


def test_a_step_is_never_planned_without_its_dependency() -> None:
    # eight high steps fill the plan; the medium step a low one depends on is not planned, so
    # neither is the low one, however its priority
    steps = [step(f"h{i}", WINDOWS[i % 3], HIGH) for i in range(8)]
    steps += [step("base", "30d", MEDIUM), step("top", "60d", LOW, 99, after=("base",))]
    got = plan(steps)
    assert got["base"] == LATER and got["top"] == LATER


def test_a_circle_of_dependencies_plans_neither() -> None:
    got = plan([step("a", after=("b",)), step("b", after=("a",)), step("c")])
    assert got == {"a": LATER, "b": LATER, "c": "30d"}


@st.composite
def candidates(draw: st.DrawFn) -> list[Candidate]:
    n = draw(st.integers(0, 20))
    out: list[Candidate] = []
    for i in range(n):
        # dependencies only on earlier steps: no circles, as `validate` guarantees
        deps = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        out.append(
            Candidate(
                f"s{i}",
                draw(st.integers(0, 2)),
                draw(st.integers(0, 2)),
                draw(st.integers(0, 100)),
                tuple(f"s{d}" for d in deps),
            )
        )
    return out


def check_plan(horizons: dict[str, str], deps: dict[str, tuple[str, ...]]) -> None:
    """What every plan keeps: its size, its windows' load, its order and no empty window
    before a window with steps."""
    order = {h: i for i, h in enumerate((*WINDOWS, LATER))}
    load = windows(horizons)
    assert sum(load) <= MAX_PLANNED
    assert max(load, default=0) <= WINDOW_CAPACITY
    for w in range(len(WINDOWS) - 1):
        assert load[w] or not any(load[w + 1 :]), load
    for sid, h in horizons.items():
        for d in deps[sid]:
            if h != LATER:
                assert order[horizons[d]] < order[h], (sid, d, horizons)


@settings(max_examples=300, deadline=None)
@given(candidates())
def test_any_steps_give_a_plan_that_keeps_its_rules(steps: list[Candidate]) -> None:
    got = plan(steps)
    assert set(got) == {c.id for c in steps}
    check_plan(got, {c.id: c.depends_on for c in steps})
    # steps are only left for later when the plan cannot take them
    if len(steps) <= 3 and not any(c.depends_on for c in steps):
        assert LATER not in got.values()


# -- the default pack: the plan over generated answers ---------------------------------------------
SCORER = Scorer(DEFAULT_PACK)
HELP_IDS = {h.id for h in SCORER.pack.next_steps.outside_help}


def check_result_plan(result) -> None:
    horizons = {s.rule: s.horizon for s in result.next_steps}
    check_plan(horizons, {s.rule: tuple(s.depends_on) for s in result.next_steps})
    for s in result.next_steps:
        assert s.rule not in HELP_IDS
        assert set(s.depends_on) <= set(horizons)
        assert s.owner and s.success and s.title and s.effort in ("S", "M", "L")
    assert {h.rule for h in result.outside_help} <= HELP_IDS


RESULTS = {p.stem: SCORER.assess_file(p) for p in sorted(EXAMPLES.glob("*.yaml"))}


def test_the_examples_plan_at_most_eight_with_outside_help_apart() -> None:
    for result in RESULTS.values():
        check_result_plan(result)
        assert 0 < sum(1 for s in result.next_steps if s.horizon != LATER) <= MAX_PLANNED


def test_a_solo_developer_owns_every_step_and_starts_now() -> None:
    solo = RESULTS["solo-developer"]
    assert {s.owner for s in solo.next_steps} == {"You"}
    assert solo.next_steps[0].horizon == "30d"
    assert solo.outside_help == []


def test_owners_are_sized_to_the_organisation() -> None:
    team = {s.owner for s in RESULTS["small-team-losing-context"].next_steps}
    assert team == {"Team lead"}
    bank = {s.owner for s in RESULTS["regulated-enterprise"].next_steps}
    assert any("compliance officer" in o for o in bank) and "Team lead" not in bank


def test_outside_help_is_a_box_with_its_reason_never_a_step() -> None:
    bank = RESULTS["regulated-enterprise"]
    assert [h.condition for h in bank.outside_help] == [
        "regulatory-scrutiny",
        "governance-framework",
    ]
    assert all(h.why and h.evidence for h in bank.outside_help)
    teams = RESULTS["several-teams-contract-trouble"]
    assert [h.condition for h in teams.outside_help] == ["approaching-pivot-point"]


def test_a_step_that_depends_on_another_comes_after_it_in_the_examples() -> None:
    teams = {s.rule: s for s in RESULTS["several-teams-contract-trouble"].next_steps}
    tests, contracts = teams["step-pp2-contract-tests"], teams["step-pp2-write-contracts"]
    assert tests.depends_on == ["step-pp2-write-contracts"]
    assert (contracts.horizon, tests.horizon) == ("30d", "60d")


def test_impact_weighs_the_findings_a_step_answers_by_severity() -> None:
    """A step answering a pivot point crossed unprepared (high) and a medium mistake counts
    3 + 2; the reading names the step that answers most, and the best value for effort."""
    from assessment.report.charts import plan_points, plan_reading, step_impacts

    a = Scorer(DEFAULT_PACK).assess_file(EXAMPLES / "regulated-enterprise.yaml")
    impacts = step_impacts(a)
    severity = {pp.id: "high" for pp in a.pivot_points if pp.status == "crossed-unprepared"}
    severity.update({m.id: m.severity for m in a.mistakes})
    weight = {"low": 1, "medium": 2, "high": 3}
    for s in a.next_steps:
        if s.horizon == "later":
            assert s.rule not in impacts
            continue
        known = [f for f in s.addresses if f in severity]
        assert impacts[s.rule] >= sum(weight[severity[f]] for f in known)
        assert impacts[s.rule] >= len(s.addresses)
    points = plan_points(a)
    most = max(points, key=lambda p: (p["impact"], -p["step"]))
    assert plan_reading(a).startswith(f"Step {most['step']}, \u201c{most['title']}\u201d")
    # steps at the same place share one label, so no number is drawn over another
    places = {(p["effort"], p["impact"]) for p in points}
    assert sum(p["first"] for p in points) == len(places)


def test_the_plan_names_what_a_step_addresses_as_the_report_names_it(scorer) -> None:
    """A reader of the plan alone is told what each step addresses by the names the report's
    headings give the findings ("M1: Assuming small-team practices scale", "Pivot point 2: ..."),
    never by a bare id, in the terminal text as in the PDF report."""
    import re

    from assessment.report.names import addressed, finding_names
    from assessment.report.render import Renderer
    from assessment.report.text import format_text

    a = scorer.assess_file(EXAMPLES / "several-teams-contract-trouble.yaml")
    names = finding_names(scorer.pack)
    m1 = next(m for m in scorer.pack.mistakes.mistakes if m.id == "M1")
    pp2 = next(pp for pp in scorer.pack.pivot_points.pivot_points if pp.id == "PP2")
    step = next(s for s in a.next_steps if {"M1", "PP2"} <= set(s.addresses))
    phrase = addressed(names, step.addresses)
    assert phrase.startswith(f"{pp2.title}; M1: {m1.title}")
    text = " ".join(format_text(a, pack=scorer.pack).split())
    assert f"(addresses {phrase})" in text
    assert not re.search(r"\(addresses [^)]*\b(M\d|PP\d)\b(?!:)", text)
    html = Renderer(scorer.pack).html(a)
    assert f"Addresses: {phrase}." in " ".join(html.split())
    # every id a step may address has a name of its own
    for kind_ids in (
        [pp.id for pp in scorer.pack.pivot_points.pivot_points],
        [x.id for x in scorer.pack.patterns.patterns],
        [x.id for x in scorer.pack.metrics.metrics],
        [x.id for x in scorer.pack.compliance.gaps],
        [r.symptom for r in scorer.pack.symptoms.rules],
    ):
        assert all(names[i] != i for i in kind_ids)
