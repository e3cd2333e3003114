"""The registry of rule-table kinds, in evaluation order: the one list the loader, the engine
and the renderers loop over. A kind's place here is the order its table runs in, the order its
facts become usable, and the order of its part in the report."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assessment.content.model import Pack
from assessment.kinds.base import Kind, RuleAt
from assessment.kinds.compliance import ComplianceKind
from assessment.kinds.dimensions import DimensionsKind
from assessment.kinds.metrics import MetricsKind
from assessment.kinds.mistakes import MistakesKind
from assessment.kinds.next_steps import NextStepsKind
from assessment.kinds.patterns import PatternsKind
from assessment.kinds.pivot_points import PivotPointsKind
from assessment.kinds.stage import StageKind
from assessment.kinds.strategy import StrategyKind
from assessment.kinds.symptoms import SymptomsKind

KINDS: tuple[Kind[Any, Any], ...] = (
    StageKind(),
    DimensionsKind(),
    PivotPointsKind(),
    SymptomsKind(),
    MistakesKind(),
    PatternsKind(),
    MetricsKind(),
    ComplianceKind(),
    StrategyKind(),
    NextStepsKind(),
)

BY_NAME: dict[str, Kind[Any, Any]] = {kind.name: kind for kind in KINDS}

TABLE_ORDER: tuple[str, ...] = tuple(kind.name for kind in KINDS)

# Where each part of a pack may test facts: a fact is usable from its context on.
CONTEXTS: tuple[str, ...] = tuple(context for kind in KINDS for context in kind.contexts)


def iter_rules(pack: Pack) -> Iterator[tuple[str, Any]]:
    """Every rule of the pack with its id, in evaluation order."""
    for kind in KINDS:
        for at in kind.rules(kind.table(pack)):
            yield at.rule.id, at.rule


def iter_rules_at(pack: Pack) -> Iterator[tuple[Kind[Any, Any], RuleAt]]:
    """Every rule of the pack with its kind, place and context, in evaluation order."""
    for kind in KINDS:
        for at in kind.rules(kind.table(pack)):
            yield kind, at
