"""Markdown injection in app messages (issue 9, item 10): a value someone typed (an answer
quoted in an error, an upload's file name, a workshop name) is shown as literal text, never as
a Markdown image the browser would fetch or a link, bare addresses included."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from assessment.report.text import markdown_literal
from assessment.services.answers import MAX_ANSWERS_BYTES
from assessment.store import Store
from tests.ui.conftest import APP

pytestmark = pytest.mark.usefixtures("data_dir")

REPORT_PAGE = "assessment/ui/pages/report.py"
IMAGE = "![v](http://127.0.0.1:9/x.png)"
PAYLOADS = [
    IMAGE,
    "[click](http://127.0.0.1:9/y)",
    "http://127.0.0.1:9/bare",
    "www.example.org",
    "ana@example.org",
    "<img src=http://127.0.0.1:9/z.png>",
    "&lt;b&gt; :red[alert] :material/home:",
]

RENDER = MarkdownIt("commonmark")  # links and images as Streamlit renders them


def live(markdown: str) -> list[str]:
    """What in `markdown` a browser would fetch or follow: images, links, raw HTML, entities,
    and the bare addresses that GitHub-flavoured Markdown turns into links."""
    found = []
    for token in RENDER.parse(markdown):
        for child in [token, *(token.children or [])]:
            if child.type in ("image", "link_open", "html_inline", "html_block"):
                found.append(child.type)
    text = re.sub(r"\\(.)", r"\1", markdown)  # the text once escapes are read
    # the patterns GitHub-flavoured Markdown links in that text (mdast-util-gfm-autolink-literal)
    found += re.findall(r"(?:https?|mailto|xmpp):|www(?=\.)", text, flags=re.I | re.A)
    found += re.findall(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", text, flags=re.A)
    found += re.findall(r"&#?\w+;", re.sub(r"\\.", "", markdown))  # an unescaped entity
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_literal_leaves_nothing_live(payload: str) -> None:
    assert live(payload), "the payload itself is live Markdown"
    assert live(markdown_literal(payload)) == []


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def messages(at: AppTest) -> list[str]:
    return [m.value for kind in (at.error, at.warning, at.info, at.success) for m in kind] + [
        m.value for m in [*at.markdown, *at.caption, *at.title]
    ]


def report_page(at: AppTest) -> AppTest:
    at.switch_page(REPORT_PAGE)
    return at.run()


def upload(at: AppTest, name: str, data: bytes) -> list[str]:
    at.file_uploader[0].set_value((name, data, "application/x-yaml")).run()
    assert not at.exception, [e.value for e in at.exception]
    return [*(e.value for e in at.error), *(s.value for s in at.success)]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_bad_value_in_an_uploaded_file_is_quoted_literally(payload: str) -> None:
    at = report_page(new_app())
    shown = upload(at, "bad.yaml", f"answers:\n  developers: {payload!r}\n".encode())
    assert any("nothing was changed" in m for m in shown)
    assert all(live(m) == [] for m in shown), shown


@pytest.mark.parametrize(
    ("content", "outcome"),
    [
        (b"answers: {developers: 4, teams: 1, regulated: false}\n", "Restored"),
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"answers: [unclosed\n", ""),
        (b"answers: {developers: lots}\n", "nothing was changed"),
        (b"x" * (MAX_ANSWERS_BYTES + 1), "larger than"),
    ],
)
@pytest.mark.parametrize("payload", [IMAGE, "www.example.org", "a@b.example"])
def test_an_upload_file_name_is_shown_literally(payload: str, content: bytes, outcome: str) -> None:
    at = report_page(new_app())
    shown = upload(at, f"{payload}.yaml", content)
    assert shown and any(outcome in m for m in shown), shown
    assert all(live(m) == [] for m in shown), shown


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_workshop_name_on_the_join_page_is_literal(payload: str) -> None:
    workshop, _ = Store().create_workshop(f"Kick-off {payload}", "ai-scaling", "1.0.0", k=3)
    at = new_app()
    at.query_params["join"] = workshop.code
    at.run()
    assert not at.exception
    assert at.title[0].value.startswith("Join the workshop")
    assert all(live(m) == [] for m in messages(at)), messages(at)


def test_a_quoted_answer_in_a_survey_message_is_literal(monkeypatch) -> None:
    """A widget's error message quotes the refused value; it reaches the page escaped."""
    from assessment.ui import widgets

    def refuse(pack, question, raw):  # type: ignore[no-untyped-def]
        return None, f"{IMAGE} is not an answer"

    monkeypatch.setattr(widgets, "check_answer", refuse)
    at = new_app().run()
    next(b for b in at.button if b.label == "Start the assessment").click().run()
    at.number_input(key="q:developers").set_value(4).run()
    errors = [e.value for e in at.error]
    assert any("is not an answer" in e for e in errors)
    assert all(live(e) == [] for e in errors), errors
