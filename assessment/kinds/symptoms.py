"""The symptoms table: signs that a pivot point is being felt, each under its pivot point."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import Field

from assessment.content.model import Pack
from assessment.content.schema.common import FrameworkId, Id, Strict, Text
from assessment.content.schema.rule import Graded
from assessment.engine import result as out
from assessment.engine.row import RowView
from assessment.engine.run import Program, RuleInfo, Run
from assessment.errors import Problem
from assessment.i18n import N_
from assessment.kinds.base import Checks, Fact, Kind, RuleAt, unknown


class SymptomRule(Graded):
    symptom: Id
    pivot_point: FrameworkId
    label: Text


class SymptomsTable(Strict):
    table: Literal["symptoms"]
    rules: list[SymptomRule] = Field(min_length=1)


class SymptomsKind(Kind[SymptomsTable, list[RuleInfo]]):
    name = "symptoms"
    model = SymptomsTable
    template = "symptoms.html.j2"
    part = False

    def facts(self, table: SymptomsTable, pack: Pack) -> Iterator[Fact]:
        symptoms = tuple(dict.fromkeys(r.symptom for r in table.rules))
        yield Fact("symptoms", "mistakes", "set", N_("Symptoms reported"), symptoms)

    def rules(self, table: SymptomsTable) -> Iterator[RuleAt]:
        for i, r in enumerate(table.rules):
            yield RuleAt(("rules", i), self.name, r)

    def finding_ids(self, table: SymptomsTable) -> Iterable[str]:
        return (r.symptom for r in table.rules)

    def check(self, table: SymptomsTable, checks: Checks) -> Iterator[Problem]:
        known = checks.pack.pivot_point_ids
        for i, r in enumerate(table.rules):
            if r.pivot_point not in known:
                where = checks.where(self.name, ("rules", i), f"symptoms.{r.id}")
                yield where.problem(unknown("pivot point", r.pivot_point, known), "pivot_point")

    def compile(self, table: SymptomsTable, pack: Pack, program: Program) -> list[RuleInfo]:
        return program.each(self.name, table.rules)

    def evaluate(self, compiled: list[RuleInfo], table: SymptomsTable, run: Run) -> None:
        run.each(compiled)
        domain = run.var("symptoms").domain
        run.set_fact(
            "symptoms",
            run.mask([(run.res.fired[r.id], domain.index(r.rule.symptom)) for r in compiled]),
        )

    def build(
        self, compiled: list[RuleInfo], table: SymptomsTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        """Each symptom that shows goes under its pivot point, built by the table before."""
        pack = view.pack
        symptoms: dict[str, list[out.Symptom]] = {}
        for info in compiled:
            if not view.fired(info.id):
                continue
            r = info.rule
            evidence = view.evidence(info)
            quote = next(
                (
                    pack.questions[e.question].quote
                    for e in evidence
                    if e.question and pack.questions[e.question].quote
                ),
                None,
            )
            symptoms.setdefault(r.pivot_point, []).append(
                out.Symptom(
                    id=r.symptom,
                    label=r.label,
                    pivot_point=r.pivot_point,
                    severity=view.severity(info.id),
                    why=view.text(r.why),
                    quote=quote,
                    rule=info.id,
                    evidence=evidence,
                )
            )
        for pp in parts["pivot_points"]:
            pp.symptoms = symptoms.get(pp.id, [])
