"""Run a workshop: create it (join code, link, QR code; the facilitator key revealed once, on a
step of its own), open it with its key, and follow the group live. Nothing aggregated appears
before k people answered.

Opening a workshop starts a facilitator session (`assessment.store.sessions`) whose token the
browser keeps in a cookie, so a restart of the app server reopens the dashboard without the key.
"""

from __future__ import annotations

import html
import statistics
import time
from dataclasses import replace

import pandas as pd
import streamlit as st

from assessment import i18n
from assessment.errors import AnswerError
from assessment.i18n import N_, _, ngettext
from assessment.kinds.stage import stage_label
from assessment.report import freetext, workshop_part
from assessment.report.charts import answer_bars
from assessment.report.quotes import place
from assessment.report.summary import summarise
from assessment.report.text import markdown_literal
from assessment.report.workshop_part import answer_labels
from assessment.services.aggregate import Aggregate
from assessment.services.ratelimit import WINDOW, PerAddress
from assessment.services.scoring import Scorer
from assessment.services.workshops import (
    check_responses,
    create_workshop,
    follow_up,
    join_url,
    pack_mismatch,
    parse_roles,
    responses_csv_text,
    responses_xlsx,
    room_remarks,
    sent,
    since_earlier,
    team,
    team_json,
    team_report,
    unfit_note,
)
from assessment.settings import key_limit
from assessment.store import Remark, Response, StoreError, Workshop
from assessment.ui import (
    dashboard,
    guard,
    pdf_download,
    portfolio,
    present,
    remarks,
    resources,
    session_cookie,
    signin,
    start,
    widgets,
)
from assessment.ui.results import summary_findings
from assessment.ui.since import show as show_since

# the comments the dashboard lists, each cut as in the report; the export holds them all
SHOWN_COMMENTS = 100
SHOWN_COMMENT_LINES = 1_000
NOT_CHANGED = N_("The workshop cannot be changed right now; nothing was changed. Please try again.")
OPENED = "facilitating"  # (code, key or None when opened by its owner or a facilitator session)
SESSION = "facilitator_session"  # this browser's facilitator-session token, while one is open
COOKIE = "facilitator_cookie"  # ("keep", token, expires) or ("forget", token): for the browser
RESTORED = "facilitator_cookie_tried"  # the cookie's token, once this session has tried it
NEW_KEY = "new_workshop_key"  # the key of a workshop just created, until "I have saved it"
NEW_OWNER = "new_workshop_owner"  # its signed-in creator, for the session started then
KEY_SHOWN = "new_workshop_key_shown"  # the key step: whether the key is revealed
FAILED = "facilitator_failures"
MAX_TRIES = 5
LOCKOUT = 60.0  # seconds after MAX_TRIES wrong codes or keys
TOO_MANY = N_("Too many wrong codes or keys; wait a minute before trying again.")
TOO_MANY_HERE = N_(
    "Too many wrong codes or keys have been tried from your network in the last minute; wait a "
    "minute before trying again."
)
# a workshop's status as the facilitator reads it
STATUS_NAMES = {"open": N_("open"), "closed": N_("closed")}


@st.cache_resource(show_spinner=False)
def key_limiter() -> PerAddress:
    """Wrong codes or keys from each address, across every session of this process
    (PIVOTPOINT_KEY_LIMIT)."""
    return PerAddress(key_limit(), WINDOW)


def render() -> None:
    st.title(_("Run a workshop"))
    _restore()
    opened = st.session_state.get(OPENED)
    workshop = _workshop(*opened) if opened else None
    _cookie()
    if workshop is None:
        _entry()
        return
    if st.session_state.get(NEW_KEY):
        _key_step(workshop)
        return
    view = present.choose_view()
    if view == present.PRESENTER:
        present.presenter(workshop)
        return
    if view == present.WALK:
        present.walkthrough(workshop)
        return
    _header(workshop)
    _dashboard(workshop.code, st.session_state[OPENED][1])


# -- the facilitator session: kept by the browser, checked by the store ---------------------


def _restore() -> None:
    """Reopen the dashboard of the facilitator session whose token the browser sent, once per
    browser session: after a restart of the app server, or a reload of the page."""
    if st.session_state.get(OPENED):
        return
    token = session_cookie.token()
    if token is None or st.session_state.get(RESTORED) == token:
        return
    try:
        session = resources.store().facilitator_session(token)
    except StoreError:
        return  # tried again at the next rerun
    st.session_state[RESTORED] = token
    if session is None or (session.owner is not None and session.owner != signin.owner()):
        st.session_state[COOKIE] = ("forget", token)
        return
    st.session_state[OPENED] = (session.workshop.code, None)
    st.session_state[SESSION] = token
    st.session_state[COOKIE] = ("keep", token, session.expires)


def _cookie() -> None:
    """Have the browser keep or forget the facilitator session (on every full run, so that a
    rerun racing the page never loses it)."""
    wanted = st.session_state.get(COOKIE)
    if wanted is None:
        return
    if wanted[0] == "keep":
        session_cookie.keep(wanted[1], wanted[2])
    else:
        session_cookie.forget(wanted[1])


def _open(
    workshop: Workshop, key: str | None, owner: str | None = None, *, session: bool = True
) -> None:
    """Open the dashboard in this session, and start a facilitator session for the browser
    (with `session` False, later: `_start_session`).

    `key` None: opened by its signed-in owner, who must stay signed in."""
    _end_session()  # one facilitator session per browser: the cookie holds one token
    st.session_state[OPENED] = (workshop.code, key)
    if session:
        _start_session(workshop, owner)


def _start_session(workshop: Workshop, owner: str | None) -> None:
    try:
        token, expires = resources.store().start_facilitator_session(workshop.id, owner=owner)
    except StoreError:  # the dashboard opens all the same; only a restart would close it
        return
    st.session_state[SESSION] = token
    st.session_state[COOKIE] = ("keep", token, expires)


def _end_session() -> None:
    token = st.session_state.pop(SESSION, None)
    if token is None:
        return
    st.session_state[COOKIE] = ("forget", token)
    try:
        resources.store().end_facilitator_session(token)
    except StoreError:  # it expires by itself; the cookie goes now
        pass


def _leave() -> None:
    """Close the dashboard in this browser: the facilitator session ends too."""
    _end_session()
    for name in (OPENED, NEW_KEY, NEW_OWNER, KEY_SHOWN):
        st.session_state.pop(name, None)


def _session_workshop(code: str, token: str) -> Workshop | None:
    session = resources.store().facilitator_session(token)
    if session is None or session.workshop.code != code:
        return None
    if session.owner is not None and session.owner != signin.owner():
        return None  # opened signed in: signing out ends it
    return session.workshop


def _entry() -> None:
    """Create or open a workshop. With sign-in configured, creating needs a signed-in
    facilitator, who also finds their workshops listed; a key opens any workshop."""
    if not signin.enabled():
        create, open_ = st.tabs([_("Create a workshop"), _("Open a workshop")])
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
    mine, whole, create, open_ = st.tabs(
        [_("Your workshops"), _("Portfolio"), _("Create a workshop"), _("Open with a key")]
    )
    with mine:
        _own_workshops(owner)
    with whole:
        try:
            yours = resources.store().workshops_of(owner)
        except StoreError:
            st.warning(_("Your workshops cannot be read right now; please try again."))
        else:
            portfolio.render(yours)
    with create:
        _create_form(owner=owner)
    with open_:
        _open_form()


def _own_workshops(owner: str) -> None:
    try:
        workshops = resources.store().workshops_of(owner)
    except StoreError:
        st.warning(
            _("Your workshops cannot be listed right now; please try again."),
            icon=":material/cloud_off:",
        )
        return
    if not workshops:
        st.write(_("You have not created a workshop yet."))
        return
    for workshop in workshops:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.markdown(
            _("**{name}** · `{code}` · {status} · created {date}").format(
                name=markdown_literal(workshop.name),
                code=workshop.code,
                status=_status(workshop),
                date=i18n.date(workshop.created, "dd MMM y"),
            )
        )
        if right.button(_("Open"), key=f"open:{workshop.code}"):
            _open(workshop, None, owner)
            st.rerun()


def _status(workshop: Workshop) -> str:
    return _(STATUS_NAMES.get(workshop.status, workshop.status))


def _check(code: str, key: str | None) -> Workshop | None:
    """The workshop when this session may facilitate it: by its key, or (key None) by this
    browser's facilitator session or because the signed-in facilitator created it. Signing out
    ends access at the next refresh. Raises `StoreError` when the store cannot be asked."""
    if key is not None:
        return resources.store().check_key(code, key)
    token = st.session_state.get(SESSION)
    found = _session_workshop(code, token) if token else None
    if found is not None:
        return found
    return resources.store().owned_workshop(code, signin.owner())


def _workshop(code: str, key: str | None) -> Workshop | None:
    """The opened workshop, or None: after a store hiccup (it stays opened, to try again), or
    when it may not be facilitated any more (deleted, signed out, session ended: closed)."""
    try:
        workshop = _check(code, key)
    except StoreError:
        st.warning(
            _("The workshop cannot be read right now; please try again in a moment."),
            icon=":material/cloud_off:",
        )
        return None
    if workshop is None:
        _leave()
    return workshop


def _create_form(owner: str | None) -> None:
    with st.form("create"):
        name = st.text_input(_("Workshop name"), max_chars=120, placeholder=_("Platform kick-off"))
        org = st.text_input(_("Organisation (optional)"), max_chars=120)
        k = st.number_input(
            _("Anonymity threshold: show nothing before this many answers"),
            min_value=3,
            max_value=100,
            value=5,
            step=1,
        )
        roles = st.text_input(
            _("Roles participants can choose (optional, comma separated)"),
            placeholder=_("developer, team lead, manager, executive"),
        )
        own_results = st.checkbox(_("Participants may see their own results after sending"))
        languages = resources.scorer().pack.info.languages
        language = st.selectbox(
            _("The participants' language (each may switch on their phone)"),
            languages,
            index=languages.index(i18n.language()) if i18n.language() in languages else 0,
            format_func=lambda code: i18n.LANGUAGES.get(code, code),
        )
        submitted = st.form_submit_button(_("Create the workshop"), type="primary")
    if not submitted:
        return
    if not name.strip():
        st.error(_("Give the workshop a name."))
        return
    scorer = resources.scorer()
    try:
        workshop, key = create_workshop(
            resources.store(),
            scorer,
            name.strip(),
            organization=org.strip(),
            k=int(k),
            roles=parse_roles(roles),
            own_results=own_results,
            owner=owner,
            language=language,
        )
    except StoreError:
        st.warning(
            _("The workshop cannot be created right now; please try again."),
            icon=":material/cloud_off:",
        )
        return
    # a signed-in creator holds the workshop by who they are, so signing out ends access. The
    # browser keeps no session before the key is saved: a reload at the key step must not open
    # the dashboard (and show the join code) with the key never seen; it comes back to the
    # start instead, and a signed-in creator finds the workshop under "Your workshops".
    _to_key_step(workshop, key, owner)


def _to_key_step(workshop: Workshop, key: str, owner: str | None) -> None:
    """Open a workshop just made at the step that shows its key once."""
    _open(workshop, None if owner else key, owner, session=False)
    st.session_state[NEW_OWNER] = owner
    st.session_state[NEW_KEY] = key
    st.session_state[KEY_SHOWN] = False
    st.rerun()


def _open_form() -> None:
    failures: list[float] = st.session_state.setdefault(FAILED, [])
    recent = [t for t in failures if time.monotonic() - t < LOCKOUT]
    st.session_state[FAILED] = recent
    with st.form("open"):
        code = st.text_input(_("Join code"), max_chars=12)
        key = st.text_input(_("Facilitator key"), type="password", max_chars=100)
        submitted = st.form_submit_button(_("Open"))
    if not submitted:
        return
    if len(recent) >= MAX_TRIES:
        st.error(_(TOO_MANY), icon=":material/timer:")
        return
    if key_limiter().blocked(start.client_address()):
        st.error(_(TOO_MANY_HERE), icon=":material/timer:")
        return
    try:
        workshop = resources.store().check_key(code, key)
    except StoreError:
        st.warning(
            _("The workshop cannot be read right now; please try again in a moment."),
            icon=":material/cloud_off:",
        )
        return
    if workshop is None:
        recent.append(time.monotonic())
        key_limiter().record(start.client_address())
        st.error(
            _(
                "No workshop has this code and key. Check both; the key was shown once when "
                "the workshop was created."
            )
        )
        return
    _open(workshop, key)
    st.rerun()


def _key_step(workshop: Workshop) -> None:
    """The facilitator key of a workshop just created, on a step of its own before the join
    code: hidden until asked for, and gone for good once saved."""
    key = str(st.session_state[NEW_KEY])
    st.subheader(markdown_literal(workshop.name))
    st.markdown(_("**Save the facilitator key before you show the join code to the room.**"))
    if workshop.owner:
        said = _(
            "The key opens this dashboard, the exports and deletion, from the command line "
            "too; signed in, you open the workshop without it. It is shown only this once and "
            "only here, never beside the join code. Reveal it where nobody else can see the "
            "screen (not on the projector)."
        )
    else:
        said = _(
            "The key opens this dashboard, the exports and deletion, from the command line "
            "too. It is shown only this once and only here, never beside the join code. Reveal "
            "it where nobody else can see the screen (not on the projector)."
        )
    st.write(said)
    if not st.session_state.get(KEY_SHOWN):
        if st.button(_("Reveal the facilitator key"), icon=":material/key:", type="primary"):
            st.session_state[KEY_SHOWN] = True
            st.rerun()
        return
    st.code(key, language=None)
    st.caption(_("Copy it with the button at its right into a password manager or a safe note."))
    if st.button(_("I have saved it"), icon=":material/check:", type="primary"):
        st.session_state.pop(NEW_KEY, None)
        st.session_state.pop(KEY_SHOWN, None)
        _start_session(workshop, st.session_state.pop(NEW_OWNER, None))
        st.rerun()


def _header(workshop: Workshop) -> None:
    url = join_url(workshop.code, workshop.language)
    title = workshop.name + (f" · {workshop.organization}" if workshop.organization else "")
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.subheader(markdown_literal(title))
    if right.button(
        _("Leave"), help=_("Close the dashboard in this browser; the key or sign-in opens it again")
    ):
        _leave()
        st.rerun()
    if signin.user() is not None and right.button(_("Sign out"), key="logout_dashboard"):
        _leave()
        st.logout()
        st.stop()  # st.logout only asks the browser to go: nothing more of this dashboard
    left, right = st.columns([2, 1])
    with left:
        st.markdown(_("Participants open the link or type the code:"))
        st.markdown(f"# `{workshop.code}`")
        st.markdown(f"[{url}]({url})")
        st.caption(
            _("Status: {status}. Nothing is shown before {k} answers.").format(
                status=_status(workshop), k=workshop.k
            )
        )
    with right:
        import segno

        qr = segno.make(url, error="m").svg_inline(scale=6, border=2)
        alt = _("QR code of the join link {url}").format(url=url)
        st.html(widgets.svg_image(qr, html.escape(alt)))


@st.fragment(run_every=5)
def _dashboard(code: str, key: str) -> None:
    """Refreshes itself every few seconds without rerunning the page, so it runs outside the
    page's guard: it has one of its own."""
    guard.run(lambda: _dashboard_body(code, key))


def _dashboard_body(code: str, key: str) -> None:
    try:
        workshop = _check(code, key)
        responses = [] if workshop is None else resources.store().responses(workshop.id)
    except StoreError:  # a hiccup: keep the dashboard and try again at the next refresh
        st.warning(
            _("The workshop cannot be read right now; retrying."), icon=":material/cloud_off:"
        )
        return
    if workshop is None:  # deleted elsewhere, or signed out: back to the start of the page
        _leave()
        st.rerun()
    scorer = resources.scorer()
    mismatch = pack_mismatch(scorer, workshop)
    if mismatch is not None:
        st.error(
            _(
                "This workshop was created with the questionnaire '{workshop_pack}', and this "
                "app runs '{app_pack}': run the app with that pack (PIVOTPOINT_PACK) to follow it."
            ).format(workshop_pack=mismatch.workshop_pack, app_pack=mismatch.app_pack),
            icon=":material/error:",
        )
        return
    finished = sent(responses)
    col1, col2 = st.columns(2)
    col1.metric(_("Joined"), len(responses))
    col2.metric(_("Answers sent"), len(finished))
    if len(finished) < workshop.k:
        st.info(
            # the English reads the same for one (as it always has); the plural form is for
            # languages whose words change with the number
            ngettext(
                "{n} more answers are needed before anything is shown.",
                "{n} more answers are needed before anything is shown.",
                workshop.k - len(finished),
            ).format(n=workshop.k - len(finished)),
            icon=":material/visibility_off:",
        )
        remarks.moderation(workshop, shown=False)
        _controls(workshop, responses, finished)
        return
    answers, unfit = check_responses(scorer, finished)
    if unfit:  # answers given under an older version of the pack: left out, and said so
        st.warning(markdown_literal(unfit_note(unfit)), icon=":material/rule:")
    result = team(scorer, workshop, finished, checked=(answers, unfit))
    assessed = result.team
    assert assessed is not None
    c1, c2, c3 = st.columns(3)
    c1.metric(_("Team stage"), stage_label(assessed.stage.id, _("n/a")))
    c2.metric(
        _("Team readiness"),
        _("n/a") if assessed.readiness.overall is None else f"{assessed.readiness.overall} / 100",
        help=_(
            "The readiness of the team's answers: for each question the median answer where "
            "answers run in order, the most frequent answer otherwise."
        ),
    )
    if result.readiness:
        low, high = min(result.readiness), max(result.readiness)
        c3.metric(
            _("Individual readiness"),
            f"{statistics.median(result.readiness):.0f} / 100",
            help=_("The median of each person's own readiness."),
        )
        c3.caption(_("from {low} to {high}").format(low=f"{low:.0f}", high=f"{high:.0f}"))
    _conclusion(result, scorer)
    _since_earlier(workshop, scorer)
    _role_gaps(result, scorer)
    ties = result.ties()
    if ties:
        st.subheader(_("Ties and how they were resolved"))
        st.caption(
            _(
                "No single answer had the most people behind it, or the group divided evenly "
                "around its middle answer: the team's answer follows a rule, not a majority. "
                "Settle these in the room before acting on the findings they feed."
            )
        )
        for q in ties:
            st.markdown(
                f"**{markdown_literal(scorer.pack.questions[q.question].short)}**: "
                + markdown_literal(workshop_part.tie_sentence(q, scorer.pack))
            )
    st.subheader(_("Where people disagree"))
    disputed = result.most_disputed(6)
    if disputed:
        st.caption(
            _("{definition} Questions everyone answered alike are left out.").format(
                definition=_(workshop_part.DISAGREEMENT_DEFINITION)
            )
        )
    else:
        st.write(_("The group answered every question alike."))
    for q in disputed:
        st.markdown(
            _("**{question}** · disagreement {disagreement} of 100").format(
                question=q.text, disagreement=round(q.disagreement * 100)
            )
        )
        labels = answer_labels(scorer.pack, q.question)
        marks = workshop_part.team_marks(q)
        if marks:
            st.caption(
                "; ".join(
                    f"{mark[0].upper() + mark[1:]}: {labels.get(key, key)}"
                    for key, mark in marks.items()
                )
            )
        bars = workshop_part.drawn(scorer.pack, q)  # a number question's answers in ranges
        chart = answer_bars(list(bars.counts), list(bars.counts.values()), q.answered)
        st.altair_chart(chart, width="stretch")
        by_role = workshop_part.role_line(result, scorer.pack, q)
        if by_role is not None:
            st.caption(_("By role: {groups}").format(groups=markdown_literal(by_role)))
    dashboard.every_question(scorer, answers, workshop.k)
    # one group is the whole team again: as in the PDF, a table of it compares nothing
    if len(result.roles) >= 2 and workshop_part.role_groups_note(result) is not None:
        st.subheader(_("By role"))
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        _("role group"): workshop_part.group_label(r.role),
                        _("people"): r.respondents,
                        _("stage"): stage_label(r.stage, ""),
                        _("readiness"): (
                            _("n/a")
                            if r.readiness_median is None
                            else f"{r.readiness_median:.0f} / 100"
                        ),
                    }
                    for r in result.roles
                ]
            ),
            hide_index=True,
        )
    if result.comments:
        st.subheader(_("Comments"))
        st.caption(
            _(
                "Without names. A comment names its writer's role only where at least {k} "
                "people chose that role."
            ).format(k=workshop.k)
        )
        written = [c for c in result.comment_roles if freetext.cut(c.text).text]
        shown, more = freetext.bound(
            [c.text for c in written],
            max_comments=SHOWN_COMMENTS,
            max_printed_lines=SHOWN_COMMENT_LINES,
        )
        for comment, source in zip(shown, written, strict=False):
            st.text(comment.text)  # as plain text: markup is shown, never obeyed
            role = (
                _(workshop_part.WITHHELD)
                if source.role is None
                else workshop_part.group_label(source.role)
            )
            st.caption(markdown_literal(role))
            if comment.cut_after is not None:
                st.caption(
                    _("Cut after {n} characters; the export has it all.").format(
                        n=i18n.number(comment.cut_after)
                    )
                )
        if more:
            st.caption(
                ngettext(
                    "{n} more comment is in the export.",
                    "{n} more comments are in the export.",
                    more,
                ).format(n=more)
            )
    remarks.moderation(workshop, shown=True)
    _controls(workshop, responses, finished, result)


def _since_earlier(workshop: Workshop, scorer: Scorer) -> None:
    """A follow-up workshop: what changed since the workshop it follows up."""
    if workshop.follows is None:
        return
    try:
        since = since_earlier(resources.store(), scorer, workshop)
    except StoreError:
        st.warning(_("The earlier workshop cannot be read right now; retrying."))
        return
    if since is None:
        return
    if since.progress is None:
        st.subheader(_("Since the earlier workshop"))
        st.write(markdown_literal(since.reason))
        return
    show_since(since.progress)


def _follow_up(workshop: Workshop) -> None:
    """Start a workshop that follows up this one, and open it at its key step."""
    owner = signin.owner()
    try:
        new, key = follow_up(resources.store(), resources.scorer(), workshop, owner=owner)
    except AnswerError as exc:
        st.error(markdown_literal(exc.problems[0].message), icon=":material/error:")
        return
    except StoreError:
        st.warning(_(NOT_CHANGED), icon=":material/cloud_off:")
        return
    _to_key_step(new, key, owner)


def _conclusion(result: Aggregate, scorer: Scorer) -> None:
    """What the team's answers say, as the team report's page one says it: the status, the
    constraint and the findings that matter most, each with a participant's words where the
    group is large enough to quote (never with a name or role)."""
    assessed = result.team
    assert assessed is not None
    said = place(scorer.pack, assessed, result.comments_by_question, team=True)
    summary = summarise(assessed, scorer.pack, quotes=said, listed_in=_("the team report"))
    st.subheader(_("What the team's answers say"))
    st.markdown(
        _("**{status}.** {note}  \n*Constraint:* {constraint}").format(
            status=markdown_literal(summary.status),
            note=markdown_literal(summary.status_note),
            constraint=markdown_literal(summary.constraint),
        )
    )
    summary_findings(summary, heading=None)


def _role_gaps(result: Aggregate, scorer: Scorer) -> None:
    """The questions the role groups (k people or more each) answer most differently, in
    words with counts; roles fewer than k people chose are merged or left out, never named."""
    note = workshop_part.role_groups_note(result)
    if note is None:
        return
    st.subheader(_("Where the roles see it differently"))
    if len(result.roles) < 2:
        st.write(markdown_literal(note))
        return
    gaps = workshop_part.role_gaps(result, scorer.pack)
    if not gaps:
        st.write(
            _(
                "The role groups answered alike: no question sets them a quarter of its scale "
                "or more apart."
            )
        )
    for gap in gaps:
        st.markdown(
            _("**{question}** · gap {gap} of 100").format(
                question=markdown_literal(gap["short"]), gap=gap["gap"]
            )
            + "  \n"
            + markdown_literal(gap["sentence"])
        )
    st.caption(markdown_literal(note + (" " + _(workshop_part.GAP_DEFINITION) if gaps else "")))


def _controls(
    workshop: Workshop,
    responses: list[Response],
    finished: list[Response],
    result: Aggregate | None = None,
) -> None:
    scorer = resources.scorer()
    st.divider()
    cols = [*st.columns(3), *st.columns(3)]  # two rows, so no label is cut at 1280 px
    actions = None
    said: list[Remark] = []
    if result is not None:
        try:
            actions = resources.store().actions(workshop.id)
            said = room_remarks(resources.store(), workshop, responses).remarks
        except StoreError:  # never a team report without them: offered again once they read
            st.warning(
                _(
                    "The actions agreed in the room cannot be read right now, so the team report "
                    "and exports wait until they can; retrying."
                ),
                icon=":material/cloud_off:",
            )
    if result is not None and actions is not None:
        assessed, options = team_report(scorer, workshop, responses, result, actions)
        with cols[0]:
            # rendered by the render queue's workers, off this request; the full version,
            # with the annex (every answer and the rule trace)
            pdf_download.offer(
                assessed,
                replace(options, annex=True),
                key=f"team_pdf_{workshop.code}",
                file_name=f"team-report-{workshop.code}.pdf",
                label=_("Team report (PDF)"),
                prepare_label=_("Prepare the team report (PDF)"),
                refreshing=True,  # the dashboard is a fragment that refreshes itself
            )
        cols[0].caption(
            _(
                "The full version: the report, then an annex with every answer and the rules "
                "behind each finding."
            )
        )
        cols[1].download_button(
            _("Responses (CSV)"),
            file_name=f"responses-{workshop.code}.csv",
            mime="text/csv",
            on_click="ignore",
            data=lambda: responses_csv_text(scorer, finished, workshop.k),
        )
        cols[2].download_button(
            _("Responses (XLSX)"),
            file_name=f"responses-{workshop.code}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
            data=lambda: responses_xlsx(scorer, finished, workshop.k),
        )
        cols[3].download_button(
            _("Team assessment (JSON)"),
            file_name=f"team-assessment-{workshop.code}.json",
            mime="application/json",
            on_click="ignore",
            data=team_json(result, actions, said),  # small, and the same bytes the CLI writes
        )
    opened = workshop.status == "open"
    if cols[4].button(_("Close the workshop") if opened else _("Reopen the workshop")):
        try:
            resources.store().set_workshop_status(workshop.id, "closed" if opened else "open")
        except StoreError:
            st.warning(_(NOT_CHANGED), icon=":material/cloud_off:")
        else:
            st.rerun()
    if cols[5].button(
        _("Start a follow-up workshop"),
        help=_(
            "A new workshop for the same organisation, with the same threshold and roles; "
            "its dashboard says what changed since this one."
        ),
    ):
        _follow_up(workshop)
    dashboard.import_csv(workshop)
    with st.expander(_("Delete the workshop")):
        st.write(_("Deletes the workshop and every answer given in it. This cannot be undone."))
        if st.button(_("Delete everything"), type="primary"):
            try:
                resources.store().end_facilitator_sessions(workshop.id)  # in every browser
                resources.store().delete_workshop(workshop.id)
            except StoreError:
                st.warning(_(NOT_CHANGED), icon=":material/cloud_off:")
            else:
                _leave()
                st.rerun()
