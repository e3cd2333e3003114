"""Run a pack's rule tables over a frame of respondents, all at once.

`Engine(pack)` compiles every condition once. `Engine.run(frame)` evaluates the tables in the
kinds' registry order (`assessment.kinds.registry.KINDS`), each kind writing its facts into the
frame for the tables after it. The result holds arrays; `assessment.engine.build` turns one row
into an `Assessment`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from assessment.content.model import Pack
from assessment.content.schema.conditions import Leaf
from assessment.engine.conditions import Compiler, Node
from assessment.engine.run import Program, Results, RuleInfo, Run
from assessment.engine.variables import BoolArray, Frame, Var
from assessment.kinds.registry import KINDS

__all__ = ["Engine", "Results", "RuleInfo", "leaf_subject"]


class Engine:
    """A pack compiled for evaluation; build once, run many times."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        compiler = Compiler(pack.variables)
        self.program = Program(compiler)
        self.visibility: list[tuple[Var, Node]] = []
        for section in pack.questionnaire.sections:
            section_node = compiler.compile(section.visible_if) if section.visible_if else None
            for question in section.questions:
                nodes = [n for n in (section_node,) if n is not None]
                if question.visible_if is not None:
                    nodes.append(compiler.compile(question.visible_if))
                for node in nodes:
                    self.visibility.append((pack.variables[question.id], node))
        # what each kind compiled, by the kind's name
        self.compiled: dict[str, Any] = {
            kind.name: kind.compile(kind.table(pack), pack, self.program) for kind in KINDS
        }

    @property
    def rules(self) -> dict[str, RuleInfo]:
        """Every rule, in evaluation order."""
        return self.program.rules

    @property
    def first_match_lists(self) -> list[list[RuleInfo]]:
        """The lists where the first rule that holds decides."""
        return self.program.first_match_lists

    @property
    def step_rules(self) -> list[RuleInfo]:
        """The next steps' rules (read by services/scoring.py's summary table)."""
        return self.compiled["next_steps"]  # type: ignore[no-any-return]

    def apply_visibility(self, frame: Frame) -> dict[str, BoolArray]:
        """Hide answers to questions whose conditions do not hold; returns visibility masks."""
        visible: dict[str, BoolArray] = {}
        for var, node in self.visibility:
            value, _ = node.evaluate(frame, {})
            mask = visible.get(var.name, np.ones(frame.size, dtype=bool)) & value
            visible[var.name] = mask
            frame.hide(var, ~mask)
        return visible

    def run(self, frame: Frame) -> Results:
        visible = self.apply_visibility(frame)
        res = Results(frame=frame, cache={}, visible=visible)
        run = Run(frame, res, self.pack.variables)
        for kind in KINDS:
            kind.evaluate(self.compiled[kind.name], kind.table(self.pack), run)
        return res


def leaf_subject(leaf: Leaf) -> str:
    return leaf.q if leaf.q is not None else f"fact:{leaf.fact}"
