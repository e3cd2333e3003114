"""The results page's compliance tab names the external items each gap relates to, states the
scope rule of those that bind only some organisations, and offers the applicability table."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.ui.conftest import example_answers
from tests.ui.test_results_cache import respondent, results_page


def test_the_compliance_tab_names_its_sources(data_dir) -> None:
    answers = example_answers("regulated-enterprise")["answers"]
    at = results_page(respondent(answers))
    captions = [c.value.replace("\\", "") for c in at.caption]
    relates = [c for c in captions if c.startswith("Relates to ")]
    assert any("EU AI Act Art. 12 (Record-keeping)" in c for c in relates), relates
    assert any("A duty only for high-risk AI systems" in c for c in captions)
    assert any("This is not legal advice." in c for c in captions)
    buttons = [b for b in at.get("download_button") if "applicability" in str(b.proto.label)]
    assert buttons, "the applicability table can be downloaded"


def test_the_applicability_table_is_offered_in_the_sessions_language(data_dir, offered) -> None:
    answers = example_answers("regulated-enterprise")["answers"]
    results_page(respondent(answers), lang="de")
    ws = load_workbook(io.BytesIO(offered["applicability.xlsx"])).active
    assert ws.title == "Anwendbarkeit"
    assert [c.value for c in ws[3]][:5] == [
        "Rahmenwerk",
        "Referenz",
        "Titel",
        "Anwendbar",
        "Begründung",
    ]
