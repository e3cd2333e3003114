"""Nothing leaves the machine (issue 9, items 10 and 13): the browser asks nothing of any host
but the app server: not the favicon from a font CDN, and not the images or links that values
people typed would make if they were read as Markdown. A loopback server stands where such a value
points and must hear nothing.

Here: a workshop's join page. The whole self-service run (start, every section, review, results
and its tabs, the PDF, a bad upload) is checked the same way during the one browser walk of the
survey, in tests/e2e/test_self_service.py (test_survey_reload_resume_results_and_pdf), so
that the survey is walked once, not twice."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser

from assessment.store import Store
from tests.e2e import conftest as e2e
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, app_server
from tests.e2e.outside import WORD_JOINER, favicon, foreign_links, payload, record
from tests.e2e.outside import trap as trap  # the loopback server, a fixture
from tests.e2e.test_self_service import idle

# the browser tests' fixtures: Debian's chromium, a phone-sized screen
browser_type_launch_args = e2e.browser_type_launch_args
browser_context_args = e2e.browser_context_args
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


def test_the_join_page_shows_a_workshop_name_as_typed(
    browser: Browser, trap: tuple[str, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    trap_url, heard = trap
    data = tmp_path_factory.mktemp("join")
    env = {k: v for k, v in os.environ.items() if k != "PIVOTPOINT_DATABASE_URL"}
    env["PIVOTPOINT_DATA_DIR"] = str(data)
    store = Store(f"sqlite:///{data / 'pivotpoint.db'}")
    name = payload(trap_url, "workshop")
    workshop, _ = store.create_workshop(name, "ai-scaling", "1.0.0", k=3, roles=[name[:60]])
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    with app_server(env, tmp_path_factory) as url:
        outside = record(page, url)
        page.goto(f"{url}/?join={workshop.code}")
        idle(page)
        title = page.get_by_role("heading", level=1).inner_text()
        assert name in title.replace(WORD_JOINER, "")  # as typed, to the eye
        page.screenshot(path=str(ARTIFACTS / "security-join.png"), full_page=True)
        page.wait_for_timeout(1000)
        assert foreign_links(page, url) == []
        assert urlparse(favicon(page)).netloc == urlparse(url).netloc
    context.close()
    assert outside == []
    assert heard == []
