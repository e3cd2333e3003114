"""Shared pieces of the pack schema."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

# Readable ids: lower case words joined by '-' or '_'. YAML 1.2 reading: `yes` or `on` need no
# quotes; an id of digits only (`'1'`) does.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]


class Translatable:
    """Marks a pack text that a translation file gives in another language
    (`assessment.content.translations` finds every field that carries it)."""

    def __repr__(self) -> str:
        return "TRANSLATABLE"


TRANSLATABLE = Translatable()
# text a reader sees: translated, keyed by the ids around it
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), TRANSLATABLE
]
# text that stays as written in every language: versions, citations, licence lines
Plain = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

# Ids of the framework's own terms (stages, pivot points, mistakes, strategies): the pack defines
# them (the stage table lists the stages; the other tables define the rest) and the loader checks
# every use against those definitions. Upper case is allowed for names such as PP1 or M2.
FrameworkId = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=64)
]
# The engine's own vocabulary (not the pack's): pivot point statuses, pattern statuses, horizons
# and severities. Every pack's rules choose among these words.
PivotStatus = Literal["ahead", "approaching", "crossed-ready", "crossed-unprepared"]
STATUSES: tuple[str, ...] = ("ahead", "approaching", "crossed-ready", "crossed-unprepared")
PatternStatus = Literal["in-place", "recommended", "anti-pattern"]
PATTERN_STATUSES: tuple[str, ...] = ("in-place", "recommended", "anti-pattern")
# the window a step is written for; a result's step may also be `later` (PlannedHorizon)
Horizon = Literal["30d", "60d", "90d"]
PlannedHorizon = Literal["30d", "60d", "90d", "later"]
Effort = Literal["S", "M", "L"]
# the framework's conditions under which outside help is warranted
HelpCondition = Literal[
    "approaching-pivot-point", "unclear-symptoms", "regulatory-scrutiny", "governance-framework"
]
Severity = Literal["low", "medium", "high"]
SEVERITIES: tuple[str, ...] = ("low", "medium", "high")


class Strict(BaseModel):
    """Base for every pack model: unknown keys are errors, because they are usually typos."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )
