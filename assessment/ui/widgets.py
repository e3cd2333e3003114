"""One widget for each question type; each answer is checked and saved as it is given.

A widget's value reaches the store even when Streamlit runs none of its callbacks. That happens
on the first interaction after the app server restarted: the browser reconnects to a new
session, which knows none of the page's widgets yet, so the value the browser sends arrives
without its callback, and a value set through `st.session_state` before the widget is drawn
would overwrite it. So a widget this session has not drawn before takes its stored answer as its
default (which the browser's value overrides), and every drawn widget is compared with the
store afterwards (`sync`). Buttons get the same care through `button`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from assessment import i18n
from assessment.content.schema.questionnaire import Question
from assessment.i18n import _
from assessment.report.text import markdown_literal
from assessment.services.answers import check_answer
from assessment.ui import guard, resources, state

RADIO_LIMIT = 7  # longer single-choice lists become a drop-down
DRAWN = "widgets_drawn"  # widget keys this server session has drawn at least once
ACTIONS_RUN = "actions_run"  # buttons whose action ran in a callback before this script run
ACTIONS_NOW = "actions_now"  # the same, as read at the start of this script run


def key_of(question: Question) -> str:
    return f"q:{question.id}"


def choice_key(question: Question, choice: str) -> str:
    """A multi-choice question is one checkbox a choice: they wrap on a phone, and a tap on one
    leaves no drop-down open to swallow the next tap."""
    return f"q:{question.id}:{choice}"


def _keys(question: Question) -> list[str]:
    if question.type == "multi":
        return [choice_key(question, c.id) for c in resources.scorer().pack.choices(question)]
    return [key_of(question)]


def shown(question: Question) -> bool:
    """Whether this question's widgets hold a value in this session."""
    return all(key in st.session_state for key in _keys(question))


def _widget_value(question: Question, value: Any) -> Any:
    """An engine value as the widget holds it."""
    if value is None:
        return [] if question.type == "multi" else None
    return value


def _raw(question: Question) -> Any:
    """The value the question's widgets hold now."""
    if question.type == "multi":
        options = resources.scorer().pack.choices(question)
        return [c.id for c in options if st.session_state.get(choice_key(question, c.id))]
    return st.session_state.get(key_of(question))


def _changed(question: Question) -> None:
    raw = _raw(question)
    errors = st.session_state[state.ERRORS]
    if raw is None or raw == [] or (isinstance(raw, str) and not raw.strip()):
        errors.pop(question.id, None)
        state.set_answer(question.id, None)
        return
    clean, message = check_answer(resources.scorer().pack, question, raw)
    if message:
        errors[question.id] = message
        return
    errors.pop(question.id, None)
    state.set_answer(question.id, clean)


_on_change = guard.callback(_changed)


def sync(question: Question) -> None:
    """Save a widget value that no callback saved: a rerun cut short by the next click, or the
    first one after a server restart, can skip a widget's callback; the value is still in the
    session, so nothing is lost."""
    stored = st.session_state[state.ANSWERS].get(question.id)
    if question.id in st.session_state[state.ERRORS]:
        return
    if _normal(question, _raw(question)) != _normal(question, _widget_value(question, stored)):
        _changed(question)


def _normal(question: Question, value: Any) -> Any:
    """A widget value in a form that compares equal however it was entered."""
    if value is None or value == [] or (isinstance(value, str) and not value.strip()):
        return None
    if question.type == "multi" and isinstance(value, list):
        return sorted(value)
    return value


def _defaults(question: Question) -> dict[str, Any]:
    """What each of the question's widget keys shows for the stored answer."""
    value = _widget_value(question, st.session_state[state.ANSWERS].get(question.id))
    if question.type == "multi":
        chosen = set(value)
        return {
            choice_key(question, c.id): c.id in chosen
            for c in resources.scorer().pack.choices(question)
        }
    return {key_of(question): value}


def render(question: Question) -> None:
    """Show one question with its help, and its error if the last answer was refused."""
    pack = resources.scorer().pack
    drawn: set[str] = st.session_state.setdefault(DRAWN, set())
    defaults = _defaults(question)
    first = {key for key in defaults if key not in drawn}
    for key, value in defaults.items():
        if key not in first and key not in st.session_state:
            st.session_state[key] = value  # the widget was forgotten: show the stored answer
    # A key this session never drew gets the stored answer as its default, never through
    # st.session_state, so that a value the browser sent for it (after a restart) wins.
    default: dict[str, Any] = {k: v if k in first else None for k, v in defaults.items()}
    label = question.text + (" *" if question.required else "")
    key = key_of(question)
    common: dict[str, Any] = {"key": key, "on_change": _on_change, "args": (question,)}
    t = question.type
    if t == "number":
        integer = question.integer
        # No min/max here: the browser would refuse a value silently; `check_value` says why.
        st.number_input(
            label,
            value=default[key],
            step=1 if integer else None,
            format="%d" if integer else None,
            placeholder=_("A number from {low} to {high}").format(
                low=i18n.number_g(question.min or 0), high=i18n.number_g(question.max or 0)
            ),
            **common,
        )
    elif t == "single":
        options = pack.choices(question)
        labels = {c.id: c.label for c in options}
        ids = [c.id for c in options]
        index = ids.index(default[key]) if default[key] in ids else None
        if len(ids) <= RADIO_LIMIT:
            st.radio(label, ids, index=index, format_func=labels.__getitem__, **common)
        else:
            st.selectbox(
                label,
                ids,
                index=index,
                format_func=labels.__getitem__,
                placeholder=_("Choose one"),
                **common,
            )
    elif t == "multi":
        _choices(question, label, default)
    elif t == "scale":
        points = {p.value: p.label for p in question.points or []}
        values = list(points)
        index = values.index(default[key]) if default[key] in values else None
        st.radio(label, values, index=index, format_func=lambda v: f"{v}: {points[v]}", **common)
    elif t == "yes_no":
        index = [True, False].index(default[key]) if isinstance(default[key], bool) else None
        st.radio(
            label,
            [True, False],
            index=index,
            format_func=lambda v: _("Yes") if v else _("No"),
            horizontal=True,
            **common,
        )
    else:
        st.text_area(
            label,
            value=default[key],
            max_chars=question.max_length,
            placeholder=_("Optional"),
            **common,
        )
    drawn.update(defaults)
    sync(question)
    if question.quote:
        st.caption(_("You might hear: “{quote}”").format(quote=question.quote))
    st.caption(question.help)
    error = st.session_state[state.ERRORS].get(question.id)
    if error:
        st.error(markdown_literal(error), icon=":material/error:")


def _choices(question: Question, label: str, default: dict[str, Any]) -> None:
    """A multi-choice question: its text (at the size of other questions' labels), then one
    checkbox a choice."""
    st.markdown(f":small[{label}]" if "]" not in label else label)
    st.caption(
        _("Choose up to {n}.").format(n=question.max_choices)
        if question.max_choices
        else _("Choose any that apply.")
    )
    for choice in resources.scorer().pack.choices(question):
        key = choice_key(question, choice.id)
        st.checkbox(
            choice.label,
            value=bool(default[key]),
            key=key,
            on_change=_on_choice,
            args=(question, choice.id),
        )


def _choice_ticked(question: Question, choice: str) -> None:
    """A tick on "none of these" clears the other choices, and a tick on another choice clears
    "none of these": the answer stays one a person means."""
    if st.session_state.get(choice_key(question, choice)):
        options = resources.scorer().pack.choices(question)
        exclusive = {c.id for c in options if c.exclusive}
        for c in options:
            if c.id != choice and (choice in exclusive or c.id in exclusive):
                st.session_state[choice_key(question, c.id)] = False
    _changed(question)


_on_choice = guard.callback(_choice_ticked)


def begin_run() -> None:
    """Called once at the start of each script run, before any page draws a button."""
    ss = st.session_state
    ss[ACTIONS_NOW] = ss.get(ACTIONS_RUN, set())
    ss[ACTIONS_RUN] = set()


def _run_action(name: str, action: Callable[..., None], args: tuple[Any, ...]) -> None:
    st.session_state.setdefault(ACTIONS_RUN, set()).add(name)
    guard.callback(action)(*args)


def button(
    label: str,
    action: Callable[..., None],
    args: tuple[Any, ...] = (),
    *,
    where: DeltaGenerator | None = None,
    key: str | None = None,
    **kwargs: Any,
) -> None:
    """A button whose action runs once for each click, before the page is drawn again, even
    when Streamlit skipped its callback (the first click after a server restart reaches a
    session that knows no callbacks yet): then the action runs here and the page reruns."""
    name = key or label
    draw = st.button if where is None else where.button
    clicked = draw(label, key=key, on_click=_run_action, args=(name, action, args), **kwargs)
    if clicked and name not in st.session_state.get(ACTIONS_NOW, set()):
        st.session_state.setdefault(ACTIONS_RUN, set()).add(name)  # not again on the rerun
        action(*args)
        st.rerun()


def svg_image(svg: str, alt: str) -> str:
    """An SVG as an `<img>` for st.html (which drops inline SVG), with `alt` (already HTML
    escaped) as its text for screen readers."""
    if "xmlns=" not in svg.split(">", 1)[0]:  # an image needs what inline SVG takes for granted
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{alt}" style="width:100%">'
