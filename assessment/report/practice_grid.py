"""The practice grid: each pivot point's practices against what the organisation's size needs.

One row a pivot point, one cell a practice. A row says whether its practices are needed now
(the pivot point is crossed), within the year (approaching) or not yet; a cell says where the
practice stands in words (in place, partly, not in place, not answered, not asked), so the grid
reads without colour. It follows the executive summary in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.content.model import Pack, choice_value
from assessment.engine.result import Assessment

NEED = {
    "crossed-ready": "needed now",
    "crossed-unprepared": "needed now",
    "approaching": "needed within the year",
    "ahead": "not needed yet",
}

STATE_WORDS = {
    "in-place": "In place",
    "partly": "Partly",
    "missing": "Not in place",
    "open": "Not answered",
    "not-asked": "Not asked",
}


@dataclass(frozen=True)
class Cell:
    label: str
    state: str  # a key of STATE_WORDS
    core: bool

    @property
    def words(self) -> str:
        return STATE_WORDS[self.state]

    @property
    def gap(self) -> bool:
        """A practice short of in place where the row's practices are needed."""
        return self.state in ("partly", "missing", "open")


@dataclass(frozen=True)
class Row:
    pp_id: str
    title: str
    status: str | None
    need: str
    cells: list[Cell]

    @property
    def needed(self) -> bool:
        return self.status in ("crossed-ready", "crossed-unprepared", "approaching")


def _state(pack: Pack, qid: str, answer: object, asked: bool) -> str:
    if not asked:
        return "not-asked"
    if answer is None:
        return "open"
    choices = pack.choices(pack.questions[qid])
    ids = [c.id for c in choices]
    if answer not in ids:
        return "open"
    value = choice_value(choices, ids.index(str(answer)))
    return "in-place" if value >= 1.0 else "missing" if value <= 0.0 else "partly"


def practice_grid(pack: Pack, a: Assessment) -> list[Row]:
    """The grid's rows, in the pack's order of pivot points."""
    rows = []
    by_id = {pp.id: pp for pp in a.pivot_points}
    for table in pack.pivot_points.pivot_points:
        pp = by_id.get(table.id)
        if pp is None:
            continue
        listed = {p.question for p in pp.practices_in_place + pp.missing_practices}
        listed |= {p.question for p in pp.unanswered_practices}
        cells = [
            Cell(
                label=pack.questions[qid].short,
                state=_state(pack, qid, a.answers.get(qid), qid in listed),
                core=qid in table.core,
            )
            for qid in table.practices
            if qid in pack.questions
        ]
        rows.append(
            Row(
                pp_id=pp.id,
                title=pp.title,
                status=pp.status,
                need=NEED.get(pp.status or "", "not judged"),
                cells=cells,
            )
        )
    return rows


def grid_summary(rows: list[Row]) -> str:
    """One sentence: how many needed practices fall short, or that none does."""
    needed = [c for r in rows if r.needed for c in r.cells]
    short = [c for c in needed if c.gap]
    if not needed:
        return "No pivot point's practices are needed yet at your size and growth."
    if not short:
        return f"All {len(needed)} practices your size needs are in place."
    return (
        f"{len(short)} of the {len(needed)} practices your size needs "
        f"{'is' if len(short) == 1 else 'are'} not fully in place."
    )
