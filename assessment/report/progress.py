"""The progress between two assessments (`services.history.Progress`) in words: the terminal
text of `assessment compare`, leading with the conclusion, then the detail."""

from __future__ import annotations

from typing import Any

from assessment.content.model import Pack
from assessment.engine.progress import Delta, Progress
from assessment.kinds.pivot_points import STATUS_LABELS
from assessment.kinds.stage import stage_label


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def delta_text(d: Delta) -> str:
    """ "48 -> 63 (+15: +12 from the answers, +3 from the rules)", or what could not be
    judged."""
    if d.before is None and d.after is None:
        return "not judged either time"
    if d.before is None or d.after is None:
        return f"{'not judged' if d.before is None else d.before} -> " + (
            "not judged" if d.after is None else str(d.after)
        )
    line = f"{d.before} -> {d.after}"
    if d.change == 0 and not d.rules:
        return line + " (no change)"
    total = _signed(d.change or 0)
    if d.answers is None:  # the earlier answers could not be scored under today's rules
        return f"{line} ({total}; the earlier answers cannot be scored under today's rules)"
    if not d.rules:  # all of it the answers'
        return f"{line} ({total})"
    if not d.answers:
        return f"{line} ({total}, all from changed rules)"
    split = f"{_signed(d.answers)} from the answers, {_signed(d.rules)} from changed rules"
    return f"{line} ({total}: {split})"


def headline(p: Progress, since: bool = True) -> str:
    """One sentence that says what changed: findings resolved, new and still open, and the
    earlier plan's steps done; opening with "Since <date>:" unless `since` is False (under a
    heading that already says it)."""
    found = f"{len(p.resolved)} finding{'s' if len(p.resolved) != 1 else ''} resolved"
    found += f", {len(p.new)} new, {len(p.unchanged)} still open"
    if p.first_judged:
        found += f", {len(p.first_judged)} judged for the first time"
    done = len(p.plan_done)
    verb = "shows" if done == 1 else "show"
    plan = (
        f"; {done} of the earlier plan's {len(p.plan)} steps now {verb} as done" if p.plan else ""
    )
    return f"Since {p.since}: {found}{plan}." if since else f"{found[0].upper()}{found[1:]}{plan}."


def _value(pack: Pack, qid: str, value: Any) -> str:
    """An answer as the questionnaire words it; a long text cut to a line."""
    from assessment.report.workshop_part import answer_labels, value_key  # it imports context

    if value is None:
        return "(not answered)"
    labels = answer_labels(pack, qid) if qid in pack.questions else {}
    if isinstance(value, list):
        return ", ".join(labels.get(v, str(v)) for v in value) or "(none)"
    said = labels.get(value_key(value), str(value))
    said = " ".join(said.split())
    return f"“{said[:57]}...”" if len(said) > 60 else said


def progress_text(p: Progress, pack: Pack) -> str:
    out = [headline(p)]
    if p.pack_before != p.pack_after:  # only an assessment kept as scored has another
        out.append(
            f"The questionnaire moved from version {p.pack_before} to {p.pack_after}. The "
            "earlier answers were scored again under today's rules: only the part marked "
            "'from the answers' is change you made."
        )
    elif not p.kept_as_scored:
        out.append("Both sides are scored under today's rules: every change comes from answers.")
    stage = (
        f"{stage_label(p.stage_before)} -> {stage_label(p.stage_after)}"
        if p.stage_before != p.stage_after
        else f"{stage_label(p.stage_after)} (unchanged)"
    )
    out += ["", f"Stage: {stage}", f"Overall readiness: {delta_text(p.readiness)}"]
    for title, refs in (
        ("Resolved", p.resolved),
        ("New", p.new),
        ("Still open", p.unchanged),
        ("Judged for the first time: the earlier answers left them open", p.first_judged),
        ("No longer judged: today's answers leave them open", p.no_longer_judged),
    ):
        if refs:
            out += ["", f"{title} ({len(refs)})"] + [f"- {r.label} [{r.id}]" for r in refs]
    out += ["", "Pivot points"]
    for status, d in zip(p.statuses, p.pivot_points, strict=True):
        moved = (
            f"{STATUS_LABELS.get(status.before, 'not judged')} -> "
            f"{STATUS_LABELS.get(status.after, 'not judged')}"
            if status.before != status.after
            else STATUS_LABELS.get(status.after, "not judged")
        )
        out.append(f"- {d.label}: {moved}; readiness {delta_text(d)}")
    out += ["", "Readiness by dimension"]
    out += [f"- {d.label}: {delta_text(d)}" for d in p.dimensions]
    if p.answers_changed:
        out += ["", f"Answers changed ({len(p.answers_changed)})"]
        out += [
            f"- {a.label}: {_value(pack, a.question, a.before)} -> "
            f"{_value(pack, a.question, a.after)}"
            for a in p.answers_changed
        ]
    else:
        out += ["", "No answer changed."]
    if p.plan:
        out += ["", "The earlier plan"]
        out += [
            f"- [{s.status}{', from your tracker' if s.source == 'tracker' else ''}] "
            f"{s.title} ({s.horizon})"
            for s in p.plan
        ]
    if p.rules_changed or p.rules_resolved:
        out += ["", "Changed by the rules alone, not by anything you did"]
        out += [f"- now made: {r.label} [{r.id}]" for r in p.rules_changed]
        out += [f"- no longer made: {r.label} [{r.id}]" for r in p.rules_resolved]
    return "\n".join(out) + "\n"


# -- the report's "Since" part ------------------------------------------------------------------

# findings listed by name in the report's part; the rest are counted
LISTED = 6


def _listed(refs: list[Any]) -> dict[str, Any]:
    return {"names": [r.label for r in refs[:LISTED]], "more": max(len(refs) - LISTED, 0)}


def progress_view(p: Progress) -> dict[str, Any]:
    """The report's one-page part on what changed since the earlier assessment."""
    rows = []
    for status, d in zip(p.statuses, p.pivot_points, strict=True):
        rows.append(
            {
                "label": d.label,
                "then": STATUS_LABELS.get(status.before, "Not judged"),
                "now": STATUS_LABELS.get(status.after, "Not judged"),
                "before": d.before,
                "after": d.after,
                "change": delta_text(d),
            }
        )
    done = [s for s in p.plan if s.status == "done"]
    rules_moved = bool(p.rules_changed or p.rules_resolved or p.readiness.rules)
    return {
        "since": p.since,
        "headline": headline(p, since=False),
        "stage_then": stage_label(p.stage_before),
        "stage_now": stage_label(p.stage_after),
        "readiness": delta_text(p.readiness),
        "rows": rows,
        "resolved": _listed(p.resolved),
        "new": _listed(p.new),
        "first_judged": _listed(p.first_judged),
        "no_longer_judged": _listed(p.no_longer_judged),
        "still_open": len(p.unchanged),
        "answers_changed": len(p.answers_changed),
        "plan_total": len(p.plan),
        "plan_done": [s.title for s in done],
        "plan_open": sum(1 for s in p.plan if s.status == "open"),
        "plan_dropped": sum(1 for s in p.plan if s.status == "dropped"),
        "versions": (p.pack_before, p.pack_after) if p.pack_before != p.pack_after else None,
        "rules_moved": rules_moved,
        "rules_changed": _listed(p.rules_changed),
        "rules_resolved": _listed(p.rules_resolved),
    }
