"""The method note: how each figure of an assessment is computed, in sentences built from the
pack's own tables, so that a reader can redo every figure by hand and the note cannot drift from
the rules. The report's annex and the terminal text both take it from here."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.content.model import Pack
from assessment.engine.result import Assessment

# The stage boundaries the pack's stage table encodes (rules/stage.yaml), in words; a test scores
# headcounts on each side of every boundary and checks them against this table.
STAGE_BOUNDARIES = (
    ("solo", "1 developer"),
    ("team", "2 to 4 developers, or 5 to 8 in a single team"),
    ("teams", "5 to 19 developers in two or more teams, or a single team of 9 to 19"),
    ("organization", "20 developers or more, however many teams"),
)


@dataclass(frozen=True)
class MethodNote:
    stages: str
    dimensions: str
    pivot_points: str
    overall: str


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def method_note(pack: Pack, a: Assessment) -> MethodNote:
    from assessment.kinds.stage import stage_label

    stages = (
        "Stage boundaries: "
        + "; ".join(f"{stage_label(s).lower()}, {words}" for s, words in STAGE_BOUNDARIES)
        + "."
    )
    weighted = [
        f"{pack.questions[i.q].short} ({dim.label.lower()}, counts {i.weight:g} times)"
        for dim in pack.dimensions.dimensions
        if dim.show
        for i in dim.items
        if i.weight != 1 and i.q in pack.questions
    ]
    dimensions = (
        "A dimension score is the average of its answered questions times 100, each answer "
        "scored from 0 to 1 by its choice: not in place 0, partly 0.5, fully 1; no 0 and yes 1; "
        "other choice lists evenly from their first choice (0) to their last (1), symptom "
        "frequencies reversed; a question where several choices can be picked scores the "
        "share of its choices picked. Unanswered questions are left out."
        + (f" These questions weigh more: {_join(weighted)}." if weighted else "")
    )
    parts = []
    for pp in pack.pivot_points.pivot_points:
        weights = " + ".join(f"{w.weight:g} × {_dim_label(pack, w.score)}" for w in pp.readiness)
        total = sum(w.weight for w in pp.readiness)
        core = _join([pack.questions[q].short for q in pp.core if q in pack.questions])
        parts.append(
            f"{pp.id}: ({weights}) / {total:g}"
            + (f", and not ready while {core.lower()} is not in place" if core else "")
        )
    pivot_points = (
        "A pivot point's readiness weighs its practices three times as much as the absence of "
        "its symptoms, and counts as ready from 60 only when its core practice is at least partly "
        "in place: " + "; ".join(parts) + "."
    )
    labels = {d.id: d.label for d in pack.dimensions.dimensions}
    counted = [labels.get(d, d) for d in a.readiness.counted]
    if counted:
        overall = (
            "Overall readiness is the plain average of "
            f"{len(counted)} dimension scores: {_join(counted)}. Dimensions of a pivot point still "
            "ahead, dimensions that do not apply at your size and dimensions with no answer are "
            "left out."
        )
    else:
        overall = "Overall readiness is not judged: no dimension that applies has an answer."
    return MethodNote(stages, dimensions, pivot_points, overall)


def _dim_label(pack: Pack, dim_id: str) -> str:
    dim = next((d for d in pack.dimensions.dimensions if d.id == dim_id), None)
    if dim is None:
        return dim_id
    return dim.label.lower() if dim.show else "absence of its symptoms"
