"""The method note: how each figure of an assessment is computed, in sentences built from the
pack's own tables, so that a reader can redo every figure by hand and the note cannot drift from
the rules. The report's annex and the terminal text both take it from here."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.content.model import Pack
from assessment.engine.result import Assessment
from assessment.i18n import N_, _, lower, ngettext
from assessment.report.names import join_and

# The stage boundaries the pack's stage table encodes (rules/stage.yaml), in words; a test scores
# headcounts on each side of every boundary and checks them against this table.
STAGE_BOUNDARIES = (
    ("solo", N_("1 developer")),
    ("team", N_("2 to 4 developers, or 5 to 8 in a single team")),
    ("teams", N_("5 to 19 developers in two or more teams, or a single team of 9 to 19")),
    ("organization", N_("20 developers or more, however many teams")),
)


@dataclass(frozen=True)
class MethodNote:
    stages: str
    dimensions: str
    pivot_points: str
    overall: str


def _join(words: list[str]) -> str:
    return join_and(words)


def method_note(pack: Pack, a: Assessment) -> MethodNote:
    from assessment.kinds.stage import stage_label

    # translators: one stage and its headcount, "one team, 2 to 4 developers, or ..."
    boundary = _("{stage}, {headcount}")
    stages = _("Stage boundaries: {boundaries}.").format(
        boundaries="; ".join(
            boundary.format(stage=lower(stage_label(s)), headcount=_(words))
            for s, words in STAGE_BOUNDARIES
        )
    )
    # translators: a question that weighs more in its dimension's score
    counts = _("{question} ({dimension}, counts {weight} times)")
    weighted = [
        counts.format(
            question=pack.questions[i.q].short, dimension=lower(dim.label), weight=f"{i.weight:g}"
        )
        for dim in pack.dimensions.dimensions
        if dim.show
        for i in dim.items
        if i.weight != 1 and i.q in pack.questions
    ]
    dimensions = _(
        "A dimension score is the average of its answered questions times 100, each answer "
        "scored from 0 to 1 by its choice: not in place 0, partly 0.5, fully 1; no 0 and yes 1; "
        "other choice lists evenly from their first choice (0) to their last (1), symptom "
        "frequencies reversed; a question where several choices can be picked scores the "
        "share of its choices picked. Unanswered questions are left out."
    )
    if weighted:
        dimensions += " " + _("These questions weigh more: {questions}.").format(
            questions=_join(weighted)
        )
    parts = []
    for pp in pack.pivot_points.pivot_points:
        weights = " + ".join(f"{w.weight:g} × {_dim_label(pack, w.score)}" for w in pp.readiness)
        total = sum(w.weight for w in pp.readiness)
        core = _join([pack.questions[q].short for q in pp.core if q in pack.questions])
        formula = f"{pp.id}: ({weights}) / {total:g}"
        if core:
            # translators: {formula} is a pivot point's readiness formula, {core} its core
            # practices
            formula = _("{formula}, and not ready while {core} is not in place").format(
                formula=formula, core=lower(core)
            )
        parts.append(formula)
    pivot_points = _(
        "A pivot point's readiness weighs its practices three times as much as the absence of "
        "its symptoms, and counts as ready from 60 only when its core practice is at least partly "
        "in place: {formulas}."
    ).format(formulas="; ".join(parts))
    labels = {d.id: d.label for d in pack.dimensions.dimensions}
    counted = [labels.get(d, d) for d in a.readiness.counted]
    if counted:
        # the English says "scores" for one as well, as it always has
        overall = ngettext(
            "Overall readiness is the plain average of {n} dimension scores: {dimensions}. "
            "Dimensions of a pivot point still ahead, dimensions that do not apply at your size "
            "and dimensions with no answer are left out.",
            "Overall readiness is the plain average of {n} dimension scores: {dimensions}. "
            "Dimensions of a pivot point still ahead, dimensions that do not apply at your size "
            "and dimensions with no answer are left out.",
            len(counted),
        ).format(n=len(counted), dimensions=_join(counted))
    else:
        overall = _("Overall readiness is not judged: no dimension that applies has an answer.")
    return MethodNote(stages, dimensions, pivot_points, overall)


def _dim_label(pack: Pack, dim_id: str) -> str:
    dim = next((d for d in pack.dimensions.dimensions if d.id == dim_id), None)
    if dim is None:
        return dim_id
    return lower(dim.label) if dim.show else _("absence of its symptoms")
