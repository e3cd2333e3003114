"""Run a pack's rule tables over a frame of respondents, all at once.

`Engine(pack)` compiles every condition once. `Engine.run(frame)` evaluates the tables in their
fixed order (stage, dimensions, pivot points, symptoms, mistakes, patterns, metrics, compliance,
strategy, next steps), writing each table's facts into the frame for the tables after it. The
result holds arrays; `assessment.engine.build` turns one row into an `Assessment`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assessment.content.pack import Pack, choice_value
from assessment.content.schema.common import SEVERITIES, STAGES, STATUSES, STRATEGIES
from assessment.content.schema.conditions import Leaf
from assessment.engine.conditions import Cache, Compiler, Node, Result
from assessment.engine.variables import BoolArray, FloatArray, Frame, IntArray, Var

_READY_STATUSES = ("crossed-ready", "crossed-unprepared", "approaching")


@dataclass
class RuleInfo:
    id: str
    table: str
    node: Node
    rule: Any
    escalate: Node | None = None


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
    # rows where every rule of a first-match list is known to be false, by id() of the list
    exhausted: dict[int, BoolArray] = field(default_factory=dict)

    def fact(self, name: str, row: int) -> Any:
        return self.frame.values[f"fact:{name}"][row]


class Engine:
    """A pack compiled for evaluation; build once, run many times."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        compiler = Compiler(pack.variables)
        self.rules: dict[str, RuleInfo] = {}
        self.visibility: list[tuple[Var, Node]] = []
        for section in pack.questionnaire.sections:
            section_node = compiler.compile(section.visible_if) if section.visible_if else None
            for question in section.questions:
                nodes = [n for n in (section_node,) if n is not None]
                if question.visible_if is not None:
                    nodes.append(compiler.compile(question.visible_if))
                for node in nodes:
                    self.visibility.append((pack.variables[question.id], node))

        def add(table: str, rule: Any) -> RuleInfo:
            escalate = getattr(rule, "escalate", None)
            info = RuleInfo(
                rule.id,
                table,
                compiler.compile(rule.when),
                rule,
                compiler.compile(escalate) if escalate is not None else None,
            )
            self.rules[rule.id] = info
            return info

        self.stage_current = [add("stage", r) for r in pack.stage.current]
        self.stage_planned = [add("stage", r) for r in pack.stage.planned]
        self.pp_status = {
            pp.id: [add("pivot_points", r) for r in pp.status]
            for pp in pack.pivot_points.pivot_points
        }
        self.symptom_rules = [add("symptoms", r) for r in pack.symptoms.rules]
        self.mistake_rules = [add("mistakes", r) for r in pack.mistakes.rules]
        self.pattern_rules = {
            p.id: [add("patterns", r) for r in p.rules] for p in pack.patterns.patterns
        }
        self.metric_rules = {
            m.id: [add("metrics", r) for r in m.rules] for m in pack.metrics.metrics
        }
        self.applicable_rules = [add("compliance", r) for r in pack.compliance.applicable]
        self.gap_rules = {
            g.id: [add("compliance", r) for r in g.rules] for g in pack.compliance.gaps
        }
        self.choose_rules = [add("strategy", r) for r in pack.strategy.choose]
        self.phase_rules = [add("strategy", r) for r in pack.strategy.phase]
        self.note_rules = [add("strategy", r) for r in pack.strategy.notes]
        self.step_rules = [add("next_steps", r) for r in pack.next_steps.steps]
        # tables where the first rule that holds decides
        self.first_match_lists: list[list[RuleInfo]] = [
            self.stage_current,
            self.stage_planned,
            *self.pp_status.values(),
            *self.pattern_rules.values(),
            self.choose_rules,
            self.phase_rules,
        ]
        self._dimension_lookup = self._prepare_dimensions()

    # -- helpers ---------------------------------------------------------------------------------
    def _prepare_dimensions(self) -> dict[str, list[tuple[Var, float, bool, FloatArray | None]]]:
        """For each dimension: (var, weight, invert, value table for choice questions)."""
        out: dict[str, list[tuple[Var, float, bool, FloatArray | None]]] = {}
        for dim in self.pack.dimensions.dimensions:
            items = []
            for item in dim.items:
                q = self.pack.questions[item.q]
                table = None
                if q.type == "single":
                    choices = self.pack.choices(q)
                    table = np.array([choice_value(choices, i) for i in range(len(choices))])
                items.append((self.pack.variables[item.q], item.weight, item.invert, table))
            out[dim.id] = items
        return out

    def _var(self, name: str) -> Var:
        return self.pack.variables[f"fact:{name}"]

    def _set_fact(self, frame: Frame, name: str, array: Any) -> None:
        frame.set(self._var(name), array)

    def _eval(self, info: RuleInfo, frame: Frame, res: Results) -> Result:
        result = info.node.evaluate(frame, res.cache)
        res.holds[info.id] = result
        return result

    def _first_match(self, rules: list[RuleInfo], frame: Frame, res: Results) -> IntArray:
        """Index of the first rule that holds, -1 if none does. A rule left undecided by
        missing answers stops the search: a later rule cannot be trusted past it."""
        chosen = np.full(frame.size, -1, dtype=np.int64)
        open_ = np.ones(frame.size, dtype=bool)
        for i, info in enumerate(rules):
            value, known = self._eval(info, frame, res)
            chosen[value & open_] = i
            open_ &= known & ~value
        for i, info in enumerate(rules):
            res.fired[info.id] = chosen == i
        res.exhausted[id(rules)] = open_
        return chosen

    def _each(
        self, rules: list[RuleInfo], frame: Frame, res: Results, gate: BoolArray | None = None
    ) -> None:
        for info in rules:
            value, _ = self._eval(info, frame, res)
            fired = value & gate if gate is not None else value
            res.fired[info.id] = fired
            base = SEVERITIES.index(getattr(info.rule, "severity", "medium"))
            severity = np.full(frame.size, base, dtype=np.int64)
            if info.escalate is not None:
                up, _ = info.escalate.evaluate(frame, res.cache)
                severity = np.minimum(severity + up, len(SEVERITIES) - 1)
            res.severity[info.id] = severity

    @staticmethod
    def _codes(chosen: IntArray, outputs: list[int]) -> FloatArray:
        table = np.array([*outputs, np.nan], dtype=np.float64)
        return table[np.where(chosen >= 0, chosen, len(outputs))]

    @staticmethod
    def _mask(fired: list[tuple[BoolArray, int]], size: int) -> IntArray:
        mask = np.zeros(size, dtype=np.int64)
        for f, bit in fired:
            mask |= np.where(f, 1 << bit, 0)
        return mask

    # -- the run ---------------------------------------------------------------------------------
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
        pack, n = self.pack, frame.size

        # stage
        for name, rules in (("stage", self.stage_current), ("planned_stage", self.stage_planned)):
            chosen = self._first_match(rules, frame, res)
            stages = [STAGES.index(r.rule.stage) for r in rules]
            self._set_fact(frame, name, self._codes(chosen, stages))

        # dimensions
        for dim_id, items in self._dimension_lookup.items():
            total = np.zeros(n)
            weights = np.zeros(n)
            for var, weight, invert, table in items:
                raw = frame.values[var.name].astype(np.float64)
                known = frame.answered(var)
                if table is not None:
                    x = table[np.where(known, raw, 0).astype(np.int64)]
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
            res.dimensions[dim_id] = score
            self._set_fact(frame, f"score.{dim_id}", score)

        # pivot points
        for pp in pack.pivot_points.pivot_points:
            total = np.zeros(n)
            weights = np.zeros(n)
            for w in pp.readiness:
                score = res.dimensions[w.score]
                known = ~np.isnan(score)
                total += np.where(known, score * w.weight, 0.0)
                weights += np.where(known, w.weight, 0.0)
            readiness = np.where(weights > 0, total / np.where(weights > 0, weights, 1), np.nan)
            res.readiness[pp.id] = readiness
            self._set_fact(frame, f"{pp.id}.readiness", readiness)
        for pp in pack.pivot_points.pivot_points:
            rules = self.pp_status[pp.id]
            chosen = self._first_match(rules, frame, res)
            statuses = [STATUSES.index(r.rule.status) for r in rules]
            self._set_fact(frame, f"{pp.id}.status", self._codes(chosen, statuses))
        res.overall = self._overall(frame, res)

        # symptoms and mistakes
        self._each(self.symptom_rules, frame, res)
        domain = self._var("symptoms").domain
        self._set_fact(
            frame,
            "symptoms",
            self._mask(
                [(res.fired[r.id], domain.index(r.rule.symptom)) for r in self.symptom_rules], n
            ),
        )
        self._each(self.mistake_rules, frame, res)
        domain = self._var("mistakes").domain
        self._set_fact(
            frame,
            "mistakes",
            self._mask(
                [(res.fired[r.id], domain.index(r.rule.mistake)) for r in self.mistake_rules], n
            ),
        )

        # patterns
        for pattern_id, rules in self.pattern_rules.items():
            chosen = self._first_match(rules, frame, res)
            var = self._var(f"pattern.{pattern_id}")
            codes = self._codes(chosen, [var.code(r.rule.status) for r in rules])
            # no rule holds and none is undecided: the pattern is known not to apply
            codes[res.exhausted[id(rules)]] = var.code("none")
            self._set_fact(frame, f"pattern.{pattern_id}", codes)

        # metrics
        for rules in self.metric_rules.values():
            self._each(rules, frame, res)
        for kind, fact in (
            ("outcome", "metrics.recommended"),
            ("misleading", "metrics.misleading"),
        ):
            domain = self._var(fact).domain
            pairs = []
            for metric in pack.metrics.metrics:
                if metric.kind == kind:
                    hit = np.zeros(n, dtype=bool)
                    for r in self.metric_rules[metric.id]:
                        hit |= res.fired[r.id]
                    pairs.append((hit, domain.index(metric.id)))
            self._set_fact(frame, fact, self._mask(pairs, n))

        # compliance: gaps count only where compliance applies
        self._each(self.applicable_rules, frame, res)
        applicable = np.zeros(n, dtype=bool)
        decided = np.ones(n, dtype=bool)
        for r in self.applicable_rules:
            value, known = res.holds[r.id]
            applicable |= value
            decided &= known
        decided |= applicable
        self._set_fact(
            frame, "compliance.applicable", np.where(decided, applicable.astype(np.float64), np.nan)
        )
        gap_domain = self._var("gaps").domain
        pairs = []
        for gap_id, rules in self.gap_rules.items():
            self._each(rules, frame, res, gate=applicable)
            hit = np.zeros(n, dtype=bool)
            for r in rules:
                hit |= res.fired[r.id]
            pairs.append((hit, gap_domain.index(gap_id)))
        self._set_fact(frame, "gaps", self._mask(pairs, n))

        # strategy and phase
        chosen = self._first_match(self.choose_rules, frame, res)
        self._set_fact(
            frame,
            "strategy",
            self._codes(chosen, [STRATEGIES.index(r.rule.strategy) for r in self.choose_rules]),
        )
        chosen = self._first_match(self.phase_rules, frame, res)
        self._set_fact(
            frame, "phase", self._codes(chosen, [r.rule.phase for r in self.phase_rules])
        )
        self._each(self.note_rules, frame, res)

        # next steps
        self._each(self.step_rules, frame, res)
        return res

    def _overall(self, frame: Frame, res: Results) -> FloatArray:
        """Mean readiness of the pivot points that matter now (crossed or approaching); if none
        does, the readiness of the first one still ahead."""
        n = frame.size
        total = np.zeros(n)
        count = np.zeros(n)
        fallback = np.full(n, np.nan)
        relevant_codes = [float(STATUSES.index(s)) for s in _READY_STATUSES]
        ahead = float(STATUSES.index("ahead"))
        for pp in self.pack.pivot_points.pivot_points:
            status = frame.values[f"fact:{pp.id}.status"]
            readiness = res.readiness[pp.id]
            relevant = np.isin(status, relevant_codes) & ~np.isnan(readiness)
            total += np.where(relevant, readiness, 0.0)
            count += relevant
            take = np.isnan(fallback) & (status == ahead)
            fallback = np.where(take, readiness, fallback)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(count > 0, total / np.where(count > 0, count, 1), fallback)


def leaf_subject(leaf: Leaf) -> str:
    return leaf.q if leaf.q is not None else f"fact:{leaf.fact}"
