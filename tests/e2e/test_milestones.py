"""Progress over time in a real browser: answers restored from a file, kept as a milestone,
answers changed, and the results page says what changed since the milestone (and the report
page that its PDF does)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, assert_accessible
from tests.e2e.test_self_service import idle
from tests.ui.conftest import example_answers

# pivot point 1's context practices put in place since the milestone
CONTEXT_KEPT = {
    "pp1_prompt_versioning": "fully",
    "pp1_review_context": "fully",
    "pp1_symptom_lost_context": "rarely",
}


def answers_file(tmp_path: Path, name: str, changes: dict) -> Path:
    data = example_answers("small-team-losing-context")
    data["answers"].update(changes)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data))
    return path


def restore(page: Page, path: Path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    idle(page)
    expect(page.get_by_text(f"from {path.name}.")).to_be_visible()


def test_a_milestone_then_what_changed_since_on_screen(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    page.goto(f"{app_url}/report")
    idle(page)
    restore(page, answers_file(tmp_path, "june.yaml", {}))
    page.get_by_label("Name of the milestone").fill("June review")
    page.get_by_role("button", name="Keep as a milestone").click()
    idle(page)
    expect(page.get_by_text("Kept as the milestone June review.")).to_be_visible()
    restore(page, answers_file(tmp_path, "december.yaml", CONTEXT_KEPT))
    page.get_by_role("link", name="See the results").click()
    idle(page)
    since = page.get_by_role("heading", name="Since June review")
    expect(since).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d+ findings? resolved, \d+ new")).first).to_be_visible()
    expect(page.get_by_text("Lost generation context", exact=True)).to_be_visible()
    since.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "milestone-results.png"), full_page=True)
    assert_accessible(page, "milestone-results.png")
    page.get_by_role("link", name="Download the PDF report and your answers").click()
    idle(page)
    page.screenshot(path=str(ARTIFACTS / "milestone-report.png"), full_page=True)
    assert_accessible(page, "milestone-report.png")
    # the PDF's part "Since" is the renderer's (tests/test_history.py) from the options the
    # report page gives it (tests/ui/test_milestones.py); the page says it is there
    expect(page.get_by_text("a part says what changed since June review")).to_be_visible()
