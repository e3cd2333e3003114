"""Questions for the discussion: what participants put to the room, without their names, and
the votes that decide which the room takes first.

Three places show them, all through `services.workshops.room_remarks`, which holds the
anonymity threshold (nobody sees the room's remarks before k people have sent their answers):

- a participant's page after sending: a short form, and the remarks with a vote button each
  (their own marked, with a button to take it back);
- the projector's presenter view: the remarks in large type, most votes first (and the
  walk-through, folded away under its slide);
- the facilitator's dashboard: every remark with a button to hide it from everyone (and to show
  it again), for what should not go on the projector.

Remarks are plain text wherever they are shown: markup is shown as typed, never obeyed. Each
list refreshes itself every few seconds, so new remarks and votes arrive without a reload.
"""

from __future__ import annotations

import html

import streamlit as st

from assessment.i18n import _, ngettext
from assessment.report.text import markdown_literal
from assessment.services.workshops import RoomRemarks, room_remarks
from assessment.store import Remark, StoreError, Workshop
from assessment.store.remarks import MAX_REMARK, MAX_REMARKS
from assessment.ui import resources

# seconds between refreshes of a list of remarks
REFRESH = 4
# remarks the projector shows: those the room voted for most
ON_SCREEN = 8

STYLE = """<style>
.pp-remarks { list-style: none; padding: 0; margin: 0.5em 0 0; }
.pp-remarks li { display: flex; gap: 0.8em; align-items: baseline; color: #1d2433;
  font-size: clamp(1.1rem, 1.8vw, 2rem); line-height: 1.3; padding: 0.25em 0;
  border-bottom: 1px solid #d5d9e0; }
.pp-votes { font-weight: 700; min-width: 4.5em; white-space: nowrap; }
</style>"""


def _read(workshop_id: int, token: str | None) -> tuple[Workshop, RoomRemarks] | None:
    """The workshop and the remarks this reader sees; None (after saying so) when the store
    cannot be read or the workshop is gone."""
    store = resources.store()
    try:
        workshop = store.workshop_by_id(workshop_id)
        if workshop is None:
            st.info(_("This workshop has ended."), icon=":material/event_busy:")
            return None
        return workshop, room_remarks(store, workshop, store.responses(workshop_id), token)
    except StoreError:
        st.warning(
            _("The questions cannot be read right now; retrying."), icon=":material/cloud_off:"
        )
        return None


def _votes(n: int) -> str:
    return ngettext("{n} vote", "{n} votes", n).format(n=n)


def _held(seen: RoomRemarks, k: int) -> str:
    """Why the room's remarks are not shown yet."""
    if seen.held:
        return ngettext(
            "The room's questions are shown once {k} person has sent their answers "
            "({waiting} waiting), so that nobody can tell who asked what.",
            "The room's questions are shown once {k} people have sent their answers "
            "({waiting} waiting), so that nobody can tell who asked what.",
            k,
        ).format(k=k, waiting=seen.held)
    return ngettext(
        "The room's questions are shown once {k} person has sent their answers, so that nobody "
        "can tell who asked what.",
        "The room's questions are shown once {k} people have sent their answers, so that "
        "nobody can tell who asked what.",
        k,
    ).format(k=k)


# -- a participant ----------------------------------------------------------------------------


def participant(workshop_id: int, token: str) -> None:
    """A participant's form for a remark, and the remarks with their votes."""
    st.subheader(_("Questions for the discussion"), anchor=False)
    st.caption(
        _(
            "Put a question or a point to the room, without your name, and vote for those you "
            "want discussed: the facilitator takes the most voted first. Plain text, up to "
            "{chars} characters; up to {remarks} each."
        ).format(chars=MAX_REMARK, remarks=MAX_REMARKS)
    )
    with st.form("remark", clear_on_submit=True, enter_to_submit=True):
        text = st.text_input(_("Your question or comment"), max_chars=MAX_REMARK)
        if st.form_submit_button(_("Put it to the room"), type="primary", icon=":material/forum:"):
            _add(workshop_id, token, text)
    _participant_list(workshop_id, token)


def _add(workshop_id: int, token: str, text: str) -> None:
    try:
        resources.store().add_remark(workshop_id, token, text)
    except ValueError as exc:
        st.error(_("Not sent: {reason}.").format(reason=exc), icon=":material/error:")
    except StoreError as exc:
        st.error(_("Not sent: {reason}").format(reason=exc), icon=":material/cloud_off:")


@st.fragment(run_every=REFRESH)
def _participant_list(workshop_id: int, token: str) -> None:
    found = _read(workshop_id, token)
    if found is None:
        return
    workshop, seen = found
    if not seen.shown:
        st.caption(_held(seen, workshop.k))
    for remark in seen.remarks:
        with st.container(border=True):
            said, act = st.columns([5, 2], vertical_alignment="center")
            said.text(remark.text)  # as typed: markup is shown, never obeyed
            said.caption(
                _("Yours · {votes}").format(votes=_votes(remark.votes))
                if remark.mine
                else _votes(remark.votes)
            )
            if remark.mine:
                act.button(
                    _("Take back"),
                    key=f"remark_remove_{remark.id}",
                    on_click=_call,
                    args=("remove_remark", workshop_id, remark.id, token),
                    width="stretch",
                )
            else:
                act.button(
                    _("Voted") if remark.voted else _("Vote"),
                    key=f"remark_vote_{remark.id}",
                    on_click=_call,
                    args=("vote_remark", workshop_id, remark.id, token, not remark.voted),
                    type="primary" if remark.voted else "secondary",
                    icon=":material/thumb_up:",
                    help=_("Press again to take your vote back.") if remark.voted else None,
                    width="stretch",
                )


def _call(method: str, *args: object) -> None:
    """A participant's or the facilitator's change to the remarks; a failure is said, and
    nothing else is lost."""
    try:
        getattr(resources.store(), method)(*args)
    except StoreError as exc:
        st.warning(str(exc), icon=":material/cloud_off:")


# -- the projector ----------------------------------------------------------------------------


def projector(workshop_id: int, heading: bool = True) -> None:
    """The room's remarks on the projector, most votes first (under a heading of their own
    unless `heading` is False, as inside the walk-through's expander)."""
    st.html(STYLE)
    _projector_list(workshop_id, heading)


@st.fragment(run_every=REFRESH)
def _projector_list(workshop_id: int, heading: bool) -> None:
    found = _read(workshop_id, None)
    if found is None:
        return
    workshop, seen = found
    if heading:
        st.subheader(_("Questions from the room"), anchor=False)
    if not seen.shown:
        st.caption(_held(seen, workshop.k))
        return
    if not seen.remarks:
        st.caption(
            _("None yet: participants add them on their phones after sending their answers.")
        )
        return
    top = seen.remarks[:ON_SCREEN]
    items = "".join(
        f'<li><span class="pp-votes">{_votes(r.votes)}</span>'
        f"<span>{html.escape(r.text)}</span></li>"
        for r in top
    )
    st.html(f'<ol class="pp-remarks">{items}</ol>')
    if len(seen.remarks) > len(top):
        more = len(seen.remarks) - len(top)
        st.caption(
            ngettext(
                "{n} more with fewer votes; the dashboard lists them all.",
                "{n} more with fewer votes; the dashboard lists them all.",
                more,
            ).format(n=more)
        )


# -- the facilitator --------------------------------------------------------------------------


def moderation(workshop: Workshop, shown: bool) -> None:
    """Every remark on the facilitator's dashboard, hidden ones too, each with a button to
    hide it from the projector and the participants or to show it again. `shown`: whether k
    have sent (before that, only how many are waiting)."""
    try:
        every = resources.store().remarks(workshop.id)
    except StoreError:
        st.warning(
            _("The questions cannot be read right now; retrying."), icon=":material/cloud_off:"
        )
        return
    if not every:
        return
    st.subheader(_("Questions from the room"))
    if not shown:
        st.caption(
            ngettext(
                "{waiting} waiting: shown once {k} person has sent their answers, so that nobody "
                "can tell who asked what.",
                "{waiting} waiting: shown once {k} people have sent their answers, so that "
                "nobody can tell who asked what.",
                workshop.k,
            ).format(waiting=len(every), k=workshop.k)
        )
        return
    st.caption(
        _(
            "Most votes first. Hide a remark that should not go on the projector: nobody sees it "
            "then, and it takes no more votes."
        )
    )
    for remark in every:
        _moderated(workshop.id, remark)


def _moderated(workshop_id: int, remark: Remark) -> None:
    said, act = st.columns([6, 1], vertical_alignment="center")
    said.markdown(
        f"{markdown_literal(remark.text)}  \n"
        + f":gray[{_('Hidden') if remark.hidden else _votes(remark.votes)}]"
    )
    act.button(
        _("Show") if remark.hidden else _("Hide"),
        key=f"remark_hide_{remark.id}",
        on_click=_call,
        args=("hide_remark", workshop_id, remark.id, not remark.hidden),
        width="stretch",
    )
