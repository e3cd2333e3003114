"""Which questions a respondent is asked, and which required ones they left unanswered.

A question (or its section) may show only for some earlier answers (`visible_if`). The survey
that draws the page, the check of an answers file, the check of a CSV batch, the team aggregate
and the answers a person downloads must agree on who was asked what, so each of them asks here.
The rule itself is compiled once into the engine (`Engine.apply_visibility`, vectorised over
many respondents); this module only puts answers in and reads the masks out.

"Required but missing" means: required, shown for these answers, and not answered. A hidden
required question is never missing, since nobody was asked it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from assessment.content.schema.questionnaire import Question
from assessment.engine.evaluate import Engine
from assessment.engine.variables import BoolArray, Frame, encode_rows


def masks(engine: Engine, frame: Frame) -> dict[str, BoolArray]:
    """For each conditional question, one bool a row of `frame`: whether it is shown. Questions
    without a condition are always shown and are left out. The frame's answers to hidden
    questions are blanked, as scoring wants them."""
    return engine.apply_visibility(frame)


def shown_rows(engine: Engine, rows: Sequence[Mapping[str, Any]]) -> dict[str, list[bool]]:
    """For each conditional question, whether each respondent (checked answers, one mapping a
    respondent) was asked it; questions without a condition are left out."""
    frame = encode_rows(engine.pack.question_vars(), rows)
    return {qid: [bool(v) for v in mask] for qid, mask in masks(engine, frame).items()}


def shown(engine: Engine, values: Mapping[str, Any]) -> dict[str, bool]:
    """Every question id of the pack, and whether these checked answers show it."""
    conditional = shown_rows(engine, [values])
    return {
        qid: conditional[qid][0] if qid in conditional else True for qid in engine.pack.questions
    }


def missing_required(
    engine: Engine, frame: Frame, visible: Mapping[str, BoolArray]
) -> list[tuple[int, str]]:
    """(row, question id) for every required question that is shown in that row and not
    answered, in the pack's order of questions, then by row. `visible`: `masks(frame)`."""
    pack = engine.pack
    out: list[tuple[int, str]] = []
    for qid, question in pack.questions.items():
        if not question.required:
            continue
        left = ~frame.answered(pack.variables[qid])
        shown_here = visible.get(qid)
        if shown_here is not None:
            left &= shown_here
        out.extend((int(row), qid) for row in np.flatnonzero(left))
    return out


def required_left(
    questions: Iterable[Question], shown_now: Mapping[str, bool], values: Mapping[str, Any]
) -> list[str]:
    """The ids of the required questions among `questions` that `shown_now` (see `shown`)
    shows and `values` leave unanswered, in the order given: for one answer set, as the survey
    holds it while a person answers."""
    return [
        q.id
        for q in questions
        if q.required and shown_now.get(q.id, True) and values.get(q.id) is None
    ]


def missing(engine: Engine, values: Mapping[str, Any]) -> list[str]:
    """The required questions these checked answers leave unanswered though they show them, in
    the pack's order."""
    return required_left(engine.pack.questions.values(), shown(engine, values), values)
