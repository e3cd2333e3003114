"""The Assessment: plain, JSON-serialisable data with stable ids and a full trace."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assessment.content.schema.common import Effort, HelpCondition, PlannedHorizon
from assessment.i18n import _


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(Out):
    """One answer (or derived fact) that made a rule hold."""

    question: str | None = None
    fact: str | None = None
    label: str
    test: str
    answer: Any


class PackRef(Out):
    id: str
    version: str
    title: str
    # the language of the assessment's texts; its ids are the same in every language
    language: str = "en"


class Stage(Out):
    id: str | None
    developers: int | None
    teams: int | None
    planned_developers: int | None = None
    planned: str | None = None
    rule: str | None
    evidence: list[Evidence] = Field(default_factory=list)


def score_words(score: int | None, asked: bool = True) -> str:
    """A score for a reader: the number, "does not apply" when its questions were not asked
    at this size, "not judged" when they were asked and left unanswered."""
    if score is not None:
        return str(score)
    return _("not judged") if asked else _("does not apply")


class DimensionScore(Out):
    id: str
    label: str
    description: str
    score: int | None
    # false when none of its questions was asked: they do not apply at this size
    asked: bool = True

    @property
    def shown(self) -> str:
        """The score as a reader sees it: a number, or why there is none."""
        return score_words(self.score, self.asked)


class Readiness(Out):
    # the plain mean of the `counted` dimensions' scores
    overall: int | None
    dimensions: list[DimensionScore]
    # ids of the dimensions the overall readiness averages: those no pivot point owns and those
    # of the pivot points crossed or approaching, where answered
    counted: list[str] = []


class Symptom(Out):
    id: str
    label: str
    pivot_point: str
    severity: str
    why: str
    quote: str | None
    rule: str
    evidence: list[Evidence]


class Practice(Out):
    question: str
    label: str
    answer: str | None


class PivotPoint(Out):
    id: str
    title: str
    breaks: str
    status: str | None
    readiness: int | None
    # false when none of its practices was asked: they do not apply at this size
    asked: bool = True

    @property
    def readiness_shown(self) -> str:
        """The readiness as a reader sees it: a number, or why there is none."""
        return score_words(self.readiness, self.asked)

    why: str | None
    rule: str | None
    symptoms: list[Symptom]
    # every symptom question of the pivot point with its answer, reported or not
    symptoms_asked: list[Practice]
    practices_in_place: list[Practice]
    missing_practices: list[Practice]
    unanswered_practices: list[Practice]
    evidence: list[Evidence]
    # headcount alone: past this pivot point (True), not yet (False), stage unknown (None)
    reached: bool | None = None
    # where the status is not judged: the unanswered questions that would decide it
    deciding: list[Practice] = []


class Mistake(Out):
    id: str
    title: str
    summary: str
    severity: str
    why: list[str]
    rule: str
    rules: list[str]
    evidence: list[Evidence]


class Pattern(Out):
    id: str
    title: str
    summary: str
    status: Literal["in-place", "recommended", "anti-pattern"]
    why: str
    rule: str
    evidence: list[Evidence]


class Reference(Out):
    """An external item a finding relates to (the pack's crosswalk), with how it relates."""

    framework: str
    item: str
    relation: str
    title: str
    # the catalogue's id of the item, and its scope rule where it is not for everyone
    id: str
    scope: str | None = None


class Metric(Out):
    id: str
    title: str
    summary: str
    why: str
    rule: str
    evidence: list[Evidence]
    # the external items the metric relates to, where the crosswalk names it
    references: list[Reference] = []


class Metrics(Out):
    recommended: list[Metric]
    misleading_in_use: list[Metric]


class Gap(Out):
    id: str
    kind: str
    title: str
    summary: str
    severity: str
    why: str
    rule: str
    evidence: list[Evidence]
    references: list[Reference] = []


class Compliance(Out):
    applicable: bool | None
    why: list[str]
    rules: list[str]
    gaps: list[Gap]


class Reason(Out):
    text: str
    rule: str
    evidence: list[Evidence]


class Strategy(Out):
    id: str | None
    title: str | None
    summary: str | None
    phase: int | None
    phase_title: str | None
    rationale: list[Reason]
    # where the answers leave the strategy open: the unanswered questions that would decide it
    deciding: list[Practice] = []


class NextStep(Out):
    # a window of the plan, or later: beyond the plan's size or its 90 days
    horizon: PlannedHorizon
    priority: int
    title: str
    action: str
    why: str
    # the role that owns the step, sized to the organisation
    owner: str
    effort: Effort
    # ids (`rule`) of the steps given that must come first
    depends_on: list[str]
    # how to tell the step worked, with its target
    success: str
    addresses: list[str]
    rule: str
    evidence: list[Evidence]


class OutsideHelp(Out):
    """A condition under which outside help is warranted, met by these answers."""

    condition: HelpCondition
    advice: str
    why: str
    rule: str
    evidence: list[Evidence]


class TraceCondition(Out):
    question: str | None = None
    fact: str | None = None
    test: str
    # true when the test sits under a `not`: it supports the rule by being false
    negated: bool = False
    answer: Any
    result: bool | None


class TraceRule(Out):
    rule: str
    table: str
    holds: bool | None
    fired: bool
    conditions: list[TraceCondition]


class NotJudged(Out):
    rule: str
    table: str
    missing: list[str]


class Assessment(Out):
    pack: PackRef
    respondents: int = 1
    meta: dict[str, Any] = Field(default_factory=dict)
    stage: Stage
    readiness: Readiness
    pivot_points: list[PivotPoint]
    mistakes: list[Mistake]
    patterns: list[Pattern]
    metrics: Metrics
    compliance: Compliance
    strategy: Strategy
    next_steps: list[NextStep]
    # where outside help is warranted, and why; never a step of the plan
    outside_help: list[OutsideHelp] = Field(default_factory=list)
    not_judged: list[NotJudged]
    unanswered: list[str]
    # the answers the assessment used: hidden questions left out
    answers: dict[str, Any] = Field(default_factory=dict)
    trace: list[TraceRule]
