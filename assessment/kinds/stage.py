"""The stage table: where the organisation stands today and where its growth plans lead.

It also lists the framework's stages in order; every other table names stages from that list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from assessment.content.model import Pack
from assessment.content.schema.common import FrameworkId, Strict
from assessment.content.schema.rule import Rule
from assessment.engine import result as out
from assessment.engine.row import RowView, as_int
from assessment.engine.run import Program, RuleInfo, Run
from assessment.errors import Problem
from assessment.i18n import N_, _
from assessment.kinds.base import Checks, Fact, Kind, RuleAt, unknown

# The framework's stages, smallest first: a stage table that lists none (every pack written
# before packs named their own stages) has these.
FRAMEWORK_STAGES: tuple[str, ...] = ("solo", "team", "teams", "organization")
# How reports name the default framework's stages; a pack with other stages shows their ids.
# The values are English, marked for the catalogue: `stage_label` translates them when written.
STAGE_LABELS: dict[str, str] = {
    "solo": N_("Solo developer"),
    "team": N_("One team"),
    "teams": N_("Several teams"),
    "organization": N_("Organisation"),
}
# translators: each note ends the sentence "<Organisation> works at the <stage> stage, where ..."
STAGE_NOTES: dict[str, str] = {
    "solo": N_("everything is held in one head"),
    "team": N_("one team aligns through conversation"),
    "teams": N_("several teams coordinate with each other"),
    "organization": N_("organisation-wide norms hold the work together"),
}
# A stage's note where the usual one would misdescribe how the reader's developers are grouped:
# the stage comes from headcount and teams together, the wording from who reads it
# (`assessment.content.audience`).
STAGE_NOTES_BY_AUDIENCE: dict[tuple[str, str], str] = {
    ("team", "several_teams"): N_("a few small teams still align mostly through conversation"),
    ("teams", "one_team"): N_("one team has grown past what conversation alone keeps aligned"),
    ("organization", "one_team"): N_(
        "a single team of this size needs written, enforced norms rather than shared habit"
    ),
}


def stage_note(stage: str | None, audience: str | None) -> str:
    """How the stage holds together, in words that fit the reader's teams."""
    if not stage:
        return ""
    if audience is not None and (stage, audience) in STAGE_NOTES_BY_AUDIENCE:
        return _(STAGE_NOTES_BY_AUDIENCE[(stage, audience)])
    note = STAGE_NOTES.get(stage)
    return _(note) if note else ""


def stage_label(stage: str | None, unjudged: str | None = None) -> str:
    """A stage's name for a reader, in the current language: its label, a pack's own stage by
    its id, and `unjudged` ("Not judged" by default) only when no stage was judged."""
    if not stage:
        return _("Not judged") if unjudged is None else unjudged
    label = STAGE_LABELS.get(stage)
    return _(label) if label else stage


class StageRule(Rule):
    stage: FrameworkId


class StageTable(Strict):
    table: Literal["stage"]
    # the framework's stages, smallest first
    stages: list[FrameworkId] = Field(default_factory=lambda: list(FRAMEWORK_STAGES), min_length=1)
    # First rule that holds gives the current stage.
    current: list[StageRule] = Field(min_length=1)
    # First rule that holds gives the stage the growth plans lead to.
    planned: list[StageRule] = Field(min_length=1)


@dataclass
class Compiled:
    current: list[RuleInfo]
    planned: list[RuleInfo]


class StageKind(Kind[StageTable, Compiled]):
    name = "stage"
    model = StageTable
    template = "journey.html.j2"

    def facts(self, table: StageTable, pack: Pack) -> Iterator[Fact]:
        stages = tuple(table.stages)
        yield Fact("stage", "dimensions", "choice", N_("Stage today"), stages)
        yield Fact(
            "planned_stage", "dimensions", "choice", N_("Stage within the growth plan"), stages
        )

    def rules(self, table: StageTable) -> Iterator[RuleAt]:
        for i, r in enumerate(table.current):
            yield RuleAt(("current", i), "stage", r)
        for i, r in enumerate(table.planned):
            yield RuleAt(("planned", i), "stage", r)

    def check(self, table: StageTable, checks: Checks) -> Iterator[Problem]:
        seen: set[str] = set()
        for i, stage in enumerate(table.stages):
            if stage in seen:
                yield checks.where(self.name, ("stages",), "stages").problem(
                    f"stage '{stage}' is listed twice", i
                )
            seen.add(stage)
        for key, rules in (("current", table.current), ("planned", table.planned)):
            for i, r in enumerate(rules):
                if r.stage not in seen:
                    where = checks.where(self.name, (key, i), f"stage.{r.id}")
                    yield where.problem(unknown("stage", r.stage, table.stages), "stage")

    def compile(self, table: StageTable, pack: Pack, program: Program) -> Compiled:
        return Compiled(
            program.first_match("stage", table.current, derives="stage"),
            program.first_match("stage", table.planned, derives="planned_stage"),
        )

    def evaluate(self, compiled: Compiled, table: StageTable, run: Run) -> None:
        for name, rules in (("stage", compiled.current), ("planned_stage", compiled.planned)):
            chosen = run.first_match(rules)
            var = run.var(name)
            run.set_fact(name, run.codes(chosen, [var.code(r.rule.stage) for r in rules]))

    def build(
        self, compiled: Compiled, table: StageTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        profile = view.pack.info.profile
        stage_rule = next((r for r in compiled.current if view.fired(r.id)), None)
        planned_rule = next((r for r in compiled.planned if view.fired(r.id)), None)
        parts["stage"] = out.Stage(
            id=view.fact("stage"),
            developers=as_int(view.answer(profile.developers)) if profile.developers else None,
            teams=as_int(view.answer(profile.teams)) if profile.teams else None,
            planned_developers=(
                as_int(view.answer(profile.planned_developers))
                if profile.planned_developers
                else None
            ),
            planned=view.fact("planned_stage"),
            rule=stage_rule.id if stage_rule else None,
            evidence=(view.evidence(stage_rule) if stage_rule else [])
            + (view.evidence(planned_rule) if planned_rule else []),
        )
