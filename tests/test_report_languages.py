"""Every example rendered in English and in German: the same findings, in the reader's
language, within the page and within 12 pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.report.context import ReportOptions
from assessment.report.render import Renderer
from assessment.services.scoring import Scorer
from tests.conftest import EXAMPLES
from tests.english_left import english_left
from tests.test_report_long_text import overflowing

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))
ANCHOR = re.compile(r'\sid="([^"]+)"')
# the charts' own ids are hashes of what they draw, which is in the reader's language
DRAWN = re.compile(r"[0-9a-f]{8}")


def anchors(html: str) -> list[str]:
    return sorted(a for a in ANCHOR.findall(html) if not DRAWN.search(a))


@pytest.fixture(scope="module")
def renderers() -> dict[str, Renderer]:
    return {lang: Renderer(Scorer(lang=lang).pack) for lang in ("en", "de")}


def html_of(renderers: dict[str, Renderer], lang: str, example: str) -> str:
    renderer = renderers[lang]
    assessment = Scorer(renderer.pack).assess_file(EXAMPLES / example)
    return renderer.html(assessment)


@pytest.mark.parametrize("example", EXAMPLE_FILES)
def test_the_german_report_has_the_english_findings_and_fits_its_pages(
    renderers: dict[str, Renderer], example: str
) -> None:
    english = html_of(renderers, "en", example)
    german = html_of(renderers, "de", example)
    # every part and finding the English report names by id, the German one names too
    assert anchors(german) == anchors(english)
    assert len(anchors(english)) > 10
    assert '<html lang="de">' in german and '<html lang="en">' in english
    pages: list[int] = []
    assert overflowing(renderers["de"], german, pages=pages) == []
    assert pages[0] <= 12
    # no English message or pack text left in it, the annex included
    assessment = Scorer(renderers["de"].pack).assess_file(EXAMPLES / example)
    assert english_left(renderers["de"].html(assessment, ReportOptions(annex=True))) == []


def test_a_german_report_reads_german(renderers: dict[str, Renderer]) -> None:
    html = html_of(renderers, "de", "small-team-losing-context.yaml")
    text = re.sub(r"<[^>]+>", " ", html)
    for english in (
        "Executive summary",
        "The decision asked of you",
        "Readiness by dimension",
        "Stage today",  # evidence names facts in the reader's language too
        "Page ",
    ):
        assert english not in text
    assert "Wendepunkt" in text
    # what people said stands in German quotation marks, as they typed it
    assert "„Most of our context" in html


def test_the_portfolio_pdf_reads_german(renderers: dict[str, Renderer], tmp_path: Path) -> None:
    from assessment import i18n
    from assessment.services.portfolio import build_portfolio, render_pdf

    renderer = renderers["de"]
    files = [EXAMPLES / "several-teams-contract-trouble.yaml", EXAMPLES / "solo-developer.yaml"]
    with i18n.using("de"):
        result = build_portfolio(Scorer(renderer.pack), files, k=3)
        rendered = render_pdf(result, renderer)
    html = rendered.html
    assert '<html lang="de">' in html
    assert "Portfolio über die Teams" in html and "2 Teams:" in html
    assert "Which teams are where" not in html


def test_english_left_finds_an_english_sentence_and_not_a_name_kept() -> None:
    # the check the tests above lean on: an English message's words are found, cut at its
    # placeholders and tags; German, and what people typed, are not English left
    left = english_left("<p>Die Lage.</p><p>Questions everyone answered <b>alike</b> are left out.")
    assert "Questions everyone answered alike are left out" in left
    assert english_left("<p>Bereitschaft nach Dimension</p>") == []
    assert english_left("„Most of our context is in individual chat histories.“") == []
    # a stretch the German keeps as it is (a standard's name) is not English left
    assert not any("ISO/IEC 42001" == s for s in english_left("ISO/IEC 42001"))


@pytest.mark.parametrize("example", EXAMPLE_FILES)
def test_the_other_german_outputs_leave_no_english(
    renderers: dict[str, Renderer], example: str
) -> None:
    """The terminal text, the applicability table and the plan's checklist, in German: no
    English message or pack text left in any of them."""
    from datetime import date

    from assessment import i18n
    from assessment.report.text import format_text
    from assessment.services import applicability, plan_export

    pack = renderers["de"].pack
    with i18n.using("de"):
        a = Scorer(pack).assess_file(EXAMPLES / example)
        outputs = {
            "text": format_text(a, pack=pack),
            "applicability": applicability.export(a, pack, "csv", date(2026, 12, 5)).decode(),
            "plan": plan_export.markdown(a, pack, date(2026, 12, 7)),
        }
    assert {name: english_left(text) for name, text in outputs.items()} == {
        name: [] for name in outputs
    }


def test_what_changed_since_reads_german(tmp_path: Path) -> None:
    """compare --lang de and a German report with --previous: what was resolved and what is
    new, named in German, with no English left."""
    from typer.testing import CliRunner

    from assessment.cli.main import app

    runner = CliRunner()
    before = EXAMPLES / "small-team-losing-context.yaml"
    after = EXAMPLES / "several-teams-contract-trouble.yaml"
    result = runner.invoke(app, ["compare", str(before), str(after), "--lang", "de"])
    assert result.exit_code == 0, result.output
    assert "Behoben (6)" in result.output and "(noch nicht eingeführt)" in result.output
    assert english_left(result.output) == []
    out = tmp_path / "r.pdf"
    html = tmp_path / "r.html"
    args = ["report", str(after), "--previous", str(before), "--lang", "de"]
    result = runner.invoke(app, [*args, "-o", str(out), "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert english_left(html.read_text()) == []
