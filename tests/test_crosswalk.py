"""The crosswalk (issue 16): compliance gaps name the external items they relate to, and the
applicability table lists every item of the catalogue, as CSV or XLSX, formulas neutralised."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.content.crosswalk import references
from assessment.content.schema.crosswalk import RELATIONS
from assessment.services import applicability
from assessment.services.answers import load_answers
from tests.conftest import EXAMPLES

REGULATED = EXAMPLES / "regulated-enterprise.yaml"


@pytest.fixture(scope="module")
def regulated(scorer):
    return scorer.assess(load_answers(scorer.engine, REGULATED))


def test_every_gap_names_its_sources(regulated) -> None:
    assert regulated.compliance.gaps
    for gap in regulated.compliance.gaps:
        assert gap.references, gap.id
        for r in gap.references:
            assert r.relation in RELATIONS
            assert r.framework and r.item and r.title
    logging = next(g for g in regulated.compliance.gaps if g.id == "generation-logging")
    art12 = next(r for r in logging.references if r.item == "Art. 12")
    assert art12.framework == "EU AI Act" and art12.title == "Record-keeping"
    assert art12.scope and "high-risk" in art12.scope  # the scope rule travels with it


def test_the_assessment_json_carries_the_references(regulated) -> None:
    data = regulated.model_dump(mode="json")
    ref = data["compliance"]["gaps"][0]["references"][0]
    assert {"framework", "item", "relation", "title"} <= set(ref)


def test_every_catalogue_item_is_in_the_table(scorer, regulated) -> None:
    cw = scorer.pack.crosswalk
    table = applicability.rows(regulated, scorer.pack, date(2026, 1, 1))
    assert len(table) == len(cw.items)
    by_item = {(r.framework, r.item): r for r in table}
    art4 = by_item[("EU AI Act", "Art. 4")]
    assert art4.applies == "yes" and "2 February 2025" in art4.why
    art14 = by_item[("EU AI Act", "Art. 14")]
    assert art14.applies == "no" and "high-risk" in art14.why  # no AI rates developers
    assert "rates developers' work or assigns their tasks not chosen" in art14.why
    assert "In force from 2 August 2026" in art14.why  # before that day
    assert art14.status == "gap" and art14.action  # a step of the plan addresses it
    iso = by_item[("ISO/IEC 42001", "A.6.2.8")]
    assert iso.applies == "voluntary"


def test_ai_that_rates_developers_brings_the_high_risk_articles_in(scorer, regulated) -> None:
    tools = [*regulated.answers["ai_tools"], "ai-evaluates-developers"]
    rated = regulated.model_copy(update={"answers": {**regulated.answers, "ai_tools": tools}})
    by_item = {r.item: r for r in applicability.rows(rated, scorer.pack)}
    assert by_item["Art. 14"].applies == "yes"
    assert by_item["Art. 50"].applies == "check"  # the answers cannot tell


def test_references_follow_the_mapping_order(scorer) -> None:
    found = [r["item"] for r in references(scorer.pack, "gap:generation-logging")]
    assert found[0] == "Art. 12"


def test_csv_and_xlsx_neutralise_formulas(scorer, regulated) -> None:
    table = applicability.rows(regulated, scorer.pack)
    evil = table[0].__class__(**{**table[0].__dict__, "title": "=HYPERLINK(1)"})
    text = applicability.to_csv([evil])
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["Title"] == "'=HYPERLINK(1)"
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(applicability.to_xlsx([evil], "=Acme")))
    ws = wb.active
    assert ws["A1"].value == "Applicability: =Acme"  # starts with a word: no formula
    assert ws["C4"].value == "'=HYPERLINK(1)"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_applicability_verb_writes_the_table(tmp_path, suffix) -> None:
    out = tmp_path / f"soa{suffix}"
    result = CliRunner().invoke(app, ["applicability", str(REGULATED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if suffix == ".csv":
        header = out.read_text().splitlines()[0]
        assert header.startswith("Framework,Item,Title,Applies,Why")


def test_the_applicability_verb_refuses_other_files(tmp_path) -> None:
    result = CliRunner().invoke(app, ["applicability", str(REGULATED), "-o", str(tmp_path / "x")])
    assert result.exit_code != 0


def test_a_metric_the_mapping_names_carries_its_references(scorer) -> None:
    a = scorer.assess(load_answers(scorer.engine, EXAMPLES / "small-team-losing-context.yaml"))
    cfr = next(m for m in a.metrics.recommended if m.id == "change-failure-rate")
    assert [r.item for r in cfr.references] == ["MEASURE 2.4", "Governance: Strategy and Metrics"]
    unmapped = next(m for m in a.metrics.recommended if m.id == "review-depth-score")
    assert unmapped.references == []


def test_a_practice_the_plan_puts_in_place_is_the_planned_action(scorer) -> None:
    # the small team's AI literacy rests on its training cadence, which a step of its plan
    # changes: the table names that step, not an empty plan
    small = scorer.assess(load_answers(scorer.engine, EXAMPLES / "small-team-losing-context.yaml"))
    art4 = next(r for r in applicability.rows(small, scorer.pack) if r.item == "Art. 4")
    assert art4.status == "partly in place"
    step = next(s for s in small.next_steps if s.title == art4.action)
    assert "training_cadence" in {e.question for e in step.evidence}


# -- the table in German -------------------------------------------------------------------------
GERMAN_COLUMNS = [
    "Rahmenwerk",
    "Referenz",
    "Titel",
    "Anwendbar",
    "Begründung",
    "Anwendbar ab",
    "Status",
    "Belege",
    "Geplante Maßnahme",
    "Zeitfenster",
    "Bezug",
]


@pytest.fixture(scope="module")
def regulated_de():
    from assessment.services.scoring import Scorer

    scorer = Scorer(lang="de")
    return scorer, scorer.assess(load_answers(scorer.engine, REGULATED))


def test_the_german_table_speaks_german_and_keeps_the_ids_in_its_rows(regulated_de) -> None:
    from assessment import i18n

    scorer, a = regulated_de
    with i18n.using("de"):
        table = applicability.rows(a, scorer.pack, date(2026, 1, 1))
        text = applicability.to_csv(table)
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == GERMAN_COLUMNS
    by_item = {
        (r.framework, r.item): dict(zip(header, row, strict=True))
        for r, row in zip(table, rows, strict=True)
    }
    art14 = next(r for r in table if r.item == "Art. 14")
    # the row keeps the ids; the table shows words
    assert (art14.applies, art14.status) == ("no", "gap")
    cells = by_item[("EU AI Act", "Art. 14")]
    assert (cells["Anwendbar"], cells["Status"]) == ("nein", "Lücke")
    assert "Bei „Genutzte KI-Tools“ nicht ausgewählt: " in art14.why
    assert art14.why.endswith("Anwendbar ab 2. August 2026.")  # before that day, in words
    assert "Lücke: Menschliche Kontrolle (hoch)" in cells["Belege"]
    assert cells["Zeitfenster"] == "bis Tag 60"
    assert cells["Bezug"] == "Menschliche Kontrolle (Schnittmenge)"
    art4 = by_item[("EU AI Act", "Art. 4")]
    assert art4["Anwendbar"] == "ja" and "Anwendbar seit 2. Februar 2025." in art4["Begründung"]
    iso = by_item[("ISO/IEC 42001", "A.6.2.8")]
    assert iso["Anwendbar"] == "freiwillig"
    assert "Laut Ihren Antworten ist Compliance für Sie relevant." in iso["Begründung"]
    # no English word or id of the product's own is left where words belong
    english = {"yes", "no", "voluntary", "check", "gap", "no gap found", "partly in place"}
    english |= {"not in place", "in place", "not judged", "30d", "60d", "90d", "later"}
    for row in rows:
        assert row[3] not in english and row[6] not in english and row[9] not in english
        for word in ("Gap:", "No gap:", "Applies since", "In force from", "(intersect)", "chosen"):
            assert word not in " ".join(row)


def test_the_german_workbook_has_a_german_title_note_and_headings(regulated_de) -> None:
    from openpyxl import load_workbook

    from assessment import i18n

    scorer, a = regulated_de
    with i18n.using("de"):
        data = applicability.export(a, scorer.pack, "xlsx")
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.title == "Anwendbarkeit"
    assert ws["A1"].value == "Anwendbarkeit: Harbour & Crane Bank"
    assert ws["A2"].value.startswith("Keine Rechtsberatung")
    assert [c.value for c in ws[3]] == GERMAN_COLUMNS


def test_the_english_table_is_as_it_was(scorer, regulated) -> None:
    table = applicability.rows(regulated, scorer.pack, date(2026, 1, 1))
    header = applicability.to_csv(table).splitlines()[0]
    assert header == (
        "Framework,Item,Title,Applies,Why,Applies from,Status,Evidence,Planned action,Horizon,"
        "Relates to"
    )
    art12 = next(r for r in table if r.item == "Art. 12")
    assert art12.cells()[6:] == [
        "gap",
        "Gap: Generation logging (high); Gap: Auditability (high)",
        "Log every AI code generation",
        "30d",
        "Generation logging (intersect); Auditability (intersect)",
    ]


def test_the_applicability_verb_takes_a_language(tmp_path) -> None:
    out = tmp_path / "soa.csv"
    result = CliRunner().invoke(
        app, ["applicability", str(REGULATED), "-o", str(out), "--lang", "de"]
    )
    assert result.exit_code == 0, result.output
    header = out.read_text().splitlines()[0]
    assert header.startswith("Rahmenwerk,Referenz,Titel,Anwendbar,Begründung")
