"""Nothing leaves the machine (issue 9, items 10 and 13): during a whole self-service run in
chromium (start, every section, review, results, the PDF, a bad upload) and on a workshop's join
page, the browser asks nothing of any host but the app server: not the favicon from a font CDN,
and not the images or links that values people typed would make if they were read as Markdown.
A loopback server stands where such a value points and must hear nothing."""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

from assessment.store import Store
from tests.e2e import conftest as e2e
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, app_server
from tests.e2e.test_self_service import EXAMPLE, PACK, answer_section, idle
from tests.ui.conftest import example_answers

WORD_JOINER = "\u2060"  # invisible: what keeps a bare address in a name from becoming a link

# the browser tests' fixtures: Debian's chromium, a phone-sized screen, the app server
browser_type_launch_args = e2e.browser_type_launch_args
browser_context_args = e2e.browser_context_args
app_url = e2e.app_url
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


class _Recorder(http.server.BaseHTTPRequestHandler):
    heard: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.heard.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture()
def trap() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request: (its address, what it heard)."""
    heard: list[str] = []
    handler = type("Recorder", (_Recorder,), {"heard": heard})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", heard
    finally:
        server.shutdown()
        server.server_close()


def payload(trap_url: str, where: str) -> str:
    """What a person might type, that Markdown would fetch or link."""
    return (
        f"![x]({trap_url}/{where}.png) [here]({trap_url}/{where}) {trap_url}/{where}/bare "
        "www.example.org a@b.example ![y](trapme.png)"
    )


def record(page: Page, app: str) -> list[str]:
    """Every request the page makes to anything but the app server."""
    outside: list[str] = []
    own = urlparse(app).netloc

    def seen(request) -> None:  # type: ignore[no-untyped-def]
        url = urlparse(request.url)
        if url.scheme in ("data", "blob") or (url.netloc == own and "trapme" not in url.path):
            return  # the app's own files; a relative image would be one of them, marked
        outside.append(request.url)

    page.on("request", seen)
    return outside


def foreign_links(page: Page, app: str) -> list[str]:
    """Links in the page that lead anywhere but the app itself."""
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    return [h for h in hrefs if urlparse(h).netloc != urlparse(app).netloc]


def favicon(page: Page) -> str:
    return page.eval_on_selector("link[rel='shortcut icon']", "e => e.href")


def test_a_whole_self_service_run_asks_nothing_of_another_host(
    page: Page, app_url: str, trap: tuple[str, list[str]], tmp_path: Path
) -> None:
    trap_url, heard = trap
    outside = record(page, app_url)
    data = example_answers(EXAMPLE)
    answers = {k: v for k, v in data["answers"].items() if v is not None}
    answers["comment"] = payload(trap_url, "comment")
    page.goto(app_url)
    idle(page)
    assert urlparse(favicon(page)).netloc == urlparse(app_url).netloc, favicon(page)
    page.get_by_role("button", name="Start the assessment").click()
    idle(page)
    org = page.get_by_role("textbox", name="Organisation (optional; it appears on your report)")
    org.fill(f"![x]({trap_url}/org.png) www.example.org ![y](trapme.png)")
    org.press("Tab")
    idle(page)
    for _ in range(len(PACK.questionnaire.sections) + 1):
        heading = page.get_by_role("heading", level=2).first.inner_text().strip()
        if heading == "Review":
            break
        answer_section(page, heading, answers)
        page.get_by_role("button", name="Next").click()
        idle(page)
        expect(page.get_by_role("heading", level=2).first).not_to_have_text(heading)
    page.get_by_role("button", name="See your results").click()
    idle(page)
    expect(page.get_by_role("heading", name="Your results")).to_be_visible()
    for tab in ("Mistakes", "Patterns", "Strategy", "Next steps"):
        page.get_by_role("tab", name=tab).click()
        idle(page)
    page.get_by_role("link", name="Download the PDF report and your answers").click()
    idle(page)
    # the PDF is prepared in the render queue; the download button follows when it is ready
    page.get_by_role("button", name="Prepare the PDF report").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the PDF report").click(timeout=60_000)
    assert download.value.path().read_bytes().startswith(b"%PDF")
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
