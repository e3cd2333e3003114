"""The PDF report: every part and finding with its evidence, structure, metadata, golden HTML."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment.report.context import ReportOptions, urgent_findings
from assessment.report.render import Renderer
from tests.conftest import EXAMPLES, TESTDATA

EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
GOLDEN = TESTDATA / "golden"


@pytest.fixture(scope="session")
def renderer(scorer) -> Renderer:
    return Renderer(scorer.pack)


@pytest.fixture(scope="session")
def rendered(scorer, renderer):
    out = {}
    for name in EXAMPLE_NAMES:
        assessment = scorer.assess_file(EXAMPLES / f"{name}.yaml")
        out[name] = (assessment, renderer.render(assessment))
    return out


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_part_and_finding_appears_with_its_evidence(name, rendered) -> None:
    a, result = rendered[name]
    text = pdf_text(result.pdf)
    parts = [
        "Contents",
        "Executive summary",
        "The most urgent findings",
        "Where you are",
        "Readiness by dimension",
        "Scaling mistakes",
        "Organisational patterns",
        "Metrics",
        "Transition strategy",
        "Next steps: 30, 60 and 90 days",
        "Appendix: how this assessment works",
        "The answers given",
        "The rule trace",
    ]
    parts += [pp.title for pp in a.pivot_points]
    for part in parts:
        assert part in text, f"{name}: part {part!r} missing"
    expected: list[str] = [a.strategy.title or "", squash(a.strategy.rationale[0].text)[:60]]
    for pp in a.pivot_points:
        expected += [s.label for s in pp.symptoms] + [squash(pp.why or "")[:60]]
    for m in a.mistakes:
        expected += [f"{m.id}: {m.title}", *(squash(w)[:60] for w in m.why)]
        expected += [e.label for e in m.evidence]
    for p in a.patterns:
        expected += [p.title, squash(p.why)[:60]]
    for g in a.compliance.gaps:
        expected += [g.title, squash(g.why)[:60]]
    for metric in a.metrics.recommended + a.metrics.misleading_in_use:
        expected.append(metric.title)
    for step in a.next_steps:
        # a planned step with its action; one for later by its title, in the appendix's table
        expected.append(squash(step.action)[:60] if step.horizon != "later" else step.title)
    expected += [squash(h.advice)[:60] for h in a.outside_help]
    for u in urgent_findings(a):
        expected.append(u.title)
    for phrase in expected:
        assert phrase in text, f"{name}: {phrase!r} is not in the PDF"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_structure_bookmarks_and_metadata(name, rendered) -> None:
    a, result = rendered[name]
    assert result.warnings == []
    reader = PdfReader(io.BytesIO(result.pdf))
    assert 10 <= len(reader.pages) <= 32
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top[:4] == ["Contents", "Executive summary", "Where you are", "Readiness by dimension"]
    assert "Appendix: how this assessment works" in top
    assert ("Compliance" in top) == bool(a.compliance.applicable)
    assert reader.metadata.title == f"AI scaling readiness: {a.meta['organization']}"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and "/StructTreeRoot" in root
    assert "pdfuaid" in reader.xmp_metadata.rdf_root.toxml()
    for page in reader.pages[:3]:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            descendants = font.get_object().get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font.get_object()
            descriptor = target["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            assert "Inter" in str(target["/BaseFont"])


def test_the_cover_names_organisation_date_respondents_and_pack(rendered) -> None:
    a, result = rendered["regulated-enterprise"]
    cover = PdfReader(io.BytesIO(result.pdf)).pages[0].extract_text()
    for phrase in (
        a.meta["organization"],
        a.meta["date"],
        "Respondents",
        a.pack.id,
        a.pack.version,
    ):
        assert phrase in cover


def test_us_letter_on_request(scorer, renderer) -> None:
    a = scorer.assess_file(EXAMPLES / "solo-developer.yaml")
    result = renderer.render(a, ReportOptions(paper="letter"))
    box = PdfReader(io.BytesIO(result.pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert result.warnings == []


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_html_matches_its_golden_file(name, rendered, regen: bool) -> None:
    _, result = rendered[name]
    golden = GOLDEN / f"{name}.html"
    if regen:
        golden.write_text(result.html)
    assert result.html == golden.read_text(), "run pytest --regen and read the diff"


def test_urgent_findings_put_unprepared_pivot_points_first(rendered) -> None:
    a, _ = rendered["several-teams-contract-trouble"]
    urgent = urgent_findings(a)
    assert len(urgent) == 3
    assert urgent[0].title == "PP2 crossed without its practices"


def test_markup_in_answers_is_printed_not_obeyed(rendered) -> None:
    a, result = rendered["regulated-enterprise"]
    comment = a.answers["compliance_note"]
    assert "<b>" in comment
    assert "<b>" not in result.html.split("<body", 1)[1].replace("&lt;b&gt;", "")
    assert "&lt;b&gt;" in result.html
    assert "<b>" in pdf_text(result.pdf)


def test_pages_do_not_split_a_finding(rendered) -> None:
    """Each finding box is kept on one page: its title and its rule reference share a page."""
    a, result = rendered["regulated-enterprise"]
    reader = PdfReader(io.BytesIO(result.pdf))
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    for m in a.mistakes:
        title = f"{m.id}: {m.title}"
        page = [p for p in pages if title in p][-1]  # the summary names it first
        assert f"rule{'s' if len(m.rules) > 1 else ''} {', '.join(m.rules)}" in page


def test_report_paths_are_inside_the_package(tmp_path: Path) -> None:
    from assessment.report.assets import FONTS_DIR, TEMPLATES_DIR

    assert (TEMPLATES_DIR / "report.html.j2").is_file()
    assert sorted(p.name for p in FONTS_DIR.glob("*.otf")) == [
        "Inter-Bold.otf",
        "Inter-Italic.otf",
        "Inter-Regular.otf",
        "Inter-SemiBold.otf",
    ]
    assert "SIL Open Font License" in (FONTS_DIR / "OFL.txt").read_text()
