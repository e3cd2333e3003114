"""The mistakes table: the framework's scaling mistakes and the rules that show each one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

from pydantic import Field

from assessment.content.audience import SizedText
from assessment.content.model import Pack
from assessment.content.schema.common import SEVERITIES, FrameworkId, Strict, Text
from assessment.content.schema.rule import Graded
from assessment.engine import result as out
from assessment.engine.row import RowView, dedupe
from assessment.engine.run import Program, RuleInfo, Run
from assessment.errors import Problem
from assessment.i18n import N_
from assessment.kinds.base import Checks, Fact, Kind, RuleAt, duplicates


class MistakeDef(Strict):
    id: FrameworkId
    title: Text
    # one text, or one version per audience
    summary: SizedText


class MistakeRule(Graded):
    mistake: FrameworkId


class MistakesTable(Strict):
    table: Literal["mistakes"]
    mistakes: list[MistakeDef] = Field(min_length=1)
    rules: list[MistakeRule] = Field(min_length=1)


class MistakesKind(Kind[MistakesTable, list[RuleInfo]]):
    name = "mistakes"
    model = MistakesTable
    template = "mistakes.html.j2"
    tab = N_("Mistakes")

    def facts(self, table: MistakesTable, pack: Pack) -> Iterator[Fact]:
        ids = tuple(dict.fromkeys(m.id for m in table.mistakes))
        yield Fact("mistakes", "patterns", "set", N_("Scaling mistakes found"), ids)

    def rules(self, table: MistakesTable) -> Iterator[RuleAt]:
        for i, r in enumerate(table.rules):
            yield RuleAt(("rules", i), self.name, r)

    def finding_ids(self, table: MistakesTable) -> Iterable[str]:
        return (m.id for m in table.mistakes)

    def check(self, table: MistakesTable, checks: Checks) -> Iterator[Problem]:
        defined = {m.id for m in table.mistakes}
        for i, r in enumerate(table.rules):
            if r.mistake not in defined:
                yield checks.where(self.name, ("rules", i), f"mistakes.{r.id}").problem(
                    f"mistake {r.mistake} has no definition under 'mistakes'", "mistake"
                )
        yield from duplicates(checks.docs[self.name], "mistakes", table.mistakes)

    def compile(self, table: MistakesTable, pack: Pack, program: Program) -> list[RuleInfo]:
        return program.each(self.name, table.rules)

    def evaluate(self, compiled: list[RuleInfo], table: MistakesTable, run: Run) -> None:
        run.each(compiled)
        domain = run.var("mistakes").domain
        run.set_fact(
            "mistakes",
            run.mask([(run.res.fired[r.id], domain.index(r.rule.mistake)) for r in compiled]),
        )

    def build(
        self, compiled: list[RuleInfo], table: MistakesTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        """One finding a mistake, with the evidence of every rule that showed it."""
        mistakes = []
        for m in table.mistakes:
            infos = [i for i in compiled if i.rule.mistake == m.id and view.fired(i.id)]
            if not infos:
                continue
            severity = max((view.severity(i.id) for i in infos), key=SEVERITIES.index)
            mistakes.append(
                out.Mistake(
                    id=m.id,
                    title=m.title,
                    summary=view.text(m.summary),
                    severity=severity,
                    why=[view.text(i.rule.why) for i in infos],
                    rule=infos[0].id,
                    rules=[i.id for i in infos],
                    evidence=dedupe([e for i in infos for e in view.evidence(i)]),
                )
            )
        parts["mistakes"] = mistakes
