"""Where the page lands after a section change: at the top, with keyboard focus on the new
section's heading; after a refused Next, on the first error.

Streamlit keeps the scroll position across reruns and drops focus to the page body, so a new
section would open scrolled to its bottom with its title off screen. A small `st.components.v2`
component (it runs in the app page, not an iframe) moves the page once per request: a request
made by a section change or a refused Next carries a new id, and reruns that only save an
answer repeat the id already acted on, so typing never makes the page jump.
"""

from __future__ import annotations

import uuid
from typing import Literal

import streamlit as st
from streamlit.components.v2.types import ComponentRenderer

from assessment.ui.components import component

REQUEST = "focus_request"
Target = Literal["heading", "error"]

# Waits (up to 3 s) for the element the request names to be drawn by this run, then moves there.
_JS = """
export default function (component) {
  const data = component.data;
  if (!data || !data.id || window.__pivotpointFocused === data.id) return;
  window.__pivotpointFocused = data.id;
  let tries = 0;
  const find = () => {
    const main = document.querySelector('[data-testid="stMain"]') || document.body;
    if (data.target === "error") {
      return main.querySelector('[data-testid="stAlertContentError"]')
        ?.closest('[data-testid="stAlert"]') || null;
    }
    return [...main.querySelectorAll("h1, h2")].find(
      (h) => h.textContent.trim() === data.text) || null;
  };
  const move = () => {
    const target = find();
    if (!target) {
      if (tries++ < 60) setTimeout(move, 50);
      return;
    }
    if (data.target === "error") {
      target.scrollIntoView({ block: "center" });
    } else {
      window.scrollTo(0, 0);
      for (const sel of ['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]']) {
        const box = document.querySelector(sel);
        if (box) box.scrollTop = 0;
      }
      if (document.scrollingElement) document.scrollingElement.scrollTop = 0;
    }
    target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  };
  move();
}
"""


def _mount() -> ComponentRenderer:
    return component("pivotpoint_focus", js=_JS)


def request(target: Target) -> None:
    """Ask the page to move on its next draw: to the heading, or to the first error."""
    st.session_state[REQUEST] = {"id": uuid.uuid4().hex, "target": target}


def apply(heading: str) -> None:
    """Carry out the pending request, if any; `heading`: the text of the page's heading.
    Call it once, after the page's content is drawn."""
    pending = st.session_state.get(REQUEST)
    if not pending:
        return
    _mount()(key="pivotpoint_focus", data={**pending, "text": heading})
