"""The practices a recommendation would put in place, and the guard that keeps it quiet where
they all are.

A next step or a pattern names the practice questions it introduces (`practices:`). A
recommendation whose practices are all answered at the top of their scale ("fully in place", yes,
the last choice of an ordered list) would advise what the organisation already does, so it is
not made. A practice left unanswered counts as not in place: the guard never turns a
recommendation into 'not judged'.

Both the next steps and the patterns table use this module; it holds no table of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assessment.content.model import Pack, Where, choice_value, unknown_question
from assessment.content.schema.conditions import All, Any_, Leaf, Not
from assessment.content.schema.rule import Rule
from assessment.errors import Problem

# the question types whose answers have a top, "fully in place"
PRACTICE_TYPES = ("single", "yes_no", "scale")


def top_answer(pack: Pack, qid: str) -> Any:
    """The answer that means the practice is fully in place: the highest on its scale."""
    q = pack.questions[qid]
    if q.type == "yes_no":
        return True
    if q.type == "scale":
        return max(p.value for p in q.points or [])
    choices = pack.choices(q)
    values = [choice_value(choices, i) for i in range(len(choices))]
    return choices[max(range(len(choices)), key=lambda i: (values[i], i))].id


def fully_in_place(pack: Pack, qid: str) -> Leaf:
    return Leaf.model_validate({"q": qid, "eq": top_answer(pack, qid)})


def not_all_in_place(pack: Pack, practices: list[str]) -> Any_:
    """Holds where at least one practice is not answered fully in place (unanswered counts as
    not in place); always decided."""
    return Any_(
        any=[
            Any_(
                any=[
                    Not.model_validate({"not": fully_in_place(pack, qid)}),
                    Leaf.model_validate({"q": qid, "answered": False}),
                ]
            )
            for qid in practices
        ]
    )


def guarded(pack: Pack, rule: Rule, practices: list[str] | None) -> Rule:
    """The rule as the engine compiles it: its own condition, and at least one of its practices
    not yet fully in place. The trace and the evidence show the added test."""
    if not practices:
        return rule
    return rule.model_copy(update={"when": All(all=[rule.when, not_all_in_place(pack, practices)])})


def all_answered_fully(pack: Pack, practices: list[str], answers: dict[str, Any]) -> bool:
    """Whether every practice is answered fully in place: the judgement the guard encodes, in
    plain Python for checks over finished assessments."""
    return bool(practices) and all(answers.get(qid) == top_answer(pack, qid) for qid in practices)


def check_practices(
    pack: Pack, practices: list[str] | None, where: Where, owner: str
) -> Iterator[Problem]:
    """Lint: the recommendation says which practices it introduces (`[]` when none), and each is
    a question whose answer can say 'fully in place'."""
    if practices is None:
        yield where.problem(
            f"name the practice questions this {owner} puts in place in 'practices', or write "
            "'practices: []' when it introduces none: a recommendation of what is already fully "
            "in place is withheld only for the practices named there"
        )
        return
    for i, qid in enumerate(practices):
        q = pack.questions.get(qid)
        if q is None:
            yield where.problem(unknown_question(pack, qid), "practices", i)
        elif q.type not in PRACTICE_TYPES:
            yield where.problem(
                f"'{qid}' is a {q.type} question; a practice needs an answer that says 'fully in "
                f"place' ({', '.join(PRACTICE_TYPES)})",
                "practices",
                i,
            )
        elif q.type == "single" and not q.ordered:
            yield where.problem(
                f"'{qid}' has choices marked 'ordered: false', so none of them means 'fully in "
                "place'",
                "practices",
                i,
            )
        elif practices.index(qid) != i:
            yield where.problem(f"'{qid}' is named twice", "practices", i)
