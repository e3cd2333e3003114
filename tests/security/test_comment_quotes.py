"""A comment quoted under a finding is shown as typed and never obeyed: escaped in the report,
literal Markdown on the results page, and a formula in it stays text in the exports."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from assessment.report import quotes
from assessment.report.render import Renderer
from assessment.store import Store
from tests.ui.conftest import example_answers
from tests.ui.test_results_cache import respondent, results_page

BASE = example_answers("small-team-losing-context")["answers"]
ATTACK = (
    "<script>alert(1)</script><img src=x onerror=alert(2)> [click](https://evil.example) "
    "![x](https://evil.example/x.png) {{ 7*7 }} **loud** :red[red]"
)
FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1+1)", '=HYPERLINK("http://x")']


def test_markup_in_a_quoted_comment_is_escaped_in_the_report(scorer) -> None:
    values = scorer.check({**BASE, "pp1_note": ATTACK})
    a = scorer.assess(values)
    assert quotes.place(scorer.pack, a).under("PP1", "PP1")  # it is quoted
    renderer = Renderer(scorer.pack)
    result = renderer.render(a)
    body = result.html.split("<body", 1)[1]
    # quoted on page one and under its finding, escaped both times
    saids = re.findall(r'<blockquote class="said">.*?</blockquote>', body, re.S)
    assert saids
    for said in saids:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in said
        assert "{{ 7*7 }}" in said  # the template is never rendered twice
    assert "<script" not in body and "<img src=x" not in body
    assert renderer.fetcher.refused == [] and result.warnings == []
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(result.pdf)).pages)
    assert "<script>alert(1)</script>" in text


def test_markup_in_a_quoted_comment_is_literal_on_the_results_page(data_dir) -> None:
    at = results_page(respondent({**BASE, "pp1_note": ATTACK}))
    [said] = [m for m in at.markdown if m.value.startswith("> **In your words**")]
    assert not said.proto.allow_html
    body = said.value.split("\n", 1)[1]
    # every character Markdown would act on is escaped: no link, image, emphasis or colour
    for raw in ("[click](", "![x](", "**loud**", ":red[", "<script>"):
        assert raw not in body, raw
    assert "\\[click\\]\\(https" in body and "\\*\\*loud\\*\\*" in body
    for node in at.main:
        proto = getattr(node, "proto", None)
        if getattr(node, "type", "") == "html" or getattr(proto, "allow_html", False):
            assert "onerror" not in str(proto) and "alert(1)" not in str(proto), node


def test_a_formula_in_a_section_comment_stays_text_in_the_exports(data_dir, scorer) -> None:
    from assessment.services.workshops import responses_csv_text, responses_xlsx

    store = Store()
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    for formula in FORMULAS:
        person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id)
        for qid, value in {**BASE, "pp2_note": formula, "pp1_note": formula}.items():
            store.save_answer(person.token, qid, value)
        store.mark_finished(person.token)
    finished = store.responses(workshop.id)
    rows = list(csv.reader(io.StringIO(responses_csv_text(scorer, finished, 3))))
    sheet = load_workbook(io.BytesIO(responses_xlsx(scorer, finished, 3))).active
    assert sheet is not None
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    for column in ("pp1_note", "pp2_note"):
        i = rows[0].index(column)
        assert sorted(r[i] for r in rows[1:]) == sorted("'" + f for f in FORMULAS)
        assert sorted(str(r[i]) for r in cells[1:]) == sorted("'" + f for f in FORMULAS)
    for row in sheet.iter_rows(min_row=2):
        assert all(c.data_type != "f" for c in row)  # no cell is a formula
