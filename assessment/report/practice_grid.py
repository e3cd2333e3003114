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
from assessment.i18n import N_, _, ngettext
from assessment.report.names import join_and

# a row's need in words (English, marked: a row's `need` is translated when it is built)
NEED = {
    # translators: whether a pivot point's practices are needed, under its name in the grid
    "crossed-ready": N_("needed now"),
    "crossed-unprepared": N_("needed now"),
    "approaching": N_("needed within the year"),
    "ahead": N_("not needed yet"),
}
# a row whose status the answers leave open, short of a pivot point headcount alone has passed
UNJUDGED = N_("not judged")

# a cell's state in words (English, marked: `Cell.words` translates it)
STATE_WORDS = {
    "in-place": N_("In place"),
    # translators: a practice partly in place, in a cell of the practice grid
    "partly": N_("Partly"),
    "missing": N_("Not in place"),
    "open": N_("Not answered"),
    "not-asked": N_("Not asked"),
}


@dataclass(frozen=True)
class Cell:
    label: str
    state: str  # a key of STATE_WORDS
    core: bool

    @property
    def words(self) -> str:
        return _(STATE_WORDS[self.state])

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
        return self.need != _(UNJUDGED)

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
        return _(NEED["crossed-unprepared"] if reached is True else UNJUDGED)
    return _(NEED.get(status, UNJUDGED))


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


def _judged(cells: list[Cell], other: bool) -> str:
    """What the rows whose need is known say: how many needed practices fall short, how many
    were left unanswered, or that none is needed; `other` where some row could not be judged."""
    n = len(cells)
    short = sum(1 for c in cells if c.state in ("partly", "missing"))
    unanswered = sum(1 for c in cells if c.state == "open")
    if not n:
        if other:
            return _("No other pivot point's practices are needed yet at your size and growth.")
        return _("No pivot point's practices are needed yet at your size and growth.")
    if not short and not unanswered:
        said = _("all {n} practices your size needs are in place.")
    elif not short:
        said = (
            _("none of the {n} practices your size needs is answered.")
            if unanswered == n
            else ngettext(
                "of the {n} practices your size needs, {unanswered} is not answered and the "
                "others are in place.",
                "of the {n} practices your size needs, {unanswered} are not answered and the "
                "others are in place.",
                unanswered,
            )
        )
    elif unanswered:
        # two counts: the form follows how many fall short, a msgid each for one left
        # unanswered and for several
        if unanswered == 1:
            said = ngettext(
                "{short} of the {n} practices your size needs is not fully in place, and "
                "{unanswered} is not answered.",
                "{short} of the {n} practices your size needs are not fully in place, and "
                "{unanswered} is not answered.",
                short,
            )
        else:
            said = ngettext(
                "{short} of the {n} practices your size needs is not fully in place, and "
                "{unanswered} are not answered.",
                "{short} of the {n} practices your size needs are not fully in place, and "
                "{unanswered} are not answered.",
                short,
            )
    else:
        said = ngettext(
            "{short} of the {n} practices your size needs is not fully in place.",
            "{short} of the {n} practices your size needs are not fully in place.",
            short,
        )
    said = said.format(n=n, short=short, unanswered=unanswered)
    if other:
        # translators: {said} is a sentence about the practices, starting in lower case
        return _("Of the other pivot points, {said}").format(said=said)
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
    unknown = _(
        "Whether your size needs the practices of {names} could not be judged: questions that "
        "decide it were left open, and answering them settles it."
    ).format(names=join_and(heads))
    return unknown if len(open_rows) == len(rows) else f"{unknown} {known}"
