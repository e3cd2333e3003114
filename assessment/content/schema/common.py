"""Shared pieces of the pack schema."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

# Readable ids: lower case words joined by '-' or '_'. YAML 1.2 reading: `yes` or `on` need no
# quotes; an id of digits only (`'1'`) does.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

StageId = Literal["solo", "team", "teams", "organization"]
STAGES: tuple[str, ...] = ("solo", "team", "teams", "organization")
PivotPointId = Literal["PP1", "PP2", "PP3"]
PIVOT_POINTS: tuple[str, ...] = ("PP1", "PP2", "PP3")
PivotStatus = Literal["ahead", "approaching", "crossed-ready", "crossed-unprepared"]
STATUSES: tuple[str, ...] = ("ahead", "approaching", "crossed-ready", "crossed-unprepared")
MistakeId = Literal["M1", "M2", "M3", "M4", "M5"]
MISTAKES: tuple[str, ...] = ("M1", "M2", "M3", "M4", "M5")
PatternStatus = Literal["in-place", "recommended", "anti-pattern"]
PATTERN_STATUSES: tuple[str, ...] = ("in-place", "recommended", "anti-pattern")
StrategyId = Literal["incremental", "parallel", "pilots"]
STRATEGIES: tuple[str, ...] = ("incremental", "parallel", "pilots")
Horizon = Literal["30d", "60d", "90d"]
Severity = Literal["low", "medium", "high"]
SEVERITIES: tuple[str, ...] = ("low", "medium", "high")


class Strict(BaseModel):
    """Base for every pack model: unknown keys are errors, because they are usually typos."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )
