"""What changed in the questionnaire since a set of answers was given.

The pack's `changes` log (pack.yaml, newest first) says, version by version, what a respondent
would notice and which questions are new. An answers file, or a saved assessment resumed from
its link, carries the version it was answered under; this module turns the log into the one note
the command line, the answers check and the app show, so that old answers still load and the
reader knows what they do not cover.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assessment.content.model import Pack
from assessment.content.schema.questionnaire import Merge


def merged(pack: Pack) -> dict[str, Merge]:
    """Every question merged into another, by the id older answers know it by."""
    return {m.question: m for c in pack.info.changes for m in c.questions_merged}


@dataclass
class CarriedOver:
    """Answers with older questions' answers moved to the questions that ask them now."""

    answers: dict[str, Any]
    # one sentence for each older answer moved, or set aside
    notes: list[str] = field(default_factory=list)
    # the older questions these answers held, and the questions given their answers: a store
    # saves the second and deletes the first, so that the move happens once
    merged: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)


def _as_key(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip().lower()


def carry_over(pack: Pack, answers: Mapping[str, Any]) -> CarriedOver:
    """`answers` (raw, as a file, a CSV row or the store holds them) with each answer to a
    merged question carried over to the question that asks it now. An answer already given to
    that question wins; an older answer the change log does not map is set aside with a note
    asking for the new question. Answers to other questions pass through untouched."""
    moves = merged(pack)
    if not any(q in moves for q in answers):
        return CarriedOver(dict(answers))
    out = {q: v for q, v in answers.items() if q not in moves}
    notes = []
    held = [q for q in answers if q in moves]
    moved: list[str] = []
    for q, value in answers.items():
        merge = moves.get(q)
        if merge is None or value is None or (isinstance(value, str) and not value.strip()):
            continue
        into = pack.questions[merge.into].short
        if out.get(merge.into) is not None:
            notes.append(
                f"'{q}' is now asked as “{into}”, which these answers already answer; "
                f"the older answer was set aside."
            )
            continue
        values = value if isinstance(value, list) else [value]
        new = [merge.values.get(_as_key(v)) for v in values]
        single = pack.questions[merge.into].type != "multi"
        if not new or any(n is None for n in new) or (single and len(new) != 1):
            notes.append(
                f"'{q}' is now asked as “{into}”; the older answer does not say how to "
                "answer it, so it is left open: please answer it."
            )
            continue
        flat = [x for n in new for x in (n if isinstance(n, list) else [n])]
        out[merge.into] = flat if isinstance(new[0], list) or len(flat) > 1 else flat[0]
        moved.append(merge.into)
        notes.append(f"'{q}' is now asked as “{into}”; the older answer was carried over.")
    return CarriedOver(out, notes, held, moved)


def changes_since(
    pack: Pack, version: str | None, answers: Mapping[str, Any], shown: Mapping[str, bool]
) -> str | None:
    """The note for answers given under `version` (None: not recorded), or None when nothing
    the respondent would notice changed. `shown`: which questions these answers show.

    With a known older version, every change since it is listed. Without one, the note is
    given only when a question added by a later change is shown and left unanswered, since
    only that reveals that the answers predate it."""
    log = pack.info.changes
    if version == pack.info.version or not log:
        return None
    known = [c.version for c in log]
    if version in known:
        since = log[: known.index(version)]
    else:
        since = list(log)
    added = [q for c in since for q in c.questions_added if q in pack.questions]
    open_ = [q for q in added if shown.get(q, True) and answers.get(q) is None]
    if version is None and not open_:
        return None
    if version is None:
        head = "These answers were given before the questionnaire last changed."
    else:
        head = (
            f"These answers were given to version {version} of the questionnaire; it is now "
            f"version {pack.info.version}."
        )
    parts = [head, *(note for c in since for note in c.notes)]
    if open_:
        labels = ", ".join(pack.questions[q].short for q in open_)
        parts.append(f"Not answered yet, so left open in the results: {labels}.")
    return " ".join(parts)
