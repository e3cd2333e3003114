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
# a row whose status the answers leave open, short of a pivot point headcount alone has passed
UNJUDGED = "not judged"

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
    # headcount alone: past this pivot point (True), not yet (False), stage unknown (None)
    reached: bool | None = None

    @property
    def judged(self) -> bool:
        """Whether the answers say if the row's practices are needed."""
        return self.need != UNJUDGED

    @property
    def needed(self) -> bool:
        """Its practices are needed now or within the year. A pivot point headcount alone has
        passed needs them now, even where the answers leave its readiness, and so its status,
        open."""
        if self.status is None:
            return self.reached is True
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


def _need(status: str | None, reached: bool | None) -> str:
    """A row's need in words. An open status says nothing of whether the practices are needed,
    unless headcount alone has passed the pivot point: they are needed now, ready or not."""
    if status is None:
        return NEED["crossed-unprepared"] if reached is True else UNJUDGED
    return NEED.get(status, UNJUDGED)


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
                need=_need(pp.status, pp.reached),
                cells=cells,
                reached=pp.reached,
            )
        )
    return rows


def _are(n: int) -> str:
    return "is" if n == 1 else "are"


def _judged(cells: list[Cell], other: bool) -> str:
    """What the rows whose need is known say: how many needed practices fall short, how many
    were left unanswered, or that none is needed; `other` where some row could not be judged."""
    n = len(cells)
    short = sum(1 for c in cells if c.state in ("partly", "missing"))
    unanswered = sum(1 for c in cells if c.state == "open")
    if not n:
        other_pp = "other pivot point" if other else "pivot point"
        return f"No {other_pp}'s practices are needed yet at your size and growth."
    lead = "Of the other pivot points, " if other else ""
    if not short and not unanswered:
        said = f"all {n} practices your size needs are in place."
    elif not short:
        said = (
            f"none of the {n} practices your size needs is answered."
            if unanswered == n
            else f"of the {n} practices your size needs, {unanswered} {_are(unanswered)} "
            "not answered and the others are in place."
        )
    else:
        said = f"{short} of the {n} practices your size needs {_are(short)} not fully in place"
        said += f", and {unanswered} {_are(unanswered)} not answered." if unanswered else "."
    if lead:
        return lead + said
    return said[:1].upper() + said[1:]


def grid_summary(rows: list[Row]) -> str:
    """How many needed practices fall short, or that none does. A practice left unanswered is
    counted as such, never as short of in place; and where the answers leave a row's need open,
    the summary says it could not judge that row, and counts only the others."""
    open_rows = [r for r in rows if r.need == UNJUDGED]
    known = _judged([c for r in rows if r.needed for c in r.cells], other=bool(open_rows))
    if not open_rows:
        return known
    heads = [r.title.partition(": ")[0] for r in open_rows]
    names = heads[0] if len(heads) == 1 else ", ".join(heads[:-1]) + " and " + heads[-1]
    unknown = (
        f"Whether your size needs the practices of {names} could not be judged: questions "
        "that decide it were left open, and answering them settles it."
    )
    return unknown if len(open_rows) == len(rows) else f"{unknown} {known}"
