"""The patterns table: practices judged in place, recommended or an anti-pattern.

The three statuses are the engine's own words; a pattern with no rule that holds (and none left
undecided) is known not to apply, which the pattern's fact records as 'none'.

A pattern names the practice questions it puts in place (`practices`); its recommendation is not
made where all of them are answered fully in place (see `assessment.kinds.practices`), so an
organisation is never advised to adopt what it already does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import Field

from assessment.content.audience import SizedText
from assessment.content.model import Pack
from assessment.content.schema.common import PATTERN_STATUSES, Id, PatternStatus, Strict, Text
from assessment.content.schema.rule import Finding
from assessment.engine import result as out
from assessment.engine.row import RowView
from assessment.engine.run import Program, RuleInfo, Run
from assessment.errors import Problem
from assessment.i18n import N_
from assessment.kinds.base import Checks, Fact, Kind, RuleAt, duplicates
from assessment.kinds.practices import check_practices, guarded

# how the report names each status
PATTERN_LABELS: dict[str, str] = {
    "in-place": N_("In place"),
    "recommended": N_("Recommended"),
    "anti-pattern": N_("Anti-pattern found"),
}


class PatternRule(Finding):
    status: PatternStatus


class PatternDef(Strict):
    id: Id
    title: Text
    # one text, or one version per audience
    summary: SizedText
    # the practice questions a recommendation of the pattern puts in place; None (left out) is
    # refused by `validate`
    practices: list[Id] | None = None
    # first rule that holds gives the pattern's status; none holding means not judged or n/a
    rules: list[PatternRule] = Field(min_length=1)


class PatternsTable(Strict):
    table: Literal["patterns"]
    patterns: list[PatternDef] = Field(min_length=1)


# the rules of each pattern, by its id
Compiled = dict[str, list[RuleInfo]]


class PatternsKind(Kind[PatternsTable, Compiled]):
    name = "patterns"
    model = PatternsTable
    template = "patterns.html.j2"
    tab = N_("Patterns")

    def facts(self, table: PatternsTable, pack: Pack) -> Iterator[Fact]:
        for p in table.patterns:
            yield Fact(
                f"pattern.{p.id}",
                "metrics",
                "choice",
                N_("Pattern: {id}"),
                (*PATTERN_STATUSES, "none"),
                subject=p.id,
            )

    def rules(self, table: PatternsTable) -> Iterator[RuleAt]:
        for pi, pattern in enumerate(table.patterns):
            for ri, r in enumerate(pattern.rules):
                yield RuleAt(("patterns", pi, "rules", ri), self.name, r)

    def finding_ids(self, table: PatternsTable) -> Iterable[str]:
        return (p.id for p in table.patterns)

    def check(self, table: PatternsTable, checks: Checks) -> Iterator[Problem]:
        yield from duplicates(checks.docs[self.name], "patterns", table.patterns)
        for i, p in enumerate(table.patterns):
            where = checks.where(self.name, ("patterns", i), f"patterns.{p.id}")
            yield from check_practices(checks.pack, p.practices, where, "pattern")

    def compile(self, table: PatternsTable, pack: Pack, program: Program) -> Compiled:
        # a recommendation holds only where one of the pattern's practices is not fully in place
        return {
            p.id: program.first_match(
                self.name,
                [
                    guarded(pack, r, p.practices) if r.status == "recommended" else r
                    for r in p.rules
                ],
                derives=f"pattern.{p.id}",
            )
            for p in table.patterns
        }

    def evaluate(self, compiled: Compiled, table: PatternsTable, run: Run) -> None:
        for pattern_id, rules in compiled.items():
            chosen = run.first_match(rules)
            var = run.var(f"pattern.{pattern_id}")
            codes = run.codes(chosen, [var.code(r.rule.status) for r in rules])
            # no rule holds and none is undecided: the pattern is known not to apply
            codes[run.res.exhausted[id(rules)]] = var.code("none")
            run.set_fact(f"pattern.{pattern_id}", codes)

    def build(
        self, compiled: Compiled, table: PatternsTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        patterns = []
        for p in table.patterns:
            info = next((i for i in compiled[p.id] if view.fired(i.id)), None)
            if info is not None:
                patterns.append(
                    out.Pattern(
                        id=p.id,
                        title=p.title,
                        summary=view.text(p.summary),
                        status=info.rule.status,
                        why=view.text(info.rule.why),
                        rule=info.id,
                        evidence=view.evidence(info),
                    )
                )
        parts["patterns"] = patterns
