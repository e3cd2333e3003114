"""What changed since an earlier assessment, on a page: the results page (since a milestone)
and a follow-up workshop's dashboard (since the workshop it follows up) show it alike, as the
PDF's part "Since <date>" and `assessment compare` say it."""

from __future__ import annotations

import streamlit as st

from assessment.engine.progress import Progress
from assessment.i18n import _
from assessment.kinds.pivot_points import STATUS_LABELS
from assessment.report.progress import delta_text, headline
from assessment.report.text import markdown_literal


def show(p: Progress) -> None:
    """The results page's part on what changed, as the PDF's part says it."""
    st.subheader(f"Since {markdown_literal(p.since)}")
    st.markdown(f"**{markdown_literal(headline(p, since=False))}**")
    if p.pack_before != p.pack_after:
        st.caption(
            f"The questionnaire moved from version {p.pack_before} to {p.pack_after} since. "
            "Where its rules alone moved a score or a finding, that is said apart."
        )
    lines = []
    for status, d in zip(p.statuses, p.pivot_points, strict=True):
        then = STATUS_LABELS.get(status.before, "Not judged")
        now = STATUS_LABELS.get(status.after, "Not judged")
        moved = f"{then} → {now}" if then != now else f"{now}, as before"
        lines.append(f"- **{markdown_literal(d.label)}**: {moved}; readiness {delta_text(d)}")
    lines.append(f"- **Overall readiness**: {delta_text(p.readiness)}")
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
            "Judged for the first time, because the earlier answers left their questions open "
            "(not new problems): " + "; ".join(markdown_literal(r.label) for r in p.first_judged)
        )
    done = [s.title for s in p.plan if s.status == "done"]
    if p.plan:
        st.markdown(
            f"**The earlier plan:** {len(done)} of its {len(p.plan)} steps now "
            f"{'shows' if len(done) == 1 else 'show'} as done."
        )
        _names(done, empty="")
    if p.rules_changed or p.rules_resolved:
        by_rules = [f"now made: {r.label}" for r in p.rules_changed]
        by_rules += [f"no longer made: {r.label}" for r in p.rules_resolved]
        st.caption(
            "Changed by the rules alone, not by the answers: "
            + "; ".join(markdown_literal(x) for x in by_rules)
        )


def _names(names: list[str], empty: str = "None.") -> None:
    if names:
        st.markdown("\n".join(f"- {markdown_literal(n)}" for n in names))
    elif empty:
        st.caption(empty)
