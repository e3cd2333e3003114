"""What the browser asks of hosts other than the app server (issue 9, items 10 and 13): a
loopback server standing where a typed value points, the page's requests and links recorded.
Used by the self-service walk (tests/e2e/test_self_service.py) and the join page's check
(tests/security/test_nothing_leaves.py)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page

WORD_JOINER = "\u2060"  # invisible: what keeps a bare address in a name from becoming a link


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
