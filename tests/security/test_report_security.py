"""The locked renderer: nothing outside the bundled assets loads, nothing in answers executes."""

from __future__ import annotations

import http.server
import io
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment.report.assets import TEMPLATES_DIR
from assessment.report.fetcher import LockedFetcher, RefusedURL
from assessment.report.render import Renderer


@pytest.fixture(scope="module")
def renderer(scorer) -> Renderer:
    return Renderer(scorer.pack)


@pytest.fixture()
def trap():
    """A web server on loopback that counts every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            hits.append(self.path)
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///etc/../etc/hostname",
        (TEMPLATES_DIR / ".." / "pyproject.toml").as_uri(),
        "file://evil.example/share/x.css",
        "http://127.0.0.1:9/x.css",
        "https://example.com/logo.png",
        "ftp://example.com/x",
        "javascript:alert(1)",
    ],
)
def test_the_fetcher_refuses_everything_but_assets_and_data(url: str) -> None:
    fetcher = LockedFetcher([TEMPLATES_DIR])
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_bundled_assets_and_data_uris() -> None:
    fetcher = LockedFetcher([TEMPLATES_DIR])
    css = fetcher.fetch((TEMPLATES_DIR / "report.css").as_uri())
    assert css.content_type == "text/css" and b"@page" in css.read()
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"
    assert fetcher.refused == []


def test_hostile_html_loads_nothing_and_attaches_nothing(renderer, trap) -> None:
    base, hits = trap
    html = f"""<!doctype html><html lang="en"><head><title>t</title>
    <link rel="attachment" href="file:///etc/passwd" title="secrets">
    <link rel="attachment" href="{base}/attach">
    <link rel="stylesheet" href="{base}/style.css">
    <style>@import url("{base}/import.css"); @import url("file:///etc/passwd");
      body {{ background: url("{base}/bg.png"); }}</style></head>
    <body><p>Hello</p><img src="file:///etc/passwd" alt="x"><img src="{base}/img.png" alt="y">
    <iframe src="{base}/frame"></iframe><object data="file:///etc/shadow"></object>
    <svg><image href="{base}/svg.png" width="10" height="10"/></svg></body></html>"""
    result = renderer.pdf_from_html(html)
    assert hits == []  # no request ever left the process
    refused = set(renderer.fetcher.refused)
    assert "file:///etc/passwd" in refused
    assert f"{base}/img.png" in refused and f"{base}/import.css" in refused
    reader = PdfReader(io.BytesIO(result.pdf))
    assert reader.attachments == {}
    assert "root:" not in "".join(page.extract_text() for page in reader.pages)


def test_markup_in_answers_is_escaped_everywhere(scorer, renderer, tmp_path: Path) -> None:
    attack = '<script>alert(1)</script><img src="file:///etc/passwd"><link rel=attachment href=x>'
    values = scorer.check(
        {
            "developers": 3,
            "teams": 1,
            "regulated": False,
            "enterprise_assurance": False,
            "comment": attack + " {{ 7*7 }}",
        }
    )
    a = scorer.assess(values, meta={"organization": "Evil <b>Corp</b> {% raw %}"})
    renderer.fetcher.refused.clear()
    result = renderer.render(a)
    body = result.html.split("<body", 1)[1]
    assert "<script>" not in body and '<img src="file:///etc/passwd">' not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "Evil &lt;b&gt;Corp&lt;/b&gt; {% raw %}" in body
    assert "{{ 7*7 }}" in body  # templates are never rendered twice
    assert renderer.fetcher.refused == []  # nothing was even attempted
    assert result.warnings == []
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(result.pdf)).pages)
    assert "<script>alert(1)</script>" in text


def test_rendering_the_examples_gives_no_weasyprint_warning(scorer, renderer) -> None:
    from tests.conftest import EXAMPLES

    for example in sorted(EXAMPLES.glob("*.yaml")):
        result = renderer.render(scorer.assess_file(example))
        assert result.warnings == [], example.name
