"""The workshop part of a team report: participation, where people disagree, roles, spread."""

from __future__ import annotations

import statistics
from typing import Any

from assessment.content.pack import Pack
from assessment.kinds.stage import stage_label
from assessment.report import freetext
from assessment.report.context import MAX_NAME, STATUS_LABELS
from assessment.services.aggregate import Aggregate, unfit_counts


def answer_labels(pack: Pack, qid: str) -> dict[str, str]:
    """How each answer value of a question reads, for distributions."""
    q = pack.questions[qid]
    if q.type in ("single", "multi"):
        return {c.id: c.label for c in pack.choices(q)}
    if q.type == "yes_no":
        return {"true": "Yes", "false": "No"}
    if q.type == "scale":
        return {str(p.value): f"{p.value}: {p.label}" for p in q.points or []}
    return {}


def workshop_part(
    result: Aggregate, pack: Pack, *, name: str, joined: int, limit: int = 8
) -> dict[str, Any]:
    """Plain data for the template; only called once the group reached its threshold."""
    disputed = []
    for q in result.most_disputed(limit):
        labels = answer_labels(pack, q.question)
        total = sum(q.distribution.values()) or 1
        disputed.append(
            {
                "text": q.text,
                "disagreement": round(q.disagreement * 100),
                "answers": [
                    {"label": labels.get(k, k), "count": v, "share": round(100 * v / total)}
                    for k, v in q.distribution.items()
                    if v
                ],
            }
        )
    readiness = result.readiness
    split = [q for q in result.questions if q.split]
    return {
        "name": freetext.one_line(name, MAX_NAME),
        "joined": joined,
        "finished": result.respondents,
        "k": result.k,
        "disputed": disputed,
        "roles": [
            {
                "role": freetext.one_line(r.role, MAX_NAME),
                "respondents": r.respondents,
                "shown": r.shown,
                "stage": stage_label(r.stage, "n/a") if r.shown else None,
                "readiness": None if r.readiness_median is None else round(r.readiness_median),
                "statuses": {pp: STATUS_LABELS.get(s) for pp, s in r.statuses.items()},
            }
            for r in result.roles
        ],
        "team_readiness": None if result.team is None else result.team.readiness.overall,
        # questions the group divided evenly on, in the order asked
        "split": [
            q.text for q in sorted(split, key=lambda q: list(pack.questions).index(q.question))
        ],
        "spread": None
        if not readiness
        else {
            "low": round(min(readiness)),
            "median": round(statistics.median(readiness)),
            "high": round(max(readiness)),
        },
        **_comments(result.comments),
        "unfit_respondents": len(result.unfit),
        "unfit": [{"question": q, "count": n} for q, n in unfit_counts(result.unfit).items()],
    }


def _comments(texts: list[str]) -> dict[str, Any]:
    """The comments as the report prints them: each cut, the whole part bounded."""
    shown, more = freetext.bound(texts)
    return {"comments": shown, "comments_more": more}
