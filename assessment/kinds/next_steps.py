"""The next steps table: actions for the next 30, 60 and 90 days, each naming what it answers.

A step lists in `addresses` the findings it can answer; the assessment shows only those of them
that were made for these answers (a pivot point crossed unprepared or approaching, a symptom, a
mistake, a pattern recommended or found as an anti-pattern, a metric to adopt or one misleading
in use, a compliance gap, the strategy chosen). A step none of whose findings was made is not
shown, whatever its own condition says: a step exists to answer a finding. A preparation step is
no exception, since the pivot point it prepares for is a finding once it is approaching. A step
also names the practices it puts in place (`practices`, see `assessment.kinds.practices`) and is
not made where all of them are answered fully in place.

The horizons are the engine's own words. Their labels are kept here, once: the terminal text and
the PDF report have always named them differently (a short list in a terminal, a heading in a
report), and both are kept, as two named columns of one table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import Field

from assessment.content.audience import SizedText
from assessment.content.model import Pack
from assessment.content.schema.common import Horizon, Id, Strict
from assessment.content.schema.conditions import All, Any_, Leaf
from assessment.content.schema.rule import Rule
from assessment.engine import result as out
from assessment.engine.conditions import Node
from assessment.engine.row import RowView
from assessment.engine.run import Program, RuleInfo, Run
from assessment.errors import Problem
from assessment.kinds.base import Checks, Kind, RuleAt
from assessment.kinds.practices import check_practices, guarded

# the pivot point statuses that are findings: the ones a step can answer
MadeStatus = Literal["crossed-unprepared", "approaching"]
MADE_STATUSES: tuple[MadeStatus, ...] = ("crossed-unprepared", "approaching")
# the pattern statuses that are findings
MADE_PATTERN_STATUSES: tuple[str, ...] = ("recommended", "anti-pattern")

HORIZONS: tuple[str, ...] = ("30d", "60d", "90d")
# horizon -> (terminal text, report and app): one table, the two wordings named
HORIZON_LABELS: dict[str, tuple[str, str]] = {
    "30d": ("Next 30 days", "First 30 days"),
    "60d": ("Days 31-60", "Days 31 to 60"),
    "90d": ("Days 61-90", "Days 61 to 90"),
}
# the report's and the app's (horizon, label) pairs, in order
HORIZONS_REPORT: list[tuple[str, str]] = [(h, HORIZON_LABELS[h][1]) for h in HORIZONS]
# the terminal text's label of each horizon
HORIZONS_TEXT: dict[str, str] = {h: HORIZON_LABELS[h][0] for h in HORIZONS}


class StepRule(Rule):
    horizon: Horizon
    # higher first within a horizon
    priority: int = Field(default=50, ge=0, le=100)
    action: SizedText
    why: SizedText
    # ids of the findings the step can answer (PP1, M2, enablement-team, generation-logging,
    # ...); the assessment lists those made for the answers, and the step needs one of them
    addresses: list[str] = Field(min_length=1)
    # the practice questions the step puts in place; None (left out) is refused by `validate`
    practices: list[Id] | None = None
    # the statuses in which a pivot point it addresses is a finding it answers: a preparation
    # step answers one approaching, a repair one crossed unprepared
    pivot_statuses: list[MadeStatus] = Field(default=list(MADE_STATUSES), min_length=1)


class NextStepsTable(Strict):
    table: Literal["next_steps"]
    steps: list[StepRule] = Field(min_length=1)


def finding_tests(pack: Pack, pivot_statuses: Iterable[str] = MADE_STATUSES) -> dict[str, Leaf]:
    """Each id a step may address, with the test on the facts that says the finding was made
    (a pivot point in one of `pivot_statuses`).

    Readiness dimensions are scores, not findings, and are not addressable: a step answers the
    pivot point, symptom, mistake, gap or pattern behind a low score.
    """
    tests: dict[str, dict[str, Any]] = {}
    for pp in pack.pivot_points.pivot_points:
        tests[pp.id] = {"fact": f"{pp.id}.status", "in": list(pivot_statuses)}
    for symptom in pack.symptoms.rules:
        tests[symptom.symptom] = {"fact": "symptoms", "contains": symptom.symptom}
    for mistake in pack.mistakes.mistakes:
        tests[mistake.id] = {"fact": "mistakes", "contains": mistake.id}
    for pattern in pack.patterns.patterns:
        tests[pattern.id] = {"fact": f"pattern.{pattern.id}", "in": list(MADE_PATTERN_STATUSES)}
    for metric in pack.metrics.metrics:
        fact = "metrics.recommended" if metric.kind == "outcome" else "metrics.misleading"
        tests[metric.id] = {"fact": fact, "contains": metric.id}
    for gap in pack.compliance.gaps:
        tests[gap.id] = {"fact": "gaps", "contains": gap.id}
    for strategy in pack.strategy.strategies:
        tests[strategy.id] = {"fact": "strategy", "eq": strategy.id}
    return {fid: Leaf.model_validate(test) for fid, test in tests.items()}


def implies(cond: Any, tests: list[Leaf]) -> bool:
    """Whether `cond` holding already makes one of `tests` hold, seen from its form alone: then
    the test adds nothing to the step's condition, and its trace does not repeat it."""
    if isinstance(cond, Leaf):
        return any(_leaf_implies(cond, test) for test in tests)
    if isinstance(cond, All):
        return any(implies(c, tests) for c in cond.all)
    if isinstance(cond, Any_):
        return all(implies(c, tests) for c in cond.any)
    return False


def _leaf_implies(leaf: Leaf, test: Leaf) -> bool:
    if (leaf.q, leaf.fact) != (test.q, test.fact):
        return False
    if leaf.op == test.op == "contains":
        want = test.contains if isinstance(test.contains, list) else [test.contains]
        have = leaf.contains if isinstance(leaf.contains, list) else [leaf.contains]
        return set(want) <= set(have)
    allowed = test.in_ if test.op == "in" else [test.eq] if test.op == "eq" else None
    if allowed is None:
        return False
    if leaf.op == "eq":
        return leaf.eq in allowed
    return leaf.op == "in" and set(leaf.in_ or []) <= set(allowed)


class CompiledSteps(list[RuleInfo]):
    """The steps' rules in table order (what the summary table counts), with each step's
    addresses and their compiled tests, read to list the findings a step answers in a row."""

    def __init__(self, infos: list[RuleInfo], made: dict[str, list[tuple[str, Node]]]) -> None:
        super().__init__(infos)
        self.made = made


class NextStepsKind(Kind[NextStepsTable, CompiledSteps]):
    name = "next_steps"
    model = NextStepsTable
    template = "next_steps.html.j2"
    tab = "Next steps"

    def rules(self, table: NextStepsTable) -> Iterator[RuleAt]:
        for i, r in enumerate(table.steps):
            yield RuleAt(("steps", i), self.name, r)

    def check(self, table: NextStepsTable, checks: Checks) -> Iterator[Problem]:
        addressable = finding_tests(checks.pack)
        for i, r in enumerate(table.steps):
            where = checks.where(self.name, ("steps", i), f"next_steps.{r.id}")
            for ai, addressed in enumerate(r.addresses):
                if addressed not in checks.finding_ids:
                    yield where.problem(
                        f"'{addressed}' is not a finding id of this pack", "addresses", ai
                    )
                elif addressed not in addressable:
                    yield where.problem(
                        f"'{addressed}' is a readiness score, not a finding; address the pivot "
                        "point, symptom, mistake, pattern, metric or gap the step answers",
                        "addresses",
                        ai,
                    )
            yield from check_practices(checks.pack, r.practices, where, "step")

    def compile(self, table: NextStepsTable, pack: Pack, program: Program) -> CompiledSteps:
        rules = []
        made: dict[str, list[tuple[str, Node]]] = {}
        for r in table.steps:
            tests = finding_tests(pack, r.pivot_statuses)
            answered = [tests[a] for a in r.addresses if a in tests]
            made[r.id] = [
                (a, program.compiler.compile(tests[a])) for a in r.addresses if a in tests
            ]
            # the step's own condition, and one of its findings made (the loader has refused a
            # pack whose step addresses no finding)
            answering = (
                r.model_copy(update={"when": All(all=[r.when, Any_(any=answered)])})
                if answered and not implies(r.when, answered)
                else r
            )
            rules.append(guarded(pack, answering, r.practices))
        return CompiledSteps(program.each(self.name, rules), made)

    def evaluate(self, compiled: CompiledSteps, table: NextStepsTable, run: Run) -> None:
        run.each(compiled)
        for addresses in compiled.made.values():
            for _, node in addresses:
                node.evaluate(run.frame, run.res.cache)

    def build(
        self, compiled: CompiledSteps, table: NextStepsTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        steps = [
            out.NextStep(
                horizon=i.rule.horizon,
                priority=i.rule.priority,
                action=view.text(i.rule.action),
                why=view.text(i.rule.why),
                addresses=[a for a, node in compiled.made[i.id] if view.node_result(node) is True],
                rule=i.id,
                evidence=view.evidence(i),
            )
            for i in compiled
            if view.fired(i.id)
        ]
        steps.sort(key=lambda s: (HORIZONS.index(s.horizon), -s.priority))
        parts["next_steps"] = steps
