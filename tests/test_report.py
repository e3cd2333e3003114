"""The PDF report: every part and finding with its evidence, structure, metadata, golden HTML."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment.kinds.next_steps import EFFORTS
from assessment.report.charts import plan_reading, step_impacts
from assessment.report.context import ReportOptions
from assessment.report.render import Renderer
from assessment.report.summary import summarise
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
        # the full version, as the app downloads it: the report, then the annex
        out[name] = (assessment, renderer.render(assessment, ReportOptions(annex=True)))
    return out


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_part_and_finding_appears_with_its_evidence(name, rendered, renderer) -> None:
    a, result = rendered[name]
    text = pdf_text(result.pdf)
    parts = [
        "Contents",
        "Executive summary",
        "Practices against what your size needs",
        "The findings that matter most",
        "The constraint that matters",
        "Where you are",
        "Readiness by dimension",
        "Scaling mistakes",
        "Organisational patterns",
        "Metrics",
        "Transition strategy",
        "Action plan: 30, 60 and 90 days",
        "How this assessment works",
        "Annex",
        "The answers given",
        "The rule trace",
    ]
    parts += [pp.title for pp in a.pivot_points]
    for part in parts:
        assert part in text, f"{name}: part {part!r} missing"
    # the journey's note says what the rules do: growth alone makes a pivot point approaching
    assert "approaching when planned growth reaches it within a year;" in text
    assert "or its symptoms already show" not in text
    # the strategy's first reason opens the summary's sentence on it; the part says the rest
    expected: list[str] = [a.strategy.title or "", squash(a.strategy.rationale[-1].text)[-60:]]
    for pp in a.pivot_points:
        expected += [s.label for s in pp.symptoms] + [squash(pp.why or "")[:60]]
    for m in a.mistakes:
        expected += [f"{m.id}: {m.title}", *(squash(w)[:60] for w in m.why)]
        expected += [e.label for e in m.evidence]
    for p in a.patterns:
        # a pattern in place is named; the others say why
        expected += [p.title] + ([squash(p.why)[:60]] if p.status != "in-place" else [])
    for g in a.compliance.gaps:
        expected += [g.title, squash(g.why)[:60]]
    for metric in a.metrics.recommended + a.metrics.misleading_in_use:
        expected.append(metric.title)
    for step in a.next_steps:
        # a planned step with its action; one for later by its title, in the annex's table
        expected.append(squash(step.action)[:60] if step.horizon != "later" else step.title)
    expected += [squash(h.advice)[:60] for h in a.outside_help]
    page_one = summarise(a, renderer.pack)
    expected += [page_one.status, page_one.constraint, *(f.title for f in page_one.findings)]
    if page_one.decision:
        expected.append(squash(page_one.decision.sentence)[:60])
    for phrase in expected:
        assert phrase in text, f"{name}: {phrase!r} is not in the PDF"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_structure_bookmarks_and_metadata(name, rendered) -> None:
    a, result = rendered[name]
    assert result.warnings == []
    reader = PdfReader(io.BytesIO(result.pdf))
    assert 6 <= len(reader.pages) <= 32
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top[:5] == [
        "Contents",
        "Executive summary",
        "Practices against what your size needs",
        "Where you are",
        "Readiness by dimension",
    ]
    assert top[-2:] == ["How this assessment works", "Annex"]
    assert ("Compliance" in top) == bool(a.compliance.applicable)
    # the PDF's title is the cover's: its heading, then the organisation
    cover_title = re.search(r'<h1 class="cover-title">(.*?)</h1>', result.html)
    assert cover_title and cover_title.group(1) == a.pack.title
    assert reader.metadata.title == f"{a.pack.title}: {a.meta['organization']}"
    assert a.pack.title in squash(reader.pages[0].extract_text())
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
        "25 November 2026",  # the answers' date, 2026-11-25, in words
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


def test_markup_in_answers_is_printed_not_obeyed(rendered) -> None:
    a, result = rendered["regulated-enterprise"]
    comment = a.answers["compliance_note"]
    assert "<b>" in comment
    assert "<b>" not in result.html.split("<body", 1)[1].replace("&lt;b&gt;", "")
    assert "&lt;b&gt;" in result.html
    assert "<b>" in pdf_text(result.pdf)


def test_pages_do_not_split_a_finding(rendered) -> None:
    """Each finding box is kept on one page: its title and the end of its last reason share a
    page."""
    a, result = rendered["regulated-enterprise"]
    reader = PdfReader(io.BytesIO(result.pdf))
    pages = [re.sub(r"\s+", " ", p.extract_text()) for p in reader.pages]
    for m in a.mistakes:
        title = f"{m.id}: {m.title}"
        # the page of its box: the one with its title and the start of its definition
        [page] = [p for p in pages if title in p and squash(m.summary)[:40] in p]
        assert squash(m.why[-1])[-40:] in page


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


# -- the look of the pages ---------------------------------------------------------------------

CONTENT_TOP_MM = 20  # the page's top margin (report.css)


def page_bands(page) -> tuple[str, str, str]:
    """A page's text in three bands: the running header, the body and the footer."""
    height = float(page.mediabox.height)
    top, body, bottom = [], [], []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            y = cm[5] + tm[5] * cm[3] + tm[4] * cm[1]
            (top if y > height - 60 else bottom if y < 55 else body).append(text.strip())

    page.extract_text(visitor_text=visit)
    return squash(" ".join(top)), squash(" ".join(body)), squash(" ".join(bottom))


def parts_by_page(reader: PdfReader) -> list[tuple[int, bool, str]]:
    """Each part (a level-one bookmark): its page, whether it opens at the top of that page,
    and its title."""
    out = []
    for item in reader.outline:
        if isinstance(item, list):
            continue
        page = reader.get_destination_page_number(item)
        height = float(reader.pages[page].mediabox.height)
        at_top = float(item["/Top"]) >= height - CONTENT_TOP_MM * 72 / 25.4 - 1
        out.append((page, at_top, str(item.title)))
    return out


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_running_headers_name_the_part_at_the_top_of_the_page(name, rendered) -> None:
    """A part that opens halfway down a page names the next page, not this one: the header
    names the part the reader is in when the page begins."""
    a, result = rendered[name]
    reader = PdfReader(io.BytesIO(result.pdf))
    parts = parts_by_page(reader)
    organisation = a.meta["organization"]
    for number in range(1, len(reader.pages)):
        header, _, footer = page_bands(reader.pages[number])
        started = [t for page, top, t in parts if page < number or (page == number and top)]
        assert header == f"{started[-1]} {organisation}", f"page {number + 1}: {header!r}"
        # (an inline SVG's text may land in the band: its own coordinates are not followed)
        assert footer.endswith(
            f"Pivotpoint readiness report Page {number + 1} of {len(reader.pages)}"
        )


def test_the_cover_has_no_running_header_or_footer(rendered) -> None:
    a, result = rendered["regulated-enterprise"]
    cover = squash(PdfReader(io.BytesIO(result.pdf)).pages[0].extract_text())
    assert cover.count(a.meta["organization"]) == 1  # on the cover, not again in a header
    assert "Page 1 of" not in cover and "Pivotpoint readiness report" not in cover


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_contents_and_bookmarks_nest_the_same_parts(name, rendered) -> None:
    _, result = rendered[name]
    toc = re.search(r'<nav class="toc".*?</nav>', result.html, re.S)
    assert toc is not None
    listed = [
        (2 if "sub" in cls else 1, squash(re.sub(r"<[^>]+>", "", title)))
        for cls, title in re.findall(r'<li( class="sub")?><a href="#[^"]+">(.*?)</a>', toc.group(0))
    ]

    def walk(items, level: int):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
            else:
                yield level, squash(str(item.title))

    marked = [entry for entry in walk(PdfReader(io.BytesIO(result.pdf)).outline, 1)]
    # the contents list the parts and the annex's two lists; the bookmarks every heading
    listed_titles = {t for _, t in listed}
    kept = [entry for entry in marked if entry[1] in listed_titles]
    assert kept == listed


def structure_figures(pdf: bytes) -> list[str | None]:
    """The alternate text of every Figure in the PDF's structure tree (PDF/UA-1 asks one of
    each)."""
    reader = PdfReader(io.BytesIO(pdf))
    found: list[str | None] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alt = node.get("/Alt")
                found.append(str(alt) if alt is not None else None)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_figure_carries_alt_text_with_its_figures(name, rendered) -> None:
    """The README claims PDF/UA-1: every figure in the structure tree has alternate text, and
    the charts' say the numbers they show."""
    a, result = rendered[name]
    alts = structure_figures(result.pdf)
    assert len(alts) >= 2  # the journey and the readiness chart
    assert all(alt and alt.strip() for alt in alts), alts
    chart = [alt for alt in alts if alt and alt.startswith("Bar chart of readiness")]
    journey = [alt for alt in alts if alt and alt.startswith("The journey")]
    assert len(chart) == 1 and len(journey) == 1
    for d in a.readiness.dimensions:
        assert f"{d.label}: {d.shown}" in chart[0]
    for pp in a.pivot_points:
        shown = pp.readiness_shown + (" of 100" if pp.readiness is not None else "")
        assert f"readiness {shown}" in journey[0]


def test_advisor_is_spelled_one_way() -> None:
    from tests.conftest import ROOT

    texts = [*ROOT.glob("assessment/**/*.yaml"), *ROOT.glob("assessment/**/*.j2")]
    texts += [*ROOT.glob("assessment/**/*.py"), ROOT / "README.md", *ROOT.glob("docs/*.md")]
    found = [
        str(p.relative_to(ROOT)) for p in texts if re.search(r"\badviser", p.read_text(), re.I)
    ]
    assert found == [], "spell it 'advisor'"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_plan_picture_shows_every_planned_step_with_its_figures(name, rendered) -> None:
    """The effort and impact picture: one point a planned step, its alt text naming each step's
    effort and impact; no picture for a plan of one step."""
    a, result = rendered[name]
    planned = [s for s in a.next_steps if s.horizon != "later"]
    alts = [alt for alt in structure_figures(result.pdf) if alt and alt.startswith("Chart of the")]
    if len(planned) < 2:
        assert alts == []
        return
    assert len(alts) == 1
    impacts = step_impacts(a)
    for n, s in enumerate(planned, 1):
        assert (
            f"tep {n}, {s.title}: effort {EFFORTS[s.effort]}, impact {impacts[s.rule]}" in alts[0]
        )
    assert plan_reading(a).split(",")[0] in squash(pdf_text(result.pdf))
