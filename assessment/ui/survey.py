"""Survey: one section at a time, a progress bar, back and next, then a review step."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from assessment.content import length
from assessment.content.schema.questionnaire import Section
from assessment.i18n import _
from assessment.store.errors import CLOSED_TO_PARTICIPANTS
from assessment.ui import copy_link, focus, language, remarks, resources, sitemap, state, widgets


def render() -> None:
    if not st.session_state[state.TOKEN]:
        st.title(_("Survey"))
        st.write(_("Start an assessment first: it gives you a link that keeps your answers."))
        if st.button(_("Start the assessment"), type="primary"):
            state.start_new()
            st.rerun()
        return
    if st.session_state[state.FINISHED] and st.session_state[state.WORKSHOP]:
        _thanks()  # sent: nothing left to answer, so no progress to show
        return
    pack = resources.scorer().pack
    visible = state.visible_questions()
    everything = pack.questionnaire.sections
    # The saved position indexes the pack's sections, hidden ones included, so that a section
    # appearing or disappearing as answers change never moves anyone to another section.
    shown_at = [i for i, s in enumerate(everything) if any(visible[q.id] for q in s.questions)]
    sections = [everything[i] for i in shown_at]
    saved = st.session_state[state.POSITION]
    current = next((i for i in shown_at if i >= saved), len(everything))  # past the end: review
    shown = [q for s in sections for q in s.questions if visible[q.id] and q.counts]
    done = sum(1 for q in shown if state.answered(q))
    reviewing = current >= len(everything)
    step = (
        _("Review")
        if reviewing
        else _("Section {n} of {total}").format(n=shown_at.index(current) + 1, total=len(sections))
    )
    left = [q for q in shown if not state.answered(q)]
    answered = _("{done} of {total} questions answered").format(done=done, total=len(shown))
    remaining = (
        " · " + _("about {minutes} min left").format(minutes=length.minutes(pack, left))
        if left
        else ""
    )
    st.progress(done / max(len(shown), 1), text=f"{step} · {answered}{remaining}")
    if reviewing:
        _review(everything, shown_at, visible)
        return
    section = everything[current]
    st.header(section.title, anchor=False)
    st.write(section.intro)
    if current == shown_at[0]:
        if st.session_state[state.WORKSHOP]:
            _other_device()
        else:  # a participant gets no report of their own to name it on
            _organisation()
    for question in section.questions:
        if visible[question.id]:
            with st.container(border=True):
                widgets.render(question)
    if st.session_state.get(BLOCKED) == section.id and _section_problems(section, visible):
        st.error(
            _(
                "Some questions in this section still need an answer, or a valid one "
                "(required questions are marked *)."
            ),
            icon=":material/error:",
        )
    back, _gap, forward = st.columns([1, 2, 1])
    earlier = [i for i in shown_at if i < current]
    if earlier:
        widgets.button(_("Back"), state.set_position, (earlier[-1],), where=back, width="stretch")
    widgets.button(
        _("Next"),
        _next,
        (section, visible, current),
        where=forward,
        type="primary",
        width="stretch",
    )
    language.chooser()  # a participant may switch language at any section
    focus.apply(section.title)


BLOCKED = "blocked_section"


def _next(section: Section, visible: dict[str, bool], position: int) -> None:
    """Move on, or mark what is missing; runs before the page is drawn again."""
    for question in section.questions:
        if visible[question.id] and widgets.shown(question):
            widgets.sync(question)
    if _required_answered(section, visible) and not _section_problems(section, visible):
        st.session_state[BLOCKED] = None
        state.set_position(position + 1)
    else:
        st.session_state[BLOCKED] = section.id
        focus.request("error")


def _thanks() -> None:
    """A workshop participant who has sent their answers."""
    st.header(_("Thank you"), anchor=False)
    st.success(
        _(
            "Your answers are in. The facilitator will show the group's picture once "
            "enough people have answered. Below, you can put a question to the room and vote "
            "for others'."
        ),
        icon=":material/task_alt:",
    )
    from assessment.ui.results import own_results_allowed

    if own_results_allowed():  # only where the facilitator lets participants see them
        st.page_link(
            sitemap.RESULTS.page(), label=_("Your own results"), icon=":material/insights:"
        )
    if state.workshop_closed():
        st.caption(_("The workshop is closed: it takes no more questions for the discussion."))
    else:
        remarks.participant(st.session_state[state.WORKSHOP], st.session_state[state.TOKEN])
    focus.apply(_("Thank you"))


def _other_device() -> None:
    """A participant who wants to go on answering elsewhere needs their own link: the join
    link would make them a second participant."""
    with st.expander(_("Continue on another device")):
        st.write(
            _(
                "Open this link on the other device to go on with these answers. The workshop's "
                "join link would start a second, separate set of answers. Keep the link to "
                "yourself: anyone with it can read and change your answers."
            )
        )
        copy_link.show(st.session_state[state.TOKEN])


def _organisation() -> None:
    meta = dict(st.session_state[state.META])
    value = st.text_input(
        _("Organisation (optional; it appears on your report)"),
        value=meta.get("organization", ""),
        max_chars=120,
        key="meta:org",
    )
    if value.strip() != meta.get("organization", ""):
        if value.strip():
            meta["organization"] = value.strip()
        else:
            meta.pop("organization", None)
        state.set_meta(meta)


def _section_problems(section: Section, visible: dict[str, bool]) -> list[str]:
    """Questions of the section that still need an answer or show a refused answer."""
    errors = st.session_state[state.ERRORS]
    left = state.required_left(section.questions, visible)
    return [q.id for q in section.questions if visible[q.id] and (q.id in errors or q.id in left)]


def _required_answered(section: Section, visible: dict[str, bool]) -> bool:
    errors = st.session_state[state.ERRORS]
    left = state.required_left(section.questions, visible)
    for qid in left:
        errors[qid] = _("This question needs an answer.")
    return not left


def _review(sections: Sequence[Section], shown_at: list[int], visible: dict[str, bool]) -> None:
    """The review step; `sections` are all of the pack's, `shown_at` the indexes of those with
    a question to show."""
    st.header(_("Review"), anchor=False)
    missing = []
    for i in shown_at:
        left = [
            q for q in sections[i].questions if visible[q.id] and q.counts and not state.answered(q)
        ]
        missing.append((i, sections[i], left))
    missing = [(i, s, qs) for i, s, qs in missing if qs]
    required_left = bool(state.required_left([q for s in sections for q in s.questions], visible))
    if not missing:
        st.success(_("Every question is answered."), icon=":material/task_alt:")
    else:
        closed = bool(st.session_state[state.WORKSHOP]) and state.workshop_closed()
        if closed:
            st.write(_("These questions were left unanswered when the workshop closed."))
        elif st.session_state[state.WORKSHOP]:
            st.write(
                _(
                    "These questions are still unanswered. You can answer them now, or send "
                    "your answers anyway: what they would decide is marked as not judged."
                )
            )
        else:
            st.write(
                _(
                    "These questions are still unanswered. You can answer them now, or see "
                    "your results anyway: what they would decide is marked as not judged."
                )
            )
        for i, section, questions in missing:
            with st.container(border=True):
                st.markdown(f"**{section.title}**")
                for q in questions:
                    st.markdown(
                        f"- {q.text}" + (" *" + _("(required)") + "*" if q.required else "")
                    )
                if not closed:  # a closed workshop takes no more answers
                    widgets.button(
                        _("Answer these"), state.set_position, (i,), key=f"goto:{section.id}"
                    )
    back, _gap, forward = st.columns([1, 2, 1])
    widgets.button(_("Back"), state.set_position, (shown_at[-1],), where=back, width="stretch")
    if required_left:
        forward.button(
            _("Send my answers") if st.session_state[state.WORKSHOP] else _("See your results"),
            disabled=True,
            width="stretch",
            help=_("Answer the required questions first."),
        )
    elif st.session_state[state.WORKSHOP] and state.workshop_closed():
        forward.button(_("Send my answers"), disabled=True, width="stretch", help=_("Closed."))
        st.warning(_(CLOSED_TO_PARTICIPANTS), icon=":material/lock:")
    elif st.session_state[state.WORKSHOP]:
        widgets.button(
            _("Send my answers"), state.finish, where=forward, type="primary", width="stretch"
        )
    elif forward.button(_("See your results"), type="primary", width="stretch"):
        st.switch_page(sitemap.RESULTS.page())
    focus.apply(_("Review"))
