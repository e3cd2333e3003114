"""The next steps table: actions for the next 30, 60 and 90 days, each naming what it answers.

A step lists in `addresses` the findings it can answer; the assessment shows only those of them
that were made for these answers (a pivot point crossed unprepared or approaching, a symptom, a
mistake, a pattern recommended or found as an anti-pattern, a metric to adopt or one misleading
in use, a compliance gap, the strategy chosen). A step none of whose findings was made is not
shown, whatever its own condition says: a step exists to answer a finding. A preparation step is
no exception, since the pivot point it prepares for is a finding once it is approaching. A step
also names the practices it puts in place (`practices`, see `assessment.kinds.practices`) and is
not made where all of them are answered fully in place.

Each step has an owner (a role sized to the organisation), an effort (S, M or L), the steps it
depends on and a measure of success. The steps given are turned into a plan here, in one place
(`plan`): at most `MAX_PLANNED` of them across the 30, 60 and 90 day windows, chosen by the
severity of the findings they answer and then by priority, a step's dependencies coming with it
and landing in an earlier window, no window holding more than `WINDOW_CAPACITY`, and an empty
window filled from a later one. The rest are given with the horizon `later`.

Outside help is not a step: the table's `outside_help` rules name the framework's conditions
under which it is warranted, and the assessment lists those that hold, with their reason.

The horizons are the engine's own words. Their labels are kept here, once: the terminal text and
the PDF report have always named them differently (a short list in a terminal, a heading in a
report), and both are kept, as two named columns of one table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from assessment.content.audience import SizedText
from assessment.content.model import Pack, Where
from assessment.content.schema.common import (
    SEVERITIES,
    Effort,
    HelpCondition,
    Horizon,
    Id,
    Strict,
    Text,
)
from assessment.content.schema.conditions import All, Any_, Leaf
from assessment.content.schema.rule import Rule
from assessment.engine import result as out
from assessment.engine.conditions import Node
from assessment.engine.row import RowView
from assessment.engine.run import Program, RuleInfo, Run
from assessment.errors import Problem
from assessment.i18n import N_, _
from assessment.kinds.base import Checks, Kind, RuleAt
from assessment.kinds.practices import check_practices, guarded

# the pivot point statuses that are findings: the ones a step can answer
MadeStatus = Literal["crossed-unprepared", "approaching"]
MADE_STATUSES: tuple[MadeStatus, ...] = ("crossed-unprepared", "approaching")
# the pattern statuses that are findings
MADE_PATTERN_STATUSES: tuple[str, ...] = ("recommended", "anti-pattern")

# the plan's windows, then the steps left for after them
WINDOWS: tuple[str, ...] = ("30d", "60d", "90d")
LATER = "later"
HORIZONS: tuple[str, ...] = (*WINDOWS, LATER)
# horizon -> (terminal text, report and app): one table, the two wordings named
# (English, marked for the catalogue: `horizon_label` and `horizon_text` translate them)
HORIZON_LABELS: dict[str, tuple[str, str]] = {
    "30d": (N_("Next 30 days"), N_("First 30 days")),
    "60d": (N_("Days 31-60"), N_("Days 31 to 60")),
    "90d": (N_("Days 61-90"), N_("Days 61 to 90")),
    # translators: the steps left for after the plan's 90 days, in the terminal text
    LATER: (N_("Later"), N_("After 90 days")),
}
# the report's and the app's (horizon, label) pairs, in order
HORIZONS_REPORT: list[tuple[str, str]] = [(h, HORIZON_LABELS[h][1]) for h in HORIZONS]
# the terminal text's label of each horizon
HORIZONS_TEXT: dict[str, str] = {h: HORIZON_LABELS[h][0] for h in HORIZONS}

# the plan: at most this many steps across the three windows, at most so many in each
MAX_PLANNED = 8
WINDOW_CAPACITY = 3

# a step's effort in a word (English, marked: `effort_label` translates it)
EFFORTS: dict[str, str] = {
    # translators: a step's effort, as in "small effort"
    "S": N_("small"),
    # translators: a step's effort, as in "medium effort"
    "M": N_("medium"),
    # translators: a step's effort, as in "large effort"
    "L": N_("large"),
}


def horizon_label(horizon: str) -> str:
    """A horizon as the report and the app name it ("First 30 days"), in the current language."""
    return _(HORIZON_LABELS[horizon][1]) if horizon in HORIZON_LABELS else horizon


def horizon_text(horizon: str) -> str:
    """A horizon as the terminal text names it ("Next 30 days"), in the current language."""
    return _(HORIZON_LABELS[horizon][0]) if horizon in HORIZON_LABELS else horizon


def horizons_report() -> list[tuple[str, str]]:
    """`HORIZONS_REPORT` in the current language."""
    return [(h, horizon_label(h)) for h in HORIZONS]


def effort_label(effort: str) -> str:
    """A step's effort in a word ("small"), in the current language."""
    return _(EFFORTS[effort]) if effort in EFFORTS else effort


def effort_labels() -> dict[str, str]:
    """`EFFORTS` in the current language."""
    return {k: _(v) for k, v in EFFORTS.items()}


class StepRule(Rule):
    # the window the step is written for; the plan may move it (see `plan`)
    horizon: Horizon
    # higher first among steps answering findings of the same severity
    priority: int = Field(default=50, ge=0, le=100)
    # a short name, read where another step depends on this one
    title: Text = Field(max_length=80)
    action: SizedText
    why: SizedText
    # the role that owns the step, in words that fit the organisation's size
    owner: SizedText
    effort: Effort
    # ids of the steps that must be done first; one not given (its practices are in place, or
    # its findings were not made) counts as done
    depends_on: list[Id] = Field(default_factory=list)
    # how to tell the step worked: a measure and its target
    success: SizedText
    # ids of the findings the step can answer (PP1, M2, enablement-team, generation-logging,
    # ...); the assessment lists those made for the answers, and the step needs one of them
    addresses: list[str] = Field(min_length=1)
    # the practice questions the step puts in place; None (left out) is refused by `validate`
    practices: list[Id] | None = None
    # the statuses in which a pivot point it addresses is a finding it answers: a preparation
    # step answers one approaching, a repair one crossed unprepared
    pivot_statuses: list[MadeStatus] = Field(default=list(MADE_STATUSES), min_length=1)


class OutsideHelpRule(Rule):
    """Where outside help is warranted: one of the framework's conditions, what help, and why
    it pays here. Never a step of the plan."""

    condition: HelpCondition
    advice: SizedText
    why: SizedText


class NextStepsTable(Strict):
    table: Literal["next_steps"]
    steps: list[StepRule] = Field(min_length=1)
    outside_help: list[OutsideHelpRule] = Field(default_factory=list)


# -- the plan -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """A step given for the answers, as the plan sees it."""

    id: str
    # the index of the window it is written for
    window: int
    # the highest severity of the findings it answers (index into SEVERITIES)
    severity: int
    priority: int
    # the steps given that it depends on
    depends_on: tuple[str, ...]


def _rank(c: Candidate) -> tuple[int, int, int]:
    return (-c.severity, -c.priority, c.window)


def plan(candidates: Sequence[Candidate]) -> dict[str, str]:
    """Each step's horizon: at most `MAX_PLANNED` steps in the windows, the rest `later`.

    Steps are taken by the severity of the findings they answer, then by priority, then the
    earlier window; a step comes with the steps it depends on or not at all. A step lands in the
    window it is written for or a later one with room, always after the window of each step it
    depends on. A window left empty while a later one has steps takes a step from it.
    """
    by_id = {c.id: c for c in candidates}
    chosen: dict[str, Candidate] = {}
    placed: dict[str, int] = {}
    for c in sorted(candidates, key=_rank):
        if c.id in chosen:
            continue
        needed = _with_dependencies(c, by_id, chosen)
        if needed is None or len(chosen) + len(needed) > MAX_PLANNED:
            continue
        trial = _schedule([*chosen.values(), *needed])
        if trial is not None:
            chosen.update((n.id, n) for n in needed)
            placed = trial
    _fill_empty_windows(placed, chosen)
    return {c.id: WINDOWS[placed[c.id]] if c.id in placed else LATER for c in candidates}


def _with_dependencies(
    c: Candidate, by_id: dict[str, Candidate], chosen: dict[str, Candidate]
) -> list[Candidate] | None:
    """`c` and every step it needs that is not chosen yet, dependencies first; None on a cycle
    (which `validate` refuses)."""
    order: list[Candidate] = []
    visiting: set[str] = set()

    def visit(x: Candidate) -> bool:
        if x.id in chosen or x in order:
            return True
        if x.id in visiting:
            return False
        visiting.add(x.id)
        ok = all(visit(by_id[d]) for d in x.depends_on if d in by_id)
        order.append(x)
        return ok

    return order if visit(c) else None


def _schedule(steps: list[Candidate]) -> dict[str, int] | None:
    """Windows for all of `steps`, or None where they do not fit.

    Each step goes to the window it is written for or the next with room; a step that finds
    none goes to the latest earlier window with room, still after what it depends on, so that
    a severe step written for days 61-90 is not left out while days 31-60 have room."""
    placed: dict[str, int] = {}
    room = [WINDOW_CAPACITY] * len(WINDOWS)
    pending = sorted(steps, key=lambda c: (c.window, *_rank(c)))
    for w in range(len(WINDOWS)):
        for c in pending:
            if room[w] and c.window <= w and all(placed.get(d, w) < w for d in c.depends_on):
                placed[c.id] = w
                room[w] -= 1
        pending = [c for c in pending if c.id not in placed]
    pending.sort(key=_rank)
    moved = True
    while pending and moved:
        moved = False
        for c in pending:
            after = max((placed.get(d, len(WINDOWS)) for d in c.depends_on), default=-1)
            fits = [w for w in range(after + 1, len(WINDOWS)) if room[w]]
            if fits:
                placed[c.id] = fits[-1]
                room[fits[-1]] -= 1
                moved = True
        pending = [c for c in pending if c.id not in placed]
    return None if pending else placed


def _fill_empty_windows(placed: dict[str, int], chosen: dict[str, Candidate]) -> None:
    """Pull steps forward into a window left empty, from the next window that has steps, while
    that window keeps more steps than the empty one; a step moves only ahead of nothing it
    depends on."""
    for w in range(len(WINDOWS) - 1):
        if any(v == w for v in placed.values()):
            continue
        while True:
            later = sorted({v for v in placed.values() if v > w})
            if not later:
                break
            source = later[0]
            here = sum(1 for v in placed.values() if v == w)
            there = sum(1 for v in placed.values() if v == source)
            if here and here >= there - 1:
                break
            movable = [
                chosen[i]
                for i, v in placed.items()
                if v == source and all(placed.get(d, -1) < w for d in chosen[i].depends_on)
            ]
            if not movable:
                break
            placed[min(movable, key=_rank).id] = w


def dependency_cycle(steps: Sequence[StepRule]) -> list[str] | None:
    """A cycle of `depends_on` among `steps`, as the ids around it, or None."""
    # a step naming itself is refused on its own, not as a circle
    deps = {s.id: [d for d in s.depends_on if d != s.id] for s in steps}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(sid: str) -> list[str] | None:
        state[sid] = 1
        path.append(sid)
        for d in deps.get(sid, []):
            if state.get(d) == 1:
                return [*path[path.index(d) :], d]
            if d in deps and d not in state and (found := visit(d)):
                return found
        path.pop()
        state[sid] = 2
        return None

    for sid in deps:
        if sid not in state and (found := visit(sid)):
            return found
    return None


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
    addresses and their compiled tests, read to list the findings a step answers in a row,
    and the outside help rules."""

    def __init__(
        self,
        infos: list[RuleInfo],
        made: dict[str, list[tuple[str, Node]]],
        help_rules: list[RuleInfo],
    ) -> None:
        super().__init__(infos)
        self.made = made
        self.help_rules = help_rules


def _check_dependencies(table: NextStepsTable, r: StepRule, where: Where) -> Iterator[Problem]:
    """A step's `depends_on` names other steps of the table, none written for a later window."""
    steps = {s.id: s for s in table.steps}
    for di, dep in enumerate(r.depends_on):
        other = steps.get(dep)
        if dep == r.id:
            yield where.problem("a step cannot depend on itself", "depends_on", di)
        elif other is None:
            helps = {h.id for h in table.outside_help}
            yield where.problem(
                f"'{dep}' is an outside help rule, not a step; a step cannot depend on it"
                if dep in helps
                else f"'{dep}' is not a step of this table",
                "depends_on",
                di,
            )
        elif WINDOWS.index(other.horizon) > WINDOWS.index(r.horizon):
            yield where.problem(
                f"'{dep}' is written for {other.horizon}, after this step's {r.horizon}; a "
                "step cannot come before what it depends on",
                "depends_on",
                di,
            )


class NextStepsKind(Kind[NextStepsTable, CompiledSteps]):
    name = "next_steps"
    model = NextStepsTable
    template = "next_steps.html.j2"
    tab = N_("Next steps")

    def rules(self, table: NextStepsTable) -> Iterator[RuleAt]:
        for i, r in enumerate(table.steps):
            yield RuleAt(("steps", i), self.name, r)
        for i, h in enumerate(table.outside_help):
            yield RuleAt(("outside_help", i), self.name, h)

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
            yield from _check_dependencies(table, r, where)
        cycle = dependency_cycle(table.steps)
        if cycle:
            at = next(i for i, r in enumerate(table.steps) if r.id == cycle[0])
            where = checks.where(self.name, ("steps", at), f"next_steps.{cycle[0]}")
            yield where.problem(
                "the steps depend on each other in a circle, so none can come first: "
                + " -> ".join(cycle),
                "depends_on",
            )

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
        steps = program.each(self.name, rules)
        return CompiledSteps(steps, made, program.each(self.name, table.outside_help))

    def evaluate(self, compiled: CompiledSteps, table: NextStepsTable, run: Run) -> None:
        run.each(compiled)
        run.each(compiled.help_rules)
        for addresses in compiled.made.values():
            for _id, node in addresses:
                node.evaluate(run.frame, run.res.cache)

    def build(
        self, compiled: CompiledSteps, table: NextStepsTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        severity = finding_severities(parts)
        given = [i for i in compiled if view.fired(i.id)]
        ids = {i.id for i in given}
        addresses = {
            i.id: [a for a, node in compiled.made[i.id] if view.node_result(node) is True]
            for i in given
        }
        order = {r.id: n for n, r in enumerate(table.steps)}
        candidates = [
            Candidate(
                id=i.id,
                window=WINDOWS.index(i.rule.horizon),
                severity=max((severity.get(a, 0) for a in addresses[i.id]), default=0),
                priority=i.rule.priority,
                depends_on=tuple(d for d in i.rule.depends_on if d in ids),
            )
            for i in given
        ]
        horizons = plan(candidates)
        steps = [
            out.NextStep(
                horizon=horizons[c.id],
                priority=c.priority,
                title=i.rule.title,
                action=view.text(i.rule.action),
                why=view.text(i.rule.why),
                owner=view.text(i.rule.owner),
                effort=i.rule.effort,
                depends_on=list(c.depends_on),
                success=view.text(i.rule.success),
                addresses=addresses[i.id],
                rule=i.id,
                evidence=view.evidence(i),
            )
            for i, c in zip(given, candidates, strict=True)
        ]
        rank = {c.id: _rank(c) for c in candidates}
        steps.sort(key=lambda s: (HORIZONS.index(s.horizon), rank[s.rule], order[s.rule]))
        parts["next_steps"] = steps
        parts["outside_help"] = [
            out.OutsideHelp(
                condition=i.rule.condition,
                advice=view.text(i.rule.advice),
                why=view.text(i.rule.why),
                rule=i.id,
                evidence=view.evidence(i),
            )
            for i in compiled.help_rules
            if view.fired(i.id)
        ]


def finding_severities(parts: dict[str, Any]) -> dict[str, int]:
    """The severity (index into SEVERITIES) of each finding made, from the parts built so far:
    a pivot point crossed unprepared is high and one approaching medium; symptoms, mistakes and
    compliance gaps carry their own; an anti-pattern is medium; a pattern, metric or strategy
    recommended is low."""
    rank = {s: n for n, s in enumerate(SEVERITIES)}
    found: dict[str, int] = {}
    for pp in parts["pivot_points"]:
        if pp.status == "crossed-unprepared":
            found[pp.id] = rank["high"]
        elif pp.status == "approaching":
            found[pp.id] = rank["medium"]
        for symptom in pp.symptoms:
            found[symptom.id] = max(found.get(symptom.id, 0), rank[symptom.severity])
    for m in parts["mistakes"]:
        found[m.id] = rank[m.severity]
    for g in parts["compliance"].gaps:
        found[g.id] = rank[g.severity]
    for p in parts["patterns"]:
        if p.status == "anti-pattern":
            found[p.id] = rank["medium"]
    return found
