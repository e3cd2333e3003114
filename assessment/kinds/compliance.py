"""The compliance table: whether compliance applies, and the gaps that count only where it does."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import Field

from assessment.content import crosswalk
from assessment.content.audience import SizedText
from assessment.content.model import Pack
from assessment.content.schema.common import SEVERITIES, Id, Strict, Text
from assessment.content.schema.rule import Finding, Graded
from assessment.engine import result as out
from assessment.engine.row import RowView
from assessment.engine.run import Program, RuleInfo, Run
from assessment.errors import Problem
from assessment.i18n import N_
from assessment.kinds.base import Checks, Fact, Kind, RuleAt, duplicates

_APPLICABLE = "compliance.applicable"


class GapDef(Strict):
    id: Id
    kind: Literal["pattern", "question"]
    title: Text
    # one text, or one version per audience
    summary: SizedText
    rules: list[Graded] = Field(min_length=1)


class ComplianceTable(Strict):
    table: Literal["compliance"]
    # compliance applies when any of these holds
    applicable: list[Finding] = Field(min_length=1)
    gaps: list[GapDef] = Field(min_length=1)


@dataclass
class Compiled:
    applicable: list[RuleInfo]
    # the rules of each gap, by its id
    gaps: dict[str, list[RuleInfo]]
    # the external items each gap relates to (the pack's crosswalk), by its id
    references: dict[str, list[out.Reference]]


class ComplianceKind(Kind[ComplianceTable, Compiled]):
    name = "compliance"
    model = ComplianceTable
    template = "compliance.html.j2"
    tab = N_("Compliance")

    def shown(self, assessment: out.Assessment) -> bool:
        """Compliance has a part only where it applies."""
        return assessment.compliance.applicable is True

    def facts(self, table: ComplianceTable, pack: Pack) -> Iterator[Fact]:
        yield Fact(_APPLICABLE, "strategy.choose", "bool", N_("Compliance applies"))
        ids = tuple(g.id for g in table.gaps)
        yield Fact("gaps", "strategy.choose", "set", N_("Compliance gaps"), ids)

    def rules(self, table: ComplianceTable) -> Iterator[RuleAt]:
        for i, r in enumerate(table.applicable):
            yield RuleAt(("applicable", i), self.name, r)
        for gi, gap in enumerate(table.gaps):
            for ri, r in enumerate(gap.rules):
                yield RuleAt(("gaps", gi, "rules", ri), self.name, r)

    def finding_ids(self, table: ComplianceTable) -> Iterable[str]:
        return (g.id for g in table.gaps)

    def check(self, table: ComplianceTable, checks: Checks) -> Iterator[Problem]:
        return duplicates(checks.docs[self.name], "gaps", table.gaps)

    def compile(self, table: ComplianceTable, pack: Pack, program: Program) -> Compiled:
        applicable = program.each(self.name, table.applicable)
        # any rule that holds makes compliance apply: every undecided one counts
        program.derived_by[_APPLICABLE] = (applicable, False)
        gaps = {g.id: program.each(self.name, g.rules) for g in table.gaps}
        for rules in gaps.values():
            for info in rules:
                program.gated_by[info.id] = _APPLICABLE
        references = {
            g.id: [out.Reference(**r) for r in crosswalk.references(pack, f"gap:{g.id}")]
            for g in table.gaps
        }
        return Compiled(applicable, gaps, references)

    def evaluate(self, compiled: Compiled, table: ComplianceTable, run: Run) -> None:
        """Gaps count only where compliance applies."""
        n = run.size
        run.each(compiled.applicable)
        applicable = np.zeros(n, dtype=bool)
        decided = np.ones(n, dtype=bool)
        for r in compiled.applicable:
            value, known = run.res.holds[r.id]
            applicable |= value
            decided &= known
        decided |= applicable
        run.set_fact(_APPLICABLE, np.where(decided, applicable.astype(np.float64), np.nan))
        gap_domain = run.var("gaps").domain
        pairs = []
        for gap_id, rules in compiled.gaps.items():
            run.each(rules, gate=applicable)
            pairs.append((run.any_fired(rules), gap_domain.index(gap_id)))
        run.set_fact("gaps", run.mask(pairs))

    def build(
        self, compiled: Compiled, table: ComplianceTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        applicable_rules = [i for i in compiled.applicable if view.fired(i.id)]
        gaps = []
        for g in table.gaps:
            info = next((i for i in compiled.gaps[g.id] if view.fired(i.id)), None)
            if info is not None:
                gaps.append(
                    out.Gap(
                        id=g.id,
                        kind=g.kind,
                        title=g.title,
                        summary=view.text(g.summary),
                        severity=view.severity(info.id),
                        why=view.text(info.rule.why),
                        rule=info.id,
                        evidence=view.evidence(info),
                        references=compiled.references[g.id],
                    )
                )
        gaps.sort(key=lambda gap: -SEVERITIES.index(gap.severity))
        parts["compliance"] = out.Compliance(
            applicable=view.fact(_APPLICABLE),
            why=[view.text(i.rule.why) for i in applicable_rules],
            rules=[i.id for i in applicable_rules],
            gaps=gaps,
        )
