"""Prepare and download a PDF: the one way a page offers a report.

A button starts the job in the render queue (`assessment.services.render_queue`); while it
waits or renders, a fragment says so ("Your report is being prepared (2 ahead of you)") and
refreshes itself every few seconds without rerunning the page; once the PDF is ready, the page
shows a download button with the file. A report of the same answer set that someone already
asked for is shared, and one that is still in the cache is offered at once.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from assessment.engine.result import Assessment
from assessment.i18n import _, ngettext
from assessment.report.context import ReportOptions
from assessment.services import render_queue as rq
from assessment.ui import resources

REFRESH_S = 2.0  # how often the "being prepared" note looks again


def offer(
    assessment: Assessment,
    options: ReportOptions,
    *,
    key: str,
    file_name: str,
    label: str | None = None,
    prepare_label: str | None = None,
    primary: bool = True,
    refreshing: bool = False,
) -> None:
    """The prepare button, then the progress note, then the download button, for the report
    of `assessment` with `options`. `key` tells this offer from others on the page.
    `refreshing`: the caller is a fragment that reruns itself every few seconds (the
    facilitator's dashboard), so the note needs no fragment of its own: the caller's next
    refresh shows the download. `label`, `prepare_label`: the buttons' words ("Download the
    PDF report", "Prepare the PDF report" unless given)."""
    label = label or _("Download the PDF report")
    prepare_label = prepare_label or _("Prepare the PDF report")
    queue = resources.render_queue()
    job = rq.job_key(assessment, options)
    asked = st.session_state.get(key) == job  # this session asked for this very report
    status = queue.status(job)
    kind: Literal["primary", "secondary"] = "primary" if primary else "secondary"
    if status.state == rq.DONE and status.pdf is not None:
        pdf = status.pdf
        st.download_button(
            label,
            # in a page that refreshes itself (the dashboard), handed over when clicked: the
            # file behind the button would otherwise be replaced every few seconds, and a
            # click between two refreshes could find it gone
            data=(lambda: pdf) if refreshing else pdf,
            file_name=file_name,
            mime="application/pdf",
            type=kind,
            icon=":material/picture_as_pdf:",
            on_click="ignore",
            key=f"{key}-download",
        )
        return
    if asked and status.state in (rq.QUEUED, rq.RENDERING):
        if refreshing:
            st.info(progress_text(status), icon=":material/hourglass_top:")
        else:
            _progress(job, key)
        return
    if asked and status.state == rq.FAILED:
        st.error(_(status.message), icon=":material/error:")
    if st.button(prepare_label, type=kind, icon=":material/picture_as_pdf:", key=f"{key}-prepare"):
        started = queue.submit(assessment, options)
        if started.state == rq.BUSY:
            st.warning(_(started.message), icon=":material/hourglass_top:")
            return
        st.session_state[key] = job
        if refreshing:  # the caller's next refresh draws the download
            st.info(progress_text(started), icon=":material/hourglass_top:")
            return
        st.rerun()  # draw the progress note, or the download when it is ready already


def progress_text(status: rq.JobStatus) -> str:
    """What the note says while a report waits or renders."""
    if status.state == rq.QUEUED and status.ahead > 0:
        return ngettext(
            "Your report is being prepared ({n} ahead of you).",
            "Your report is being prepared ({n} ahead of you).",
            status.ahead,
        ).format(n=status.ahead)
    return _("Your report is being prepared; it will be ready in a few seconds.")


@st.fragment(run_every=REFRESH_S)
def _progress(job: str, key: str) -> None:
    status = resources.render_queue().status(job)
    if status.state in (rq.QUEUED, rq.RENDERING):
        st.info(progress_text(status), icon=":material/hourglass_top:")
        return
    # done, failed or gone from the cache: the whole page draws what comes next
    st.rerun(scope="app")
