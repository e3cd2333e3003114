"""Values the engine reasons about, stored column-wise so one pass scores many respondents.

Every question and every derived fact is a `Var`. A `Frame` holds one numpy array per var, one
entry per respondent:

- number, choice, bool, text: float64; a choice is its index in the domain, a bool 0/1, a text
  1 when given; NaN means unanswered (or hidden, or not derivable).
- set (multi choice, or a set fact): int64 bit mask over the domain; -1 means unanswered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

Kind = Literal["number", "choice", "bool", "set", "text"]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
MAX_SET = 62


@dataclass(frozen=True)
class Var:
    name: str
    kind: Kind
    domain: tuple[str, ...] = ()
    lo: float | None = None
    hi: float | None = None
    # choice: whether the domain runs in order, so that gte, lte and between mean something
    ordered: bool = True
    # choice: the "don't know" choices, stored as unanswered (NaN): no test holds or fails on
    # them, and no score counts them
    unknown: tuple[str, ...] = ()

    def code(self, choice: str) -> int:
        return self.domain.index(choice)

    def encode(self, value: Any) -> float | int:
        """One Python answer value (already validated) to its stored number."""
        if self.kind == "set":
            if value is None:
                return -1
            mask = 0
            for item in value:
                mask |= 1 << self.domain.index(item)
            return mask
        if value is None:
            return float("nan")
        if self.kind == "choice":
            if value in self.unknown:
                return float("nan")
            return float(self.domain.index(value))
        if self.kind == "bool":
            return 1.0 if value else 0.0
        if self.kind == "text":
            return 1.0 if str(value).strip() else float("nan")
        return float(value)

    def decode(self, stored: float | int) -> Any:
        """A stored number back to the value a reader understands (None when unknown)."""
        if self.kind == "set":
            mask = int(stored)
            if mask < 0:
                return None
            return [c for i, c in enumerate(self.domain) if mask >> i & 1]
        x = float(stored)
        if np.isnan(x):
            return None
        if self.kind == "choice":
            return self.domain[int(x)]
        if self.kind == "bool":
            return bool(x)
        if self.kind == "number":
            if self.name.startswith("fact:"):
                return int(round(x))  # scores and phases read as whole numbers
            return int(x) if x.is_integer() else round(x, 1)
        return True


@dataclass
class Frame:
    """Arrays of values, one row a respondent."""

    size: int
    values: dict[str, FloatArray | IntArray] = field(default_factory=dict)
    hidden: dict[str, BoolArray] = field(default_factory=dict)
    _known: dict[str, BoolArray] = field(default_factory=dict)

    def set(self, var: Var, array: FloatArray | IntArray) -> None:
        self.values[var.name] = array
        self._known.pop(var.name, None)

    def answered(self, var: Var) -> BoolArray:
        """Where the value is present."""
        array = self.values[var.name]
        result: BoolArray = array >= 0 if var.kind == "set" else ~np.isnan(array)
        return result

    def known(self, var: Var) -> BoolArray:
        """Where a test on the value is decided: answered, or hidden (a hidden question is
        known not to apply, so every test on it but `answered: false` is false)."""
        cached = self._known.get(var.name)
        if cached is None:
            cached = self.answered(var)
            hidden = self.hidden.get(var.name)
            if hidden is not None:
                cached = cached | hidden
            self._known[var.name] = cached
        return cached

    def hide(self, var: Var, mask: BoolArray) -> None:
        """Blank the values where `mask` holds and remember that they are hidden."""
        array = self.values[var.name].copy()
        array[mask] = -1 if var.kind == "set" else np.nan
        self.hidden[var.name] = mask
        self.set(var, array)

    def take(self, var: Var, row: int) -> Any:
        return var.decode(self.values[var.name][row])


def empty(var: Var, size: int) -> FloatArray | IntArray:
    if var.kind == "set":
        return np.full(size, -1, dtype=np.int64)
    return np.full(size, np.nan, dtype=np.float64)


def encode_rows(vars_: Sequence[Var], rows: Iterable[Mapping[str, Any]]) -> Frame:
    """Validated answer dicts (question id -> Python value) to a frame."""
    rows = list(rows)
    frame = Frame(len(rows))
    for var in vars_:
        if var.kind == "set":
            frame.set(var, np.array([var.encode(r.get(var.name)) for r in rows], dtype=np.int64))
        else:
            frame.set(var, np.array([var.encode(r.get(var.name)) for r in rows], dtype=np.float64))
    return frame
