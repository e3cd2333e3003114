"""A page that offers a report from inside a fragment that refreshes itself, as the
facilitator's dashboard does (tests/ui/test_pdf_download.py)."""

import streamlit as st
import yaml

from assessment.report.context import ReportOptions
from assessment.ui import pdf_download, resources
from tests.conftest import EXAMPLES


@st.fragment(run_every=5)
def dashboard() -> None:
    data = yaml.safe_load((EXAMPLES / "regulated-enterprise.yaml").read_text())
    a = resources.assess(resources.scorer().check(data["answers"]), {"organization": "Team"})
    pdf_download.offer(
        a,
        ReportOptions(annex=True),
        key="team_pdf",
        file_name="team-report-ABCDEF.pdf",
        label="Team report (PDF)",
        prepare_label="Prepare the team report (PDF)",
        refreshing=True,
    )


dashboard()
