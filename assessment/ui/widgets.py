"""One widget for each question type; each answer is checked and saved as it is given."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assessment.answers import check_value
from assessment.schema.questionnaire import Question
from assessment.ui import resources, state

RADIO_LIMIT = 7  # longer single-choice lists become a drop-down


def key_of(question: Question) -> str:
    return f"q:{question.id}"


def _widget_value(question: Question, value: Any) -> Any:
    """An engine value as the widget holds it."""
    if value is None:
        return [] if question.type == "multi" else None
    return value


def _changed(question: Question) -> None:
    raw = st.session_state.get(key_of(question))
    errors = st.session_state[state.ERRORS]
    if raw is None or raw == [] or (isinstance(raw, str) and not raw.strip()):
        errors.pop(question.id, None)
        state.set_answer(question.id, None)
        return
    pack = resources.scorer().pack
    options = pack.choices(question)
    clean, message = check_value(
        question, [c.id for c in options], raw, {c.id: c.label for c in options}
    )
    if message:
        errors[question.id] = message
        return
    errors.pop(question.id, None)
    state.set_answer(question.id, clean)


def sync(question: Question) -> None:
    """Save a widget value that no callback saved. A rerun cut short by the next click can
    skip a widget's callback; the value is still in the session, so nothing is lost."""
    raw = st.session_state.get(key_of(question))
    stored = st.session_state[state.ANSWERS].get(question.id)
    if question.id in st.session_state[state.ERRORS]:
        return
    if _normal(question, raw) != _normal(question, _widget_value(question, stored)):
        _changed(question)


def _normal(question: Question, value: Any) -> Any:
    """A widget value in a form that compares equal however it was entered."""
    if value is None or value == [] or (isinstance(value, str) and not value.strip()):
        return None
    if question.type == "multi" and isinstance(value, list):
        return sorted(value)
    return value


def render(question: Question) -> None:
    """Show one question with its help, and its error if the last answer was refused."""
    pack = resources.scorer().pack
    key = key_of(question)
    if key not in st.session_state:
        st.session_state[key] = _widget_value(
            question, st.session_state[state.ANSWERS].get(question.id)
        )
    else:
        sync(question)
    label = question.text + (" *" if question.required else "")
    common: dict[str, Any] = {"key": key, "on_change": _changed, "args": (question,)}
    t = question.type
    if t == "number":
        integer = question.integer
        # No min/max here: the browser would refuse a value silently; `check_value` says why.
        st.number_input(
            label,
            step=1 if integer else None,
            format="%d" if integer else None,
            placeholder=f"A number from {question.min:g} to {question.max:g}",
            **common,
        )
    elif t == "single":
        options = pack.choices(question)
        labels = {c.id: c.label for c in options}
        ids = [c.id for c in options]
        if len(ids) <= RADIO_LIMIT:
            st.radio(label, ids, format_func=labels.__getitem__, **common)
        else:
            st.selectbox(
                label, ids, format_func=labels.__getitem__, placeholder="Choose one", **common
            )
    elif t == "multi":
        options = pack.choices(question)
        labels = {c.id: c.label for c in options}
        st.multiselect(
            label,
            [c.id for c in options],
            format_func=labels.__getitem__,
            max_selections=question.max_choices,
            placeholder="Choose any that apply",
            **common,
        )
    elif t == "scale":
        points = {p.value: p.label for p in question.points or []}
        st.radio(label, list(points), format_func=lambda v: f"{v}: {points[v]}", **common)
    elif t == "yes_no":
        st.radio(
            label,
            [True, False],
            format_func=lambda v: "Yes" if v else "No",
            horizontal=True,
            **common,
        )
    else:
        st.text_area(label, max_chars=question.max_length, placeholder="Optional", **common)
    if question.quote:
        st.caption(f"You might hear: “{question.quote}”")
    st.caption(question.help)
    error = st.session_state[state.ERRORS].get(question.id)
    if error:
        st.error(error, icon=":material/error:")
