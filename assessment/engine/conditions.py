"""Conditions compiled once into vectorised, three-valued tests.

A compiled condition maps a `Frame` to two boolean arrays: `value` (true where the condition
holds) and `known` (false where missing answers leave it undecided). `value` is always false
where `known` is false. `all` is false once a part is false; `any` is true once a part is true;
`not` of unknown stays unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from assessment.content.schema.conditions import All, Any_, Leaf, Not
from assessment.engine.variables import BoolArray, Frame, Var

Result = tuple[BoolArray, BoolArray]
Cache = dict[int, Result]

_NUMBER_OPS = ("eq", "in", "gte", "lte", "between")
_ALLOWED: dict[str, tuple[str, ...]] = {
    "number": (*_NUMBER_OPS, "answered"),
    "choice": ("eq", "in", "gte", "lte", "between", "answered"),
    "bool": ("eq", "answered"),
    "set": ("contains", "answered"),
    "text": ("answered",),
}


def _kind_name(var: Var) -> str:
    return {
        "number": "a number",
        "choice": "a single choice",
        "bool": "a yes/no",
        "set": "a multiple choice",
        "text": "a free-text",
    }[var.kind]


def check_leaf(leaf: Leaf, var: Var) -> str | None:
    """Why `leaf` cannot work on `var`, or None if it can."""
    op, value = leaf.op, leaf.value
    what = f"'{var.name}' is {_kind_name(var)} {'fact' if leaf.fact else 'question'}"
    if op not in _ALLOWED[var.kind]:
        allowed = ", ".join(_ALLOWED[var.kind])
        return f"'{op}' does not apply: {what}; use {allowed}"
    if op == "answered":
        if leaf.fact is not None:
            return "'answered' applies to questions, not facts"
        return None
    values: list[Any] = list(value) if isinstance(value, list | tuple) else [value]
    if var.kind == "number":
        for v in values:
            if isinstance(v, bool) or not isinstance(v, int | float):
                return f"{what}; compare it with numbers, not {v!r}"
        if op == "between" and values[0] > values[1]:
            return f"'between' bounds are reversed: {values[0]} > {values[1]}"
        return _range_problem(op, values, var)
    if var.kind == "bool":
        if not isinstance(value, bool):
            return f"{what}; compare it with true or false, not {value!r}"
        return None
    if op in ("gte", "lte", "between") and not var.ordered:
        unordered = "whose choices are marked 'ordered: false'; use eq or in"
        return f"'{op}' does not apply: {what} {unordered}"
    for v in values:
        if not isinstance(v, str):
            return f"{what}; compare it with choice ids, not the {type(v).__name__} {v!r}"
        if v not in var.domain:
            return f"'{v}' is not a choice of '{var.name}' (choices: {', '.join(var.domain)})"
    if op == "between" and var.domain.index(values[0]) > var.domain.index(values[1]):
        return f"'between' bounds are in reverse choice order: {values[0]} comes after {values[1]}"
    return None


def _range_problem(op: str, values: list[Any], var: Var) -> str | None:
    lo = var.lo if var.lo is not None else -np.inf
    hi = var.hi if var.hi is not None else np.inf
    v = values[0]
    if op == "gte" and v > hi:
        return f"can never hold: '{var.name}' is at most {hi:g}"
    if op == "lte" and v < lo:
        return f"can never hold: '{var.name}' is at least {lo:g}"
    if op == "eq" and not lo <= v <= hi:
        return f"can never hold: '{var.name}' lies between {lo:g} and {hi:g}"
    if op == "in" and not any(lo <= x <= hi for x in values):
        return f"can never hold: '{var.name}' lies between {lo:g} and {hi:g}"
    if op == "between" and (values[0] > hi or values[1] < lo):
        return f"can never hold: '{var.name}' lies between {lo:g} and {hi:g}"
    return None


@dataclass(frozen=True)
class Node:
    """A compiled condition; `source` is the schema object it came from."""

    source: Leaf | All | Any_ | Not
    children: tuple[Node, ...]
    var: Var | None
    test: Callable[[Frame], Result] | None
    # for leaves, worked out once: the question or fact tested and the test in words
    question: str | None = None
    fact: str | None = None
    words: str = ""

    def evaluate(self, frame: Frame, cache: Cache) -> Result:
        key = id(self)
        hit = cache.get(key)
        if hit is not None:
            return hit
        result = self._evaluate(frame, cache)
        cache[key] = result
        return result

    def _evaluate(self, frame: Frame, cache: Cache) -> Result:
        if self.test is not None:
            return self.test(frame)
        parts = [c.evaluate(frame, cache) for c in self.children]
        if isinstance(self.source, Not):
            value, known = parts[0]
            return known & ~value, known
        conjunction = isinstance(self.source, All)
        value, known = parts[0]
        false = known & ~value
        for v, k in parts[1:]:
            if conjunction:
                value = value & v
                false = false | (k & ~v)
            else:
                value = value | v
                false = false & (k & ~v)
        return value, value | false


class Compiler:
    """Compiles conditions against a fixed set of variables, sharing identical leaves."""

    def __init__(self, variables: Mapping[str, Var]) -> None:
        self.variables = variables
        self._leaves: dict[tuple[Any, ...], Node] = {}

    def compile(self, cond: Leaf | All | Any_ | Not) -> Node:
        if isinstance(cond, All):
            return Node(cond, tuple(self.compile(c) for c in cond.all), None, None)
        if isinstance(cond, Any_):
            return Node(cond, tuple(self.compile(c) for c in cond.any), None, None)
        if isinstance(cond, Not):
            return Node(cond, (self.compile(cond.not_),), None, None)
        name = cond.q if cond.q is not None else f"fact:{cond.fact}"
        value = cond.value
        signature = (name, cond.op, tuple(value) if isinstance(value, list | tuple) else value)
        node = self._leaves.get(signature)
        if node is None:
            var = self.variables[name]
            problem = check_leaf(cond, var)
            if problem:
                raise ValueError(f"{name}: {problem}")
            node = Node(
                cond, (), var, _leaf_test(var, cond.op, value), cond.q, cond.fact, cond.describe()
            )
            self._leaves[signature] = node
        return node


def _leaf_test(var: Var, op: str, value: Any) -> Callable[[Frame], Result]:
    if op == "answered":
        want = bool(value)

        def answered(frame: Frame) -> Result:
            given = frame.answered(var)
            return (given if want else ~given), np.ones(frame.size, dtype=bool)

        return answered

    if var.kind == "set":
        items = value if isinstance(value, list) else [value]
        mask = 0
        for item in items:
            mask |= 1 << var.code(item)

        def contains(frame: Frame) -> Result:
            known = frame.known(var)
            values = frame.values[var.name].astype(np.int64)
            # unanswered or hidden is stored as -1, every bit set: it contains nothing
            return known & (values >= 0) & ((values & mask) == mask), known

        return contains

    def number(v: Any) -> float:
        if var.kind == "choice":
            return float(var.code(v))
        if var.kind == "bool":
            return 1.0 if v else 0.0
        return float(v)

    targets = [number(v) for v in value] if op == "in" else []

    def compare(frame: Frame) -> Result:
        array = frame.values[var.name]
        known = frame.known(var)
        if op == "eq":
            hit = array == number(value)
        elif op == "in":
            hit = array == targets[0]
            for t in targets[1:]:
                hit = hit | (array == t)
        elif op == "gte":
            hit = array >= number(value)
        elif op == "lte":
            hit = array <= number(value)
        else:
            hit = (array >= number(value[0])) & (array <= number(value[1]))
        return hit & known, known

    return compare
