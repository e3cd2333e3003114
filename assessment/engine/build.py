"""One respondent's row of engine results turned into an `Assessment` with its evidence.

Each table kind adds its findings (see `assessment.kinds`); this module adds what spans them:
the trace of every rule, the rules left undecided and the questions skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessment.engine import result as out
from assessment.engine.evaluate import Engine, Results, RuleInfo
from assessment.engine.row import RowView
from assessment.kinds.registry import KINDS

__all__ = ["RowView", "build"]


def build(
    engine: Engine,
    res: Results,
    row: int,
    answers: Mapping[str, Any],
    meta: Mapping[str, Any] | None = None,
    respondents: int = 1,
    *,
    trace: bool = True,
) -> out.Assessment:
    """The assessment of one row; without `trace`, its `trace` is left empty (a quarter of the
    work, for callers that show no rule trace)."""
    v = RowView(engine, res, row, answers)
    pack = engine.pack
    parts: dict[str, Any] = {}
    for kind in KINDS:
        kind.build(engine.compiled[kind.name], kind.table(pack), v, parts)

    traced: list[dict[str, Any]] = []
    not_judged: list[out.NotJudged] = []
    moot = _moot(engine, v)
    for info in engine.rules.values():
        if trace:
            traced.append(v.trace(info))
        if v.holds(info.id) is None and info.id not in moot and not _gated_off(engine, v, info):
            needed = v.missing(info)
            if needed:
                not_judged.append(out.NotJudged(rule=info.id, table=info.table, missing=needed))
    skipped = [q for q in pack.questions if v.visible(q) and answers.get(q) is None]

    return out.Assessment(
        pack=out.PackRef(
            id=pack.info.id,
            version=pack.info.version,
            title=pack.info.title,
            language=pack.language,
        ),
        respondents=respondents,
        meta=dict(meta or {}),
        **parts,
        not_judged=not_judged,
        unanswered=skipped,
        answers={
            q: answers[q] for q in pack.questions if answers.get(q) is not None and v.visible(q)
        },
        trace=traced,
    )


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
    """A gated rule (a compliance gap) does not count as undecided where its gate is not true."""
    gate = engine.program.gated_by.get(info.id)
    return gate is not None and v.fact(gate) is not True
