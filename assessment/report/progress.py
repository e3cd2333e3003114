"""The progress between two assessments (`services.history.Progress`) in words: the terminal
text of `assessment compare`, leading with the conclusion, then the detail."""

from __future__ import annotations

from typing import Any

from assessment.content.model import Pack
from assessment.engine.progress import Delta, Progress
from assessment.i18n import _, ngettext, quote_marks
from assessment.kinds.pivot_points import STATUS_LABELS, status_label
from assessment.kinds.stage import stage_label


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else str(n)


def delta_text(d: Delta) -> str:
    """ "48 -> 63 (+15: +12 from the answers, +3 from the rules)", or what could not be
    judged."""
    if d.before is None and d.after is None:
        return _("not judged either time")
    if d.before is None or d.after is None:
        before = _("not judged") if d.before is None else str(d.before)
        after = _("not judged") if d.after is None else str(d.after)
        return f"{before} -> {after}"
    line = f"{d.before} -> {d.after}"
    if d.change == 0 and not d.rules:
        # translators: {line} is a score's move, "48 -> 48"
        return _("{line} (no change)").format(line=line)
    total = _signed(d.change or 0)
    if d.answers is None:  # the earlier answers could not be scored under today's rules
        return _(
            "{line} ({total}; the earlier answers cannot be scored under today's rules)"
        ).format(line=line, total=total)
    if not d.rules:  # all of it the answers'
        return f"{line} ({total})"
    if not d.answers:
        return _("{line} ({total}, all from changed rules)").format(line=line, total=total)
    # translators: a score's move and its parts: "48 -> 63 (+15: +12 from the answers, +3 from
    # changed rules)"
    return _("{line} ({total}: {answers} from the answers, {rules} from changed rules)").format(
        line=line, total=total, answers=_signed(d.answers), rules=_signed(d.rules)
    )


def headline(p: Progress, since: bool = True) -> str:
    """One sentence that says what changed: findings resolved, new and still open, and the
    earlier plan's steps done; opening with "Since <date>:" unless `since` is False (under a
    heading that already says it)."""
    counts = {
        "resolved": len(p.resolved),
        "new": len(p.new),
        "open": len(p.unchanged),
        "first": len(p.first_judged),
    }
    if p.first_judged:
        found = ngettext(
            "{resolved} finding resolved, {new} new, {open} still open, {first} judged for the "
            "first time",
            "{resolved} findings resolved, {new} new, {open} still open, {first} judged for the "
            "first time",
            counts["resolved"],
        ).format(**counts)
    else:
        found = ngettext(
            "{resolved} finding resolved, {new} new, {open} still open",
            "{resolved} findings resolved, {new} new, {open} still open",
            counts["resolved"],
        ).format(**counts)
    done = len(p.plan_done)
    if p.plan:
        # translators: {found} is what happened to the findings, "2 findings resolved, 1 new, ..."
        found = ngettext(
            "{found}; {done} of the earlier plan's {total} steps now shows as done",
            "{found}; {done} of the earlier plan's {total} steps now show as done",
            done,
        ).format(found=found, done=done, total=len(p.plan))
    if since:
        # translators: {since} is the earlier assessment's date
        return _("Since {since}: {found}.").format(since=p.since, found=found)
    return f"{found[0].upper()}{found[1:]}."


def _value(pack: Pack, qid: str, value: Any) -> str:
    """An answer as the questionnaire words it; a long text cut to a line."""
    from assessment.report.workshop_part import answer_labels, value_key  # it imports context

    if value is None:
        return _("(not answered)")
    labels = answer_labels(pack, qid) if qid in pack.questions else {}
    if isinstance(value, list):
        return ", ".join(labels.get(v, str(v)) for v in value) or _("(none)")
    said = labels.get(value_key(value), str(value))
    said = " ".join(said.split())
    if len(said) <= 60:
        return said
    opening, closing = quote_marks()  # „…“ in German
    return f"{opening}{said[:57]}...{closing}"


def progress_text(p: Progress, pack: Pack) -> str:
    out = [headline(p)]
    if p.pack_before != p.pack_after:  # only an assessment kept as scored has another
        out.append(
            _(
                "The questionnaire moved from version {before} to {after}. The earlier answers "
                "were scored again under today's rules: only the part marked 'from the answers' "
                "is change you made."
            ).format(before=p.pack_before, after=p.pack_after)
        )
    elif not p.kept_as_scored:
        out.append(_("Both sides are scored under today's rules: every change comes from answers."))
    stage = (
        f"{stage_label(p.stage_before)} -> {stage_label(p.stage_after)}"
        if p.stage_before != p.stage_after
        # translators: a stage that did not change between two assessments
        else _("{stage} (unchanged)").format(stage=stage_label(p.stage_after))
    )
    out += [
        "",
        _("Stage: {stage}").format(stage=stage),
        _("Overall readiness: {change}").format(change=delta_text(p.readiness)),
    ]
    for title, refs in (
        # translators: findings made before and not now, as a heading
        (_("Resolved"), p.resolved),
        # translators: findings made now and not before, as a heading
        (_("New"), p.new),
        (_("Still open"), p.unchanged),
        (_("Judged for the first time: the earlier answers left them open"), p.first_judged),
        (_("No longer judged: today's answers leave them open"), p.no_longer_judged),
    ):
        if refs:
            out += ["", f"{title} ({len(refs)})"] + [f"- {r.label} [{r.id}]" for r in refs]
    out += ["", _("Pivot points")]
    for status, d in zip(p.statuses, p.pivot_points, strict=True):
        moved = (
            f"{_status_or(status.before, _('not judged'))} -> "
            f"{_status_or(status.after, _('not judged'))}"
            if status.before != status.after
            else _status_or(status.after, _("not judged"))
        )
        out.append(
            _("- {pivot_point}: {moved}; readiness {change}").format(
                pivot_point=d.label, moved=moved, change=delta_text(d)
            )
        )
    out += ["", _("Readiness by dimension")]
    out += [f"- {d.label}: {delta_text(d)}" for d in p.dimensions]
    if p.answers_changed:
        out += ["", _("Answers changed ({n})").format(n=len(p.answers_changed))]
        out += [
            f"- {a.label}: {_value(pack, a.question, a.before)} -> "
            f"{_value(pack, a.question, a.after)}"
            for a in p.answers_changed
        ]
    else:
        out += ["", _("No answer changed.")]
    if p.plan:
        out += ["", _("The earlier plan")]
        # translators: a step's state and where it came from: "done, from your tracker"
        tracked = _("{status}, from your tracker")
        out += [
            f"- [{tracked.format(status=s.status) if s.source == 'tracker' else s.status}] "
            f"{s.title} ({s.horizon})"
            for s in p.plan
        ]
    if p.rules_changed or p.rules_resolved:
        out += ["", _("Changed by the rules alone, not by anything you did")]
        # translators: a finding the changed rules now make
        now_made = _("- now made: {finding} [{id}]")
        # translators: a finding the changed rules no longer make
        no_longer = _("- no longer made: {finding} [{id}]")
        out += [now_made.format(finding=r.label, id=r.id) for r in p.rules_changed]
        out += [no_longer.format(finding=r.label, id=r.id) for r in p.rules_resolved]
    return "\n".join(out) + "\n"


def _status_or(status: str | None, unjudged: str) -> str:
    """A status's label, or `unjudged` where there is none."""
    return status_label(status) if status in STATUS_LABELS else unjudged


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
                "then": _status_or(status.before, _("Not judged")),
                "now": _status_or(status.after, _("Not judged")),
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
