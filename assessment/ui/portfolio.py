"""The portfolio of a signed-in facilitator's workshops: which teams are where.

Each workshop is one team. The page shows what `assessment portfolio` prints, from the same
service: the conclusion first, the heatmap of teams by pivot point and practice (each cell in
words, so it reads without colour), each team's stage and status, and where the teams disagree.
A team below the anonymity threshold reads "fewer than k" everywhere, downloads included.
"""

from __future__ import annotations

import functools
from typing import Any

import streamlit as st

from assessment import i18n
from assessment.errors import AnswerError
from assessment.i18n import _
from assessment.kinds.pivot_points import STATUS_LABELS
from assessment.kinds.stage import stage_label
from assessment.report.charts import heatmap_chart
from assessment.report.text import markdown_literal
from assessment.services.portfolio import Portfolio, fewer_than, heatmap_data, render_pdf
from assessment.services.workshops import portfolio_of_workshops
from assessment.store import StoreError, Workshop
from assessment.ui import resources

CHOSEN = "portfolio_workshops"
SPLITS = 6  # disagreements listed


def render(workshops: list[Workshop]) -> None:
    """The portfolio of the workshops the facilitator picks (all of theirs by default)."""
    if len(workshops) < 2:
        st.write(_("A portfolio compares two workshops or more: each workshop is one team."))
        return
    names = {w.code: f"{w.name} · {w.code} · {i18n.short_date(w.created)}" for w in workshops}
    if any(code not in names for code in st.session_state.get(CHOSEN, [])):
        st.session_state.pop(CHOSEN, None)  # a workshop deleted meanwhile
    chosen = st.multiselect(
        _("Workshops to compare (each one team)"),
        list(names),
        default=list(names),
        format_func=names.__getitem__,
        key=CHOSEN,
    )
    picked = [w for w in workshops if w.code in chosen]
    if len(picked) < 2:
        st.info(_("Pick two workshops or more."), icon=":material/group_work:")
        return
    try:
        portfolio = portfolio_of_workshops(resources.store(), resources.scorer(), picked)
    except AnswerError as exc:
        problem = exc.problems[0]
        said = (
            # translators: why a workshop cannot be part of the portfolio; {code} its join code
            _("Workshop {code}: {reason}").format(code=problem.where, reason=problem.message)
            if problem.file == "workshop"
            else str(problem)
        )
        st.error(markdown_literal(said), icon=":material/error:")
        return
    except StoreError:
        st.warning(_("The workshops cannot be read right now; please try again."))
        return
    _show(portfolio)


def _show(p: Portfolio) -> None:
    st.markdown(f"**{markdown_literal(p.conclusion())}**")
    data = heatmap_data(p)
    st.altair_chart(heatmap_chart(data["teams"], data["columns"], data["cells"]), width="stretch")
    st.caption(
        _(
            "Each row a workshop, each column a pivot point's status or one of its practices. "
            "A workshop with fewer than {k} answers sent reads “{hidden}”."
        ).format(k=p.k, hidden=fewer_than(p.k))
    )
    st.subheader(_("Each team"), anchor=False)
    st.dataframe([_row(p, t) for t in p.teams], hide_index=True, width="stretch")
    splits = p.disagreements(SPLITS)
    st.subheader(_("Where the teams disagree"), anchor=False)
    if not splits:
        st.write(_("The teams shown answer alike on every pivot point and practice."))
    for d in splits:
        ends = " · ".join(
            f"{markdown_literal(answer)}: {markdown_literal(', '.join(teams))}"
            for answer, teams in d.groups
        )
        st.markdown(
            _("**{label}** ({spread} of 100)").format(
                label=markdown_literal(d.column.label), spread=round(d.spread * 100)
            )
            + f"  \n{ends}"
        )
    pdf, left, right = st.columns(3)
    pdf.download_button(
        _("Portfolio (PDF)"),
        # drawn when clicked, not on every rerun of the page
        data=functools.partial(_pdf, p),
        file_name="portfolio.pdf",
        mime="application/pdf",
        on_click="ignore",
        type="primary",
        icon=":material/picture_as_pdf:",
    )
    left.download_button(
        _("Portfolio (CSV)"),
        data=p.to_csv(),
        file_name="portfolio.csv",
        mime="text/csv",
        on_click="ignore",
    )
    import json

    right.download_button(
        _("Portfolio (JSON)"),
        data=json.dumps(p.to_json(), indent=2, ensure_ascii=False),
        file_name="portfolio.json",
        mime="application/json",
        on_click="ignore",
    )


def _pdf(p: Portfolio) -> bytes:
    """The consolidated PDF, as `assessment portfolio --pdf` writes it."""
    return render_pdf(p, resources.renderer()).pdf


def _row(p: Portfolio, t: Any) -> dict[str, Any]:
    if not t.shown:
        hidden = fewer_than(p.k)
        return {_("team"): t.name, _("stage"): hidden, _("readiness"): hidden}
    return {
        _("team"): t.name,
        _("stage"): stage_label(t.stage, _("Not judged")),
        _("readiness"): _("n/a") if t.overall is None else f"{t.overall} / 100",
        **{
            pp: _(STATUS_LABELS.get(t.statuses.get(pp)) or _("Not judged")) for pp in p.pivot_points
        },
    }
