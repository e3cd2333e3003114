"""The app's small in-page components (`st.components.v2`), each registered once per process
on first use: the focus mover, the copy-link button and the facilitator's cookie writer."""

from __future__ import annotations

import functools

import streamlit as st
from streamlit.components.v2.types import ComponentRenderer


@functools.cache
def component(
    name: str, *, js: str, html: str | None = None, css: str | None = None
) -> ComponentRenderer:
    """The mounting command of the component `name`, registered the first time it is asked
    for (registering needs a running Streamlit, so never at import)."""
    return st.components.v2.component(name, js=js, html=html, css=css)
