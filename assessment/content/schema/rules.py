"""Rule tables (`rules/*.yaml`). Each file holds one table, named by its `table:` key.

Every rule has an `id` (unique in the pack) and a `when` condition. Tables are evaluated in a
fixed order (see `TABLE_ORDER`); a rule may test facts that earlier tables derived.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag

from assessment.content.schema.common import (
    Horizon,
    Id,
    MistakeId,
    PatternStatus,
    PivotPointId,
    PivotStatus,
    Severity,
    StageId,
    StrategyId,
    Strict,
    Text,
)
from assessment.content.schema.conditions import Condition


class Rule(Strict):
    id: Id
    when: Condition


class Finding(Rule):
    """A rule that reports something, with a reason a reader can follow."""

    why: Text


class Graded(Finding):
    severity: Severity = "medium"
    # raises the severity one step when it also holds
    escalate: Condition | None = None


# -- stage -------------------------------------------------------------------------------------
class StageRule(Rule):
    stage: StageId


class StageTable(Strict):
    table: Literal["stage"]
    # First rule that holds gives the current stage.
    current: list[StageRule] = Field(min_length=1)
    # First rule that holds gives the stage the growth plans lead to.
    planned: list[StageRule] = Field(min_length=1)


# -- dimensions ---------------------------------------------------------------------------------
class Item(Strict):
    q: Id
    weight: float = Field(default=1.0, gt=0)
    # for symptoms and risks: a higher answer means less ready
    invert: bool = False


class Dimension(Strict):
    id: Id
    label: Text
    description: Text
    items: list[Item] = Field(min_length=1)
    # false for helper scores that feed pivot point readiness but are not charted
    show: bool = True


class DimensionsTable(Strict):
    table: Literal["dimensions"]
    dimensions: list[Dimension] = Field(min_length=1)


# -- pivot points -------------------------------------------------------------------------------
class Weighted(Strict):
    score: Id
    weight: float = Field(default=1.0, gt=0)


class StatusRule(Finding):
    status: PivotStatus


class PivotPoint(Strict):
    id: PivotPointId
    title: Text
    # what stops working at this pivot point
    breaks: Text
    # the stage at which the pivot point has been crossed
    reached_at: StageId
    readiness: list[Weighted] = Field(min_length=1)
    practices: list[Id] = Field(min_length=1)
    symptoms: list[Id] = Field(min_length=1)
    # first rule that holds gives the status
    status: list[StatusRule] = Field(min_length=1)


class PivotPointsTable(Strict):
    table: Literal["pivot_points"]
    pivot_points: list[PivotPoint] = Field(min_length=1)


# -- symptoms -----------------------------------------------------------------------------------
class SymptomRule(Graded):
    symptom: Id
    pivot_point: PivotPointId
    label: Text


class SymptomsTable(Strict):
    table: Literal["symptoms"]
    rules: list[SymptomRule] = Field(min_length=1)


# -- mistakes -----------------------------------------------------------------------------------
class MistakeDef(Strict):
    id: MistakeId
    title: Text
    summary: Text


class MistakeRule(Graded):
    mistake: MistakeId


class MistakesTable(Strict):
    table: Literal["mistakes"]
    mistakes: list[MistakeDef] = Field(min_length=1)
    rules: list[MistakeRule] = Field(min_length=1)


# -- patterns -----------------------------------------------------------------------------------
class PatternRule(Finding):
    status: PatternStatus


class PatternDef(Strict):
    id: Id
    title: Text
    summary: Text
    # first rule that holds gives the pattern's status; none holding means not judged or n/a
    rules: list[PatternRule] = Field(min_length=1)


class PatternsTable(Strict):
    table: Literal["patterns"]
    patterns: list[PatternDef] = Field(min_length=1)


# -- metrics ------------------------------------------------------------------------------------
class MetricDef(Strict):
    id: Id
    title: Text
    # outcome: recommended when a rule holds; misleading: reported as in use when a rule holds
    kind: Literal["outcome", "misleading"]
    summary: Text
    rules: list[Finding] = Field(min_length=1)


class MetricsTable(Strict):
    table: Literal["metrics"]
    metrics: list[MetricDef] = Field(min_length=1)


# -- compliance ---------------------------------------------------------------------------------
class GapDef(Strict):
    id: Id
    kind: Literal["pattern", "question"]
    title: Text
    summary: Text
    rules: list[Graded] = Field(min_length=1)


class ComplianceTable(Strict):
    table: Literal["compliance"]
    # compliance applies when any of these holds
    applicable: list[Finding] = Field(min_length=1)
    gaps: list[GapDef] = Field(min_length=1)


# -- strategy -----------------------------------------------------------------------------------
class StrategyDef(Strict):
    id: StrategyId
    title: Text
    summary: Text


class StrategyRule(Rule):
    strategy: StrategyId
    rationale: Text


class PhaseDef(Strict):
    phase: int = Field(ge=1, le=4)
    title: Text
    summary: Text


class PhaseRule(Rule):
    phase: int = Field(ge=1, le=4)
    rationale: Text


class NoteRule(Rule):
    """Adds a line to the strategy's rationale when it holds."""

    rationale: Text


class StrategyTable(Strict):
    table: Literal["strategy"]
    strategies: list[StrategyDef] = Field(min_length=3, max_length=3)
    phases: list[PhaseDef] = Field(min_length=4, max_length=4)
    # first rule that holds picks the strategy, then the phase
    choose: list[StrategyRule] = Field(min_length=1)
    phase: list[PhaseRule] = Field(min_length=1)
    notes: list[NoteRule] = Field(default_factory=list)


# -- next steps ---------------------------------------------------------------------------------
class StepRule(Rule):
    horizon: Horizon
    # higher first within a horizon
    priority: int = Field(default=50, ge=0, le=100)
    action: Text
    why: Text
    # ids of the findings the step answers (PP1, M2, enablement-team, generation-logging, ...)
    addresses: list[str] = Field(min_length=1)


class NextStepsTable(Strict):
    table: Literal["next_steps"]
    steps: list[StepRule] = Field(min_length=1)


def _table_kind(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("table", "?"))
    return str(getattr(value, "table", "?"))


RuleTable = Annotated[
    Annotated[StageTable, Tag("stage")]
    | Annotated[DimensionsTable, Tag("dimensions")]
    | Annotated[PivotPointsTable, Tag("pivot_points")]
    | Annotated[SymptomsTable, Tag("symptoms")]
    | Annotated[MistakesTable, Tag("mistakes")]
    | Annotated[PatternsTable, Tag("patterns")]
    | Annotated[MetricsTable, Tag("metrics")]
    | Annotated[ComplianceTable, Tag("compliance")]
    | Annotated[StrategyTable, Tag("strategy")]
    | Annotated[NextStepsTable, Tag("next_steps")],
    Discriminator(_table_kind),
]

TABLE_ORDER: tuple[str, ...] = (
    "stage",
    "dimensions",
    "pivot_points",
    "symptoms",
    "mistakes",
    "patterns",
    "metrics",
    "compliance",
    "strategy",
    "next_steps",
)
