"""Rule cases (`cases/*.yaml`): answer sets with the rules that must and must not fire."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from assessment.content.schema.common import FrameworkId, Id, Strict, Text


class Expect(Strict):
    """Whole-assessment expectations; each is optional."""

    stage: str | None = None
    planned_stage: str | None = None
    strategy: str | None = None
    phase: int | None = None
    statuses: dict[str, str] = Field(default_factory=dict)
    mistakes: list[str] | None = None
    compliance_applicable: bool | None = None
    # next steps (ids of next_steps rules) that must be among the steps, and that must not be
    steps: list[Id] = Field(default_factory=list)
    no_steps: list[Id] = Field(default_factory=list)
    # outside help rules (the table's `outside_help`) that must hold, and that must not
    outside_help: list[Id] = Field(default_factory=list)
    no_outside_help: list[Id] = Field(default_factory=list)
    # what the answers leave open and the assessment must not decide: stage, planned_stage,
    # strategy, phase, compliance_applicable, or a pivot point id for its status
    undecided: list[FrameworkId] = Field(default_factory=list)


class Case(Strict):
    id: Id
    description: Text
    # start from another case's answers (any file of the pack) and override some
    base: Id | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    fires: list[Id] = Field(default_factory=list)
    silent: list[Id] = Field(default_factory=list)
    expect: Expect | None = None
    # what the current rules get wrong: the case's unmet expectations are notes, not failures,
    # and `validate` fails once the case passes, so that the mark is removed
    pending: Text | None = None


class CasesFile(Strict):
    cases: list[Case] = Field(min_length=1)
