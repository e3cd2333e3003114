"""Start: what the assessment is, how long it takes, what you get and what is stored."""

from __future__ import annotations

import time

import streamlit as st

from assessment import i18n
from assessment.content import length
from assessment.i18n import N_, _, ngettext
from assessment.report.text import markdown_literal
from assessment.services.ratelimit import WINDOW, PerAddress
from assessment.services.workshops import pack_mismatch
from assessment.settings import join_limit
from assessment.store import StoreError, Workshop, normalise_code
from assessment.ui import language, resources, sitemap, state

FAILED = "join_failures"  # (time, code) of this session's unknown join codes
FOUND = "join_found"  # the codes this session found a workshop for
MAX_TRIES = 5  # unknown codes a session may try within LOCKOUT seconds
LOCKOUT = WINDOW
TOO_MANY = N_("Too many unknown codes; wait a minute before trying again.")
TOO_MANY_HERE = N_(
    "Too many unknown codes have been tried from your network in the last minute; wait a "
    "minute before trying again."
)
UNKNOWN = N_(
    "No workshop has this code. Check it with your facilitator; codes have six "
    "letters and digits, such as K7MP2Q."
)


@st.cache_resource(show_spinner=False)
def join_limiter() -> PerAddress:
    """Unknown join codes from each address, across every session of this process
    (PIVOTPOINT_JOIN_LIMIT)."""
    return PerAddress(join_limit(), WINDOW)


def client_address() -> str:
    """Where this session connects from, as the app server sees it ('local' for this machine;
    behind a reverse proxy, the proxy's address)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "local"


def render() -> None:
    if st.query_params.get(state.JOIN) and not st.session_state[state.TOKEN]:
        _join(str(st.query_params[state.JOIN]))
        return
    language.chooser()
    pack = resources.scorer().pack
    st.title(_("How ready are you to scale AI-assisted development?"))
    # first, so that on a phone in a workshop the code box is the first thing to reach
    join, run = st.columns(2)
    with join:
        st.markdown(_("**In a workshop?** Type the code your facilitator shows."))
        _join_box()
    with run:
        st.markdown(_("**Running one?** Create a workshop and follow the group live."))
        st.page_link(sitemap.WORKSHOP.page(), label=_("Run a workshop"), icon=":material/groups:")
    st.divider()
    st.write(
        _(
            "As AI-assisted development grows from one developer to a team, to several teams "
            "and to an organisation, it passes three pivot points. At each, a way of working "
            "that held the smaller group together stops working. This assessment shows where "
            "you are, what is about to break, and what to do in the next 90 days."
        )
    )
    left, right = st.columns(2)
    with left:
        st.subheader(_("How it works"))
        sections = len(pack.questionnaire.sections)
        questions = len(length.most_asked(pack))
        st.markdown(
            _(
                "- Up to **{minutes} minutes**, up to {questions} questions in {sections} short "
                "sections, fewer for a smaller organisation: some appear only when your earlier "
                "answers make them apply. Optional notes come on top.\n"
                "- Every answer is saved as you give it. The link in your address bar resumes "
                "where you left off, on any device.\n"
                "- Skip what you cannot answer, or answer “Don't know” where it is offered: the "
                "results say what could not be judged."
            ).format(minutes=pack.info.minutes, questions=questions, sections=sections)
        )
    with right:
        st.subheader(_("What you get"))
        st.markdown(
            _(
                "- Your stage and the status of each pivot point\n"
                "- Readiness by dimension, scaling mistakes, patterns and metrics\n"
                "- A transition strategy and a 30 / 60 / 90 day plan\n"
                "- A PDF report to share, and your answers as a file"
            )
        )
    st.info(
        _(
            "What is stored: your answers, the name of your organisation if you give it, and a "
            "random link that opens them again. No account, no e-mail address, no tracking."
        ),
        icon=":material/lock:",
    )
    if st.session_state[state.TOKEN]:
        answered = len(st.session_state[state.ANSWERS])
        st.success(
            ngettext(
                "You have an assessment in progress ({n} answer saved).",
                "You have an assessment in progress ({n} answers saved).",
                answered,
            ).format(n=answered),
            icon=":material/bookmark:",
        )
        col1, col2 = st.columns(2)
        if col1.button(_("Continue where you left off"), type="primary", width="stretch"):
            st.switch_page(sitemap.SURVEY.page())
        if col2.button(_("Start a new assessment"), width="stretch"):
            _begin()
    elif st.button(_("Start the assessment"), type="primary"):
        _begin()


def _begin() -> None:
    state.start_new()
    problem = st.session_state[state.STORE_PROBLEM]
    if problem:
        st.warning(problem, icon=":material/cloud_off:")
    elif st.session_state[state.TOKEN]:
        st.switch_page(sitemap.SURVEY.page())


def _join_box() -> None:
    code = st.text_input(
        _("Join code"),
        max_chars=12,
        key="join_code",
        label_visibility="collapsed",
        placeholder=_("Join code"),
    )
    if st.button(_("Join")) and code.strip():
        st.query_params[state.JOIN] = code.strip()
        st.rerun()


def _join(code: str) -> None:
    """A participant opened the workshop link (or typed the code)."""
    workshop = _find(code)
    if workshop is None:
        return
    # the workshop's language, unless the participant chose their own
    language.follow_workshop(workshop.language)
    i18n.set_language(language.current())
    language.chooser()
    st.title(_("Join the workshop: {name}").format(name=markdown_literal(workshop.name)))
    if workshop.status != "open":
        st.warning(_("This workshop is closed and takes no more answers."), icon=":material/lock:")
        return
    if pack_mismatch(resources.scorer(), workshop) is not None:
        st.warning(
            _(
                "This workshop uses another questionnaire than this app offers, so it cannot be "
                "answered here. Please tell your facilitator."
            ),
            icon=":material/error:",
        )
        return
    st.write(
        _(
            "You answer on your own device, and your name is never asked for. The facilitator "
            "sees the group's picture only once at least {k} people have answered, comments "
            "without names, and, for the workshop's records, everyone's answers as numbered "
            "rows (P1, P2, ...) in no telling order, with your role only when at least {k} "
            "people chose it."
        ).format(k=workshop.k)
    )
    st.caption(
        _(
            "Already joined on another device? Open the link in that device's address bar "
            "here instead (the survey offers it under “Continue on another device”): this page "
            "starts a new, separate set of answers."
        )
    )
    role = None
    if workshop.roles:
        role = st.selectbox(
            _("Your role (optional)"),
            workshop.roles,
            index=None,
            placeholder=_("Choose your role"),
        )
    if st.button(_("Join and start"), type="primary"):
        state.start_new(workshop_id=workshop.id, role=role)
        if st.session_state[state.TOKEN]:
            del st.query_params[state.JOIN]
            st.switch_page(sitemap.SURVEY.page())


def _find(code: str) -> Workshop | None:
    """The workshop with this code; None (and a message, with a box to try another code) when
    there is none, the store cannot be reached, or too many unknown codes were tried.

    Guessing is slowed twice over: a session that tried MAX_TRIES unknown codes within a minute
    gets no more lookups for the rest of that minute, and neither does any session from an
    address that sent PIVOTPOINT_JOIN_LIMIT unknown codes in a minute, so new sessions buy no
    new guesses; people joining from elsewhere are not held up by it. Only unknown codes
    count: a known code, however often it is used, never does. A code this session already
    found unknown is not looked up or counted again (reruns repeat it), and a code of the wrong
    shape is never looked up, so neither counts. A code this session already found a workshop
    for is looked up again without a limit: its page reruns while the participant picks a
    role, and the code is no secret to this session any more.
    """
    now = time.monotonic()
    failures: list[tuple[float, str]] = [
        (t, c) for t, c in st.session_state.get(FAILED, []) if now - t < LOCKOUT
    ]
    st.session_state[FAILED] = failures
    normal = normalise_code(code)
    found: set[str] = st.session_state.setdefault(FOUND, set())
    refusal = None
    if normal is None or normal in {c for _, c in failures}:
        refusal = UNKNOWN
    elif normal not in found:
        if len(failures) >= MAX_TRIES:
            refusal = TOO_MANY
        elif join_limiter().blocked(client_address()):
            refusal = TOO_MANY_HERE
    if refusal is None:
        try:
            workshop = resources.store().find_workshop(normal)
        except StoreError:
            st.warning(
                _("The workshop cannot be reached right now; please try again in a moment."),
                icon=":material/cloud_off:",
            )
            return None
        if workshop is not None:
            found.add(str(normal))
            return workshop
        if normal in found:  # deleted since this session found it: no guess
            found.discard(normal)
        else:
            failures.append((now, str(normal)))
            join_limiter().record(client_address())
        refusal = UNKNOWN
    st.title(_("Join a workshop"))
    if refusal == UNKNOWN:
        st.warning(_(refusal), icon=":material/link_off:")
    else:
        st.error(_(refusal), icon=":material/timer:")
    st.markdown(_("Try another code:"))
    _join_box()
    return None
