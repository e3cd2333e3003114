"""What a report says where it found nothing: "nothing found" only where every rule of the part was
decided; where missing answers left rules open, it says so, so that unanswered never reads as a
clean bill of health. The terminal text and the report both take their words from here."""

from __future__ import annotations

from assessment.engine.result import Assessment


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
