"""The respondent's state in a browser session, kept in step with the store.

Every answer is written to the store when it is given. When the store cannot be reached the
answer stays in the session, the user is told, and the next rerun tries to save it again: nothing
already given is lost.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping
from typing import Any

import streamlit as st

from assessment.content.changes import carry_over, changes_since
from assessment.content.schema.questionnaire import Question
from assessment.i18n import N_, _
from assessment.services import visibility
from assessment.services.answers import check_answer
from assessment.store import StoreError
from assessment.store.errors import (
    CLOSED_TO_PARTICIPANTS,
    UnknownTokenError,
    WorkshopClosedError,
)
from assessment.ui import focus, resources

TOKEN = "token"
ANSWERS = "answers"
META = "meta"
POSITION = "position"
ERRORS = "errors"
UNSAVED = "unsaved"
STORE_PROBLEM = "store_problem"
LINK_PROBLEM = "link_problem"
FAILED_AT = "store_failed_at"
VERSION = "store_version"
NOTICE = "notice"
WORKSHOP = "workshop_id"
FINISHED = "finished"
JOIN = "join"
QUERY = "r"


def init() -> None:
    ss = st.session_state
    ss.setdefault(TOKEN, None)
    ss.setdefault(ANSWERS, {})
    ss.setdefault(META, {})
    ss.setdefault(POSITION, 0)
    ss.setdefault(ERRORS, {})
    ss.setdefault(UNSAVED, set())
    ss.setdefault(STORE_PROBLEM, None)
    ss.setdefault(LINK_PROBLEM, None)
    ss.setdefault(WORKSHOP, None)
    ss.setdefault(FINISHED, False)
    resume_from_link()
    refresh_from_store()
    if ss[TOKEN]:
        st.query_params[QUERY] = ss[TOKEN]  # keep the resume link in the address bar
    flush()


def resume_from_link() -> None:
    """Open the respondent named by `?r=` in the URL, once per session and token."""
    ss = st.session_state
    token = st.query_params.get(QUERY)
    if not token or token == ss[TOKEN]:
        return
    try:
        respondent = resources.store().find(token)
    except StoreError as exc:
        ss[STORE_PROBLEM] = str(exc)
        return
    if respondent is None:
        ss[LINK_PROBLEM] = _(
            "This resume link is not known here. It may be mistyped or "
            "incomplete; you can start a new assessment below."
        )
        del st.query_params[QUERY]
        return
    try:
        answers = resources.store().answers(token)
    except StoreError as exc:
        ss[STORE_PROBLEM] = str(exc)
        return
    pack = resources.scorer().pack
    ss[TOKEN] = token
    # answers to questions since merged into others go to the questions that ask them now
    carried = carry_over(pack, answers)
    answers = carried.answers
    # An answer saved under an older questionnaire that no longer fits (a choice since made
    # exclusive, say) stays in the store until a new one replaces it; the question shows why.
    unfit = {}
    for q, value in answers.items():
        if q in pack.questions and value is not None:
            _value, message = check_answer(pack, pack.questions[q], value)
            if message:
                unfit[q] = _("The saved answer no longer fits this question: {reason}.").format(
                    reason=message
                )
    ss[ANSWERS] = {q: v for q, v in answers.items() if q in pack.questions and q not in unfit}
    ss[META] = dict(respondent.meta)
    ss[POSITION] = respondent.position
    ss[WORKSHOP] = respondent.workshop_id
    ss[FINISHED] = respondent.finished
    ss[LINK_PROBLEM] = None
    ss[VERSION] = respondent.updated
    # saved under an older questionnaire: say what changed and what is left open
    note = changes_since(
        pack,
        respondent.pack_version,
        ss[ANSWERS],
        visibility.shown(resources.scorer().engine, ss[ANSWERS]),
    )
    if carried.notes:
        note = " ".join([*([note] if note else []), *carried.notes])
    if note:
        ss[NOTICE] = note
    forget_widgets()
    ss[ERRORS] = unfit
    if carried.merged:  # the move is saved once: the new answers stored, the older ones gone
        ss[UNSAVED].update([*carried.moved, *carried.merged])
        flush()


def forget_widgets() -> None:
    """Widgets take their values from the answers again, and old messages go."""
    ss = st.session_state
    for key in list(ss.keys()):
        if isinstance(key, str) and key.startswith("q:"):
            del ss[key]
    ss[ERRORS] = {}


def start_new(workshop_id: int | None = None, role: str | None = None) -> None:
    """Create a respondent (on their own, or in a workshop) and put its resume link in the
    address bar."""
    ss = st.session_state
    pack = resources.scorer().pack
    try:
        respondent = resources.store().create_respondent(
            pack.info.id, pack.info.version, workshop_id=workshop_id, role=role
        )
    except StoreError as exc:
        LOG.warning("starting failed: %s", exc)
        ss[STORE_PROBLEM] = _(CANNOT_SAVE)
        return
    ss[WORKSHOP] = workshop_id
    ss[FINISHED] = False
    ss[TOKEN] = respondent.token
    focus.request("heading")
    ss[ANSWERS] = {}
    ss[META] = {}
    ss[POSITION] = 0
    ss[ERRORS] = {}
    ss[STORE_PROBLEM] = None
    ss[LINK_PROBLEM] = None
    st.query_params[QUERY] = respondent.token


def set_answer(qid: str, value: Any) -> None:
    ss = st.session_state
    if value is None or value == []:
        ss[ANSWERS].pop(qid, None)
    else:
        ss[ANSWERS][qid] = value
    ss[UNSAVED].add(qid)
    flush()


def replace_answers(values: dict[str, Any], meta: dict[str, str]) -> str | None:
    """Every answer replaced at once (a restored file), stored in one transaction before this
    tab changes; None when done, else why nothing was changed."""
    ss = st.session_state
    try:
        resources.store().replace_answers(ss[TOKEN], values, meta)
    except WorkshopClosedError:
        return _(CLOSED_TO_PARTICIPANTS)
    except StoreError as exc:
        LOG.warning("restoring answers failed: %s", exc)
        return _("Answers cannot be saved right now; please try again in a moment.")
    ss[ANSWERS] = {q: v for q, v in values.items() if v is not None and v != []}
    ss[META] = meta
    ss[UNSAVED] = {k for k in ss[UNSAVED] if k == "__position__"}  # the file replaced the rest
    return None


def set_meta(meta: dict[str, str]) -> None:
    st.session_state[META] = meta
    st.session_state[UNSAVED].add("__meta__")
    flush()


def set_position(position: int) -> None:
    st.session_state[POSITION] = position
    focus.request("heading")
    st.session_state[UNSAVED].add("__position__")
    flush()


RETRY_AFTER = 15.0  # seconds between tries while the store fails, so reruns stay quick
# shown in the session's language where they are set: `_(CANNOT_SAVE)`
CANNOT_SAVE = N_("Your answers cannot be saved right now.")
SAVE_PROBLEM = N_(
    "Your answers cannot be saved right now. They are kept in this browser tab and "
    "saved as soon as the database answers again; please do not close the tab."
)
LOG = logging.getLogger("pivotpoint.app")


def flush() -> None:
    """Write every unsaved change; on failure keep them for the next try."""
    ss = st.session_state
    token = ss[TOKEN]
    if not token or not ss[UNSAVED]:
        return
    if ss[STORE_PROBLEM] and time.monotonic() - ss.get(FAILED_AT, 0.0) < RETRY_AFTER:
        return  # the store failed moments ago: do not make every click wait for it again
    try:
        store = resources.store()
        for key in sorted(ss[UNSAVED]):
            if key == "__meta__":
                store.save_meta(token, ss[META])
            elif key == "__position__":
                store.save_position(token, ss[POSITION])
            elif key in ss[ANSWERS]:
                store.save_answer(token, key, ss[ANSWERS][key])
            else:
                store.delete_answer(token, key)
            ss[UNSAVED].discard(key)
    except WorkshopClosedError:
        _closed(token)
        return
    except UnknownTokenError:  # the answers were deleted on the server
        ss[TOKEN] = None
        ss[UNSAVED] = set()
        ss[LINK_PROBLEM] = _(
            "The answers behind this link have been deleted, so nothing "
            "more can be saved to it. You can start a new assessment."
        )
        del st.query_params[QUERY]
        return
    except StoreError as exc:
        LOG.warning("saving failed: %s", exc)  # where the database is: for the log only
        ss[STORE_PROBLEM] = _(SAVE_PROBLEM)
        ss[FAILED_AT] = time.monotonic()
        return
    ss[STORE_PROBLEM] = None
    _remember_version(token)


def _remember_version(token: str) -> None:
    """Note when the store last changed these answers, to notice another window's changes."""
    try:
        respondent = resources.store().find(token)
    except StoreError:
        return
    if respondent is not None:
        st.session_state[VERSION] = respondent.updated


def refresh_from_store() -> None:
    """If another window changed this link's answers since this tab last saw them, load them."""
    ss = st.session_state
    token = ss[TOKEN]
    if not token or ss[UNSAVED]:
        return
    try:
        respondent = resources.store().find(token)
        if respondent is None or respondent.updated == ss.get(VERSION):
            return
        answers = resources.store().answers(token)
    except StoreError:
        return
    pack = resources.scorer().pack
    changed = ss.get(VERSION) is not None
    answers = carry_over(pack, answers).answers
    ss[ANSWERS] = {q: v for q, v in answers.items() if q in pack.questions}
    ss[META] = dict(respondent.meta)
    ss[VERSION] = respondent.updated
    forget_widgets()
    if changed:
        ss[NOTICE] = _("These answers were changed in another window; this page now shows them.")


def visible_questions() -> dict[str, bool]:
    """Which questions the current answers show (conditional questions)."""
    return resources.scorer().shown(st.session_state[ANSWERS])


def required_left(questions: Iterable[Question], visible: Mapping[str, bool]) -> list[str]:
    """The required questions among `questions` that `visible` shows and are not answered."""
    return visibility.required_left(questions, visible, st.session_state[ANSWERS])


def finish() -> None:
    """A workshop participant sends their answers: they count in the workshop from now on."""
    ss = st.session_state
    try:
        resources.store().mark_finished(ss[TOKEN])
    except WorkshopClosedError:
        _closed(ss[TOKEN])
        return
    except StoreError as exc:
        LOG.warning("finishing failed: %s", exc)
        ss[STORE_PROBLEM] = _(SAVE_PROBLEM)
        return
    ss[FINISHED] = True
    focus.request("heading")
    _remember_version(ss[TOKEN])  # our own change, not another window's


def _closed(token: str) -> None:
    """The workshop closed: drop what was not saved, show what the store kept, and say so."""
    ss = st.session_state
    ss[UNSAVED] = set()
    ss[STORE_PROBLEM] = _(CLOSED_TO_PARTICIPANTS)  # shown above every page
    try:
        respondent = resources.store().find(token)
        answers = resources.store().answers(token)
    except StoreError:
        return
    if respondent is not None:
        pack = resources.scorer().pack
        answers = carry_over(pack, answers).answers
        ss[ANSWERS] = {q: v for q, v in answers.items() if q in pack.questions}
        ss[META] = dict(respondent.meta)
        ss[FINISHED] = respondent.finished
        ss[VERSION] = respondent.updated
        forget_widgets()


def workshop_closed() -> bool:
    """Whether this participant's workshop no longer takes answers (False on its own, or when
    the store cannot tell: the store refuses a write to a closed workshop in any case)."""
    workshop_id = st.session_state.get(WORKSHOP)
    if workshop_id is None:
        return False
    try:
        workshop = resources.store().workshop_by_id(workshop_id)
    except StoreError:
        return False
    return workshop is not None and workshop.status != "open"


def answered(question: Question) -> bool:
    return st.session_state[ANSWERS].get(question.id) is not None
