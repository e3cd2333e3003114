"""What one run of the engine holds, and the steps every table kind evaluates with.

The table kinds (`assessment.kinds`) compile their rules into `RuleInfo`s and evaluate them with
a `Run`; the engine (`assessment.engine.evaluate`) only loops over the kinds. Both import this
module, so the kinds never import the engine that imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assessment.content.schema.common import SEVERITIES
from assessment.engine.conditions import Cache, Compiler, Node, Result
from assessment.engine.variables import BoolArray, FloatArray, Frame, IntArray, Var


@dataclass
class RuleInfo:
    id: str
    table: str
    node: Node
    rule: Any
    escalate: Node | None = None


# compiles one rule of a table into the engine's list of rules
AddRule = Callable[[str, Any], RuleInfo]


@dataclass
class Results:
    """Everything the engine derived, one entry per respondent in each array."""

    frame: Frame
    cache: Cache
    visible: dict[str, BoolArray]
    holds: dict[str, Result] = field(default_factory=dict)
    fired: dict[str, BoolArray] = field(default_factory=dict)
    severity: dict[str, IntArray] = field(default_factory=dict)
    dimensions: dict[str, FloatArray] = field(default_factory=dict)
    readiness: dict[str, FloatArray] = field(default_factory=dict)
    overall: FloatArray = field(default_factory=lambda: np.zeros(0))
    # the shown dimensions the overall readiness averages, one mask each
    counted: dict[str, BoolArray] = field(default_factory=dict)
    # rows where every rule of a first-match list is known to be false, by id() of the list
    exhausted: dict[int, BoolArray] = field(default_factory=dict)

    def fact(self, name: str, row: int) -> Any:
        return self.frame.values[f"fact:{name}"][row]


@dataclass
class Run:
    """One evaluation over a frame: the steps a table kind takes to derive its facts."""

    frame: Frame
    res: Results
    variables: dict[str, Var]

    @property
    def size(self) -> int:
        return self.frame.size

    def var(self, name: str) -> Var:
        return self.variables[f"fact:{name}"]

    def set_fact(self, name: str, array: Any, hidden: BoolArray | None = None) -> None:
        """Store a derived fact. `hidden`: where every question it is computed from was hidden
        (not asked, since it does not apply): tests on it are then known to be false, as on a
        hidden question, instead of undecided."""
        var = self.var(name)
        self.frame.set(var, array)
        if hidden is not None and hidden.any():
            self.frame.hidden[var.name] = hidden

    def hidden_all(self, names: Iterable[str]) -> BoolArray:
        """Where every one of these questions was hidden."""
        out = np.ones(self.size, dtype=bool)
        for name in names:
            out &= self.frame.hidden.get(name, np.zeros(self.size, dtype=bool))
        return out

    def eval(self, info: RuleInfo) -> Result:
        result = info.node.evaluate(self.frame, self.res.cache)
        self.res.holds[info.id] = result
        return result

    def first_match(self, rules: list[RuleInfo]) -> IntArray:
        """Index of the first rule that holds, -1 if none does. A rule left undecided by
        missing answers stops the search: a later rule cannot be trusted past it."""
        chosen = np.full(self.size, -1, dtype=np.int64)
        open_ = np.ones(self.size, dtype=bool)
        for i, info in enumerate(rules):
            value, known = self.eval(info)
            chosen[value & open_] = i
            open_ &= known & ~value
        for i, info in enumerate(rules):
            self.res.fired[info.id] = chosen == i
        self.res.exhausted[id(rules)] = open_
        return chosen

    def each(self, rules: list[RuleInfo], gate: BoolArray | None = None) -> None:
        """Every rule on its own: it fires where it holds (and the gate is open), with its
        severity raised one step where its `escalate` condition holds."""
        for info in rules:
            value, _ = self.eval(info)
            fired = value & gate if gate is not None else value
            self.res.fired[info.id] = fired
            base = SEVERITIES.index(getattr(info.rule, "severity", "medium"))
            severity = np.full(self.size, base, dtype=np.int64)
            if info.escalate is not None:
                up, _ = info.escalate.evaluate(self.frame, self.res.cache)
                severity = np.minimum(severity + up, len(SEVERITIES) - 1)
            self.res.severity[info.id] = severity

    def any_fired(self, rules: list[RuleInfo]) -> BoolArray:
        hit = np.zeros(self.size, dtype=bool)
        for r in rules:
            hit |= self.res.fired[r.id]
        return hit

    @staticmethod
    def codes(chosen: IntArray, outputs: list[int]) -> FloatArray:
        table = np.array([*outputs, np.nan], dtype=np.float64)
        return table[np.where(chosen >= 0, chosen, len(outputs))]

    def mask(self, fired: list[tuple[BoolArray, int]]) -> IntArray:
        mask = np.zeros(self.size, dtype=np.int64)
        for f, bit in fired:
            mask |= np.where(f, 1 << bit, 0)
        return mask


@dataclass
class Program:
    """The pack's rules as the table kinds compiled them, with what the evidence and the
    'not judged' list need to follow an undecided fact back to its rules."""

    compiler: Compiler
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    # tables where the first rule that holds decides
    first_match_lists: list[list[RuleInfo]] = field(default_factory=list)
    # fact -> the rules that derive it, and whether the first of them that holds decides
    derived_by: dict[str, tuple[list[RuleInfo], bool]] = field(default_factory=dict)
    # fact -> the questions it is computed from (scores), for facts no rule derives
    computed_from: dict[str, list[str]] = field(default_factory=dict)
    # rule id -> a yes/no fact; where it is not true, the rule being undecided does not count
    gated_by: dict[str, str] = field(default_factory=dict)

    def add(self, table: str, rule: Any) -> RuleInfo:
        escalate = getattr(rule, "escalate", None)
        info = RuleInfo(
            rule.id,
            table,
            self.compiler.compile(rule.when),
            rule,
            self.compiler.compile(escalate) if escalate is not None else None,
        )
        self.rules[rule.id] = info
        return info

    def first_match(
        self, table: str, rules: list[Any], derives: str | None = None
    ) -> list[RuleInfo]:
        """Compile a list whose first rule that holds decides, deriving the fact `derives`."""
        infos = [self.add(table, r) for r in rules]
        self.first_match_lists.append(infos)
        if derives is not None:
            self.derived_by[derives] = (infos, True)
        return infos

    def each(self, table: str, rules: list[Any]) -> list[RuleInfo]:
        """Compile a list whose rules each count on their own."""
        return [self.add(table, r) for r in rules]
