"""The strategy table: the transition strategy, the adoption phase, and notes on both.

It runs in three steps (choose, then phase, then notes), each a context of its own: a phase rule
may test the strategy chosen, a note may test both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from assessment.content.audience import SizedText
from assessment.content.model import Pack, unknown_question
from assessment.content.schema.common import FrameworkId, Id, Strict, Text
from assessment.content.schema.conditions import All, Any_, Leaf, Not
from assessment.content.schema.rule import Rule
from assessment.engine import result as out
from assessment.engine.row import RowView, as_int
from assessment.engine.run import Program, RuleInfo, Run
from assessment.errors import Problem
from assessment.i18n import N_
from assessment.kinds.base import Checks, Fact, Kind, RuleAt, duplicates, unknown


class StrategyDef(Strict):
    id: FrameworkId
    title: Text
    summary: Text


class StrategyRule(Rule):
    strategy: FrameworkId
    rationale: SizedText
    # questions whose missing answer leaves this rule, and so the strategy, undecided on
    # purpose: the report then asks for them instead of choosing a default
    open_until_answered: list[Id] = Field(default_factory=list)


class PhaseDef(Strict):
    phase: int = Field(ge=1, le=4)
    title: Text
    summary: Text


class PhaseRule(Rule):
    phase: int = Field(ge=1, le=4)
    rationale: SizedText


class NoteRule(Rule):
    """Adds a line to the strategy's rationale when it holds."""

    rationale: SizedText


class StrategyTable(Strict):
    table: Literal["strategy"]
    strategies: list[StrategyDef] = Field(min_length=3, max_length=3)
    phases: list[PhaseDef] = Field(min_length=4, max_length=4)
    # first rule that holds picks the strategy, then the phase
    choose: list[StrategyRule] = Field(min_length=1)
    phase: list[PhaseRule] = Field(min_length=1)
    notes: list[NoteRule] = Field(default_factory=list)


# Facts a choose rule may test without a guard: a strategy is owed whenever the stage is known.
DECIDED_FACTS = frozenset({"stage"})


def open_leaves(cond: Any, guarded: frozenset[str] = frozenset()) -> list[Leaf]:
    """The tests of a condition that a missing answer can leave undecided.

    A test of a question is decided when an `all` around it also requires
    `{q: ..., answered: true}` (a missing answer makes the `all` false) or an `any` around it
    also holds on `{q: ..., answered: false}` (a missing answer makes the `any` true). An
    `answered` test is always decided; a fact other than the stage may be undecided.
    """
    if isinstance(cond, Leaf):
        if cond.op == "answered":
            return []
        if cond.q is not None:
            return [] if cond.q in guarded else [cond]
        return [] if cond.fact in DECIDED_FACTS else [cond]
    if isinstance(cond, All | Any_):
        parts = cond.all if isinstance(cond, All) else cond.any
        wanted = isinstance(cond, All)
        guards = {
            c.q for c in parts if isinstance(c, Leaf) and c.q is not None and c.answered is wanted
        }
        inner = guarded | guards
        return [leaf for c in parts for leaf in open_leaves(c, inner)]
    if isinstance(cond, Not):
        return open_leaves(cond.not_, guarded)
    return []


@dataclass
class Compiled:
    choose: list[RuleInfo]
    phase: list[RuleInfo]
    notes: list[RuleInfo]


class StrategyKind(Kind[StrategyTable, Compiled]):
    name = "strategy"
    model = StrategyTable
    template = "strategy.html.j2"
    tab = N_("Strategy")
    steps = ("strategy.choose", "strategy.phase", "strategy.notes")

    def facts(self, table: StrategyTable, pack: Pack) -> Iterator[Fact]:
        ids = tuple(dict.fromkeys(s.id for s in table.strategies))
        yield Fact("strategy", "strategy.phase", "choice", N_("Transition strategy"), ids)
        yield Fact("phase", "strategy.notes", "number", N_("Adoption phase"), lo=1, hi=4)

    def rules(self, table: StrategyTable) -> Iterator[RuleAt]:
        choose, phase, notes = self.steps
        r: Rule
        for i, r in enumerate(table.choose):
            yield RuleAt(("choose", i), choose, r)
        for i, r in enumerate(table.phase):
            yield RuleAt(("phase", i), phase, r)
        for i, r in enumerate(table.notes):
            yield RuleAt(("notes", i), notes, r)

    def finding_ids(self, table: StrategyTable) -> Iterable[str]:
        return (s.id for s in table.strategies)

    def check(self, table: StrategyTable, checks: Checks) -> Iterator[Problem]:
        doc = checks.docs[self.name]
        yield from duplicates(doc, "strategies", table.strategies)
        yield from duplicates(doc, "phases", table.phases, "phase")
        known = [s.id for s in table.strategies]
        for i, r in enumerate(table.choose):
            if r.strategy not in known:
                where = checks.where(self.name, ("choose", i), f"strategy.{r.id}")
                yield where.problem(
                    unknown("strategy", r.strategy, known, "strategies"), "strategy"
                )
        # A choose rule left undecided by a missing answer stops the search, and the
        # assessment would carry no strategy at all: every test must be decided, except those
        # of the questions the rule names in `open_until_answered`.
        for i, r in enumerate(table.choose):
            where = checks.where(self.name, ("choose", i), f"strategy.{r.id}")
            tested = {leaf.q for leaf in _leaves(r.when) if leaf.q is not None}
            for j, qid in enumerate(r.open_until_answered):
                if qid not in checks.pack.questions:
                    yield where.problem(
                        unknown_question(checks.pack, qid),
                        "open_until_answered",
                        j,
                    )
                elif qid not in tested:
                    yield where.problem(
                        f"'{qid}' is not tested by this rule, so its missing answer cannot leave "
                        "the rule open: remove it from open_until_answered",
                        "open_until_answered",
                        j,
                    )
            for leaf in open_leaves(r.when, frozenset(r.open_until_answered)):
                what = f"'{leaf.q}'" if leaf.q is not None else f"fact '{leaf.fact}'"
                fix = (
                    f"add {{q: {leaf.q}, answered: true}} to an `all` around it"
                    if leaf.q is not None
                    else "test the answers it is derived from, each with `answered: true`"
                )
                yield where.problem(
                    f"a missing answer to {what} would leave this choose rule undecided and "
                    f"stop the search, so no strategy would be given: {fix}",
                    "when",
                )

    def compile(self, table: StrategyTable, pack: Pack, program: Program) -> Compiled:
        return Compiled(
            program.first_match(self.name, table.choose, derives="strategy"),
            program.first_match(self.name, table.phase, derives="phase"),
            program.each(self.name, table.notes),
        )

    def evaluate(self, compiled: Compiled, table: StrategyTable, run: Run) -> None:
        chosen = run.first_match(compiled.choose)
        var = run.var("strategy")
        run.set_fact(
            "strategy", run.codes(chosen, [var.code(r.rule.strategy) for r in compiled.choose])
        )
        chosen = run.first_match(compiled.phase)
        run.set_fact("phase", run.codes(chosen, [r.rule.phase for r in compiled.phase]))
        run.each(compiled.notes)

    def build(
        self, compiled: Compiled, table: StrategyTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        strategy_id = view.fact("strategy")
        phase = as_int(view.fact("phase"))
        sdef = next((s for s in table.strategies if s.id == strategy_id), None)
        pdef = next((p for p in table.phases if p.phase == phase), None)
        rationale = [
            out.Reason(
                text=view.text(info.rule.rationale), rule=info.id, evidence=view.evidence(info)
            )
            for info in (*compiled.choose, *compiled.phase, *compiled.notes)
            if view.fired(info.id)
        ]
        parts["strategy"] = out.Strategy(
            id=strategy_id,
            title=sdef.title if sdef else None,
            summary=sdef.summary if sdef else None,
            phase=phase,
            phase_title=pdef.title if pdef else None,
            rationale=rationale,
            deciding=[] if sdef else view.deciding(compiled.choose),
        )


def _leaves(cond: Any) -> Iterator[Leaf]:
    if isinstance(cond, Leaf):
        yield cond
    elif isinstance(cond, All | Any_):
        for c in cond.all if isinstance(cond, All) else cond.any:
            yield from _leaves(c)
    elif isinstance(cond, Not):
        yield from _leaves(cond.not_)
