"""What changed between two assessments, as plain data: the `progress` part of the assessment
contract, which `assessment compare` prints and `services.history.compare` builds."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Delta(_Out):
    """A score (0 to 100) before and after, and its change split by cause; None where one side
    could not be judged."""

    id: str
    label: str
    before: int | None
    after: int | None
    # after - before; None when either side is None
    change: int | None
    # the part that comes from answers that changed (scored under today's rules)
    answers: int | None
    # the part that comes from the rules that changed (the earlier answers, scored twice)
    rules: int | None


class StatusChange(_Out):
    """A pivot point's status before and after ("crossed-unprepared", "ahead" ...)."""

    id: str
    label: str
    before: str | None
    after: str | None
    # the status the earlier answers get under today's rules
    before_rescored: str | None


class FindingRef(_Out):
    id: str
    label: str


class AnswerChange(_Out):
    question: str
    label: str
    before: Any
    after: Any


class PlanStep(_Out):
    """A step of the earlier plan and what became of it (done, open or dropped; see
    `_step_status`), and where that was learned: from the findings, or from the user's
    tracker (`compare(..., plan_status=...)`)."""

    rule: str
    title: str
    horizon: str
    status: str
    source: Literal["findings", "tracker"] = "findings"


class Progress(_Out):
    """The `progress` part of the assessment contract, and what `compare` prints."""

    # what the earlier side is called (its date, else its file name) and the pack versions
    since: str
    pack_before: str
    pack_after: str
    # whether the earlier results were kept as they were (an assessment), so that a change of
    # the rules can be told apart; False when the earlier side is an answers file
    kept_as_scored: bool
    stage_before: str | None
    stage_after: str | None
    readiness: Delta
    dimensions: list[Delta]
    pivot_points: list[Delta]
    statuses: list[StatusChange]
    # findings of the earlier answers (under today's rules) that today's answers no longer make
    resolved: list[FindingRef]
    # ... or that today's answers leave unjudged (the questions they need are unanswered now):
    # not resolved, only no longer known
    no_longer_judged: list[FindingRef]
    # findings today's answers make that the earlier answers (under today's rules) judged absent
    new: list[FindingRef]
    # ... or could not judge (their questions were unanswered then): not new, only first seen
    first_judged: list[FindingRef]
    unchanged: list[FindingRef]
    answers_changed: list[AnswerChange]
    # findings that appear or go only because the rules changed: the earlier results as they
    # were against the earlier answers under today's rules
    rules_changed: list[FindingRef]
    rules_resolved: list[FindingRef]
    plan: list[PlanStep]
    plan_done: list[str]
