"""One respondent's row of engine results turned into an `Assessment` with its evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from assessment.content.pack import choice_value
from assessment.content.schema.common import SEVERITIES
from assessment.content.schema.conditions import All, Leaf, Not
from assessment.engine import result as out
from assessment.engine.conditions import Node
from assessment.engine.evaluate import Engine, Results, RuleInfo

_HORIZONS = ("30d", "60d", "90d")


class RowView:
    """Reads one row of `Results`, with the evidence and trace of every rule."""

    def __init__(self, engine: Engine, res: Results, row: int, answers: Mapping[str, Any]) -> None:
        self.engine = engine
        self.pack = engine.pack
        self.res = res
        self.row = row
        self.answers = answers

    # -- values ----------------------------------------------------------------------------------
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
        """A leaf as evidence; a leaf that counted by being false reads as 'not ...'."""
        test = node.words if holds else f"not {node.words}"
        if node.question is not None:
            return out.Evidence(
                question=node.question,
                label=self.label(node.question),
                test=test,
                answer=self.display(node.question),
            )
        fact = node.fact or ""
        return out.Evidence(fact=fact, label=_fact_label(fact), test=test, answer=self.fact(fact))

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

    def _fact_questions(self, name: str, seen: set[str]) -> list[str]:
        dims = {d.id: d for d in self.pack.dimensions.dimensions}
        head, _, tail = name.partition(".")
        if head == "score" and tail in dims:
            items = [item.q for item in dims[tail].items]
            return [q for q in items if self.answers.get(q) is None and self.visible(q)]
        if tail == "readiness":
            pp = next((p for p in self.pack.pivot_points.pivot_points if p.id == head), None)
            if pp is not None:
                items = [item.q for w in pp.readiness for item in dims[w.score].items]
                return [q for q in items if self.answers.get(q) is None and self.visible(q)]
        rules = self._deriving_rules(name)
        out: list[str] = []
        for rule in rules:
            if rule.id not in seen and self.holds(rule.id) is None:
                out.extend(self.missing(rule, seen))
                if rules is not self.engine.applicable_rules:
                    break  # first-match: the first undecided rule is where the search stopped
        return out

    def _deriving_rules(self, name: str) -> list[RuleInfo]:
        e = self.engine
        head, _, tail = name.partition(".")
        if name == "stage":
            return e.stage_current
        if name == "planned_stage":
            return e.stage_planned
        if tail == "status" and head in e.pp_status:
            return e.pp_status[head]
        if head == "pattern" and tail in e.pattern_rules:
            return e.pattern_rules[tail]
        if name == "strategy":
            return e.choose_rules
        if name == "phase":
            return e.phase_rules
        if name == "compliance.applicable":
            return e.applicable_rules
        return []


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


_FACT_LABELS = {
    "stage": "Stage today",
    "planned_stage": "Stage within the growth plan",
    "symptoms": "Symptoms reported",
    "mistakes": "Scaling mistakes found",
    "metrics.recommended": "Outcome metrics to adopt",
    "metrics.misleading": "Misleading metrics in use",
    "compliance.applicable": "Compliance applies",
    "gaps": "Compliance gaps",
    "strategy": "Transition strategy",
    "phase": "Adoption phase",
}


def _fact_label(name: str) -> str:
    if name in _FACT_LABELS:
        return _FACT_LABELS[name]
    head, _, tail = name.partition(".")
    if tail == "readiness":
        return f"{head} readiness"
    if tail == "status":
        return f"{head} status"
    if head == "score":
        return f"Score: {tail}"
    if head == "pattern":
        return f"Pattern: {tail}"
    return name


def _int(x: Any) -> int | None:
    if x is None:
        return None
    f = float(x)
    return None if np.isnan(f) else int(round(f))


def build(
    engine: Engine,
    res: Results,
    row: int,
    answers: Mapping[str, Any],
    meta: Mapping[str, Any] | None = None,
    respondents: int = 1,
) -> out.Assessment:
    v = RowView(engine, res, row, answers)
    pack = engine.pack
    profile = pack.info.profile

    # stage
    stage_rule = next((r for r in engine.stage_current if v.fired(r.id)), None)
    planned_rule = next((r for r in engine.stage_planned if v.fired(r.id)), None)
    stage = out.Stage(
        id=v.fact("stage"),
        developers=_int(v.answer(profile.developers)) if profile.developers else None,
        teams=_int(v.answer(profile.teams)) if profile.teams else None,
        planned_developers=(
            _int(v.answer(profile.planned_developers)) if profile.planned_developers else None
        ),
        planned=v.fact("planned_stage"),
        rule=stage_rule.id if stage_rule else None,
        evidence=(v.evidence(stage_rule) if stage_rule else [])
        + (v.evidence(planned_rule) if planned_rule else []),
    )

    dims = [
        out.DimensionScore(
            id=d.id, label=d.label, description=d.description, score=_int(res.dimensions[d.id][row])
        )
        for d in pack.dimensions.dimensions
        if d.show
    ]
    readiness = out.Readiness(overall=_int(res.overall[row]), dimensions=dims)

    # symptoms, grouped under their pivot point
    symptoms: dict[str, list[out.Symptom]] = {}
    for info in engine.symptom_rules:
        if v.fired(info.id):
            r = info.rule
            evidence = v.evidence(info)
            quote = next(
                (
                    pack.questions[e.question].quote
                    for e in evidence
                    if e.question and pack.questions[e.question].quote
                ),
                None,
            )
            symptoms.setdefault(r.pivot_point, []).append(
                out.Symptom(
                    id=r.symptom,
                    label=r.label,
                    pivot_point=r.pivot_point,
                    severity=v.severity(info.id),
                    why=r.why,
                    quote=quote,
                    rule=info.id,
                    evidence=evidence,
                )
            )

    pivot_points = []
    for pp in pack.pivot_points.pivot_points:
        status_rule = next((r for r in engine.pp_status[pp.id] if v.fired(r.id)), None)
        in_place: list[out.Practice] = []
        missing: list[out.Practice] = []
        unanswered: list[out.Practice] = []
        for qid in pp.practices:
            practice = out.Practice(question=qid, label=v.label(qid), answer=v.display(qid))
            value = v.answer(qid)
            if value is None:
                unanswered.append(practice)
            elif _is_full(pack, qid, value):
                in_place.append(practice)
            else:
                missing.append(practice)
        pivot_points.append(
            out.PivotPoint(
                id=pp.id,
                title=pp.title,
                breaks=pp.breaks,
                status=v.fact(f"{pp.id}.status"),
                readiness=_int(res.readiness[pp.id][row]),
                why=status_rule.rule.why if status_rule else None,
                rule=status_rule.id if status_rule else None,
                symptoms=symptoms.get(pp.id, []),
                symptoms_asked=[
                    out.Practice(question=q, label=v.label(q), answer=v.display(q))
                    for q in pp.symptoms
                ],
                practices_in_place=in_place,
                missing_practices=missing,
                unanswered_practices=unanswered,
                evidence=v.evidence(status_rule) if status_rule else [],
            )
        )

    # mistakes: one finding a mistake, evidence of every rule that showed it
    mistakes = []
    for m in pack.mistakes.mistakes:
        infos = [i for i in engine.mistake_rules if i.rule.mistake == m.id and v.fired(i.id)]
        if not infos:
            continue
        severity = max((v.severity(i.id) for i in infos), key=SEVERITIES.index)
        evidence = _dedupe([e for i in infos for e in v.evidence(i)])
        mistakes.append(
            out.Mistake(
                id=m.id,
                title=m.title,
                summary=m.summary,
                severity=severity,
                why=[i.rule.why for i in infos],
                rule=infos[0].id,
                rules=[i.id for i in infos],
                evidence=evidence,
            )
        )

    patterns = []
    for p in pack.patterns.patterns:
        chosen = next((i for i in engine.pattern_rules[p.id] if v.fired(i.id)), None)
        if chosen is not None:
            info = chosen
            patterns.append(
                out.Pattern(
                    id=p.id,
                    title=p.title,
                    summary=p.summary,
                    status=info.rule.status,
                    why=info.rule.why,
                    rule=info.id,
                    evidence=v.evidence(info),
                )
            )

    recommended: list[out.Metric] = []
    misleading: list[out.Metric] = []
    for metric in pack.metrics.metrics:
        chosen = next((i for i in engine.metric_rules[metric.id] if v.fired(i.id)), None)
        if chosen is not None:
            info = chosen
            item = out.Metric(
                id=metric.id,
                title=metric.title,
                summary=metric.summary,
                why=info.rule.why,
                rule=info.id,
                evidence=v.evidence(info),
            )
            (recommended if metric.kind == "outcome" else misleading).append(item)

    applicable_rules = [i for i in engine.applicable_rules if v.fired(i.id)]
    gaps = []
    for g in pack.compliance.gaps:
        chosen = next((i for i in engine.gap_rules[g.id] if v.fired(i.id)), None)
        if chosen is not None:
            info = chosen
            gaps.append(
                out.Gap(
                    id=g.id,
                    kind=g.kind,
                    title=g.title,
                    summary=g.summary,
                    severity=v.severity(info.id),
                    why=info.rule.why,
                    rule=info.id,
                    evidence=v.evidence(info),
                )
            )
    gaps.sort(key=lambda gap: -SEVERITIES.index(gap.severity))
    compliance = out.Compliance(
        applicable=v.fact("compliance.applicable"),
        why=[i.rule.why for i in applicable_rules],
        rules=[i.id for i in applicable_rules],
        gaps=gaps,
    )

    strategy_id = v.fact("strategy")
    phase = _int(v.fact("phase"))
    sdef = next((s for s in pack.strategy.strategies if s.id == strategy_id), None)
    pdef = next((p for p in pack.strategy.phases if p.phase == phase), None)
    rationale = []
    for info in (*engine.choose_rules, *engine.phase_rules, *engine.note_rules):
        if v.fired(info.id):
            rationale.append(
                out.Reason(text=info.rule.rationale, rule=info.id, evidence=v.evidence(info))
            )
    strategy = out.Strategy(
        id=strategy_id,
        title=sdef.title if sdef else None,
        summary=sdef.summary if sdef else None,
        phase=phase,
        phase_title=pdef.title if pdef else None,
        rationale=rationale,
    )

    steps = [
        out.NextStep(
            horizon=i.rule.horizon,
            priority=i.rule.priority,
            action=i.rule.action,
            why=i.rule.why,
            addresses=list(i.rule.addresses),
            rule=i.id,
            evidence=v.evidence(i),
        )
        for i in engine.step_rules
        if v.fired(i.id)
    ]
    steps.sort(key=lambda s: (_HORIZONS.index(s.horizon), -s.priority))

    trace: list[dict[str, Any]] = []
    not_judged: list[out.NotJudged] = []
    moot = _moot(engine, v)
    for info in engine.rules.values():
        trace.append(v.trace(info))
        if v.holds(info.id) is None and info.id not in moot and not _gated_off(engine, v, info):
            needed = v.missing(info)
            if needed:
                not_judged.append(out.NotJudged(rule=info.id, table=info.table, missing=needed))
    skipped = [q for q in pack.questions if v.visible(q) and answers.get(q) is None]

    return out.Assessment(
        pack=out.PackRef(id=pack.info.id, version=pack.info.version, title=pack.info.title),
        respondents=respondents,
        meta=dict(meta or {}),
        stage=stage,
        readiness=readiness,
        pivot_points=pivot_points,
        mistakes=mistakes,
        patterns=patterns,
        metrics=out.Metrics(recommended=recommended, misleading_in_use=misleading),
        compliance=compliance,
        strategy=strategy,
        next_steps=steps,
        not_judged=not_judged,
        unanswered=skipped,
        answers={
            q: answers[q] for q in pack.questions if answers.get(q) is not None and v.visible(q)
        },
        trace=trace,
    )


def _is_full(pack: Any, qid: str, value: Any) -> bool:
    """In place: the answer is the choice with the highest readiness value."""
    choices = pack.choices(pack.questions[qid])
    if not choices:
        return False
    values = [choice_value(choices, i) for i in range(len(choices))]
    best = choices[values.index(max(values))].id
    return bool(value == best)


def _moot(engine: Engine, v: RowView) -> set[str]:
    """Undecided rules that could not have changed a first-match result: every rule after the
    one that decided, or after the first undecided one."""
    moot: set[str] = set()
    for rules in engine.first_match_lists:
        for i, info in enumerate(rules):
            if v.holds(info.id) is not False:
                moot.update(r.id for r in rules[i + 1 :])
                break
    return moot


def _gated_off(engine: Engine, v: RowView, info: RuleInfo) -> bool:
    """Compliance gap rules do not count as undecided where compliance does not apply."""
    if info.table == "compliance" and all(info is not r for r in engine.applicable_rules):
        return v.fact("compliance.applicable") is not True
    return False


def _dedupe(items: list[out.Evidence]) -> list[out.Evidence]:
    seen = set()
    result = []
    for e in items:
        key = (e.question, e.fact)
        if key not in seen:
            seen.add(key)
            result.append(e)
    return result
