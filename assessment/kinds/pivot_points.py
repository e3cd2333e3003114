"""The pivot points table: the points where growth breaks ways of working, each with a readiness
from the dimensions and a status from the first rule that holds.

The statuses (ahead, approaching, crossed-ready, crossed-unprepared) are the engine's own words,
not the pack's: every pack's status rules choose among them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from pydantic import Field

from assessment.content.model import Pack, choice_value, unknown_question
from assessment.content.schema.common import (
    STATUSES,
    FrameworkId,
    Id,
    PivotStatus,
    Strict,
    Text,
)
from assessment.content.schema.rule import Finding
from assessment.engine import result as out
from assessment.engine.row import RowView, as_int
from assessment.engine.run import Program, RuleInfo, Run
from assessment.engine.variables import BoolArray, FloatArray, Var
from assessment.errors import Problem
from assessment.i18n import N_, _
from assessment.kinds.base import Checks, Fact, Kind, RuleAt, unknown

# status -> (terminal text, report and app): the terminal shouts the statuses that need action,
# the report and the app write them in sentence case; one table, the two wordings named. The
# words are English, marked for the catalogue: `status_label` and `status_text` translate them.
STATUS_WORDS: dict[str | None, tuple[str, str]] = {
    # translators: a pivot point's status in the terminal text
    "ahead": (N_("ahead"), N_("Ahead")),
    # translators: a pivot point's status in the terminal text, shouted since it needs action
    "approaching": (N_("APPROACHING"), N_("Approaching")),
    # translators: a pivot point's status: growth has crossed it and the practices are ready
    "crossed-ready": (N_("crossed, ready"), N_("Crossed, ready")),
    # translators: a pivot point's status in the terminal text, shouted since it needs action
    "crossed-unprepared": (N_("CROSSED, UNPREPARED"), N_("Crossed, unprepared")),
    None: (N_("not judged"), N_("Not judged")),
}
# the report's and the app's words for each status
STATUS_LABELS: dict[str | None, str] = {k: report for k, (_, report) in STATUS_WORDS.items()}
# the terminal text's words for each status
STATUS_TEXT: dict[str | None, str] = {k: text for k, (text, _r) in STATUS_WORDS.items()}


def status_label(status: str | None) -> str:
    """A status as the report and the app write it, in the current language; an unknown
    status as it is."""
    label = STATUS_LABELS.get(status)
    return _(label) if label is not None else str(status)


def status_labels() -> dict[str | None, str]:
    """Every status's label in the current language (`STATUS_LABELS`, translated)."""
    return {k: _(v) for k, v in STATUS_LABELS.items()}


def status_text(status: str | None) -> str:
    """A status as the terminal text writes it, in the current language."""
    text = STATUS_TEXT.get(status)
    return _(text) if text is not None else str(status)


# statuses whose readiness counts towards the overall readiness
_READY_STATUSES = ("crossed-ready", "crossed-unprepared", "approaching")


class Weighted(Strict):
    score: Id
    weight: float = Field(default=1.0, gt=0)


class StatusRule(Finding):
    status: PivotStatus


class PivotPoint(Strict):
    id: FrameworkId
    title: Text
    # what stops working at this pivot point
    breaks: Text
    # the stage at which the pivot point has been crossed
    reached_at: FrameworkId
    readiness: list[Weighted] = Field(min_length=1)
    practices: list[Id] = Field(min_length=1)
    # practices without which the pivot point is not ready, whatever the average: the fact
    # `<id>.core_absent` counts those answered at the lowest level
    core: list[Id] = Field(default_factory=list)
    symptoms: list[Id] = Field(min_length=1)
    # first rule that holds gives the status
    status: list[StatusRule] = Field(min_length=1)


class PivotPointsTable(Strict):
    table: Literal["pivot_points"]
    pivot_points: list[PivotPoint] = Field(min_length=1)


@dataclass
class Compiled:
    # the status rules of each pivot point, by its id
    rules: dict[str, list[RuleInfo]]
    # each pivot point's core practices: the answer variable and its lowest choice's code
    core: dict[str, list[tuple[Var, float]]]
    # the shown dimensions each pivot point's readiness reads, and the shown ones none reads
    dims_of: dict[str, list[str]]
    general: list[str]


class PivotPointsKind(Kind[PivotPointsTable, Compiled]):
    name = "pivot_points"
    model = PivotPointsTable
    template = "pivot_points.html.j2"
    tab = N_("Pivot points")

    def facts(self, table: PivotPointsTable, pack: Pack) -> Iterator[Fact]:
        for pp in table.pivot_points:
            yield Fact(
                f"{pp.id}.readiness",
                "pivot_points",
                "number",
                N_("{id} readiness"),
                lo=0,
                hi=100,
                subject=pp.id,
            )
            yield Fact(
                f"{pp.id}.status", "symptoms", "choice", N_("{id} status"), STATUSES, subject=pp.id
            )
            if pp.core:
                yield Fact(
                    f"{pp.id}.core_absent",
                    "pivot_points",
                    "number",
                    N_("{id} core practices not in place"),
                    lo=0,
                    hi=len(pp.core),
                    subject=pp.id,
                )

    def rules(self, table: PivotPointsTable) -> Iterator[RuleAt]:
        for pi, pp in enumerate(table.pivot_points):
            for ri, r in enumerate(pp.status):
                yield RuleAt(("pivot_points", pi, "status", ri), "pivot_points", r)

    def finding_ids(self, table: PivotPointsTable) -> Iterable[str]:
        return (pp.id for pp in table.pivot_points)

    def questions_read(self, table: PivotPointsTable) -> Iterable[str]:
        for pp in table.pivot_points:
            yield from pp.practices
            yield from pp.symptoms

    def check(self, table: PivotPointsTable, checks: Checks) -> Iterator[Problem]:
        pack = checks.pack
        dims = {d.id for d in pack.dimensions.dimensions}
        stages = pack.stage.stages
        seen: set[str] = set()
        for pi, pp in enumerate(table.pivot_points):
            where = checks.where(self.name, ("pivot_points", pi), f"pivot_points.{pp.id}")
            if pp.id in seen:
                yield where.problem(f"pivot point {pp.id} is defined twice", "id")
            seen.add(pp.id)
            if pp.reached_at not in stages:
                yield where.problem(unknown("stage", pp.reached_at, stages), "reached_at")
            for wi, w in enumerate(pp.readiness):
                if w.score not in dims:
                    yield where.problem(
                        f"unknown dimension '{w.score}' (dimensions: {', '.join(sorted(dims))})",
                        "readiness",
                        wi,
                        "score",
                    )
            for ci, qid in enumerate(pp.core):
                if qid not in pp.practices:
                    yield where.problem(
                        f"core practice '{qid}' is not among the pivot point's practices "
                        f"({', '.join(pp.practices)})",
                        "core",
                        ci,
                    )
            for key in ("practices", "symptoms"):
                for qi, qid in enumerate(getattr(pp, key)):
                    q = pack.questions.get(qid)
                    if qid in pack.broken:
                        continue
                    if q is None:
                        yield where.problem(unknown_question(pack, qid), key, qi)
                    elif q.type != "single":
                        yield where.problem(
                            f"'{qid}' is a {q.type} question; {key} must be single choice", key, qi
                        )

    def compile(self, table: PivotPointsTable, pack: Pack, program: Program) -> Compiled:
        dims = {d.id: d for d in pack.dimensions.dimensions}
        shown = [d.id for d in pack.dimensions.dimensions if d.show]
        dims_of = {
            pp.id: [w.score for w in pp.readiness if w.score in shown] for pp in table.pivot_points
        }
        tied = {d for ds in dims_of.values() for d in ds}
        compiled = Compiled({}, {}, dims_of, [d for d in shown if d not in tied])
        for pp in table.pivot_points:
            compiled.rules[pp.id] = program.first_match(
                self.name, pp.status, derives=f"{pp.id}.status"
            )
            compiled.core[pp.id] = [
                (pack.variables[qid], _lowest(pack, qid))
                for qid in pp.core
                if qid in pack.variables
            ]
            program.computed_from[f"{pp.id}.readiness"] = [
                item.q for w in pp.readiness for item in dims[w.score].items
            ]
            if pp.core:
                program.computed_from[f"{pp.id}.core_absent"] = list(pp.core)
        return compiled

    def evaluate(self, compiled: Compiled, table: PivotPointsTable, run: Run) -> None:
        n = run.size
        for pp in table.pivot_points:
            total = np.zeros(n)
            weights = np.zeros(n)
            for w in pp.readiness:
                score = run.res.dimensions[w.score]
                known = ~np.isnan(score)
                total += np.where(known, score * w.weight, 0.0)
                weights += np.where(known, w.weight, 0.0)
            readiness = np.where(weights > 0, total / np.where(weights > 0, weights, 1), np.nan)
            run.res.readiness[pp.id] = readiness
            # not asked at all (e.g. team practices of one developer who stays alone): every
            # test on the readiness is false, so the status rules read on instead of waiting
            hidden = run.hidden_all(f"fact:score.{w.score}" for w in pp.readiness)
            run.set_fact(f"{pp.id}.readiness", readiness, hidden=hidden)
            if pp.core:
                run.set_fact(
                    f"{pp.id}.core_absent",
                    _core_absent(compiled.core[pp.id], run),
                    hidden=run.hidden_all(var.name for var, _ in compiled.core[pp.id]),
                )
        for pp in table.pivot_points:
            rules = compiled.rules[pp.id]
            chosen = run.first_match(rules)
            statuses = [STATUSES.index(r.rule.status) for r in rules]
            run.set_fact(f"{pp.id}.status", run.codes(chosen, statuses))
        run.res.overall = self._overall(compiled, table, run)

    @staticmethod
    def _overall(compiled: Compiled, table: PivotPointsTable, run: Run) -> FloatArray:
        """The plain mean of the shown dimensions that apply now: every dimension no pivot point
        owns (review, specification, measurement, learning, governance, compliance...), and the
        practices dimension of each pivot point crossed or approaching. A dimension with no
        answer is left out. Each row's counted dimensions are kept for the method note."""
        n = run.size
        relevant_codes = [float(STATUSES.index(s)) for s in _READY_STATUSES]
        applies: dict[str, BoolArray] = {d: np.ones(n, dtype=bool) for d in compiled.general}
        for pp in table.pivot_points:
            status = run.frame.values[f"fact:{pp.id}.status"]
            for d in compiled.dims_of[pp.id]:
                applies[d] = applies.get(d, np.zeros(n, dtype=bool)) | np.isin(
                    status, relevant_codes
                )
        total = np.zeros(n)
        count = np.zeros(n)
        run.res.counted = {}
        for d, mask in applies.items():
            score = run.res.dimensions[d]
            counted = mask & ~np.isnan(score)
            run.res.counted[d] = counted
            total += np.where(counted, score, 0.0)
            count += counted
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(count > 0, total / np.where(count > 0, count, 1), np.nan)

    def build(
        self, compiled: Compiled, table: PivotPointsTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        pack = view.pack
        pivot_points = []
        for pp in table.pivot_points:
            status_rule = next((r for r in compiled.rules[pp.id] if view.fired(r.id)), None)
            in_place: list[out.Practice] = []
            missing: list[out.Practice] = []
            unanswered: list[out.Practice] = []
            for qid in pp.practices:
                if not view.visible(qid):
                    continue  # not asked: it does not apply at this size
                practice = out.Practice(
                    question=qid, label=view.label(qid), answer=view.display(qid)
                )
                value = view.answer(qid)
                if value is None:
                    unanswered.append(practice)
                elif _is_full(pack, qid, value):
                    in_place.append(practice)
                else:
                    missing.append(practice)
            pivot_points.append(
                out.PivotPoint(
                    id=pp.id,
                    title=pp.title,
                    breaks=pp.breaks,
                    status=view.fact(f"{pp.id}.status"),
                    readiness=as_int(view.res.readiness[pp.id][view.row]),
                    asked=any(view.visible(q) for q in pp.practices),
                    why=view.text(status_rule.rule.why) if status_rule else None,
                    rule=status_rule.id if status_rule else None,
                    # the symptoms table, evaluated after this one, fills them in
                    symptoms=[],
                    symptoms_asked=[
                        out.Practice(question=q, label=view.label(q), answer=view.display(q))
                        for q in pp.symptoms
                        if view.visible(q)
                    ],
                    practices_in_place=in_place,
                    missing_practices=missing,
                    unanswered_practices=unanswered,
                    evidence=view.evidence(status_rule) if status_rule else [],
                    reached=_reached(pack, pp, view.fact("stage")),
                    deciding=[] if status_rule else view.deciding(compiled.rules[pp.id]),
                )
            )
        parts["pivot_points"] = pivot_points


def _reached(pack: Pack, pp: PivotPoint, stage: Any) -> bool | None:
    """Whether headcount alone puts the organisation past the pivot point; None if the stage
    is not known."""
    stages = list(pack.stage.stages)
    if stage not in stages or pp.reached_at not in stages:
        return None
    return stages.index(stage) >= stages.index(pp.reached_at)


def _lowest(pack: Pack, qid: str) -> float:
    """The code of the question's choice with the lowest readiness value."""
    choices = pack.choices(pack.questions[qid])
    values = [choice_value(choices, i) for i in range(len(choices))]
    return float(values.index(min(values)))


def _core_absent(core: list[tuple[Var, float]], run: Run) -> FloatArray:
    """How many core practices are answered at their lowest level; unknown where none is and
    one is unanswered, since that one could still be missing."""
    frame, n = run.frame, run.size
    absent = np.zeros(n)
    unknown_ = np.zeros(n, dtype=bool)
    for var, lowest in core:
        known = frame.answered(var)
        absent += known & (frame.values[var.name] == lowest)
        unknown_ |= ~known
    return np.where((absent == 0) & unknown_, np.nan, absent)


def _is_full(pack: Pack, qid: str, value: Any) -> bool:
    """In place: the answer is the choice with the highest readiness value."""
    choices = pack.choices(pack.questions[qid])
    if not choices:
        return False
    values = [choice_value(choices, i) for i in range(len(choices))]
    best = choices[values.index(max(values))].id
    return bool(value == best)
