"""The metrics table: outcome metrics to adopt and misleading metrics reported as in use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import Field

from assessment.content import crosswalk
from assessment.content.audience import SizedText
from assessment.content.model import Pack
from assessment.content.schema.common import Id, Strict, Text
from assessment.content.schema.rule import Finding
from assessment.engine import result as out
from assessment.engine.row import RowView
from assessment.engine.run import Program, RuleInfo, Run
from assessment.errors import Problem
from assessment.i18n import N_
from assessment.kinds.base import Checks, Fact, Kind, RuleAt, duplicates


class MetricDef(Strict):
    id: Id
    title: Text
    # outcome: recommended when a rule holds; misleading: reported as in use when a rule holds
    kind: Literal["outcome", "misleading"]
    # one text, or one version per audience
    summary: SizedText
    rules: list[Finding] = Field(min_length=1)


class MetricsTable(Strict):
    table: Literal["metrics"]
    metrics: list[MetricDef] = Field(min_length=1)


# the fact each kind of metric sets
_FACTS = (("outcome", "metrics.recommended"), ("misleading", "metrics.misleading"))


@dataclass
class Compiled:
    # the rules of each metric, by its id
    rules: dict[str, list[RuleInfo]]
    # the external items each metric relates to (the pack's crosswalk), by its id
    references: dict[str, list[out.Reference]]


class MetricsKind(Kind[MetricsTable, Compiled]):
    name = "metrics"
    model = MetricsTable
    template = "metrics.html.j2"
    tab = N_("Metrics")

    def facts(self, table: MetricsTable, pack: Pack) -> Iterator[Fact]:
        labels = {
            "outcome": N_("Outcome metrics to adopt"),
            "misleading": N_("Misleading metrics in use"),
        }
        for kind, fact in _FACTS:
            ids = tuple(m.id for m in table.metrics if m.kind == kind)
            yield Fact(fact, "compliance", "set", labels[kind], ids)

    def rules(self, table: MetricsTable) -> Iterator[RuleAt]:
        for mi, metric in enumerate(table.metrics):
            for ri, r in enumerate(metric.rules):
                yield RuleAt(("metrics", mi, "rules", ri), self.name, r)

    def finding_ids(self, table: MetricsTable) -> Iterable[str]:
        return (m.id for m in table.metrics)

    def check(self, table: MetricsTable, checks: Checks) -> Iterator[Problem]:
        return duplicates(checks.docs[self.name], "metrics", table.metrics)

    def compile(self, table: MetricsTable, pack: Pack, program: Program) -> Compiled:
        return Compiled(
            {m.id: program.each(self.name, m.rules) for m in table.metrics},
            {
                m.id: [out.Reference(**r) for r in crosswalk.references(pack, f"metric:{m.id}")]
                for m in table.metrics
            },
        )

    def evaluate(self, compiled: Compiled, table: MetricsTable, run: Run) -> None:
        for rules in compiled.rules.values():
            run.each(rules)
        for kind, fact in _FACTS:
            domain = run.var(fact).domain
            pairs = []
            for metric in table.metrics:
                if metric.kind == kind:
                    hit = np.zeros(run.size, dtype=bool)
                    for r in compiled.rules[metric.id]:
                        hit |= run.res.fired[r.id]
                    pairs.append((hit, domain.index(metric.id)))
            run.set_fact(fact, run.mask(pairs))

    def build(
        self, compiled: Compiled, table: MetricsTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        recommended: list[out.Metric] = []
        misleading: list[out.Metric] = []
        for metric in table.metrics:
            info = next((i for i in compiled.rules[metric.id] if view.fired(i.id)), None)
            if info is not None:
                item = out.Metric(
                    id=metric.id,
                    title=metric.title,
                    summary=view.text(metric.summary),
                    why=view.text(info.rule.why),
                    rule=info.id,
                    evidence=view.evidence(info),
                    references=compiled.references[metric.id],
                )
                (recommended if metric.kind == "outcome" else misleading).append(item)
        parts["metrics"] = out.Metrics(recommended=recommended, misleading_in_use=misleading)
