"""Render the report: context -> HTML (Jinja2, autoescape, StrictUndefined) -> PDF (WeasyPrint).

A `Renderer` is built once per process: templates, the parsed stylesheets and the font
configuration are reused by every render. WeasyPrint only ever sees the locked fetcher.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from assessment import i18n
from assessment.content.pack import Pack
from assessment.engine.result import Assessment
from assessment.i18n import _
from assessment.report.assets import TEMPLATES_DIR
from assessment.report.charts import plan_chart, plan_reading, readiness_chart, to_svg
from assessment.report.context import ReportOptions, build_context
from assessment.report.fetcher import LockedFetcher
from assessment.report.names import addressed, finding_names, severity_word

PAPERS = {"a4": "A4", "letter": "letter"}
# the most pages a report runs to without its annex
MAX_PAGES = 12
# US letter is 18 mm shorter than A4: narrower top and bottom margins give its pages about the
# height of text an A4 page holds, so a report keeps to its 12 pages on either
MARGINS = {"letter": "margin-top: 14mm; margin-bottom: 14mm;"}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def page_counter() -> Markup:
    """The footer's "Page 2 of 12" as a CSS `content` value, in the reader's language."""
    # translators: the footer of every page; keep {page} and {pages}
    words = _("Page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", words)
    out = []
    for part in parts:
        if part == "{page}":
            out.append("counter(page)")
        elif part == "{pages}":
            out.append("counter(pages)")
        elif part:
            out.append(f'"{css_string(part)}"')
    return Markup(" ".join(out))


def first_sentence(text: str) -> str:
    """The first sentence of a definition: the body names what a pattern or metric is, and the
    finding under it says why it matters here."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def css_string(text: str) -> Markup:
    """Text for inside a double-quoted CSS string: everything but letters, digits and spaces
    becomes a hex escape, so no input can close the string or the style element."""
    safe = "".join(
        c if c.isalnum() and c.isascii() or c == " " else f"\\{ord(c):x} " for c in text[:120]
    )
    return Markup(safe)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)


@dataclass
class Rendered:
    html: str
    pdf: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    # how many times the pages were laid out: more than one when a team report overran
    layouts: int = 1


class Renderer:
    """Templates, stylesheets and fonts loaded once; `html()` and `pdf()` many times."""

    def __init__(self, pack: Pack) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.pack = pack
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        # `{{ _("...") }}` in the templates: the catalogue of the language being written
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=i18n._, ngettext=i18n.ngettext, newstyle=True
        )
        # a label inside a sentence: lowered in English, kept in German
        self.env.filters["lower"] = i18n.lower
        self.env.filters["addressed"] = self._addressed
        self.env.filters["severity"] = severity_word
        self.env.filters["css_string"] = css_string
        self.env.filters["first_sentence"] = first_sentence
        self.template = self.env.get_template("report.html.j2")
        self.fetcher = LockedFetcher([TEMPLATES_DIR])
        self.font_config = FontConfiguration()
        base = TEMPLATES_DIR.as_uri() + "/"
        self.stylesheets = {
            paper: [
                CSS(
                    filename=str(TEMPLATES_DIR / "report.css"),
                    base_url=base,
                    url_fetcher=self.fetcher,
                    font_config=self.font_config,
                ),
                CSS(
                    string=f"@page {{ size: {size}; {MARGINS.get(paper, '')} }}",
                    font_config=self.font_config,
                ),
            ]
            for paper, size in PAPERS.items()
        }
        self._names = finding_names(pack)

    def _addressed(self, ids: list[str]) -> str:
        return addressed(self._names, ids)

    # -- HTML --------------------------------------------------------------------------------
    def context(self, assessment: Assessment, options: ReportOptions) -> dict[str, Any]:
        with i18n.using(self.pack.language):
            return self._context(assessment, options)

    def _context(self, assessment: Assessment, options: ReportOptions) -> dict[str, Any]:
        ctx = build_context(assessment, self.pack, options)
        # the language the report is written in, for the page's `lang` attribute
        ctx["lang"] = i18n.language()
        ctx["page_counter"] = page_counter()
        # the quotation marks around what people said: “…” in English, „…“ in German
        ctx["open_quote"], ctx["close_quote"] = i18n.quote_marks()
        ctx["chart_svg"] = Markup(to_svg(readiness_chart(assessment, accent=options.brand.accent)))
        ctx["plan_reading"] = plan_reading(assessment)
        ctx["plan_svg"] = (
            Markup(to_svg(plan_chart(assessment, accent=options.brand.accent)))
            if ctx["plan_reading"]
            else None
        )
        return ctx

    def journey_svg(
        self, assessment: Assessment, options: ReportOptions | None = None, *, tall: bool = False
    ) -> str:
        """The journey picture alone, as inline SVG (the app shows the report's picture);
        `tall` draws it top to bottom, for narrow screens."""
        with i18n.using(self.pack.language):
            ctx = build_context(assessment, self.pack, options or ReportOptions())
            name = "partials/journey_tall_svg.html.j2" if tall else "partials/journey_svg.html.j2"
            return self.env.get_template(name).render(ctx).strip()

    def html(self, assessment: Assessment, options: ReportOptions | None = None) -> str:
        opts = options or ReportOptions()
        if opts.paper not in PAPERS:
            raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
        with i18n.using(self.pack.language):
            return self.template.render(self._context(assessment, opts))

    # -- PDF ---------------------------------------------------------------------------------
    def pdf_from_html(self, html: str, paper: str = "a4") -> Rendered:
        with _weasyprint_warnings() as warnings:
            document = self._layout(html, paper)
            pdf = self._write(document)
        return Rendered(html=html, pdf=pdf, pages=len(document.pages), warnings=list(warnings))

    def _layout(self, html: str, paper: str) -> Any:
        """The pages of `html`, laid out (a WeasyPrint document), not yet written."""
        from weasyprint import HTML

        return HTML(
            string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=self.fetcher
        ).render(
            font_config=self.font_config,
            stylesheets=self.stylesheets[paper],
            pdf_variant="pdf/ua-1",
            pdf_tags=True,
        )

    @staticmethod
    def _write(document: Any) -> bytes:
        document.metadata.attachments = []  # never embed files, whatever the HTML says
        pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
        return pdf

    def render(self, assessment: Assessment, options: ReportOptions | None = None) -> Rendered:
        """The PDF. A team report whose body (the pages before any annex) runs over
        `MAX_PAGES` takes the first of its shorter workshop parts that keeps it within them (or
        the shortest). Each longer try is only laid out, never written, and its warnings are
        dropped with it."""
        opts = options or ReportOptions()
        html = self.html(assessment, opts)
        document, warnings = self._layout_warned(html, opts.paper)
        layouts = 1
        for part in opts.workshop_shorter:
            if body_pages(document) <= MAX_PAGES:
                break
            shorter = dataclasses.replace(opts, workshop=part, workshop_shorter=[])
            html = self.html(assessment, shorter)
            document, warnings = self._layout_warned(html, opts.paper)
            layouts += 1
        with _weasyprint_warnings() as written:
            pdf = self._write(document)
        pages = len(document.pages)
        return Rendered(html, pdf, pages, [*warnings, *written], layouts=layouts)

    def _layout_warned(self, html: str, paper: str) -> tuple[Any, list[str]]:
        with _weasyprint_warnings() as warnings:
            document = self._layout(html, paper)
        return document, list(warnings)


# the annex's anchor: the pages from the one that holds it on are not counted against
# `MAX_PAGES`
ANNEX = "part-annex"


def body_pages(document: Any) -> int:
    """How many pages a laid-out report has before its annex (all of them without one)."""
    for number, page in enumerate(document.pages):
        if ANNEX in page.anchors:
            return number
    return len(document.pages)
