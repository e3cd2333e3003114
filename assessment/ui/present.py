"""The live room: what the facilitator puts on the projector.

Three views of an open workshop, chosen at the top of the workshop page:

- the dashboard (`facilitate`), for the facilitator's own screen;
- the presenter view: the join code, the join link and the QR code large enough to read and
  scan from the back of a room, a live count of who joined and who sent, and the answering
  time left when the facilitator starts a timer, and the questions participants put to the room,
  most voted first (`remarks`); once k people have sent, a button moves the room on to the
  walk-through;
- the walk-through: the most disputed questions one at a time (Previous and Next, or the
  Page Up and Page Down keys a presentation clicker sends), each with its answers on a fixed
  scale, how far apart they are, how the role groups of k or more answered, and a question to
  put to the room; and a form to record the actions and decisions the room agrees, which the
  team report lists in its action plan as the team's own.

Sizes, for a room of about 8 metres: legible text needs letters about 1 cm high for each 1.2 m
of distance, and a QR code scans from about ten times its own width. On a projected image about
3 m wide, the code's capitals (at most 10rem, 9% of the viewport's width) stand about 17 cm
high at 1920 x 1080 and at 1280 x 720, and the QR code (48% of the viewport's height, at most
36% of its width) is about 80 cm wide: both read from well beyond 8 m. The link is a third of
the code's size: it is for those near the front or reading the slide later.
"""

from __future__ import annotations

import html
import time

import streamlit as st

from assessment.i18n import N_, _, ngettext
from assessment.report import workshop_part
from assessment.report.charts import answer_bars
from assessment.report.text import markdown_literal
from assessment.services.aggregate import Aggregate, QuestionSummary
from assessment.services.workshops import check_responses, join_url, pack_mismatch, sent, team
from assessment.store import Action, StoreError, Workshop
from assessment.ui import remarks, resources, widgets

VIEW = "facilitator_view"
# the views by their English names (kept in the session); shown translated
DASHBOARD, PRESENTER, WALK = N_("Dashboard"), N_("Presenter view"), N_("Walk-through")
VIEWS = (DASHBOARD, PRESENTER, WALK)
# where the walk-through is, and whether the presenter view has seen k answers sent
WALK_AT = "walk_at"
READY_SEEN = "presenter_ready_seen"
# when the answering time the facilitator set runs out (time.time()), if a timer runs
TIMER_ENDS = "presenter_timer_ends"
# the most disputed questions the walk-through goes through
WALK_ITEMS = 8
HORIZON_NAMES = {
    "30d": N_("First 30 days"),
    "60d": N_("Days 31 to 60"),
    "90d": N_("Days 61 to 90"),
}

STYLE = """<style>
.pp-room { display: flex; flex-wrap: wrap; gap: 3vw; align-items: center;
  justify-content: center; color: #1d2433; }
.pp-join { text-align: center; }
.pp-say { font-size: clamp(1.25rem, 2.2vw, 2.5rem); margin: 0; }
.pp-code { font: 700 clamp(4rem, 9vw, 10rem)/1.1 ui-monospace, "DejaVu Sans Mono", monospace;
  letter-spacing: 0.08em; margin: 0.2em 0; }
.pp-url { font-size: clamp(1.25rem, 3vw, 3.3rem); margin: 0; word-break: break-all; }
.pp-qr img { width: min(48vh, 36vw) !important; height: auto; background: #fff; }
.pp-count { text-align: center; font-size: clamp(1.5rem, 3.2vw, 3.5rem); margin: 0.5em 0 0; }
.pp-prompt { font-size: clamp(1.2rem, 1.9vw, 2.1rem); line-height: 1.35; color: #1d2433;
  border-left: 6px solid #1f3a68; padding: 0.2em 0 0.2em 0.8em; }
</style>"""


def choose_view() -> str:
    """The view the facilitator has chosen (the dashboard unless another is)."""
    chosen = st.segmented_control(
        _("What to show"),
        VIEWS,
        default=DASHBOARD,
        format_func=_,
        key=VIEW,
        help=_("The presenter view and the walk-through are made for the projector."),
    )
    return chosen or DASHBOARD


def projected() -> bool:
    """Whether the workshop page shows a view made for the projector (the app then lays the
    page out across the whole screen)."""
    return st.session_state.get(VIEW) in (PRESENTER, WALK)


def _start_timer(timer: str, minutes: int) -> None:
    st.session_state[timer] = time.time() + 60 * minutes


def time_left(workshop_id: int, now: float | None = None) -> str:
    """The answering time left in a workshop, as the room reads it ("12:05 left", "Time is
    up"), or "" when no timer runs."""
    ends = st.session_state.get(f"{TIMER_ENDS}:{workshop_id}")
    if ends is None:
        return ""
    left = int(ends - (time.time() if now is None else now))
    if left <= 0:
        return _("Time is up")
    return _("{time} left").format(time=f"{left // 60}:{left % 60:02d}")


def _go(view: str) -> None:
    st.session_state[VIEW] = view


# -- the presenter view -----------------------------------------------------------------------


def presenter(workshop: Workshop) -> None:
    st.html(STYLE)
    _room(workshop.id, workshop.code, workshop.k, workshop.language)
    timer = f"{TIMER_ENDS}:{workshop.id}"
    minutes, start, _gap = st.columns([1, 1, 3], vertical_alignment="bottom")
    length = minutes.number_input(_("Answering time (minutes)"), 1, 60, 15, key="timer_minutes")
    start.button(_("Start the timer"), on_click=_start_timer, args=(timer, int(length)))
    if st.session_state.get(f"{READY_SEEN}:{workshop.id}"):
        st.button(
            _("Walk through the results"),
            type="primary",
            on_click=_go,
            args=(WALK,),
            icon=":material/slideshow:",
        )
    remarks.projector(workshop.id)


@st.fragment(run_every=3)
def _room(workshop_id: int, code: str, k: int, language: str | None = None) -> None:
    """The code, the link, the QR code and the live count; refreshed every few seconds."""
    try:
        responses = resources.store().responses(workshop_id)
    except StoreError:
        st.warning(
            _("The workshop cannot be read right now; retrying."), icon=":material/cloud_off:"
        )
        return
    joined, done = len(responses), len(sent(responses))
    url = join_url(code, language)
    import segno

    qr = segno.make(url, error="m").svg_inline(scale=8, border=2)
    image = widgets.svg_image(qr, html.escape(_("QR code of the join link {url}").format(url=url)))
    shown = url.split("://", 1)[-1]
    count = [_("{joined} joined · {done} sent").format(joined=joined, done=done)]
    if done < k:
        count.append(
            ngettext(
                "{n} more to send before the results show",
                "{n} more to send before the results show",
                k - done,
            ).format(n=k - done)
        )
    else:
        count.append(_("ready to show"))
    clock = time_left(workshop_id)
    count += [clock] if clock else []
    say_at, say_code = _("Join at"), _("with the code")
    label = _("Join code {code}").format(code=" ".join(code))
    st.html(
        f'<div class="pp-room"><div class="pp-join"><p class="pp-say">{html.escape(say_at)}</p>'
        f'<p class="pp-url">{html.escape(shown)}</p><p class="pp-say">{html.escape(say_code)}</p>'
        f'<p class="pp-code" aria-label="{html.escape(label)}">{html.escape(code)}</p>'
        f'</div><div class="pp-qr">{image}</div></div>'
        f'<p class="pp-count" role="status">{html.escape(" · ".join(count))}</p>'
    )
    ready = f"{READY_SEEN}:{workshop_id}"
    if done >= k and not st.session_state.get(ready):
        st.session_state[ready] = True
        st.rerun(scope="app")  # the button to move on lives outside this refreshing part


# -- the walk-through -------------------------------------------------------------------------


def walkthrough(workshop: Workshop) -> None:
    st.html(STYLE)
    scorer = resources.scorer()
    if pack_mismatch(scorer, workshop) is not None:
        st.error(_("This workshop uses another questionnaire than this app runs."))
        return
    try:
        finished = sent(resources.store().responses(workshop.id))
        actions = resources.store().actions(workshop.id)
    except StoreError:
        st.warning(_("The workshop cannot be read right now; please try again in a moment."))
        return
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
        return
    result = team(scorer, workshop, finished, checked=check_responses(scorer, finished))
    # only questions k or more answered (see `most_disputed`): the room sees nobody's answer
    # below the workshop's anonymity threshold
    items = result.most_disputed(WALK_ITEMS)
    if not items:
        st.write(_("The group answered every question alike: there is no split to discuss."))
        _room_questions(workshop)
        _actions(workshop, actions, None)
        return
    # where the walk-through is: the question on screen, by id, so that an answer sent
    # meanwhile (which may reorder the list) neither moves the slide nor files an action
    # under another question
    place = f"{WALK_AT}:{workshop.id}"
    ids = [q.question for q in items]
    shown = st.session_state.get(place)
    at = ids.index(shown) if shown in ids else 0
    st.session_state[place] = ids[at]
    _slide(result, items[at], at, len(items))
    back, _gap, forward = st.columns([2, 3, 2])
    back.button(
        _("Previous"),
        on_click=_move,
        args=(place, ids[max(at - 1, 0)]),
        disabled=at == 0,
        shortcut="PageUp",
        width="stretch",
        icon=":material/arrow_back:",
    )
    forward.button(
        _("Next"),
        on_click=_move,
        args=(place, ids[min(at + 1, len(ids) - 1)]),
        disabled=at == len(items) - 1,
        shortcut="PageDown",
        type="primary",
        width="stretch",
        icon=":material/arrow_forward:",
        icon_position="right",
    )
    _room_questions(workshop)
    _actions(workshop, actions, items[at])


def _room_questions(workshop: Workshop) -> None:
    """The participants' questions, most voted first, folded away under the slide."""
    with st.expander(_("Questions from the room"), icon=":material/forum:"):
        remarks.projector(workshop.id, heading=False)


def _move(place: str, question: str) -> None:
    st.session_state[place] = question


def _slide(result: Aggregate, q: QuestionSummary, at: int, of: int) -> None:
    pack = resources.scorer().pack
    titles = {s.id: s.title for s in pack.questionnaire.sections}
    section = titles[pack.section_of[q.question]]
    st.caption(
        _("Question {n} of {total} the group disagrees on most · {section}").format(
            n=at + 1, total=of, section=section
        )
    )
    st.header(markdown_literal(q.text), anchor=False)
    left, right = st.columns([3, 2], gap="large")
    with left:
        labels = workshop_part.answer_labels(pack, q.question)
        shown = workshop_part.drawn(pack, q)  # a number question's answers in ranges
        names = list(shown.counts)
        # sized for a projector: a tall bar and large labels for each answer
        chart = (
            answer_bars(names, list(shown.counts.values()), q.answered)
            .properties(height=64 * len(names))
            .configure_axis(labelFontSize=20, titleFontSize=18, labelLimit=420)
            .configure_text(fontSize=22)
        )
        st.altair_chart(chart, width="stretch")
        marks = workshop_part.team_marks(q)
        line = _("{answered} answered · disagreement {disagreement} of 100").format(
            answered=q.answered, disagreement=round(q.disagreement * 100)
        )
        if marks:
            line += " · " + "; ".join(
                f"{mark}: {labels.get(key, key)}" for key, mark in marks.items()
            )
        st.caption(markdown_literal(line))
    with right:
        by_role = workshop_part.role_line(result, pack, q)
        if by_role is not None:
            st.markdown("**{}**".format(_("By role")))
            st.write(markdown_literal(by_role))
        prompt = html.escape(workshop_part.discussion_prompt(pack, q))
        heading = html.escape(_("To discuss"))
        st.html(f'<p class="pp-prompt"><strong>{heading}</strong><br>{prompt}</p>')


def _actions(workshop: Workshop, actions: list[Action], q: QuestionSummary | None) -> None:
    """The actions recorded so far, and a form for the next one, about the question shown."""
    st.subheader(_("Actions and decisions agreed"), anchor=False)
    if actions:
        pack = resources.scorer().pack
        for x in actions:
            about = pack.questions[x.about].short if x.about in pack.questions else None
            line = f"**{markdown_literal(x.text)}** · {_(HORIZON_NAMES[x.horizon])}"
            if x.owner:
                line += " · " + _("owner: {owner}").format(owner=markdown_literal(x.owner))
            if about:
                line += " · " + _("about: {question}").format(question=markdown_literal(about))
            said, remove = st.columns([6, 1], vertical_alignment="center")
            said.markdown(line)
            remove.button(
                _("Remove"),
                key=f"remove_action_{x.id}",
                on_click=_remove,
                args=(workshop.id, x.id),
            )
    else:
        st.caption(_("None yet. They appear in the team report's action plan as the team's own."))
    with st.form("action", clear_on_submit=True):
        text = st.text_area(_("Action or decision"), max_chars=300, height=80)
        left, right = st.columns(2)
        who = left.text_input(_("Owner (a role, not a name)"), max_chars=100)
        when = right.selectbox(
            _("When"), list(HORIZON_NAMES), format_func=lambda h: _(HORIZON_NAMES[h])
        )
        note = _("Written as the room agreed it; shown as plain text.")
        if q is not None:
            note += " " + _("It is recorded against “{question}”.").format(
                question=markdown_literal(q.text)
            )
        st.caption(note)
        if st.form_submit_button(_("Record the action"), type="primary"):
            _record(workshop.id, text, who, when, q.question if q is not None else None)


def _record(workshop_id: int, text: str, owner: str, horizon: str, about: str | None) -> None:
    try:
        resources.store().add_action(workshop_id, text, owner, horizon, about)
    except ValueError as exc:
        st.error(_("Not recorded: {reason}.").format(reason=exc), icon=":material/error:")
        return
    except StoreError as exc:
        st.error(str(exc), icon=":material/cloud_off:")
        return
    st.rerun()


def _remove(workshop_id: int, action_id: int) -> None:
    try:
        resources.store().delete_action(workshop_id, action_id)
    except StoreError:
        st.warning(_("The action cannot be removed right now; please try again."))
