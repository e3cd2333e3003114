"""The answers behind a finding, as one "Based on:" line in words.

Within one part of the report an answer is quoted once: a finding further down the part lists
only the answers not already quoted above it (the same answer quoted under five findings was
noise). A `BasedOn` is built per render, so the memory of what was quoted is the report's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from assessment.i18n import _

if TYPE_CHECKING:
    from assessment.content.model import Pack


def answer_words(value: Any) -> str:
    """An answer or derived value as the report writes it."""
    if value is None:
        # translators: an answer left empty, after a question's label ("Team size: unanswered")
        return _("unanswered")
    if value is True:
        # translators: a yes/no answer after a question's label, in lower case
        return _("yes")
    if value is False:
        # translators: a yes/no answer after a question's label, in lower case
        return _("no")
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        items = [str(v) for v in value]
        # translators: no item picked, after a question's label
        return ", ".join(items) if items else _("none")
    return str(value)


def value_labels(pack: Pack) -> dict[str, str]:
    """The words for the values of derived facts, in the current language: a stage ("One
    team", not "team"), a pivot point's status ("Crossed, unprepared"), a pattern's status and
    a strategy, as the report names them. The report, the terminal text and the results page
    turn a fact's value into words with these."""
    from assessment.kinds.patterns import PATTERN_LABELS
    from assessment.kinds.pivot_points import status_labels
    from assessment.kinds.stage import STAGE_LABELS, stage_label

    return {
        **{k: stage_label(k) for k in STAGE_LABELS},
        **{k: v for k, v in status_labels().items() if k},
        **{k: _(v) for k, v in PATTERN_LABELS.items()},
        **{s.id: s.title for s in pack.strategy.strategies},
    }


def evidence_words(item: Any, labels: Mapping[str, str]) -> tuple[str, str]:
    """An evidence item as its label and its answer in words: a derived fact's value by its
    name in `labels` (`value_labels`), an answer as `answer_words` writes it."""
    answer = item.answer
    if item.fact and isinstance(answer, str):
        answer = labels.get(answer, answer)
    return item.label, answer_words(answer)


class BasedOn:
    """`line(part, items)`: the evidence of one finding in `part` not yet quoted in that part."""

    def __init__(self, value_labels: Mapping[str, str]) -> None:
        self.value_labels = value_labels
        self.seen: dict[str, set[tuple[str, str]]] = {}

    def words(self, item: Any) -> tuple[str, str]:
        return evidence_words(item, self.value_labels)

    def line(self, part: str, items: Iterable[Any]) -> str:
        seen = self.seen.setdefault(part, set())
        fresh: list[tuple[str, str]] = []
        for item in items or ():
            pair = self.words(item)
            if pair not in seen and pair not in fresh:
                fresh.append(pair)
        seen.update(fresh)
        return "; ".join(f"{label}: {answer}" for label, answer in fresh)


class Once:
    """What the report has already printed, so that it prints it once: `seen(key, where)` is
    None the first time (and remembers `where`), and the first `where` after that."""

    def __init__(self) -> None:
        self.where: dict[str, Any] = {}

    def seen(self, key: str, where: Any = True) -> Any:
        if key in self.where:
            return self.where[key]
        self.where[key] = where
        return None
