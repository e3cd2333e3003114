"""Run a pack's rule cases: each rule must fire in one case and stay silent in another.

A case marked `pending` states expectations the rules do not meet yet: its unmet expectations
are notes, not failures, and a pending case that meets them all is a failure, so that the mark
cannot outlive the fix. Broken cases (bad answers, unknown rules or steps) fail either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assessment.content.pack import Pack, Where
from assessment.content.schema.cases import Case, Expect
from assessment.engine.build import RowView
from assessment.engine.evaluate import Engine
from assessment.engine.variables import encode_rows
from assessment.errors import Problem
from assessment.services.answers import check_answers


@dataclass
class CaseReport:
    cases: int
    rules: int
    checks: int
    problems: list[Problem]
    # the unmet expectations of pending cases, each case's reason first: shown, never failures
    notes: list[Problem] = field(default_factory=list)
    pending: int = 0


def _merged(
    case: Case, by_id: dict[str, tuple[Where, Case]], where: Where, problems: list[Problem]
) -> dict[str, Any] | None:
    chain: list[Case] = [case]
    seen = {case.id}
    current = case
    while current.base is not None:
        if current.base not in by_id:
            via = f" (through '{current.id}')" if current is not case else ""
            problems.append(where.problem(f"unknown base case '{current.base}'{via}", "base"))
            return None
        current = by_id[current.base][1]
        if current.id in seen:
            problems.append(where.problem(f"base cases form a loop through '{current.id}'", "base"))
            return None
        seen.add(current.id)
        chain.append(current)
    answers: dict[str, Any] = {}
    for c in reversed(chain):
        answers.update(c.answers)
    return answers


def run_cases(pack: Pack, engine: Engine) -> CaseReport:
    problems: list[Problem] = []
    by_id: dict[str, tuple[Where, Case]] = {}
    for where, case in pack.cases:
        if case.id in by_id:
            other = by_id[case.id][0]
            first = f"{other.doc.file}:{other.doc.line(other.path)}"
            problems.append(
                where.problem(f"duplicate case id '{case.id}' (first at {first})", "id")
            )
            continue
        by_id[case.id] = (where, case)

    runnable: list[tuple[Where, Case, dict[str, Any]]] = []
    for where, case in pack.cases:
        merged = _merged(case, by_id, where, problems)
        if merged is None:
            continue
        values, answer_problems = check_answers(
            engine,
            merged,
            file=where.doc.file,
            prefix=(*where.path, "answers"),
            locate=where.doc.line,
        )
        for p in answer_problems:
            question = p.where.rsplit(".", 1)[-1]
            problems.append(Problem(p.file, p.line, f"{where.label}.answers.{question}", p.message))
        if not answer_problems:
            runnable.append((where, case, values))

    fired_in: dict[str, list[str]] = {rule_id: [] for rule_id in engine.rules}
    silent_in: dict[str, list[str]] = {rule_id: [] for rule_id in engine.rules}
    checks = 0
    pending = 0
    notes: list[Problem] = []
    if runnable:
        frame = encode_rows(pack.question_vars(), [values for _, _, values in runnable])
        res = engine.run(frame)
        for row, (where, case, values) in enumerate(runnable):
            view = RowView(engine, res, row, values)
            for rule_id in case.fires + case.silent:
                if rule_id not in engine.rules:
                    key = "fires" if rule_id in case.fires else "silent"
                    problems.append(where.problem(f"unknown rule '{rule_id}'", key))
            for rule_id in engine.rules:
                (fired_in if view.fired(rule_id) else silent_in)[rule_id].append(case.id)
            # what the rules get wrong goes to `unmet`; a broken case goes to `problems`
            unmet: list[Problem] = []
            count = 0
            for rule_id in case.fires:
                if rule_id in engine.rules:
                    count += 1
                    if not view.fired(rule_id):
                        unmet.append(
                            where.problem(
                                f"rule '{rule_id}' should fire but does not: "
                                + _why_not(view, rule_id),
                                "fires",
                            )
                        )
            for rule_id in case.silent:
                if rule_id in engine.rules:
                    count += 1
                    if view.fired(rule_id):
                        unmet.append(
                            where.problem(
                                f"rule '{rule_id}' should stay silent but fires on "
                                + _evidence(view, rule_id),
                                "silent",
                            )
                        )
            count += _check_expect(view, case, where, unmet, problems)
            if case.pending is None:
                problems.extend(unmet)
                checks += count
            elif unmet:
                pending += 1
                notes.append(
                    where.problem(f"pending, {len(unmet)} unmet: {case.pending}", "pending")
                )
                notes.extend(unmet)
            else:
                problems.append(
                    where.problem(
                        "marked pending, but the rules now meet every expectation of this case: "
                        "remove pending",
                        "pending",
                    )
                )

    # a pending case may not yet do what it declares, so only settled cases show coverage
    settled = [c for _, c in pack.cases if c.pending is None]
    declared_fire = {r for c in settled for r in c.fires}
    declared_silent = {r for c in settled for r in c.silent}
    for rule_id in engine.rules:
        place = pack.places[f"rule:{rule_id}"]
        if rule_id not in declared_fire:
            problems.append(
                place.problem(
                    "no case shows this rule firing: add its id to 'fires' of a case"
                    + (f" (it fires in {fired_in[rule_id][0]})" if fired_in[rule_id] else "")
                )
            )
        if rule_id not in declared_silent:
            problems.append(
                place.problem(
                    "no case shows this rule staying silent: add its id to 'silent' of a case"
                    + (f" (it is silent in {silent_in[rule_id][0]})" if silent_in[rule_id] else "")
                )
            )
    return CaseReport(
        cases=len(pack.cases),
        rules=len(engine.rules),
        checks=checks,
        problems=problems,
        notes=notes,
        pending=pending,
    )


def _why_not(view: RowView, rule_id: str) -> str:
    info = view.engine.rules[rule_id]
    holds = view.holds(rule_id)
    if holds:
        for rules in view.engine.first_match_lists:
            position = next((i for i, r in enumerate(rules) if r is info), None)
            if position is not None:
                for earlier in rules[:position]:
                    state = view.holds(earlier.id)
                    if state is None:
                        return (
                            f"its condition holds, but the undecided rule '{earlier.id}' "
                            "before it stops the search"
                        )
                    if state:
                        return f"its condition holds, but '{earlier.id}' comes first and holds too"
        return "its condition holds, but compliance does not apply to these answers"
    if holds is None:
        missing = view.missing(info)
        return "undecided, unanswered: " + ", ".join(missing) if missing else "undecided"
    leaves = view.support(info.node, False)
    parts = []
    for leaf, value in leaves[:3]:
        e = view.leaf_evidence(leaf)
        subject = e.question or f"fact {e.fact}"
        parts.append(f"{subject} {e.test} is {str(value).lower()} (answer: {e.answer})")
    return "; ".join(parts) or "its condition is false"


def _evidence(view: RowView, rule_id: str) -> str:
    return "; ".join(f"{e.label} = {e.answer}" for e in view.evidence(view.engine.rules[rule_id]))


# what `undecided` may name besides a pivot point id, and the fact each one reads
UNDECIDABLE: dict[str, str] = {
    "stage": "stage",
    "planned_stage": "planned_stage",
    "strategy": "strategy",
    "phase": "phase",
    "compliance_applicable": "compliance.applicable",
}


def _check_expect(
    view: RowView, case: Case, where: Where, unmet: list[Problem], problems: list[Problem]
) -> int:
    """Compare the case's `expect` with the row; mismatches go to `unmet`, mistakes in the
    expectation itself (an unknown step, a contradiction) to `problems`. Returns the count of
    checks made."""
    exp = case.expect
    if exp is None:
        return 0
    checks: list[tuple[str, Any, Any]] = []
    if exp.stage is not None:
        checks.append(("stage", exp.stage, view.fact("stage")))
    if exp.planned_stage is not None:
        checks.append(("planned_stage", exp.planned_stage, view.fact("planned_stage")))
    if exp.strategy is not None:
        checks.append(("strategy", exp.strategy, view.fact("strategy")))
    if exp.phase is not None:
        phase = view.fact("phase")
        checks.append(("phase", exp.phase, None if phase is None else int(phase)))
    for pp, status in exp.statuses.items():
        checks.append(
            (
                f"statuses.{pp}",
                status,
                view.fact(f"{pp}.status")
                if f"fact:{pp}.status" in view.pack.variables
                else f"unknown {pp}",
            )
        )
    if exp.mistakes is not None:
        checks.append(("mistakes", sorted(exp.mistakes), sorted(view.fact("mistakes") or [])))
    if exp.compliance_applicable is not None:
        checks.append(
            ("compliance_applicable", exp.compliance_applicable, view.fact("compliance.applicable"))
        )
    for name, want, got in checks:
        if want != got:
            unmet.append(where.problem(f"expected {name} {want}, got {got}", "expect"))
    count = len(checks)
    count += _check_steps(view, exp.steps, exp.no_steps, where, unmet, problems)
    count += _check_steps(
        view, exp.outside_help, exp.no_outside_help, where, unmet, problems, help_rules=True
    )
    count += _check_undecided(view, exp, where, unmet, problems)
    return count


def _check_steps(
    view: RowView,
    steps: list[str],
    no_steps: list[str],
    where: Where,
    unmet: list[Problem],
    problems: list[Problem],
    help_rules: bool = False,
) -> int:
    """`steps`/`no_steps`, or with `help_rules` `outside_help`/`no_outside_help`: the rules
    named must be of that list of the next steps table, and given or not given."""
    table = view.pack.next_steps
    known = {r.id for r in (table.outside_help if help_rules else table.steps)}
    keys = ("outside_help", "no_outside_help") if help_rules else ("steps", "no_steps")
    noun = "outside help rule" if help_rules else "next step"
    count = 0
    for key, ids in ((keys[0], steps), (keys[1], no_steps)):
        for i, step in enumerate(ids):
            if step not in known:
                problems.append(
                    where.problem(f"'{step}' is not a {noun} of this pack", "expect", key, i)
                )
                continue
            if key == keys[0] and step in no_steps:
                problems.append(
                    where.problem(f"'{step}' is both expected and ruled out", "expect", key, i)
                )
                continue
            count += 1
            given = view.fired(step)
            if key == keys[0] and not given:
                unmet.append(
                    where.problem(
                        f"expected {noun} '{step}', but it is not given: " + _why_not(view, step),
                        "expect",
                        key,
                        i,
                    )
                )
            elif key == keys[1] and given:
                unmet.append(
                    where.problem(
                        f"{noun} '{step}' should not be given, but is, on " + _evidence(view, step),
                        "expect",
                        key,
                        i,
                    )
                )
    return count


def _check_undecided(
    view: RowView, exp: Expect, where: Where, unmet: list[Problem], problems: list[Problem]
) -> int:
    expected = {
        "stage": exp.stage,
        "planned_stage": exp.planned_stage,
        "strategy": exp.strategy,
        "phase": exp.phase,
        "compliance_applicable": exp.compliance_applicable,
        **exp.statuses,
    }
    count = 0
    for i, name in enumerate(exp.undecided):
        fact = UNDECIDABLE.get(name)
        if fact is None and f"fact:{name}.status" in view.pack.variables:
            fact = f"{name}.status"
        if fact is None:
            problems.append(
                where.problem(
                    f"'{name}' cannot be undecided: name one of "
                    + ", ".join(UNDECIDABLE)
                    + " or a pivot point",
                    "expect",
                    "undecided",
                    i,
                )
            )
            continue
        if expected.get(name) is not None:
            problems.append(
                where.problem(f"'{name}' is both expected and undecided", "expect", "undecided", i)
            )
            continue
        count += 1
        got = view.fact(fact)
        if got is not None:
            unmet.append(
                where.problem(f"expected {name} undecided, got {got}", "expect", "undecided", i)
            )
    return count
