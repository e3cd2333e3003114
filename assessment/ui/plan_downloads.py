"""The action plan to take away from the results page: a CSV for Jira's or Azure DevOps'
importer and a Markdown checklist (`services.plan_export`), due dates counted from today."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assessment.content.model import Pack
from assessment.engine.result import Assessment
from assessment.i18n import _
from assessment.services.plan_export import azure_csv, jira_csv, markdown


def offer(a: Assessment, pack: Pack, today: date | None = None) -> None:
    """Three download buttons for the plan, or nothing when it has no step."""
    # the report page imports the results page, which calls this: imported here, not above
    from assessment.ui.report import file_stem

    if not a.next_steps:
        return
    today = today or date.today()
    stem = f"{file_stem(a.meta, today)}-plan"
    st.subheader(_("Take the plan to your tracker"))
    st.write(
        _(
            "One task a step, due 30, 60 or 90 days from today, each labelled with the step it "
            "is: once you mark steps done there, the tracker's export tells a later comparison "
            "which of them are done."
        )
    )
    cols = st.columns(3)
    cols[0].download_button(
        _("Plan for Jira (CSV)"),
        data=jira_csv(a, pack, today),
        file_name=f"{stem}-jira.csv",
        mime="text/csv",
        icon=":material/table:",
        on_click="ignore",
        help=_("For Jira's CSV importer; enter yyyy-MM-dd as its date format."),
    )
    cols[1].download_button(
        _("Plan for Azure DevOps (CSV)"),
        data=azure_csv(a, pack, today),
        file_name=f"{stem}-azure-devops.csv",
        mime="text/csv",
        icon=":material/table:",
        on_click="ignore",
        help=_("For Boards > Queries > Import work items: one new Task a step."),
    )
    cols[2].download_button(
        _("Plan as a checklist (Markdown)"),
        data=markdown(a, pack, today),
        file_name=f"{stem}.md",
        mime="text/markdown",
        icon=":material/checklist:",
        on_click="ignore",
    )
