"""The crosswalk files of a pack: the catalogue of external items (laws, standards, frameworks)
the pack maps to, and the mapping from the pack's findings and practices to those items.

Both live in the pack's `crosswalk/` folder (`catalogue.yaml`, `mapping.yaml`); a pack without
the folder has no crosswalk. Every text is the pack's own words: facts and identifiers only,
never a standard's text.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from assessment.content.schema.common import TRANSLATABLE, Id, Plain, Strict, Text

# how a finding or practice of the pack relates to an external item, read "source <relation>
# target": equal (the same), subset (the source covers part of the item), superset (the source
# covers the item and more), intersect (they overlap, each with parts the other lacks)
Relation = Literal["equal", "subset", "superset", "intersect"]
RELATIONS: tuple[str, ...] = ("equal", "subset", "superset", "intersect")

# what a mapping's source names: a compliance gap, a question (practices, training, the
# regulator's questions), a metric, a next step, or any other finding by id
SOURCE_KINDS: tuple[str, ...] = ("gap", "question", "metric", "step", "finding")
_SOURCE = re.compile(r"^(gap|question|metric|step|finding):[A-Za-z0-9][A-Za-z0-9_-]*$")


def _source(value: str) -> str:
    if not _SOURCE.match(value):
        raise ValueError(
            f"'{value}' names no kind of source: write gap:<id>, question:<id>, metric:<id>, "
            "step:<id> or finding:<id>"
        )
    return value


Source = Annotated[str, AfterValidator(_source)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Scope(Strict):
    """To whom and when a group of items applies, stated once and shown with each reference."""

    id: Id
    # the scope rule in a sentence, shown wherever an item with this scope is cited
    rule: Text
    # the question that decides whether the scope holds for an organisation, and the answers
    # that make it hold (yes/no questions: true or false); no question: it always holds
    question: Id | None = None
    answers: list[str | bool] = Field(default_factory=list)
    # a voluntary framework applies only where the organisation adopts it
    voluntary: bool = False
    # with no question: true when the scope holds for everyone, false when the answers cannot
    # tell (the organisation checks it for itself)
    always: bool = False


Urn = Annotated[
    str, StringConstraints(pattern=r"^urn:[a-z0-9_.-]+(:[a-z0-9_.-]+)+$", max_length=255)
]


class Item(Strict):
    id: Id
    # the framework's own identifier, as a reader finds it in the source (Art. 4, A.6.2.8)
    ref: Short
    title: Annotated[Short, TRANSLATABLE]
    description: Text
    scope: Id
    # the day the item applies from, where the source sets one
    applies_from: dt.date | None = None
    # the item's requirement node in CISO Assistant's library of the framework, if it has one
    urn: Urn | None = None


class CisoLibrary(Strict):
    """Where CISO Assistant's library of a framework is: its URN and its framework's."""

    library: Urn
    framework: Urn


class Framework(Strict):
    id: Id
    name: Short
    # where the identifiers come from: the publication, its version and how it may be used
    source: Plain
    version: Short
    licence: Plain
    url: Short | None = None
    ciso_assistant: CisoLibrary | None = None
    items: list[Item] = Field(min_length=1)


class Catalogue(Strict):
    scopes: list[Scope] = Field(min_length=1)
    frameworks: list[Framework] = Field(min_length=1)


class Mapping(Strict):
    source: Source
    target: Id
    relation: str  # one of RELATIONS; checked by the loader, which names the four
    reason: Text


class MappingFile(Strict):
    mappings: list[Mapping] = Field(min_length=1)
