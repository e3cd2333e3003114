"""The dimensions table: scores from 0 to 100 over weighted questions, one per dimension."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

import numpy as np
from pydantic import Field

from assessment.content.audience import SizedText
from assessment.content.model import Pack, choice_value, unknown_question
from assessment.content.schema.common import Id, Strict, Text
from assessment.engine import result as out
from assessment.engine.row import RowView, as_int
from assessment.engine.run import Program, Run
from assessment.engine.variables import FloatArray, Var
from assessment.errors import Problem
from assessment.i18n import N_
from assessment.kinds.base import Checks, Fact, Kind


class Item(Strict):
    q: Id
    weight: float = Field(default=1.0, gt=0)
    # for symptoms and risks: a higher answer means less ready
    invert: bool = False


class Dimension(Strict):
    id: Id
    label: Text
    # one text, or one version per audience
    description: SizedText
    items: list[Item] = Field(min_length=1)
    # false for helper scores that feed pivot point readiness but are not charted
    show: bool = True


class DimensionsTable(Strict):
    table: Literal["dimensions"]
    dimensions: list[Dimension] = Field(min_length=1)


# for each dimension: (var, weight, invert, value table for choice questions)
Compiled = dict[str, list[tuple[Var, float, bool, FloatArray | None]]]


class DimensionsKind(Kind[DimensionsTable, Compiled]):
    name = "dimensions"
    model = DimensionsTable
    template = "readiness.html.j2"

    def facts(self, table: DimensionsTable, pack: Pack) -> Iterator[Fact]:
        for dim in table.dimensions:
            yield Fact(
                f"score.{dim.id}",
                "pivot_points",
                "number",
                N_("Score: {id}"),
                lo=0,
                hi=100,
                subject=dim.id,
            )

    def finding_ids(self, table: DimensionsTable) -> Iterable[str]:
        return (d.id for d in table.dimensions)

    def questions_read(self, table: DimensionsTable) -> Iterable[str]:
        return (item.q for d in table.dimensions for item in d.items)

    def check(self, table: DimensionsTable, checks: Checks) -> Iterator[Problem]:
        pack = checks.pack
        dims: set[str] = set()
        for di, dim in enumerate(table.dimensions):
            where = checks.where(self.name, ("dimensions", di), f"dimensions.{dim.id}")
            if dim.id in dims:
                yield where.problem(f"duplicate dimension id '{dim.id}'", "id")
            dims.add(dim.id)
            for ii, item in enumerate(dim.items):
                q = pack.questions.get(item.q)
                if item.q in pack.broken:
                    continue
                if q is None:
                    yield where.problem(unknown_question(pack, item.q), "items", ii, "q")
                elif q.type == "multi" and all(c.exclusive for c in pack.choices(q)):
                    yield where.problem(
                        f"'{item.q}' has no choice but 'none of these' to count",
                        "items",
                        ii,
                        "q",
                    )
                elif q.type not in ("single", "multi", "scale", "yes_no"):
                    yield where.problem(
                        f"'{item.q}' is a {q.type} question; dimension items must be single, "
                        "multi, scale or yes_no questions",
                        "items",
                        ii,
                        "q",
                    )

    def compile(self, table: DimensionsTable, pack: Pack, program: Program) -> Compiled:
        out_: Compiled = {}
        for dim in table.dimensions:
            items = []
            for item in dim.items:
                q = pack.questions[item.q]
                values = None
                if q.type == "single":
                    choices = pack.choices(q)
                    values = np.array([choice_value(choices, i) for i in range(len(choices))])
                elif q.type == "multi":
                    # the bits of the choices that count: a multiple choice scores the share of
                    # them picked ("none of these" counts for nothing)
                    var = pack.variables[item.q]
                    values = np.array(
                        [1 << var.code(c.id) for c in pack.choices(q) if not c.exclusive],
                        dtype=np.int64,
                    )
                items.append((pack.variables[item.q], item.weight, item.invert, values))
            out_[dim.id] = items
            program.computed_from[f"score.{dim.id}"] = [item.q for item in dim.items]
        return out_

    def evaluate(self, compiled: Compiled, table: DimensionsTable, run: Run) -> None:
        frame, n = run.frame, run.size
        for dim_id, items in compiled.items():
            total = np.zeros(n)
            weights = np.zeros(n)
            for var, weight, invert, values in items:
                raw = frame.values[var.name].astype(np.float64)
                known = frame.answered(var)
                if values is not None and var.kind == "set":
                    mask = np.where(known, frame.values[var.name], 0).astype(np.int64)
                    bits = values.astype(np.int64)
                    x = np.bitwise_and(mask[:, None], bits[None, :]).astype(bool).sum(axis=1)
                    x = x / len(bits)
                elif values is not None:
                    x = values[np.where(known, raw, 0).astype(np.int64)]
                elif var.kind == "number":
                    lo = 0.0 if var.lo is None else var.lo
                    hi = 1.0 if var.hi is None else var.hi
                    x = (raw - lo) / (hi - lo) if hi > lo else np.ones(n)
                else:
                    x = raw
                x = np.asarray(x, dtype=np.float64)
                if invert:
                    x = 1.0 - x
                total += np.where(known, x * weight, 0.0)
                weights += np.where(known, weight, 0.0)
            with np.errstate(invalid="ignore", divide="ignore"):
                score = np.where(
                    weights > 0, 100.0 * total / np.where(weights > 0, weights, 1), np.nan
                )
            run.res.dimensions[dim_id] = score
            hidden = run.hidden_all(var.name for var, *_ in items)
            run.set_fact(f"score.{dim_id}", score, hidden=hidden)

    def build(
        self, compiled: Compiled, table: DimensionsTable, view: RowView, parts: dict[str, Any]
    ) -> None:
        dims = [
            out.DimensionScore(
                id=d.id,
                label=d.label,
                description=view.text(d.description),
                score=as_int(view.res.dimensions[d.id][view.row]),
                asked=any(view.visible(item.q) for item in d.items),
            )
            for d in table.dimensions
            if d.show
        ]
        # overall readiness weighs the pivot points; the engine has it by the time rows are built
        parts["readiness"] = out.Readiness(
            overall=as_int(view.res.overall[view.row]),
            dimensions=dims,
            counted=[
                d.id
                for d in table.dimensions
                if d.id in view.res.counted and view.res.counted[d.id][view.row]
            ],
        )
