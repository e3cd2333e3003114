"""A loaded pack and the places in its files, apart from the loader.

The table kinds (`assessment.kinds`) read a `Pack` and point at `Where` places, and the loader
(`assessment.content.pack`) builds a `Pack` from the kinds' registry; keeping the data here lets
both import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessment.content.schema.cases import Case
from assessment.content.schema.crosswalk import Catalogue, Framework, Item, MappingFile, Scope
from assessment.content.schema.questionnaire import Choice, PackInfo, Question, Questionnaire
from assessment.content.yaml_io import Document
from assessment.engine.variables import Var
from assessment.errors import Problem, did_you_mean

if TYPE_CHECKING:  # the typed table accessors only; the kinds import this module
    from assessment.kinds.compliance import ComplianceTable
    from assessment.kinds.dimensions import DimensionsTable
    from assessment.kinds.metrics import MetricsTable
    from assessment.kinds.mistakes import MistakesTable
    from assessment.kinds.next_steps import NextStepsTable
    from assessment.kinds.patterns import PatternsTable
    from assessment.kinds.pivot_points import PivotPointsTable
    from assessment.kinds.stage import StageTable
    from assessment.kinds.strategy import StrategyTable
    from assessment.kinds.symptoms import SymptomsTable


@dataclass(frozen=True)
class Where:
    """A place in a pack file, for messages."""

    doc: Document
    path: tuple[str | int, ...]
    label: str

    def problem(self, message: str, *more: str | int) -> Problem:
        return Problem(self.doc.file, self.doc.line((*self.path, *more)), self.label, message)


@dataclass
class Crosswalk:
    """The pack's catalogue of external items and its mapping to them (`crosswalk/`)."""

    catalogue: Catalogue
    mapping: MappingFile
    catalogue_doc: Document
    mapping_doc: Document
    # each item with its framework, by the item's id, in catalogue order
    items: dict[str, tuple[Framework, Item]] = field(default_factory=dict)
    scopes: dict[str, Scope] = field(default_factory=dict)


@dataclass
class Pack:
    root: Path
    info: PackInfo
    questionnaire: Questionnaire
    tables: dict[str, Any]
    cases: list[tuple[Where, Case]] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    # section id of each question, and the section's visibility condition if any
    section_of: dict[str, str] = field(default_factory=dict)
    variables: dict[str, Var] = field(default_factory=dict)
    fact_context: dict[str, str] = field(default_factory=dict)
    # how evidence names each fact ("Stage today", "PP1 readiness", ...)
    fact_label: dict[str, str] = field(default_factory=dict)
    # the id a fact's label names in its `{id}` ("PP1" in "PP1 readiness")
    fact_subject: dict[str, str] = field(default_factory=dict)
    places: dict[str, Where] = field(default_factory=dict)
    # each rule table's file, by its kind
    docs: dict[str, Document] = field(default_factory=dict)
    # questions that failed their own checks: references to them are not reported again
    broken: set[str] = field(default_factory=set)
    # the external items the pack maps to, when it has a crosswalk/ folder
    crosswalk: Crosswalk | None = None
    # the language of its texts: the source's ("en"), or one its translations give
    language: str = "en"
    # the translation that gave its texts, if any (`translations.Language`): a problem with a
    # translated text is named at the translation file's line (`blame`)
    translation: Any = None

    def blame_at(self, problem: Problem, path: tuple[str | int, ...]) -> Problem:
        """A problem with the text at `path` of its file, named at the translation's line
        when a translation gave that text."""
        if self.translation is None:
            return problem
        return self.translation.blame_at(problem, path)  # type: ignore[no-any-return]

    @property
    def stage(self) -> StageTable:
        return self.tables["stage"]  # type: ignore[no-any-return]

    @property
    def dimensions(self) -> DimensionsTable:
        return self.tables["dimensions"]  # type: ignore[no-any-return]

    @property
    def pivot_points(self) -> PivotPointsTable:
        return self.tables["pivot_points"]  # type: ignore[no-any-return]

    @property
    def symptoms(self) -> SymptomsTable:
        return self.tables["symptoms"]  # type: ignore[no-any-return]

    @property
    def mistakes(self) -> MistakesTable:
        return self.tables["mistakes"]  # type: ignore[no-any-return]

    @property
    def patterns(self) -> PatternsTable:
        return self.tables["patterns"]  # type: ignore[no-any-return]

    @property
    def metrics(self) -> MetricsTable:
        return self.tables["metrics"]  # type: ignore[no-any-return]

    @property
    def compliance(self) -> ComplianceTable:
        return self.tables["compliance"]  # type: ignore[no-any-return]

    @property
    def strategy(self) -> StrategyTable:
        return self.tables["strategy"]  # type: ignore[no-any-return]

    @property
    def next_steps(self) -> NextStepsTable:
        return self.tables["next_steps"]  # type: ignore[no-any-return]

    @property
    def pivot_point_ids(self) -> tuple[str, ...]:
        """The pivot points the pack defines, in the table's order."""
        return tuple(pp.id for pp in self.pivot_points.pivot_points)

    @property
    def stages(self) -> tuple[str, ...]:
        """The framework's stages in order, as the stage table lists them."""
        return tuple(self.stage.stages)

    def choices(self, question: Question) -> list[Choice]:
        if isinstance(question.choices, str):
            return self.questionnaire.choice_sets.get(question.choices, [])
        return list(question.choices or [])

    def question_vars(self) -> list[Var]:
        return [self.variables[q] for q in self.questions]


def choice_value(choices: list[Choice], index: int) -> float:
    """A choice's place on the 0..1 readiness scale: its `value` scaled between the list's
    lowest and highest, or its position when the list gives no values (lint: all or none).
    A "don't know" choice has no place (NaN), and the others are placed without it."""
    if choices[index].unknown:
        return float("nan")
    scored = [c for c in choices if not c.unknown]
    at = scored.index(choices[index])
    if all(c.value is not None for c in scored):
        values = [float(c.value) for c in scored if c.value is not None]
        lo, hi = min(values), max(values)
        return 0.0 if hi == lo else (values[at] - lo) / (hi - lo)
    return at / (len(scored) - 1) if len(scored) > 1 else 1.0


def all_question_ids(pack: Pack) -> list[str]:
    return [q.id for s in pack.questionnaire.sections for q in s.questions]


def unknown_question(pack: Pack, qid: str) -> str:
    hint = did_you_mean(qid, all_question_ids(pack), cutoff=0.6)
    return f"unknown question '{qid}'{hint}"
