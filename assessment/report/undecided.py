"""What a report says where it found nothing or could not decide: "nothing found" only where every
rule of the part was decided; where missing answers left rules open, it says so, so that
unanswered never reads as a clean bill of health; and where they left a pivot point's status or
the strategy open, it names the questions that would decide it. The terminal text, the report
and the app all take their words from here."""

from __future__ import annotations

from assessment.engine.result import Assessment, PivotPoint, Practice, Strategy
from assessment.i18n import N_, _, ngettext

# the "don't know" answer, quoted (English, marked: `dont_know()` translates it)
DONT_KNOW = N_("“Don't know”")


def dont_know() -> str:
    """The "don't know" answer, quoted, in the current language."""
    return _(DONT_KNOW)


def not_known(a: Assessment) -> set[str]:
    """The questions answered "don't know" that findings wait for: answered, and yet missing
    to the rules (a "don't know" choice is read as unanswered)."""
    return {q for nj in a.not_judged for q in nj.missing if a.answers.get(q) is not None}


def open_rules(a: Assessment, *tables: str) -> int:
    """How many rules of these tables (all tables if none is named) missing answers left open."""
    return sum(1 for nj in a.not_judged if not tables or nj.table in tables)


def nothing_found(a: Assessment, table: str, found_nothing: str) -> str:
    """`found_nothing` ("No scaling mistake shows in the answers"), qualified where rules of
    `table` were left open."""
    n = open_rules(a, table)
    if not n:
        # translators: {found_nothing} is a sentence without its full stop, e.g. "No scaling
        # mistake shows"
        return _("{found_nothing}.").format(found_nothing=found_nothing)
    return ngettext(
        "{found_nothing} in the answers given. {n} rule of this part could not be judged, "
        "for lack of answers; the questions that would decide them are listed at the end.",
        "{found_nothing} in the answers given. {n} rules of this part could not be judged, "
        "for lack of answers; the questions that would decide them are listed at the end.",
        n,
    ).format(found_nothing=found_nothing, n=n)


def _asked(deciding: list[Practice]) -> str:
    """The questions that would decide an open judgement, as one list."""
    return "; ".join(p.label for p in deciding)


def undecided_text(pp: PivotPoint) -> str | None:
    """What the body says of a pivot point whose status the answers leave open: what headcount
    alone shows, and the questions that would decide the rest. None once a status is known."""
    if pp.status is not None:
        return None
    if pp.reached is True:
        known = _("Your headcount already puts you past this pivot point")
    elif pp.reached is False:
        known = _("Your headcount has not reached this pivot point yet")
    else:
        known = _("Your headcount is not known")
    if not pp.deciding:
        # translators: {known} is what headcount alone shows, e.g. "Your headcount is not known"
        return _("{known}; how ready you are for it is not judged.").format(known=known)
    return _(
        "{known}; how ready you are for it is not judged, because the answers that decide it "
        "are missing: {asked}."
    ).format(known=known, asked=_asked(pp.deciding))


def strategy_undecided_text(s: Strategy) -> str | None:
    """What the report says of a transition strategy the answers leave open, with the questions
    that would decide it. None once a strategy is chosen."""
    if s.id is not None:
        return None
    if not s.deciding:
        return _("The answers leave the transition strategy undecided.")
    return _(
        "The answers leave the transition strategy undecided, because the answers that decide "
        "it are missing: {asked}."
    ).format(asked=_asked(s.deciding))
