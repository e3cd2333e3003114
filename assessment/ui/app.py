"""The app's frame: page config, session state, navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assessment.store import StoreError
from assessment.ui import guard, language, present, sitemap, state, widgets

# Served by the app itself: a Material icon as favicon would be fetched from a font CDN.
FAVICON = Path(__file__).resolve().parent / "favicon.png"


def main() -> None:
    # the layout is set once the page is known (`_frame`): the projector views are wide
    st.set_page_config(page_title="Pivotpoint readiness assessment", page_icon=str(FAVICON))
    guard.run(_frame)


# What Streamlit's theme cannot say (checked with axe-core in the browser tests): captions and
# help at 4.5:1 or more on white and on the grey of containers (Streamlit draws them in a faded
# grey, and some at 60% opacity on top, 2.6:1), a visible ring on the focused choice of a radio
# or checkbox, and stacked choices at least 24 px high as targets; a tile's value wraps instead
# of being cut ("Incremental ..." at 1280 px); a button's keyboard shortcut at 4.5:1 too.
STYLE = """<style>
button kbd { color: inherit !important; opacity: 1 !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  line-height: 1.2;
}
[data-testid="stCaptionContainer"] { color: #5b6170; opacity: 1; }
[data-testid="stCaptionContainer"] p { color: #5b6170; }
[data-testid="stRadio"] label:has(input:focus-visible),
[data-testid="stCheckbox"] label:has(input:focus-visible) {
  outline: 2px solid #1f3a68; outline-offset: 2px; border-radius: 4px;
}
[data-testid="stRadio"] [role="radiogroup"] label, [data-testid="stCheckbox"] label {
  min-height: 24px;
}
</style>"""


def _frame() -> None:
    """Everything a run draws around and in the page."""
    st.html(STYLE)
    language.begin_run()
    widgets.begin_run()
    try:
        state.init()
    except StoreError as exc:  # pragma: no cover - init reports store problems itself
        st.session_state[state.STORE_PROBLEM] = str(exc)
    page = st.navigation([d.page() for d in sitemap.NAVIGATION], position="top")
    # one layout a run, before anything is drawn: the workshop's projector views use the whole
    # screen, everything else a readable column
    wide = page.url_path == sitemap.WORKSHOP.url_path and present.projected()
    st.set_page_config(layout="wide" if wide else "centered")
    problem = st.session_state.get(state.STORE_PROBLEM)
    if problem:
        st.warning(problem, icon=":material/cloud_off:")
    link_problem = st.session_state.get(state.LINK_PROBLEM)
    if link_problem:
        st.warning(link_problem, icon=":material/link_off:")
    notice = st.session_state.pop(state.NOTICE, None)
    if notice:
        st.info(notice, icon=":material/sync:")
    guard.show_callback_failure()
    page.run()
