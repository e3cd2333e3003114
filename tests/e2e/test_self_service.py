"""A person completes the survey for an example in a real browser, reloads half way, resumes
from the link with nothing lost, sees the results and downloads the PDF.

The same walk proves that nothing leaves the machine (issue 9, items 10 and 13; the join page's
check is in tests/security/test_nothing_leaves.py): from start to a bad upload after the PDF, the
browser asks nothing of any host but the app server, although the organisation, a comment and
the upload carry values that Markdown would fetch or link. One walk, not two: walking every
section in chromium is the slowest thing the suite does."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from pypdf import PdfReader

from assessment.services.scoring import Scorer
from tests.conftest import DEFAULT_PACK
from tests.e2e.conftest import ARTIFACTS, assert_accessible
from tests.e2e.outside import WORD_JOINER, favicon, foreign_links, payload, record
from tests.e2e.outside import trap as trap  # the loopback server, a fixture
from tests.ui.conftest import example_answers

SCORER = Scorer(DEFAULT_PACK)
expect.set_options(timeout=20_000)  # generous: CI shares two cores with the app server
PACK = SCORER.pack
EXAMPLE = "small-team-losing-context"


# Settled: the script is not running, no widget is still loading and no element is stale,
# and all of that has held for SETTLE_MS. One look is not enough: a page switch (st.switch_page)
# is two runs, and between them the app reads "notRunning" for a moment; a click in that gap
# lands on widgets the new run has not registered yet, and Streamlit drops it.
SETTLE_MS = 400
_SETTLED = """([settle]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const busy = !app || app.getAttribute('data-test-script-state') !== 'notRunning'
        || document.querySelector('[data-testid="stSkeleton"], '
            + '[data-testid="stSkeletonElement"], [data-stale="true"]');
    if (busy) { window.__pivotIdleSince = null; return false; }
    window.__pivotIdleSince ??= performance.now();
    return performance.now() - window.__pivotIdleSince >= settle;
}"""


# A rerun has shown: the app is there and its script runs, or a widget is loading, or an
# element is stale. A page not drawn yet (just after a goto) has shown nothing.
_STARTED = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && (app.getAttribute('data-test-script-state') !== 'notRunning'
        || !!document.querySelector('[data-testid="stSkeleton"], '
            + '[data-testid="stSkeletonElement"], [data-stale="true"]'));
}"""
# How long an interaction has to start its rerun (the server's answer to the browser's message);
# measured under load, 30 ms is typical and 250 ms the longest.
START_MS = 300


def idle(page: Page) -> None:
    """Wait until Streamlit has finished the rerun an interaction started, and stays idle.

    The rerun is given START_MS to show; once it shows, there is nothing more to wait for than
    its end, so the wait goes on at once (most interactions start one in a few ms). One that
    starts none (a Tab out of an unchanged field) costs the whole START_MS, as every one did."""
    page.evaluate("() => { window.__pivotIdleSince = null; }")
    try:
        page.wait_for_function(_STARTED, polling=10, timeout=START_MS)
    except PlaywrightTimeoutError:
        pass  # no rerun started: still, idle must hold for SETTLE_MS
    page.evaluate("() => { window.__pivotIdleSince = null; }")
    page.wait_for_function(_SETTLED, arg=[SETTLE_MS], polling=50, timeout=30_000)


def label(question: Any) -> str:
    return question.text + (" *" if question.required else "")


def answer(page: Page, question: Any, value: Any) -> None:
    name = label(question)
    if question.type == "number":
        box = page.get_by_role("spinbutton", name=name, exact=True)
        box.fill(str(value))
        box.press("Enter")
    elif question.type in ("single", "yes_no", "scale"):
        if question.type == "yes_no":
            text = "Yes" if value else "No"
        elif question.type == "scale":
            text = next(f"{p.value}: {p.label}" for p in question.points if p.value == value)
        else:
            text = next(c.label for c in PACK.choices(question) if c.id == value)
        group = page.get_by_role("radiogroup", name=name, exact=True)
        if group.count():
            group.get_by_text(text, exact=True).click()
        else:  # a long list is a drop-down
            page.get_by_role("combobox", name=name, exact=True).click()
            page.get_by_role("option", name=text, exact=True).click()
    elif question.type == "multi":  # one checkbox a choice, inside the question's box
        labels = {c.id: c.label for c in PACK.choices(question)}
        box = page.locator('[data-testid="stVerticalBlock"]').filter(
            has=page.get_by_text(name, exact=True)
        )
        for item in value:
            choice = box.last.get_by_role("checkbox", name=labels[item], exact=True)
            box.last.get_by_text(labels[item], exact=True).click()  # the label, as a person taps
            expect(choice).to_be_checked()
            idle(page)
    else:
        box = page.get_by_role("textbox", name=name, exact=True)
        box.fill(value)
        box.press("Tab")
    idle(page)


def answer_section(page: Page, heading: str, answers: dict[str, Any]) -> None:
    """Answer the section's questions in order; a conditional one is looked for only after
    the answers before it, as a person sees it appear."""
    section = next(s for s in PACK.questionnaire.sections if s.title == heading)
    for question in section.questions:
        if question.id in answers and page.get_by_text(label(question), exact=True).count():
            answer(page, question, answers[question.id])


# the page's scroll position: the window's or that of Streamlit's main container
_SCROLLED = """() => Math.max(window.scrollY,
    document.querySelector('[data-testid="stMain"]')?.scrollTop || 0,
    document.querySelector('[data-testid="stAppViewContainer"]')?.scrollTop || 0)"""


def lands_on_heading(page: Page, heading: str) -> None:
    """A new section opens at the top, keyboard focus on its heading."""
    title = page.get_by_role("heading", level=2, name=heading, exact=True)
    expect(title).to_be_focused()
    assert page.evaluate(_SCROLLED) == 0
    box = title.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"] / 2


def test_survey_reload_resume_results_and_pdf(
    page: Page, app_url: str, trap: tuple[str, list[str]], tmp_path: Path
) -> None:
    trap_url, heard = trap
    outside = record(page, app_url)  # every request to another host, from the first page on
    data = example_answers(EXAMPLE)
    answers = {k: v for k, v in data["answers"].items() if v is not None}
    answers["comment"] = payload(trap_url, "comment")
    # what the report names, followed by what Markdown would fetch if it were read as Markdown
    organization = f"{data['meta']['organization']} ![x]({trap_url}/org.png) www.example.org "
    organization += "![y](trapme.png)"
    page.goto(app_url)
    idle(page)
    assert urlparse(favicon(page)).netloc == urlparse(app_url).netloc, favicon(page)
    page.screenshot(path=str(ARTIFACTS / "01-start.png"), full_page=True)
    assert_accessible(page, "01-start.png")
    page.get_by_role("button", name="Start the assessment").click()
    idle(page)
    expect(page).to_have_url(re.compile(r"/survey\?r=[\w-]{20,}"))
    lands_on_heading(page, page.get_by_role("heading", level=2).first.inner_text().strip())
    link = page.url
    page.get_by_role("textbox", name="Organisation (optional; it appears on your report)").fill(
        organization
    )
    page.keyboard.press("Tab")
    idle(page)
    # Next with the required questions open: focus goes to the first error, in view
    page.get_by_role("button", name="Next").click()
    idle(page)
    error = page.locator('[data-testid="stAlert"]').filter(has_text="needs an answer").first
    expect(error).to_be_focused()
    expect(error).to_be_in_viewport()

    sections_done = 0
    while True:
        heading = page.get_by_role("heading", level=2).first.inner_text().strip()
        if heading == "Review":
            break
        answer_section(page, heading, answers)
        # every section is checked with axe-core, not only the first
        shot = f"02-survey-section-{sections_done + 1}.png"
        page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
        assert_accessible(page, shot)
        page.get_by_role("button", name="Next").click()
        idle(page)
        expect(page.get_by_role("heading", level=2).first).not_to_have_text(heading)
        lands_on_heading(page, page.get_by_role("heading", level=2).first.inner_text().strip())
        sections_done += 1
        if sections_done == 3:
            # half way: reload from the link; every answer and the position come back
            page.goto(link.replace("/survey?", "/survey?") if "/survey" in link else link)
            idle(page)
            expect(page.get_by_role("heading", level=2).first).to_have_text(
                next(
                    s.title
                    for s in PACK.questionnaire.sections[3:]
                    if any(q.id in answers for q in s.questions)
                )
            )
            page.screenshot(path=str(ARTIFACTS / "03-resumed.png"), full_page=True)
            assert_accessible(page, "03-resumed.png")
            page.get_by_role("button", name="Back").click()
            idle(page)
            first_pp1 = PACK.questionnaire.sections[2].questions[0]
            group = page.get_by_role("radiogroup", name=label(first_pp1), exact=True)
            chosen = next(c.label for c in PACK.choices(first_pp1) if c.id == answers[first_pp1.id])
            expect(group.get_by_role("radio", name=chosen)).to_be_checked()
            page.get_by_role("button", name="Next").click()
            idle(page)
    page.screenshot(path=str(ARTIFACTS / "04-review.png"), full_page=True)
    assert_accessible(page, "04-review.png")
    expect(page.get_by_text("Every question is answered.")).to_be_visible()
    page.get_by_role("button", name="See your results").click()
    idle(page)
    expected = SCORER.assess(SCORER.check(answers))
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    expect(page.get_by_text(expected.strategy.title, exact=True).first).to_be_visible()
    # a tile's value wraps, never cut to "Incremental ..."
    for value in page.locator('[data-testid="stMetricValue"]').all():
        assert value.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), value.inner_text()
    page.screenshot(path=str(ARTIFACTS / "05-results.png"), full_page=True)
    assert_accessible(page, "05-results.png")
    for tab in ("Mistakes", "Patterns", "Strategy", "Next steps"):  # each tab asks nothing
        page.get_by_role("tab", name=tab).click()
        idle(page)
    page.get_by_role("link", name="Download the PDF report and your answers").click()
    idle(page)
    page.screenshot(path=str(ARTIFACTS / "06-report.png"), full_page=True)
    assert_accessible(page, "06-report.png")
    # the PDF is prepared in the render queue; the download button follows when it is ready
    page.get_by_role("button", name="Prepare the PDF report").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the PDF report").click(timeout=60_000)
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert expected.strategy.title in text
    assert data["meta"]["organization"] in text
    # a bad upload: the error quotes the value as typed, and nothing it holds is fetched
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"answers:\n  developers: {payload(trap_url, 'value')!r}\n")
    page.locator('input[type="file"]').set_input_files(
        [
            {
                "name": "![n](trapme.png) [x](trapme) www.example.org a@b.example.yaml",
                "mimeType": "application/x-yaml",
                "buffer": bad.read_bytes(),
            }
        ]
    )
    idle(page)
    box = page.get_by_test_id("stAlertContentError")
    expect(box).to_contain_text("nothing was changed")
    assert f"![x]({trap_url}/value.png)" in box.inner_text().replace(WORD_JOINER, "")
    page.screenshot(path=str(ARTIFACTS / "security-upload.png"), full_page=True)
    page.wait_for_timeout(1000)  # time for any image fetch to arrive
    assert foreign_links(page, app_url) == []
    assert outside == []
    assert heard == []
