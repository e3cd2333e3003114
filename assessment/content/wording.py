"""`validate`'s wording lint: a plain-string text must fit every audience its rule can reach.

Which audiences a rule can reach is decided only from what the condition says about size: the
headcount and team questions (`pack.yaml`'s profile), the `stage` fact (worked out from the stage
table's `current` rules at each headcount) and questions hidden at that size. Every other test is
taken to go either way, so the lint errs towards asking for a version by size. A text given as a
mapping by size is checked version by version, each against the audiences that read it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from assessment.content.audience import (
    AUDIENCE_LABELS,
    ORGANISATION_FROM,
    BySize,
    SizedText,
    audience_of,
    headcount,
    misfits,
    versions,
)
from assessment.content.model import Pack, Where
from assessment.content.schema.conditions import All, Leaf, Not, leaves
from assessment.content.schema.rule import Rule
from assessment.errors import Problem
from assessment.kinds.registry import iter_rules_at

T, F, U = "true", "false", "unknown"
Values = frozenset[str]
OPEN: Values = frozenset({T, F, U})


def text_fields(model: Any) -> Iterator[str]:
    """The fields of a pack model that hold a text by size."""
    for name, info in type(model).model_fields.items():
        if info.annotation == SizedText:
            yield name


class SizeSpace:
    """Representative answers for headcount and teams, and what a condition can do at each."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        profile = pack.info.profile
        self.developers = profile.developers
        self.teams = profile.teams
        self.visibility = {
            qid: [
                c
                for c in (pack.questions[qid].visible_if, _section_condition(pack, qid))
                if c is not None
            ]
            for qid in pack.questions
        }
        self._stages: dict[tuple[int, int], str | None] = {}
        self.points = self._points()

    def _points(self) -> list[tuple[int, int]]:
        """Headcounts and team counts at and beside every bound the pack tests, so that each
        region of answers the rules distinguish has a point. The developers work in the
        teams counted, so there are never more teams than developers."""
        bounds: dict[str | None, set[int]] = {self.developers: set(), self.teams: set()}
        conditions: list[Any] = [r.rule.when for _, r in iter_rules_at(self.pack)]
        conditions += [c for cs in self.visibility.values() for c in cs]
        for cond in conditions:
            for leaf in leaves(cond):
                if leaf.q in bounds:
                    for v in _numbers(leaf.value):
                        bounds[leaf.q].update({v - 1, v, v + 1})
        devs = bounds[self.developers] | {1, 2, ORGANISATION_FROM - 1, ORGANISATION_FROM, 1000}
        teams = bounds[self.teams] | {1, 2, 3, 50}
        return [(d, t) for d in sorted(devs) if d >= 1 for t in sorted(teams) if 1 <= t <= d]

    def stage(self, point: tuple[int, int]) -> str | None:
        """The stage the stage table gives at `point`, None where other answers decide it."""
        if point not in self._stages:
            self._stages[point] = self._stage(point)
        return self._stages[point]

    def _stage(self, point: tuple[int, int]) -> str | None:
        table = self.pack.tables.get("stage")
        for rule in getattr(table, "current", []):
            result = self.values(rule.when, point)
            if result == {T}:
                return str(rule.stage)
            if T in result:
                return None
        return None

    def leaf(self, leaf: Leaf, point: tuple[int, int]) -> Values:
        developers, teams = point
        if leaf.q is not None and leaf.q in (self.developers, self.teams):
            value: Any = developers if leaf.q == self.developers else teams
        elif leaf.fact == "stage":
            value = self.stage(point)
            if value is None:
                return OPEN
        elif leaf.q is not None:
            if any(F == v for c in self.visibility.get(leaf.q, []) for v in self._only(c, point)):
                # hidden at this size: its test stays unknown whatever else is answered
                return frozenset({U})
            return OPEN
        else:
            return OPEN
        return frozenset({T if _holds(leaf, value) else F})

    def _only(self, cond: Any, point: tuple[int, int]) -> Iterator[str]:
        result = self.values(cond, point)
        if len(result) == 1:
            yield next(iter(result))

    def values(self, cond: Any, point: tuple[int, int]) -> Values:
        """What `cond` can come out as at `point` (three-valued: an unknown part stays
        unknown unless another part decides)."""
        if isinstance(cond, Leaf):
            return self.leaf(cond, point)
        if isinstance(cond, Not):
            flip = {T: F, F: T, U: U}
            return frozenset(flip[v] for v in self.values(cond.not_, point))
        parts = [self.values(c, point) for c in (cond.all if isinstance(cond, All) else cond.any)]
        win, lose = (F, T) if isinstance(cond, All) else (T, F)
        out = set()
        if any(win in p for p in parts):
            out.add(win)
        if all(lose in p for p in parts):
            out.add(lose)
        if all(p & {lose, U} for p in parts) and any(U in p for p in parts):
            out.add(U)
        return frozenset(out)

    def reach(self, cond: Any) -> dict[str, tuple[int, int]]:
        """The audiences `cond` can hold for, each with one headcount at which it can; every
        audience when `cond` is None (a text shown to everyone)."""
        found: dict[str, tuple[int, int]] = {}
        for point in self.points:
            audience = audience_of(*point)
            if audience is None or audience in found:
                continue
            if cond is None or T in self.values(cond, point):
                found[audience] = point
        return found


def lint_wording(pack: Pack) -> list[Problem]:
    """Each text version that assumes a size some of its readers do not have.

    A rule's texts are read where its condition can hold; a definition's texts (a pattern's or
    a metric's summary) where any rule inside it can; a text outside every rule (a dimension's
    description) by everyone."""
    space = SizeSpace(pack)
    problems: list[Problem] = []

    def walk(node: Any, kind: str, path: tuple[str | int, ...]) -> dict[str, tuple[int, int]]:
        """Check `node`'s texts; return the audiences the rules inside it can reach."""
        if isinstance(node, list):
            reach: dict[str, tuple[int, int]] = {}
            for i, item in enumerate(node):
                reach = {**walk(item, kind, (*path, i)), **reach}
            return reach
        if not isinstance(node, BaseModel):
            return {}
        if isinstance(node, Rule):
            reach = space.reach(node.when)
            where = pack.places.get(f"rule:{node.id}") or Where(pack.docs[kind], path, kind)
        else:
            reach = {}
            for name in type(node).model_fields:
                reach = {**walk(getattr(node, name), kind, (*path, name)), **reach}
            if not any(True for _ in _rules_in(node)):
                reach = space.reach(None)
            node_id = getattr(node, "id", None)
            label = f"{kind}.{node_id}" if isinstance(node_id, str) else kind
            where = Where(pack.docs[kind], path, label)
        for name in text_fields(node):
            for problem, at in _check(getattr(node, name), reach, where, name, pack.language):
                # a translated text is named at its own line of the translation
                problems.append(pack.blame_at(problem, (*where.path, *at)))
        return reach

    for kind, table in pack.tables.items():
        if kind in pack.docs:
            walk(table, kind, ())
    return problems


def _rules_in(node: Any) -> Iterator[Rule]:
    if isinstance(node, Rule):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _rules_in(item)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _rules_in(getattr(node, name))


def _check(
    text: str | BySize, reach: dict[str, tuple[int, int]], where: Where, field: str, lang: str
) -> Iterator[tuple[Problem, tuple[str, ...]]]:
    """One problem for each version of `text` that misfits some of the audiences reading it,
    with the path of that version under `where`."""
    sized = isinstance(text, BySize)
    for readers, value in versions(text):
        wrong: dict[str, None] = {}
        who: list[str] = []
        for audience in readers:
            if audience in reach:
                found = misfits(value, audience, lang)
                if found:
                    wrong.update(dict.fromkeys(found))
                    who.append(audience)
        if not wrong:
            continue
        readers_named = " and ".join(
            AUDIENCE_LABELS[a] + ("" if sized else f" (e.g. {headcount(*reach[a])})") for a in who
        )
        if sized:
            advice = f"give {', '.join(repr(a) for a in who)} a version of its own"
        else:
            advice = "give a version by size (solo, one_team, several_teams, organisation, other)"
        # a version is named at its own line (and, translated, at the translation's)
        at = (field, _field_of(text, who[0])) if isinstance(text, BySize) else (field,)
        message = f"{'; '.join(wrong)}, but the rule can hold for {readers_named}: {advice}"
        yield where.problem(message, *at), at


def _field_of(text: BySize, audience: str) -> str:
    """The field of a text by size that holds `audience`'s version: its own, or `other`."""
    return audience if getattr(text, audience) is not None else "other"


def _section_condition(pack: Pack, qid: str) -> Any:
    section = pack.section_of.get(qid)
    for s in pack.questionnaire.sections:
        if s.id == section:
            return s.visible_if
    return None


def _numbers(value: Any) -> list[int]:
    items = value if isinstance(value, list | tuple) else [value]
    return [int(v) for v in items if isinstance(v, int | float) and not isinstance(v, bool)]


def _holds(leaf: Leaf, value: Any) -> bool:
    op, want = leaf.op, leaf.value
    if op == "answered":
        return bool(want) == (value is not None)
    if value is None:
        return False
    if op == "eq":
        return bool(value == want)
    if op == "in":
        return value in want
    if op == "gte":
        return bool(value >= want)
    if op == "lte":
        return bool(value <= want)
    if op == "between":
        return bool(want[0] <= value <= want[1])
    return False
