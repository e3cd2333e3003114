"""Long unbroken text (an organisation, advisor, workshop or role name, a comment without
spaces) breaks or is cut, and never runs off the page (issue 9, item 9)."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from pypdf import PdfReader

from assessment.report.assets import TEMPLATES_DIR
from assessment.report.brand import Brand
from assessment.report.context import ReportOptions
from assessment.report.render import Renderer
from assessment.report.workshop_part import workshop_part
from assessment.services.aggregate import aggregate
from tests.conftest import EXAMPLES

ORGANISATION = "W" * 500  # the widest letter, with no space to break at


@pytest.fixture(scope="module")
def renderer(scorer) -> Renderer:
    return Renderer(scorer.pack)


def overflowing(renderer: Renderer, html: str, *, pages: list[int] | None = None) -> list[str]:
    """Every piece of text that shows beyond the page's edges, as 'page N: text'. Text inside
    a box with `overflow: hidden` shows only as far as that box. `pages`, when given, receives
    the number of pages."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    document = HTML(
        string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=renderer.fetcher
    ).render(font_config=renderer.font_config, stylesheets=renderer.stylesheets["a4"])
    found: list[str] = []

    def walk(box, left: float, right: float, number: int, width: float) -> None:
        if box.style["overflow"] == "hidden":
            left = max(left, box.border_box_x())
            right = min(right, box.border_box_x() + box.border_width())
        if isinstance(box, boxes.TextBox) and box.text.strip():
            shown_left = max(box.position_x, left)
            shown_right = min(box.position_x + box.width, right)
            if shown_right > shown_left and (shown_left < -0.5 or shown_right > width + 0.5):
                found.append(f"page {number}: {box.text[:40]}")
        for child in box.all_children() if isinstance(box, boxes.ParentBox) else ():
            walk(child, left, right, number, width)

    for number, page in enumerate(document.pages, start=1):
        walk(page._page_box, float("-inf"), float("inf"), number, page.width)
    assert len(document.pages) > 5  # the whole report, not a page of it
    if pages is not None:
        pages.append(len(document.pages))
    return found


def test_long_names_and_a_comment_without_spaces_stay_on_the_page(scorer, renderer) -> None:
    base = yaml.safe_load((EXAMPLES / "several-teams-contract-trouble.yaml").read_text())
    checked = scorer.check({**base["answers"], "comment": "Q" * 4000})
    result = aggregate(
        scorer, [checked] * 4, k=3, roles=["R" * 100] * 4, meta={"organization": ORGANISATION}
    )
    part = workshop_part(result, scorer.pack, name="N" * 120, joined=4)
    brand = Brand(name="B" * 120, advisor="D" * 120)
    html = renderer.html(result.team, ReportOptions(workshop=part, brand=brand))
    assert overflowing(renderer, html) == []
    # the running header is one line: the name cut at 60 characters, with an ellipsis
    header = re.search(r'@top-right \{ content: "([^"]*)"', html)
    assert header and header.group(1) == "W" * 59 + "\\2026 "
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(renderer.pdf_from_html(html).pdf)).pages
    )
    assert "Cut after 1,000 characters; the full text is in the export." in " ".join(text.split())


def test_a_long_advisor_and_organisation_on_a_personal_report(scorer, renderer) -> None:
    values = yaml.safe_load((EXAMPLES / "solo-developer.yaml").read_text())["answers"]
    a = scorer.assess(
        scorer.check({**values, "comment": "x" * 4000}),
        meta={"organization": ORGANISATION, "advisor": "A" * 300},
    )
    # the full version: the long comment is printed in the annex's answers
    html = renderer.html(a, ReportOptions(annex=True))
    assert overflowing(renderer, html) == []
    assert "W" * 199 + "…" in html and "W" * 200 not in html  # the cover and summary: 200
    assert "the full text is in the answers file" in html
