"""What changed between two assessments of the same organisation: the stage, readiness by
dimension and pivot point, the findings resolved, new and unchanged, the answers that changed,
and which steps of the earlier plan now show as done.

Either side is an answers file or an assessment (the JSON `score --format json` writes, or a
saved milestone): an assessment keeps the results as they were, under the pack version it was
scored with, and the answers it used. The earlier answers are always scored again under the
pack in use, so that every change is split in two:

- **answers changed**: the earlier answers scored under today's rules, against today's answers
  under the same rules. Only this part is progress the organisation made.
- **rules changed**: the earlier results as they were, against the earlier answers scored under
  today's rules. Non-zero only when the earlier side is an assessment scored under another
  version of the pack: the organisation did nothing, the questionnaire or its rules moved.

So nobody is told they improved when only the rules moved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assessment import i18n
from assessment.content.model import Pack
from assessment.content.yaml_io import Document, YamlLoadError, load_yaml
from assessment.engine.progress import (
    AnswerChange,
    Delta,
    FindingRef,
    PlanStep,
    Progress,
    StatusChange,
)
from assessment.engine.result import Assessment, Evidence, NextStep, PivotPoint
from assessment.errors import AnswerError, Problem
from assessment.i18n import _
from assessment.kinds.pivot_points import STATUS_LABELS, status_label
from assessment.services.answers import MAX_ANSWERS_BYTES, META_FIELDS, parse_answers
from assessment.services.scoring import Scorer

# keys every assessment JSON has and no answers file may have
_ASSESSMENT_KEYS = {"stage", "readiness", "pivot_points"}


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the results as they were scored and the same answers scored
    under the pack in use."""

    label: str
    scored: Assessment
    rescored: Assessment
    kept_as_scored: bool
    # what loading it noticed (answers carried over from an older questionnaire ...)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Made:
    """A finding as a comparison needs it: how it reads, the rule that made it and the
    questions its evidence quotes."""

    label: str
    rule: str | None
    questions: frozenset[str]


def _made(label: str, rule: str | None, evidence: Iterable[Evidence]) -> Made:
    return Made(label, rule, frozenset(e.question for e in evidence if e.question))


def problems(a: Assessment) -> dict[str, Made]:
    """Every finding that asks for work, by id: pivot points crossed or approaching without
    their practices, symptoms, mistakes, anti-patterns and patterns recommended, misleading
    metrics in use, and compliance gaps."""
    made: dict[str, Made] = {}
    for pp in a.pivot_points:
        unprepared = pp.status == "crossed-unprepared" or (
            pp.status == "approaching" and bool(pp.missing_practices)
        )
        if unprepared:
            status = i18n.lower(status_label(pp.status)) if pp.status in STATUS_LABELS else ""
            # translators: a pivot point and its status in a comparison's list of findings
            label = _("{pivot_point}: {status}").format(pivot_point=pp.title, status=status)
            made[pp.id] = _made(label, pp.rule, pp.evidence)
        for s in pp.symptoms:
            made[s.id] = _made(s.label, s.rule, s.evidence)
    for m in a.mistakes:
        made[m.id] = _made(m.title, m.rule, m.evidence)
    for p in a.patterns:
        if p.status == "anti-pattern":
            label = _("{pattern} (anti-pattern)").format(pattern=p.title)
            made[p.id] = _made(label, p.rule, p.evidence)
        elif p.status == "recommended":
            label = _("{pattern} (not yet adopted)").format(pattern=p.title)
            made[p.id] = _made(label, p.rule, p.evidence)
    for metric in a.metrics.misleading_in_use:
        label = _("{metric} (misleading)").format(metric=metric.title)
        made[metric.id] = _made(label, metric.rule, metric.evidence)
    if a.compliance.applicable:
        for g in a.compliance.gaps:
            made[g.id] = _made(g.title, g.rule, g.evidence)
    return made


def _refs(ids: Iterable[str], labels: dict[str, Made]) -> list[FindingRef]:
    return [FindingRef(id=i, label=labels[i].label) for i in ids]


def _step_status(
    step: NextStep,
    then: Mapping[str, Made],
    now: Mapping[str, Made],
    lost: set[str],
    advised: set[str],
) -> str:
    """What became of a step of the earlier plan, judged by the findings it answered that the
    earlier answers make under today's rules (`then`): "done" when there are such findings and
    each is resolved, neither made now nor left unjudged by today's answers (`lost`); "open"
    while any is made or unjudged, or while today's plan still advises the step; "dropped" when
    today's plan no longer advises it and it answered no such finding (one only the older rules
    made, a metric to start tracking, a strategy), so nothing tells whether it was done."""
    answered = [f for f in step.addresses if f in then]
    if answered and not any(f in now or f in lost for f in answered):
        return "done"
    if answered or step.rule in advised:
        return "open"
    return "dropped"


def _open(made: Made, other: Assessment, pps: dict[str, PivotPoint], finding: str) -> bool:
    """Whether the `other` assessment could not judge a finding made on this side: its rule
    lacked answers there, the finding is a pivot point it gave no status, or every question
    the finding's evidence quotes was unanswered there (a question some rules read as "none"
    when unanswered: what it says was not known)."""
    if finding in pps and pps[finding].status is None:
        return True
    if made.questions and all(other.answers.get(q) is None for q in made.questions):
        return True
    return made.rule is not None and made.rule in {n.rule for n in other.not_judged}


def _minus(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a - b


def _delta(
    key: str, label: str, before: int | None, rescored: int | None, after: int | None
) -> Delta:
    return Delta(
        id=key,
        label=label,
        before=before,
        after=after,
        change=_minus(after, before),
        answers=_minus(after, rescored),
        rules=_minus(rescored, before),
    )


def compare(
    pack: Pack, before: Side, after: Side, plan_status: Mapping[str, bool] | None = None
) -> Progress:
    """The progress from `before` to `after`, both scored again under `pack`, the pack in
    use. `plan_status` is what the user's tracker says of the earlier plan's steps, by rule id
    (`services.plan_export.read_plan_status`): a step it marks done is done, one it marks not
    done stays open, whatever the findings say; the other steps are judged by the findings."""
    old, again, new = before.scored, before.rescored, after.rescored
    dims_old = {d.id: d.score for d in old.readiness.dimensions}
    dims_again = {d.id: d.score for d in again.readiness.dimensions}
    pps_old = {p.id: p for p in old.pivot_points}
    pps_again = {p.id: p for p in again.pivot_points}
    found_old, found_again, found_new = problems(old), problems(again), problems(new)
    labels = {**found_old, **found_again, **found_new}
    gone = [i for i in found_again if i not in found_new]
    came = [i for i in found_new if i not in found_again]
    pps_new = {p.id: p for p in new.pivot_points}
    # made now, but the earlier answers could not judge it: its rule lacked answers, or the
    # pivot point had no status; and the other way round
    first = {i for i in came if _open(found_new[i], again, pps_again, i)}
    lost = {i for i in gone if _open(found_again[i], new, pps_new, i)}
    answers_changed = []
    for qid, question in pack.questions.items():  # in the questionnaire's order
        was, now = again.answers.get(qid), new.answers.get(qid)
        if was != now:
            answers_changed.append(
                AnswerChange(question=qid, label=question.short, before=was, after=now)
            )
    still_advised = {step.rule for step in new.next_steps}
    marked = plan_status or {}
    plan = [
        PlanStep(
            rule=step.rule,
            title=step.title,
            horizon=step.horizon,
            status=_step_status(step, found_again, found_new, lost, still_advised),
        )
        if step.rule not in marked
        else PlanStep(
            rule=step.rule,
            title=step.title,
            horizon=step.horizon,
            status="done" if marked[step.rule] else "open",
            source="tracker",
        )
        for step in old.next_steps
    ]
    return Progress(
        since=before.label,
        pack_before=old.pack.version,
        pack_after=new.pack.version,
        kept_as_scored=before.kept_as_scored,
        stage_before=old.stage.id,
        stage_after=new.stage.id,
        readiness=_delta(
            "overall",
            "Overall readiness",
            old.readiness.overall,
            again.readiness.overall,
            new.readiness.overall,
        ),
        dimensions=[
            _delta(d.id, d.label, dims_old.get(d.id), dims_again.get(d.id), d.score)
            for d in new.readiness.dimensions
        ],
        pivot_points=[
            _delta(
                p.id,
                p.title,
                pps_old[p.id].readiness if p.id in pps_old else None,
                pps_again[p.id].readiness if p.id in pps_again else None,
                p.readiness,
            )
            for p in new.pivot_points
        ],
        statuses=[
            StatusChange(
                id=p.id,
                label=p.title,
                before=pps_old[p.id].status if p.id in pps_old else None,
                after=p.status,
                before_rescored=pps_again[p.id].status if p.id in pps_again else None,
            )
            for p in new.pivot_points
        ],
        resolved=_refs([i for i in gone if i not in lost], labels),
        no_longer_judged=_refs([i for i in gone if i in lost], labels),
        new=_refs([i for i in came if i not in first], labels),
        first_judged=_refs([i for i in came if i in first], labels),
        unchanged=_refs([i for i in found_new if i in found_again], labels),
        answers_changed=answers_changed,
        rules_changed=_refs([i for i in found_again if i not in found_old], labels),
        rules_resolved=_refs([i for i in found_old if i not in found_again], labels),
        plan=plan,
        plan_done=[s.rule for s in plan if s.status == "done"],
    )


# -- reading either side ------------------------------------------------------------------------


def load_side(scorer: Scorer, path: Path | str) -> Side:
    """An answers file or an assessment JSON as one side of a comparison; `AnswerError`
    (with file and line) when it is neither or its answers do not fit the pack."""
    try:
        doc = load_yaml(path, max_bytes=MAX_ANSWERS_BYTES * 8, aliases=False)
    except YamlLoadError as exc:
        raise AnswerError([exc.problem]) from None
    data = doc.data
    if isinstance(data, dict) and _ASSESSMENT_KEYS <= set(data):
        return _assessment_side(scorer, doc)
    answers = parse_answers(scorer.engine, doc)
    scored = scorer.assess(answers)
    return Side(_label(scored, doc.file), scored, scored, False, tuple(answers.warnings))


def milestone_side(scorer: Scorer, name: str, when: str, assessment: dict[str, Any]) -> Side:
    """A kept milestone (its name, the date it was kept and its assessment as scored) as the
    earlier side of a comparison."""
    side = _assessment_side(scorer, Document(f"milestone '{name}'", assessment))
    return Side(f"{name} ({when})", side.scored, side.rescored, True, side.warnings)


def _assessment_side(scorer: Scorer, doc: Document) -> Side:
    # an assessment written with --previous carries its own progress: not part of the results
    data = {k: v for k, v in doc.data.items() if k != "progress"}
    try:
        scored = Assessment.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = tuple(first["loc"])
        raise AnswerError(
            [
                Problem(
                    doc.file,
                    doc.line(where),
                    ".".join(str(p) for p in where),
                    "this looks like an assessment, but it is not one this version reads: "
                    + first["msg"],
                )
            ]
        ) from None
    if scored.pack.id != scorer.pack.info.id:
        raise AnswerError(
            [
                Problem(
                    doc.file,
                    doc.line(("pack", "id")),
                    "pack.id",
                    f"scored with the questionnaire '{scored.pack.id}', not "
                    f"'{scorer.pack.info.id}': only assessments of one questionnaire compare",
                )
            ]
        )
    meta = {k: v for k, v in scored.meta.items() if k in META_FIELDS}
    answers_doc = Document(
        doc.file,
        {
            "pack": {"id": scored.pack.id, "version": scored.pack.version},
            "meta": meta,
            "answers": dict(scored.answers),
        },
        doc.lines,
    )
    answers = parse_answers(scorer.engine, answers_doc)
    rescored = scorer.assess(answers)
    return Side(_label(scored, doc.file), scored, rescored, True, tuple(answers.warnings))


def _label(a: Assessment, file: str) -> str:
    date = a.meta.get("date")
    return str(date) if date else Path(file).name
