"""The next steps table: actions for the next 30, 60 and 90 days, each naming what it answers.

The horizons are the engine's own words. Their labels are kept here, once: the terminal text and
the PDF report have always named them differently (a short list in a terminal, a heading in a
report), and both are kept, as two named columns of one table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field

from assessment.content.audience import SizedText
from assessment.content.model import Pack
from assessment.content.schema.common import Horizon, Strict
from assessment.content.schema.rule import Rule
from assessment.engine import result as out
from assessment.engine.row import RowView
from assessment.engine.run import Program, RuleInfo, Run
from assessment.errors import Problem
from assessment.kinds.base import Checks, Kind, RuleAt

# Ids that next steps may address besides the pack's own finding ids.
EXTRA_ADDRESSES = frozenset({"outside-help"})

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
    # ids of the findings the step answers (PP1, M2, enablement-team, generation-logging, ...)
    addresses: list[str] = Field(min_length=1)


class NextStepsTable(Strict):
    table: Literal["next_steps"]
    steps: list[StepRule] = Field(min_length=1)


class NextStepsKind(Kind[NextStepsTable, list[RuleInfo]]):
    name = "next_steps"
    model = NextStepsTable
    template = "next_steps.html.j2"
    tab = "Next steps"

    def rules(self, table: NextStepsTable) -> Iterator[RuleAt]:
        for i, r in enumerate(table.steps):
            yield RuleAt(("steps", i), self.name, r)

    def check(self, table: NextStepsTable, checks: Checks) -> Iterator[Problem]:
        known = checks.finding_ids | EXTRA_ADDRESSES
        for i, r in enumerate(table.steps):
            for ai, addressed in enumerate(r.addresses):
                if addressed not in known:
                    yield checks.where(self.name, ("steps", i), f"next_steps.{r.id}").problem(
                        f"'{addressed}' is not a finding id of this pack", "addresses", ai
                    )

    def compile(self, table: NextStepsTable, pack: Pack, program: Program) -> list[RuleInfo]:
        return program.each(self.name, table.steps)

    def evaluate(self, compiled: list[RuleInfo], table: NextStepsTable, run: Run) -> None:
        run.each(compiled)

    def build(
        self, compiled: list[RuleInfo], table: NextStepsTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        steps = [
            out.NextStep(
                horizon=i.rule.horizon,
                priority=i.rule.priority,
                action=view.text(i.rule.action),
                why=view.text(i.rule.why),
                addresses=list(i.rule.addresses),
                rule=i.id,
                evidence=view.evidence(i),
            )
            for i in compiled
            if view.fired(i.id)
        ]
        steps.sort(key=lambda s: (HORIZONS.index(s.horizon), -s.priority))
        parts["next_steps"] = steps
