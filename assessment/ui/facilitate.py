"""Run a workshop: create it (join code, link, QR code, facilitator key shown once), open it
with its key, and follow the group live. Nothing aggregated appears before k people answered."""

from __future__ import annotations

import statistics
import time
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from assessment.aggregate import aggregate
from assessment.report.context import STAGE_LABELS, ReportOptions
from assessment.report.workshop_part import answer_labels, workshop_part
from assessment.store import StoreError, Workshop
from assessment.text import markdown_literal
from assessment.ui import dashboard, resources, signin
from assessment.workshop_cli import (
    app_url,
    check_responses,
    responses_csv_text,
    responses_xlsx,
    unfit_note,
)

OPENED = "facilitating"  # (code, key or None when opened by its signed-in owner)
NEW_KEY = "new_workshop_key"
FAILED = "facilitator_failures"
MAX_TRIES = 5
LOCKOUT = 60.0  # seconds after MAX_TRIES wrong codes or keys


def render() -> None:
    st.title("Run a workshop")
    opened = st.session_state.get(OPENED)
    workshop = _workshop(*opened) if opened else None
    if workshop is None:
        _entry()
        return
    _header(workshop)
    _dashboard(workshop.code, st.session_state[OPENED][1])


def _entry() -> None:
    """Create or open a workshop. With sign-in configured, creating needs a signed-in
    facilitator, who also finds their workshops listed; a key opens any workshop."""
    if not signin.enabled():
        create, open_ = st.tabs(["Create a workshop", "Open a workshop"])
        with create:
            _create_form(owner=None)
        with open_:
            _open_form()
        return
    person = signin.bar()
    owner = signin.owner() if person is not None else None
    if owner is None:
        _open_form()
        return
    mine, create, open_ = st.tabs(["Your workshops", "Create a workshop", "Open with a key"])
    with mine:
        _own_workshops(owner)
    with create:
        _create_form(owner=owner)
    with open_:
        _open_form()


def _own_workshops(owner: str) -> None:
    try:
        workshops = resources.store().workshops_of(owner)
    except StoreError:
        st.warning(
            "Your workshops cannot be listed right now; please try again.",
            icon=":material/cloud_off:",
        )
        return
    if not workshops:
        st.write("You have not created a workshop yet.")
        return
    for workshop in workshops:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.markdown(
            f"**{markdown_literal(workshop.name)}** · `{workshop.code}` · {workshop.status} · "
            f"created {workshop.created:%d %b %Y}"
        )
        if right.button("Open", key=f"open:{workshop.code}"):
            st.session_state[OPENED] = (workshop.code, None)
            st.rerun()


def _check(code: str, key: str | None) -> Workshop | None:
    """The workshop when this session may facilitate it: by its key, or (key None) because
    the signed-in facilitator created it. Signing out ends access at the next refresh.
    Raises `StoreError` when the store cannot be asked."""
    if key is None:
        return resources.store().owned_workshop(code, signin.owner())
    return resources.store().check_key(code, key)


def _workshop(code: str, key: str | None) -> Workshop | None:
    try:
        return _check(code, key)
    except StoreError:
        st.warning(
            "The workshop cannot be read right now; please try again in a moment.",
            icon=":material/cloud_off:",
        )
        return None


def _create_form(owner: str | None) -> None:
    with st.form("create"):
        name = st.text_input("Workshop name", max_chars=120, placeholder="Platform kick-off")
        org = st.text_input("Organisation (optional)", max_chars=120)
        k = st.number_input(
            "Anonymity threshold: show nothing before this many answers",
            min_value=3,
            max_value=100,
            value=5,
            step=1,
        )
        roles = st.text_input(
            "Roles participants can choose (optional, comma separated)",
            placeholder="developer, team lead, manager, executive",
        )
        own_results = st.checkbox("Participants may see their own results after sending")
        submitted = st.form_submit_button("Create the workshop", type="primary")
    if not submitted:
        return
    if not name.strip():
        st.error("Give the workshop a name.")
        return
    pack = resources.scorer().pack
    role_list = [r.strip() for r in roles.split(",") if r.strip()]
    try:
        workshop, key = resources.store().create_workshop(
            name.strip(),
            pack.info.id,
            pack.info.version,
            organization=org.strip(),
            k=int(k),
            roles=role_list,
            own_results=own_results,
            owner=owner,
        )
    except StoreError:
        st.warning(
            "The workshop cannot be created right now; please try again.",
            icon=":material/cloud_off:",
        )
        return
    # a signed-in creator holds the workshop by who they are, so signing out ends access
    st.session_state[OPENED] = (workshop.code, None if owner else key)
    st.session_state[NEW_KEY] = key
    st.rerun()


def _open_form() -> None:
    failures: list[float] = st.session_state.setdefault(FAILED, [])
    recent = [t for t in failures if time.monotonic() - t < LOCKOUT]
    st.session_state[FAILED] = recent
    with st.form("open"):
        code = st.text_input("Join code", max_chars=12)
        key = st.text_input("Facilitator key", type="password", max_chars=100)
        submitted = st.form_submit_button("Open")
    if not submitted:
        return
    if len(recent) >= MAX_TRIES:
        st.error("Too many wrong codes or keys; wait a minute before trying again.")
        return
    workshop = _workshop(code, key)
    if workshop is None:
        recent.append(time.monotonic())
        st.error(
            "No workshop has this code and key. Check both; the key was shown once when "
            "the workshop was created."
        )
        return
    st.session_state[OPENED] = (workshop.code, key)
    st.rerun()


def _header(workshop: Workshop) -> None:
    url = f"{app_url()}/?join={workshop.code}"
    title = workshop.name + (f" · {workshop.organization}" if workshop.organization else "")
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.subheader(markdown_literal(title))
    if right.button("Leave", help="Back to creating or opening a workshop"):
        st.session_state.pop(OPENED, None)
        st.rerun()
    if signin.user() is not None and right.button("Sign out", key="logout_dashboard"):
        st.session_state.pop(OPENED, None)
        st.logout()
    key = st.session_state.pop(NEW_KEY, None)
    if key:
        st.warning(
            "Your facilitator key, shown only this once. Keep it: it opens this "
            "dashboard, the exports and deletion"
            + (
                ", from the command line too. Signed in, you open it without the key."
                if workshop.owner
                else "."
            ),
            icon=":material/key:",
        )
        st.code(key, language=None)
    left, right = st.columns([2, 1])
    with left:
        st.markdown("Participants open the link or type the code:")
        st.markdown(f"# `{workshop.code}`")
        st.markdown(f"[{url}]({url})")
        st.caption(f"Status: {workshop.status}. Nothing is shown before {workshop.k} answers.")
    with right:
        import segno

        st.image(segno.make(url, error="m").svg_inline(scale=6, border=2), width="stretch")


@st.fragment(run_every=5)
def _dashboard(code: str, key: str) -> None:
    """Refreshes itself every few seconds without rerunning the page."""
    try:
        workshop = _check(code, key)
        responses = [] if workshop is None else resources.store().responses(workshop.id)
    except StoreError:  # a hiccup: keep the dashboard and try again at the next refresh
        st.warning("The workshop cannot be read right now; retrying.", icon=":material/cloud_off:")
        return
    if workshop is None:  # deleted elsewhere, or signed out: back to the start of the page
        st.session_state.pop(OPENED, None)
        st.rerun()
    scorer = resources.scorer()
    if workshop.pack_id != scorer.pack.info.id:
        st.error(
            f"This workshop was created with the questionnaire '{workshop.pack_id}', and this "
            f"app runs '{scorer.pack.info.id}': run the app with that pack (PIVOTPOINT_PACK) "
            "to follow it.",
            icon=":material/error:",
        )
        return
    finished = [r for r in responses if r.finished]
    col1, col2 = st.columns(2)
    col1.metric("Joined", len(responses))
    col2.metric("Answers sent", len(finished))
    if len(finished) < workshop.k:
        st.info(
            f"{workshop.k - len(finished)} more answers are needed before anything is shown.",
            icon=":material/visibility_off:",
        )
        _controls(workshop, finished)
        return
    answers, unfit = check_responses(scorer, finished)
    if unfit:  # answers given under an older version of the pack: left out, and said so
        st.warning(markdown_literal(unfit_note(unfit)), icon=":material/rule:")
    result = aggregate(
        scorer,
        answers,
        k=workshop.k,
        roles=[r.role for r in finished],
        meta={"organization": workshop.organization or workshop.name},
    )
    result.unfit = unfit
    team = result.team
    assert team is not None
    c1, c2, c3 = st.columns(3)
    c1.metric("Team stage", STAGE_LABELS.get(team.stage.id or "", "n/a"))
    c2.metric(
        "Team readiness",
        "n/a" if team.readiness.overall is None else f"{team.readiness.overall} / 100",
        help="The readiness of the team's answers: for each question the median answer where "
        "answers run in order, the most frequent answer otherwise.",
    )
    if result.readiness:
        low, high = min(result.readiness), max(result.readiness)
        c3.metric(
            "Individual readiness",
            f"{statistics.median(result.readiness):.0f} / 100",
            help="The median of each person's own readiness.",
        )
        c3.caption(f"from {low:.0f} to {high:.0f}")
    split = [scorer.pack.questions[q.question].short for q in result.questions if q.split]
    if split:
        st.caption(
            markdown_literal(
                f"The group split evenly on {len(split)} question{'s' if len(split) > 1 else ''}: "
                f"{'; '.join(split)}. The team's answer there is a midpoint; "
                + (
                    "settle them before acting on the findings they feed."
                    if len(split) > 1
                    else "settle it before acting on the findings it feeds."
                )
            )
        )
    st.subheader("Where people disagree")
    for q in result.most_disputed(6):
        note = " · split evenly" if q.split else ""
        st.markdown(f"**{q.text}** · disagreement {round(q.disagreement * 100)} of 100{note}")
        labels = answer_labels(scorer.pack, q.question)
        names = [labels.get(k, k) for k in q.distribution]
        data = pd.DataFrame({"answer": names, "people": list(q.distribution.values())})
        chart = (
            alt.Chart(data)
            .mark_bar()
            .encode(
                x=alt.X("people:Q", title="people", axis=alt.Axis(tickMinStep=1)),
                y=alt.Y("answer:N", sort=names, title=None, axis=alt.Axis(labelLimit=260)),
            )
        )
        st.altair_chart(chart, width="stretch")
    dashboard.every_question(scorer, answers, workshop.k)
    shown_roles = [r for r in result.roles if r.role != "no role given" or len(result.roles) > 1]
    if shown_roles:
        st.subheader("By role")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "role": r.role,
                        "people": r.respondents,
                        "stage": STAGE_LABELS.get(r.stage or "", "") if r.shown else "fewer than k",
                        "readiness": (
                            "fewer than k"
                            if not r.shown
                            else "n/a"
                            if r.readiness_median is None
                            else f"{r.readiness_median:.0f} / 100"
                        ),
                    }
                    for r in shown_roles
                ]
            ),
            hide_index=True,
        )
    if result.comments:
        st.subheader("Comments")
        for comment in result.comments:
            st.text(comment)  # as plain text: markup is shown, never obeyed
    _controls(workshop, finished, result)


def _controls(workshop: Workshop, finished: list[Any], result: Any = None) -> None:
    scorer = resources.scorer()
    st.divider()
    cols = st.columns(4)
    if result is not None:
        part = workshop_part(result, scorer.pack, name=workshop.name, joined=len(finished))
        cols[0].download_button(
            "Team report (PDF)",
            file_name=f"team-report-{workshop.code}.pdf",
            mime="application/pdf",
            on_click="ignore",
            type="primary",
            data=lambda: resources.renderer().render(result.team, ReportOptions(workshop=part)).pdf,
        )
        cols[1].download_button(
            "Responses (CSV)",
            file_name=f"responses-{workshop.code}.csv",
            mime="text/csv",
            on_click="ignore",
            data=responses_csv_text(scorer, finished, workshop.k),
        )
        cols[2].download_button(
            "Responses (XLSX)",
            file_name=f"responses-{workshop.code}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            data=lambda: responses_xlsx(scorer, finished, workshop.k),
        )
    opened = workshop.status == "open"
    if cols[3].button("Close the workshop" if opened else "Reopen the workshop"):
        resources.store().set_workshop_status(workshop.id, "closed" if opened else "open")
        st.rerun()
    dashboard.import_csv(workshop)
    with st.expander("Delete the workshop"):
        st.write("Deletes the workshop and every answer given in it. This cannot be undone.")
        if st.button("Delete everything", type="primary"):
            resources.store().delete_workshop(workshop.id)
            st.session_state.pop(OPENED, None)
            st.rerun()
