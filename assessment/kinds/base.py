"""What a rule-table kind is: one class per kind owns its table model, the facts it derives,
its checks, how it compiles, evaluates and builds its findings, and how reports name them.

The loader, the engine and the renderers loop over `assessment.kinds.registry.KINDS` and call
these methods; adding a kind means adding one module, not editing each of them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel

from assessment.content.model import Pack, Where
from assessment.content.yaml_io import Document
from assessment.engine.result import Assessment
from assessment.engine.row import RowView
from assessment.engine.run import Program, Run
from assessment.errors import Problem

T = TypeVar("T", bound=BaseModel)
C = TypeVar("C")

VarKind = Literal["choice", "number", "set", "bool"]


@dataclass(frozen=True)
class Fact:
    """A fact a kind derives into the engine's variable space.

    `context` is the first place a rule may test it: the contexts are the kinds' evaluation
    steps in order (see `Kind.contexts`), so a rule never tests a fact derived after it runs.
    """

    name: str
    context: str
    kind: VarKind
    # how evidence names it, in English, marked for the catalogue (N_); `{id}` stands for
    # `subject`, the id of what the fact is about ("{id} readiness" -> "PP1 readiness")
    label: str
    domain: tuple[str, ...] = ()
    lo: float | None = None
    hi: float | None = None
    subject: str = ""


@dataclass(frozen=True)
class RuleAt:
    """A rule of a table, with its place in the table's file and the context it runs in."""

    path: tuple[str | int, ...]
    context: str
    rule: Any


@dataclass(frozen=True)
class Checks:
    """What a kind's own checks may read: the pack, its table files, every finding id."""

    pack: Pack
    docs: dict[str, Document]
    finding_ids: frozenset[str]

    def where(self, kind: str, path: tuple[str | int, ...], label: str) -> Where:
        return Where(self.docs[kind], path, label)


class Kind(ABC, Generic[T, C]):
    """A rule-table kind. Subclasses set the class attributes and override what they own."""

    # the `table:` key of the kind's rules file
    name: ClassVar[str]
    # the pydantic model of the table
    model: ClassVar[type[BaseModel]]
    # the partial in assessment/report/templates/partials/ that shows the kind's findings
    template: ClassVar[str]
    # whether the template is a part of the report on its own, in registry order; False when
    # another kind's template includes it (symptoms show under each pivot point)
    part: ClassVar[bool] = True
    # the results page's tab for the kind's findings; None where the page shows them elsewhere
    tab: ClassVar[str | None] = None
    # the contexts the kind's rules run in, in order; one unless the kind runs in steps
    steps: ClassVar[tuple[str, ...]] = ()

    @property
    def contexts(self) -> tuple[str, ...]:
        return self.steps or (self.name,)

    def shown(self, assessment: Assessment) -> bool:
        """Whether the kind's findings have a part of their own for this assessment."""
        return True

    def table(self, pack: Pack) -> T:
        return pack.tables[self.name]  # type: ignore[no-any-return]

    # -- loading ---------------------------------------------------------------------------------
    def facts(self, table: T, pack: Pack) -> Iterator[Fact]:
        """The facts the kind derives, in the order the engine defines them."""
        return iter(())

    def rules(self, table: T) -> Iterator[RuleAt]:
        """Every rule of the table with its path and context, in evaluation order."""
        return iter(())

    def check(self, table: T, checks: Checks) -> Iterator[Problem]:
        """The kind's own checks beyond each rule's id and conditions."""
        return iter(())

    def finding_ids(self, table: T) -> Iterable[str]:
        """Ids a next step may address."""
        return ()

    def questions_read(self, table: T) -> Iterable[str]:
        """Questions the table reads other than through rule conditions."""
        return ()

    # -- the engine ------------------------------------------------------------------------------
    @abstractmethod
    def compile(self, table: T, pack: Pack, program: Program) -> C:
        """Compile the table's rules into `program`; return what `evaluate` and `build` read."""

    @abstractmethod
    def evaluate(self, compiled: C, table: T, run: Run) -> None:
        """Evaluate the rules over the run's frame and set the kind's facts."""

    @abstractmethod
    def build(self, compiled: C, table: T, view: RowView, parts: dict[str, Any]) -> None:
        """Add the kind's findings to `parts`, the keyword arguments of the `Assessment`."""


def duplicates(doc: Document, key: str, items: list[Any], attr: str = "id") -> Iterator[Problem]:
    """Ids that the engine keys tables by must be unique, or one definition hides another."""
    seen: dict[Any, int] = {}
    for i, item in enumerate(items):
        value = getattr(item, attr)
        if value in seen:
            where = Where(doc, (key, i), f"{key}.{value}")
            yield where.problem(
                f"'{value}' is defined twice in '{key}' (first at line "
                f"{doc.line((key, seen[value]))})",
                attr,
            )
        else:
            seen[value] = i


def unknown(what: str, value: str, known: Iterable[str], plural: str = "") -> str:
    """A message for an id the pack does not define, naming the ones it does."""
    return f"unknown {what} '{value}' ({plural or what + 's'}: {', '.join(known)})"
