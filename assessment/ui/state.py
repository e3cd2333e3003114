"""The respondent's state in a browser session, kept in step with the store.

Every answer is written to the store when it is given. When the store cannot be reached the
answer stays in the session, the user is told, and the next rerun tries to save it again: nothing
already given is lost.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from assessment.engine.variables import encode_rows
from assessment.schema.questionnaire import Question
from assessment.store import StoreError
from assessment.ui import resources

TOKEN = "token"
ANSWERS = "answers"
META = "meta"
POSITION = "position"
ERRORS = "errors"
UNSAVED = "unsaved"
STORE_PROBLEM = "store_problem"
LINK_PROBLEM = "link_problem"
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
    resume_from_link()
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
        ss[LINK_PROBLEM] = (
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
    ss[ANSWERS] = {q: v for q, v in answers.items() if q in pack.questions}
    ss[META] = dict(respondent.meta)
    ss[POSITION] = respondent.position
    ss[LINK_PROBLEM] = None
    for qid in list(ss.keys()):
        if isinstance(qid, str) and qid.startswith("q:"):
            del ss[qid]  # widgets take their values from the restored answers


def start_new() -> None:
    """Create a respondent in the store and put its resume link in the address bar."""
    ss = st.session_state
    pack = resources.scorer().pack
    try:
        respondent = resources.store().create_respondent(pack.info.id, pack.info.version)
    except StoreError as exc:
        ss[STORE_PROBLEM] = str(exc)
        return
    ss[TOKEN] = respondent.token
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


def set_meta(meta: dict[str, str]) -> None:
    st.session_state[META] = meta
    st.session_state[UNSAVED].add("__meta__")
    flush()


def set_position(position: int) -> None:
    st.session_state[POSITION] = position
    st.session_state[UNSAVED].add("__position__")
    flush()


def flush() -> None:
    """Write every unsaved change; on failure keep them for the next try."""
    ss = st.session_state
    token = ss[TOKEN]
    if not token or not ss[UNSAVED]:
        return
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
    except StoreError as exc:
        ss[STORE_PROBLEM] = (
            f"{exc} Your answers are kept in this browser tab and are saved "
            "as soon as the database answers again; do not close the tab."
        )
        return
    ss[STORE_PROBLEM] = None


def visible_questions() -> dict[str, bool]:
    """Which questions the current answers show (conditional questions)."""
    scorer = resources.scorer()
    frame = encode_rows(scorer.pack.question_vars(), [st.session_state[ANSWERS]])
    masks = scorer.engine.apply_visibility(frame)
    return {qid: bool(masks[qid][0]) if qid in masks else True for qid in scorer.pack.questions}


def answered(question: Question) -> bool:
    return st.session_state[ANSWERS].get(question.id) is not None
