"""Rule tables (`rules/*.yaml`). Each file holds one table, named by its `table:` key.

The kinds of table and their models live in `assessment.kinds`, one module each; the union a
rules file is validated against and the tables' order are built here from the kinds' registry,
so a kind added there is known everywhere.
"""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Discriminator, Tag

from assessment.content.schema.rule import Finding, Graded, Rule
from assessment.kinds.registry import KINDS, TABLE_ORDER

__all__ = ["TABLE_ORDER", "Finding", "Graded", "Rule", "RuleTable"]


def _table_kind(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("table", "?"))
    return str(getattr(value, "table", "?"))


# one member per kind, tagged with its `table:` key, in the registry's order
RuleTable: Any = Annotated[
    Union[tuple(Annotated[kind.model, Tag(kind.name)] for kind in KINDS)],  # noqa: UP007
    Discriminator(_table_kind),
]
