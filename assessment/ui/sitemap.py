"""The app's pages, declared once, typed and importable from anywhere in the app.

Pages link to each other (`st.page_link`, `st.switch_page`); they name their target here
instead of looking it up in a table that only exists after `app.main` has run. A `st.Page` is
only complete when it is made during a script run (outside one Streamlit returns a half-made
object), so a declaration makes its `st.Page` when asked, always inside a run, and never keeps
one across runs or sessions. The page file's absolute path makes the result the same whichever
main script (streamlit_app.py or the installed entry) started the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from assessment.i18n import N_, _

PAGE_FILES = Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class Destination:
    """One page of the app: its script under pages/ and how the navigation shows it."""

    file: str
    title: str  # English, marked N_(); shown translated by `page`
    icon: str
    url_path: str
    default: bool = False

    @property
    def path(self) -> Path:
        return PAGE_FILES / self.file

    def page(self) -> st.Page:
        """The Streamlit page for this run; st.navigation and the links take it."""
        return st.Page(
            self.path,
            title=_(self.title),
            icon=self.icon,
            url_path=self.url_path,
            default=self.default,
        )


START = Destination("start.py", N_("Start"), ":material/home:", "start", default=True)
SURVEY = Destination("survey.py", N_("Survey"), ":material/checklist:", "survey")
RESULTS = Destination("results.py", N_("Results"), ":material/insights:", "results")
WORKSHOP = Destination("workshop.py", N_("Workshop"), ":material/groups:", "workshop")
REPORT = Destination("report.py", N_("Report"), ":material/download:", "report")

# In the order the navigation bar shows them.
NAVIGATION: tuple[Destination, ...] = (START, SURVEY, RESULTS, WORKSHOP, REPORT)
