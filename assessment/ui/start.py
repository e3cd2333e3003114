"""Start: what the assessment is, how long it takes, what you get and what is stored."""

from __future__ import annotations

import streamlit as st

from assessment.store import StoreError
from assessment.ui import resources, state


def render() -> None:
    if st.query_params.get(state.JOIN) and not st.session_state[state.TOKEN]:
        _join(str(st.query_params[state.JOIN]))
        return
    pack = resources.scorer().pack
    st.title("How ready are you to scale AI-assisted development?")
    st.write(
        "As AI-assisted development grows from one developer to a team, to several teams and to "
        "an organisation, it passes three pivot points. At each, a way of working that held the "
        "smaller group together stops working. This assessment shows where you are, what is "
        "about to break, and what to do in the next 90 days."
    )
    left, right = st.columns(2)
    with left:
        st.subheader("How it works")
        sections = len(pack.questionnaire.sections)
        st.markdown(
            f"- About **{pack.info.minutes} minutes**, {len(pack.questions)} questions in "
            f"{sections} short sections; conditional questions appear only when they apply.\n"
            "- Every answer is saved as you give it. The link in your address bar resumes where "
            "you left off, on any device.\n"
            "- Skip what you cannot answer: the results say what could not be judged."
        )
    with right:
        st.subheader("What you get")
        st.markdown(
            "- Your stage and the status of each pivot point\n"
            "- Readiness by dimension, scaling mistakes, patterns and metrics\n"
            "- A transition strategy and a 30 / 60 / 90 day plan\n"
            "- A PDF report to share, and your answers as a file"
        )
    st.info(
        "What is stored: your answers, the name of your organisation if you give it, and a "
        "random link that opens them again. No account, no e-mail address, no tracking.",
        icon=":material/lock:",
    )
    if st.session_state[state.TOKEN]:
        answered = len(st.session_state[state.ANSWERS])
        st.success(
            f"You have an assessment in progress ({answered} answers saved).",
            icon=":material/bookmark:",
        )
        col1, col2 = st.columns(2)
        if col1.button("Continue where you left off", type="primary", width="stretch"):
            st.switch_page(survey_page())
        if col2.button("Start a new assessment", width="stretch"):
            _begin()
    elif st.button("Start the assessment", type="primary"):
        _begin()
    st.divider()
    join, run = st.columns(2)
    with join:
        st.markdown("**In a workshop?** Type the code your facilitator shows.")
        code = st.text_input(
            "Join code",
            max_chars=12,
            key="join_code",
            label_visibility="collapsed",
            placeholder="Join code",
        )
        if st.button("Join") and code.strip():
            st.query_params[state.JOIN] = code.strip()
            st.rerun()
    with run:
        st.markdown("**Running one?** Create a workshop and follow the group live.")
        st.page_link(_page("workshop"), label="Run a workshop", icon=":material/groups:")


def _begin() -> None:
    state.start_new()
    problem = st.session_state[state.STORE_PROBLEM]
    if problem:
        st.warning(problem, icon=":material/cloud_off:")
    elif st.session_state[state.TOKEN]:
        st.switch_page(survey_page())


def _join(code: str) -> None:
    """A participant opened the workshop link (or typed the code)."""
    try:
        workshop = resources.store().find_workshop(code)
    except StoreError:
        st.warning(
            "The workshop cannot be reached right now; please try again in a moment.",
            icon=":material/cloud_off:",
        )
        return
    if workshop is None:
        st.title("Join a workshop")
        st.warning(
            "No workshop has this code. Check it with your facilitator; codes have six "
            "letters and digits, such as K7MP2Q.",
            icon=":material/link_off:",
        )
        return
    st.title(f"Join the workshop: {workshop.name}")
    if workshop.status != "open":
        st.warning("This workshop is closed and takes no more answers.", icon=":material/lock:")
        return
    st.write(
        "You answer on your own device. Nobody, the facilitator included, sees your individual "
        f"answers: the group picture appears only once at least {workshop.k} people have "
        "answered, and comments are shown without names."
    )
    role = None
    if workshop.roles:
        role = st.selectbox(
            "Your role (optional)", workshop.roles, index=None, placeholder="Choose your role"
        )
    if st.button("Join and start", type="primary"):
        state.start_new(workshop_id=workshop.id, role=role)
        if st.session_state[state.TOKEN]:
            del st.query_params[state.JOIN]
            st.switch_page(survey_page())


def survey_page() -> st.Page:
    return _page("survey")


def _page(name: str) -> st.Page:
    from assessment.ui.app import PAGES

    return PAGES[name]
