"""What changed since an earlier assessment, on a page: the results page (since a milestone)
and a follow-up workshop's dashboard (since the workshop it follows up) show it alike, as the
PDF's part "Since <date>" and `assessment compare` say it."""

from __future__ import annotations

import streamlit as st

from assessment.engine.progress import Progress
from assessment.i18n import _, ngettext
from assessment.kinds.pivot_points import STATUS_LABELS
from assessment.report.progress import delta_text, headline
from assessment.report.text import markdown_literal


def show(p: Progress) -> None:
    """The results page's part on what changed, as the PDF's part says it."""
    st.subheader(_("Since {since}").format(since=markdown_literal(p.since)))
    st.markdown(f"**{markdown_literal(headline(p, since=False))}**")
    if p.pack_before != p.pack_after:
        st.caption(
            _(
                "The questionnaire moved from version {before} to {after} since. Where its rules "
                "alone moved a score or a finding, that is said apart."
            ).format(before=p.pack_before, after=p.pack_after)
        )
    lines = []
    for status, d in zip(p.statuses, p.pivot_points, strict=True):
        then = STATUS_LABELS.get(status.before) or _("Not judged")
        now = STATUS_LABELS.get(status.after) or _("Not judged")
        if then != now:
            line = _("**{label}**: {then} → {now}; readiness {delta}")
        else:
            line = _("**{label}**: {now}, as before; readiness {delta}")
        label = markdown_literal(d.label)
        lines.append("- " + line.format(label=label, then=then, now=now, delta=delta_text(d)))
    lines.append("- " + _("**Overall readiness**: {delta}").format(delta=delta_text(p.readiness)))
    st.markdown("\n".join(lines).replace("->", "→"))
    resolved, new = st.columns(2)
    with resolved:
        st.markdown(_("**Resolved**"))
        _names([r.label for r in p.resolved])
    with new:
        st.markdown(_("**New**"))
        _names([r.label for r in p.new])
    if p.first_judged:
        st.caption(
            _(
                "Judged for the first time, because the earlier answers left their questions open "
                "(not new problems): {findings}"
            ).format(findings="; ".join(markdown_literal(r.label) for r in p.first_judged))
        )
    done = [s.title for s in p.plan if s.status == "done"]
    if p.plan:
        st.markdown(
            ngettext(
                "**The earlier plan:** {done} of its {steps} steps now shows as done.",
                "**The earlier plan:** {done} of its {steps} steps now show as done.",
                len(done),
            ).format(done=len(done), steps=len(p.plan))
        )
        _names(done, empty="")
    if p.rules_changed or p.rules_resolved:
        by_rules = [_("now made: {finding}").format(finding=r.label) for r in p.rules_changed]
        by_rules += [
            _("no longer made: {finding}").format(finding=r.label) for r in p.rules_resolved
        ]
        st.caption(
            _("Changed by the rules alone, not by the answers: {findings}").format(
                findings="; ".join(markdown_literal(x) for x in by_rules)
            )
        )


def _names(names: list[str], empty: str | None = None) -> None:
    """`names` as a list, or `empty` ("None." unless given; "" says nothing)."""
    if names:
        st.markdown("\n".join(f"- {markdown_literal(n)}" for n in names))
    elif empty is None:
        st.caption(_("None."))
    elif empty:
        st.caption(empty)
