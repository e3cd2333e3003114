"""One respondent's row of engine results, read with the evidence and trace of every rule.

The table kinds build their part of an `Assessment` from a `RowView`; the engine that runs them
is seen only through `Compiled`, so this module does not import the kinds' registry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np

from assessment.content.audience import Audience, BySize, audience_of, pick
from assessment.content.model import Pack
from assessment.content.schema.common import SEVERITIES
from assessment.content.schema.conditions import All, Leaf, Not
from assessment.engine import result as out
from assessment.engine.conditions import Node
from assessment.engine.run import Program, Results, RuleInfo
from assessment.i18n import _


class Compiled(Protocol):
    """What a row needs of the engine: the pack and its compiled rules."""

    @property
    def pack(self) -> Pack: ...

    @property
    def program(self) -> Program: ...

    @property
    def rules(self) -> dict[str, RuleInfo]: ...

    @property
    def first_match_lists(self) -> list[list[RuleInfo]]: ...


class RowView:
    """Reads one row of `Results`, with the evidence and trace of every rule."""

    def __init__(
        self, engine: Compiled, res: Results, row: int, answers: Mapping[str, Any]
    ) -> None:
        self.engine = engine
        self.pack = engine.pack
        self.res = res
        self.row = row
        self.answers = answers

    # -- values ----------------------------------------------------------------------------------
    @property
    def audience(self) -> Audience | None:
        """Who this row's texts are written for, from headcount and number of teams."""
        profile = self.pack.info.profile
        developers = self.answer(profile.developers) if profile.developers else None
        teams = self.answer(profile.teams) if profile.teams else None
        return audience_of(developers, teams)

    def text(self, value: str | BySize | None) -> str:
        """A rule's text in the version written for this row's audience; every kind reads its
        texts through here."""
        return pick(value, self.audience)

    def fact(self, name: str) -> Any:
        return self.res.frame.take(self.pack.variables[f"fact:{name}"], self.row)

    def answer(self, qid: str) -> Any:
        if not self.visible(qid):
            return None
        return self.answers.get(qid)

    def visible(self, qid: str) -> bool:
        mask = self.res.visible.get(qid)
        return True if mask is None else bool(mask[self.row])

    def label(self, qid: str) -> str:
        return self.pack.questions[qid].short

    def display(self, qid: str) -> Any:
        """An answer in words: choice labels instead of ids."""
        value = self.answer(qid)
        q = self.pack.questions[qid]
        if value is None:
            return None
        if q.type in ("single", "multi"):
            names = {c.id: c.label for c in self.pack.choices(q)}
            if isinstance(value, list):
                return [names.get(v, v) for v in value]
            return names.get(value, value)
        if q.type == "scale":
            labels = {p.value: p.label for p in q.points or []}
            return f"{value} ({labels[value]})" if value in labels else value
        return value

    def fired(self, rule_id: str) -> bool:
        return bool(self.res.fired[rule_id][self.row])

    def holds(self, rule_id: str) -> bool | None:
        value, known = self.res.holds[rule_id]
        return bool(value[self.row]) if known[self.row] else None

    def severity(self, rule_id: str) -> str:
        return SEVERITIES[int(self.res.severity[rule_id][self.row])]

    def node_result(self, node: Node) -> bool | None:
        value, known = self.res.cache[id(node)]
        return bool(value[self.row]) if known[self.row] else None

    # -- evidence --------------------------------------------------------------------------------
    def leaf_evidence(self, node: Node, holds: bool = True) -> out.Evidence:
        """A leaf as evidence; a leaf that counted by being false reads as 'not ...'. A
        multiple choice that held by containing a choice shows that choice, not every choice
        picked: the answer that decided it."""
        test = node.words if holds else f"not {node.words}"
        if node.question is not None:
            answer = self.display(node.question)
            src = node.source
            if holds and isinstance(src, Leaf) and src.contains is not None:
                q = self.pack.questions[node.question]
                names = {c.id: c.label for c in self.pack.choices(q)}
                wanted = [src.contains] if isinstance(src.contains, str) else src.contains
                answer = [names.get(c, c) for c in wanted]
            return out.Evidence(
                question=node.question,
                label=self.label(node.question),
                test=test,
                answer=answer,
            )
        fact = node.fact or ""
        label = self.pack.fact_label.get(fact)
        named = _(label).format(id=self.pack.fact_subject.get(fact, "")) if label else fact
        return out.Evidence(fact=fact, label=named, test=test, answer=self.fact(fact))

    def support(self, node: Node, want: bool) -> list[tuple[Node, bool]]:
        """The leaves that make `node` come out as `want` in this row, each with its own
        value (a leaf under `not` counts by being false)."""
        if self.node_result(node) is not want:
            return []
        src = node.source
        if isinstance(src, Leaf):
            return [(node, want)]
        if isinstance(src, Not):
            return self.support(node.children[0], not want)
        conjunctive = isinstance(src, All) == want
        leaves: list[tuple[Node, bool]] = []
        for child in node.children:
            part = self.support(child, want)
            leaves.extend(part)
            if part and not conjunctive:
                break  # one deciding part is enough for 'any' true / 'all' false
        return leaves

    def evidence(self, info: RuleInfo) -> list[out.Evidence]:
        """One item for each question or fact that made the rule hold."""
        support = self.support(info.node, True)
        # 'answered' guards say nothing a reader needs when the same question is tested too
        tested = {leaf.question for leaf, _ in support if not leaf.words.startswith("answered")}
        seen: set[tuple[str | None, str | None]] = set()
        items = []
        for leaf, holds in support:
            key = (leaf.question, leaf.fact)
            if leaf.words.startswith("answered") and leaf.question in tested:
                continue
            if key not in seen:
                seen.add(key)
                items.append(self.leaf_evidence(leaf, holds))
            elif leaf.question is not None and isinstance(leaf.source, Leaf) and holds:
                # another choice of the same multiple choice held too: list it on the same line
                at = next(i for i, e in enumerate(items) if (e.question, e.fact) == key)
                more = self.leaf_evidence(leaf, holds).answer
                if isinstance(items[at].answer, list) and isinstance(more, list):
                    merged = list(dict.fromkeys([*items[at].answer, *more]))
                    items[at] = items[at].model_copy(update={"answer": merged})
        # an escalated severity shows the answer that raised it
        up = info.escalate
        if up is not None and id(up) in self.res.cache and self.node_result(up) is True:
            for leaf, holds in self.support(up, True):
                ev = self.leaf_evidence(leaf, holds)
                key = (leaf.question, leaf.fact)
                if key in seen:  # the same answer made the rule hold: say so on its line
                    at = next(i for i, e in enumerate(items) if (e.question, e.fact) == key)
                    test = f"{items[at].test}; {ev.test} raises the severity"
                    items[at] = items[at].model_copy(update={"test": test})
                else:
                    seen.add(key)
                    items.append(ev.model_copy(update={"test": f"{ev.test} (raises the severity)"}))
        return items

    def trace(self, info: RuleInfo) -> dict[str, Any]:
        """A trace entry as plain data; pydantic validates the whole list at once, which is
        much faster than building hundreds of model objects one by one."""
        conditions = []
        for leaf, negated in _polar_leaves(info.node):
            q = leaf.question
            answer = self.answer(q) if q is not None else self.fact(leaf.fact or "")
            conditions.append(
                {
                    "question": q,
                    "fact": leaf.fact,
                    "test": leaf.words,
                    "negated": negated,
                    "answer": answer,
                    "result": self.node_result(leaf),
                }
            )
        return {
            "rule": info.id,
            "table": info.table,
            "holds": self.holds(info.id),
            "fired": self.fired(info.id),
            "conditions": conditions,
        }

    def missing(self, info: RuleInfo, _seen: set[str] | None = None) -> list[str]:
        """The unanswered questions that leave `info` undecided, following undecided facts
        back to the rules that derive them."""
        seen = _seen if _seen is not None else set()
        seen.add(info.id)
        names = []
        for leaf in _leaves(info.node):
            if self.node_result(leaf) is not None:
                continue
            if leaf.question is not None:
                names.append(leaf.question)
            else:
                names.extend(self._fact_questions(leaf.fact or "", seen))
        return list(dict.fromkeys(names))

    def deciding(self, rules: list[RuleInfo]) -> list[out.Practice]:
        """Where a first-match search was left open (a pivot point's status, the strategy): the
        unanswered questions of the first rule the search stopped at, which would decide it."""
        for info in rules:
            if self.holds(info.id) is None:
                return [
                    out.Practice(question=q, label=self.label(q), answer=None)
                    for q in self.missing(info)
                ]
        return []

    def _fact_questions(self, name: str, seen: set[str]) -> list[str]:
        program = self.engine.program
        if name in program.computed_from:
            items = program.computed_from[name]
            return [q for q in items if self.answers.get(q) is None and self.visible(q)]
        rules, first_match = program.derived_by.get(name, ([], True))
        out_: list[str] = []
        for rule in rules:
            if rule.id not in seen and self.holds(rule.id) is None:
                out_.extend(self.missing(rule, seen))
                if first_match:
                    break  # first-match: the first undecided rule is where the search stopped
        return out_


def _polar_leaves(node: Node, negated: bool = False) -> list[tuple[Node, bool]]:
    """Leaves with their polarity: True under an odd number of `not`s."""
    if isinstance(node.source, Leaf):
        return [(node, negated)]
    flip = isinstance(node.source, Not)
    return [pair for child in node.children for pair in _polar_leaves(child, negated ^ flip)]


def _leaves(node: Node) -> list[Node]:
    if isinstance(node.source, Leaf):
        return [node]
    return [leaf for child in node.children for leaf in _leaves(child)]


def as_int(x: Any) -> int | None:
    """A number from the frame as an int, None where it is missing."""
    if x is None:
        return None
    f = float(x)
    return None if np.isnan(f) else int(round(f))


def dedupe(items: list[out.Evidence]) -> list[out.Evidence]:
    seen = set()
    result = []
    for e in items:
        key = (e.question, e.fact)
        if key not in seen:
            seen.add(key)
            result.append(e)
    return result
