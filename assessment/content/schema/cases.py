"""Rule cases (`cases/*.yaml`): answer sets with the rules that must and must not fire."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from assessment.content.schema.common import Id, Strict, Text


class Expect(Strict):
    """Whole-assessment expectations; each is optional."""

    stage: str | None = None
    planned_stage: str | None = None
    strategy: str | None = None
    phase: int | None = None
    statuses: dict[str, str] = Field(default_factory=dict)
    mistakes: list[str] | None = None
    compliance_applicable: bool | None = None


class Case(Strict):
    id: Id
    description: Text
    # start from another case's answers (any file of the pack) and override some
    base: Id | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    fires: list[Id] = Field(default_factory=list)
    silent: list[Id] = Field(default_factory=list)
    expect: Expect | None = None


class CasesFile(Strict):
    cases: list[Case] = Field(min_length=1)
