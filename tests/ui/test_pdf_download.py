"""The report page prepares the PDF in the render queue: a button starts it, a note says it is
being prepared while it waits, and the download is offered once it is done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assessment.engine.result import Assessment
from assessment.report.context import ReportOptions
from assessment.services import render_queue as rq
from assessment.services.render_queue import RenderQueue
from assessment.ui import pdf_download, report, resources
from tests.services.test_render_queue import GATE_TIMEOUT_S
from tests.ui.conftest import example_answers
from tests.ui.test_app import no_exception, opened, saved

REPORT_PAGE = "report.py"


def stand_in_render(assessment: Assessment, options: ReportOptions) -> bytes:
    """A quick stand-in for the renderer, run in the worker: what it was asked for, as bytes."""
    return f"%PDF-stand-in annex={options.annex} {assessment.meta.get('organization')}".encode()


@pytest.fixture()
def queue(monkeypatch: pytest.MonkeyPatch):
    q = RenderQueue(1, render=stand_in_render, warm=False)
    monkeypatch.setattr(resources, "render_queue", lambda: q)
    yield q
    q.close()


def labels(at: Any, kind: str) -> list[str]:
    """The labels of the page's buttons ("button") or download buttons ("download_button")."""
    return [b.label for b in (at.button if kind == "button" else at.get(kind))]


def test_the_report_page_offers_the_pdf_once_it_is_prepared(data_dir, queue) -> None:
    data = example_answers("small-team-losing-context")
    token = saved(data["answers"])
    at = opened(token, REPORT_PAGE)
    no_exception(at)
    assert "Download the PDF report" not in labels(at, "download_button")
    assert queue.rendered == 0  # nothing is rendered before it is asked for
    next(b for b in at.button if b.label == "Prepare the PDF report").click().run()
    no_exception(at)
    job = at.session_state[report.PDF_KEY]
    assert queue.status(job).state in (rq.QUEUED, rq.RENDERING, rq.DONE)
    done = queue.wait(job, GATE_TIMEOUT_S)
    assert done.state == rq.DONE
    # the app's download is the full version, with the annex
    assert done.pdf is not None and done.pdf.startswith(b"%PDF-stand-in annex=True")
    at.run()
    no_exception(at)
    assert "Download the PDF report" in labels(at, "download_button")
    assert "Prepare the PDF report" not in labels(at, "button")
    [download] = [b for b in at.get("download_button") if b.label == "Download the PDF report"]
    assert download.proto.url  # the file is served, under the name file_stem gives
    assert queue.rendered == 1


def test_while_the_report_waits_the_page_says_how_many_are_ahead(data_dir, queue) -> None:
    status = rq.JobStatus("k", rq.QUEUED, ahead=3)
    assert pdf_download.progress_text(status) == "Your report is being prepared (3 ahead of you)."
    rendering = pdf_download.progress_text(rq.JobStatus("k", rq.RENDERING))
    assert rendering.startswith("Your report is being prepared")


def test_inside_a_refreshing_fragment_the_offer_follows_its_refreshes(queue) -> None:
    """The facilitator's dashboard is a fragment that reruns itself: the offer shows its note
    there without a fragment of its own, and the download at the next refresh."""
    at = AppTest.from_file(str(Path(__file__).parent / "pdf_in_fragment_app.py"))
    at.run()
    no_exception(at)
    next(b for b in at.button if b.label == "Prepare the team report (PDF)").click().run()
    no_exception(at)
    job = at.session_state["team_pdf"]
    assert queue.wait(job, GATE_TIMEOUT_S).state == rq.DONE
    at.run()
    no_exception(at)
    assert labels(at, "download_button") == ["Team report (PDF)"]
