"""What a report says where it found nothing or could not decide: "nothing found" only where every
rule of the part was decided; where missing answers left rules open, it says so, so that
unanswered never reads as a clean bill of health; and where they left a pivot point's status or
the strategy open, it names the questions that would decide it. The terminal text, the report
and the app all take their words from here."""

from __future__ import annotations

from assessment.engine.result import Assessment, PivotPoint, Practice, Strategy

DONT_KNOW = "“Don't know”"


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
        return f"{found_nothing}."
    rules = "rule" if n == 1 else "rules"
    return (
        f"{found_nothing} in the answers given. {n} {rules} of this part could not be judged, "
        "for lack of answers; the questions that would decide them are listed at the end."
    )


def _missing(deciding: list[Practice]) -> str:
    """The clause naming what would decide an open judgement, or nothing when no question does."""
    if not deciding:
        return ""
    asked = "; ".join(p.label for p in deciding)
    return f", because the answers that decide it are missing: {asked}"


def undecided_text(pp: PivotPoint) -> str | None:
    """What the body says of a pivot point whose status the answers leave open: what headcount
    alone shows, and the questions that would decide the rest. None once a status is known."""
    if pp.status is not None:
        return None
    if pp.reached is True:
        known = "Your headcount already puts you past this pivot point"
    elif pp.reached is False:
        known = "Your headcount has not reached this pivot point yet"
    else:
        known = "Your headcount is not known"
    return f"{known}; how ready you are for it is not judged{_missing(pp.deciding)}."


def strategy_undecided_text(s: Strategy) -> str | None:
    """What the report says of a transition strategy the answers leave open, with the questions
    that would decide it. None once a strategy is chosen."""
    if s.id is not None:
        return None
    return f"The answers leave the transition strategy undecided{_missing(s.deciding)}."
