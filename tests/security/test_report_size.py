"""The report's size is bounded whatever people typed: blank runs collapse, each comment is cut
with a note, and the comments part of a team report stops after a few pages (issue 9, item 4:
a comment of 4,000 newlines used to add about 70 pages, 30 of them 2,197 pages)."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from pypdf import PdfReader

from assessment.report import freetext
from assessment.report.context import ReportOptions
from assessment.report.render import Renderer
from assessment.report.workshop_part import workshop_part
from assessment.services.aggregate import aggregate
from tests.conftest import EXAMPLES

NEWLINES = "x" + "\n" * 3998 + "y"


@pytest.fixture(scope="module")
def renderer(scorer) -> Renderer:
    return Renderer(scorer.pack)


def team_report(scorer, renderer, comments: list[str | None]):
    """A team report whose participants wrote `comments`, as stored or imported."""
    base = yaml.safe_load((EXAMPLES / "several-teams-contract-trouble.yaml").read_text())
    # its own comments left out: only `comments` are counted
    own = {q: v for q, v in base["answers"].items() if scorer.pack.questions[q].type != "text"}
    checked = scorer.check(own, require=False)
    answers = [{**checked, "comment": comment} for comment in comments]
    result = aggregate(scorer, answers, k=3, meta={"organization": "Acme"})
    part = workshop_part(result, scorer.pack, name="Kick-off", joined=len(comments))
    return renderer.render(result.team, ReportOptions(workshop=part))


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages))


def test_thirty_huge_comments_add_at_most_three_pages(scorer, renderer) -> None:
    without = team_report(scorer, renderer, [None] * 30)
    # each within the input's 4,000 characters: unbroken text, then lines, then newlines
    huge = [f"{i:02d}" + "x" * 1500 + "\nline" * 300 + "\n" * 900 for i in range(20)]
    huge += [f"x{i:02d}" + "\n" * 3990 + "y" for i in range(10)]
    result = team_report(scorer, renderer, huge)
    assert result.pages <= without.pages + 3, (without.pages, result.pages)
    assert result.warnings == []
    text = text_of(result.pdf)
    assert "Cut after 1,000 characters; the full text is in the export." in text
    match = re.search(r"(\d+) more comments are in the export\.", text)
    assert match and int(match.group(1)) > 0
    shown = text.count("Cut after")
    assert shown + int(match.group(1)) == 30  # every comment is printed or counted


def test_many_short_comments_stop_at_forty(scorer, renderer) -> None:
    result = team_report(scorer, renderer, [f"Comment number {i:02d}." for i in range(45)])
    text = text_of(result.pdf)
    assert "Comment number 39." in text and "Comment number 40." not in text
    assert "5 more comments are in the export." in text
    assert "Cut after" not in text


def test_a_comment_of_newlines_adds_no_page_to_a_personal_report(scorer, renderer) -> None:
    values = yaml.safe_load((EXAMPLES / "solo-developer.yaml").read_text())["answers"]
    without = renderer.render(scorer.assess(scorer.check({**values, "comment": None})))
    result = renderer.render(scorer.assess(scorer.check({**values, "comment": NEWLINES})))
    assert result.pages <= without.pages + 1, (without.pages, result.pages)
    long = renderer.render(scorer.assess(scorer.check({**values, "comment": "word " * 800})))
    assert long.pages <= without.pages + 1
    assert "cut after 999 characters; the full text is in the answers file)" in text_of(long.pdf)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (what was typed, what the report prints)
        ("a\r\n\r\n\r\n\r\nb", "a\n\nb"),  # a blank run collapses to one blank line
        ("  a   \n\n\n\n\n\nb  \n\n", "a\n\nb"),  # trailing spaces and blank ends go
        ("\n" * 4000, ""),
        ("one\ntwo", "one\ntwo"),  # single line breaks stay
    ],
)
def test_tidy_collapses_blank_runs(text: str, expected: str) -> None:
    assert freetext.tidy(text) == expected


def test_cut_keeps_short_text_and_cuts_long_text_at_a_space_with_a_note() -> None:
    assert freetext.cut("short") == freetext.Comment("short")
    words = freetext.cut("word " * 400)
    assert words.cut_after is not None and words.cut_after <= freetext.MAX_CHARS
    assert words.text.endswith("word …") and len(words.text) < freetext.MAX_CHARS + 3
    unbroken = freetext.cut("x" * 4000)
    assert unbroken.cut_after == freetext.MAX_CHARS
    lines = freetext.cut("\n".join(f"line {i}" for i in range(100)))
    assert lines.text.count("\n") == freetext.MAX_LINES - 1 and lines.cut_after


def test_bound_prints_or_counts_every_comment_in_order() -> None:
    texts = ["x" * 4000] * 30 + ["", "\n\n"]
    shown, more = freetext.bound(texts)
    assert len(shown) + more == 30  # blank comments are neither printed nor counted
    assert sum(freetext.printed_lines(c) for c in shown) <= freetext.MAX_PRINTED_LINES
