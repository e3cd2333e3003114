"""The results page quotes the respondent's comments under the findings they bear on, as the
report does (`assessment.report.quotes`), and nowhere else."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.ui.conftest import example_answers
from tests.ui.test_results_cache import respondent, results_page

TITLE = re.compile(r"^(?::material/\w+: )?\s*\*\*(.+?)\*\*")


def quotes_by_finding(at: AppTest) -> list[tuple[str, str, str]]:
    """(pivot point heading, finding title, quote) for every quote, in page order."""
    heading = title = ""
    found = []
    for m in at.markdown:
        value = m.value
        if value.startswith("#### "):
            heading, title = value[5:], ""
        elif value.startswith("> **In your words**"):
            found.append((heading, title, value))
        elif match := TITLE.match(value):
            title = match.group(1)
    return found


def test_the_results_page_quotes_under_the_right_findings_only(data_dir) -> None:
    answers = example_answers("regulated-enterprise")["answers"]
    at = results_page(respondent(answers))
    found = quotes_by_finding(at)
    where = {(h if t == "Status" else "", t): q for h, t, q in found}
    assert len(found) == len(where) == 4, [(h, t) for h, t, _ in found]
    outage = where[("Pivot point 3: from several teams to an organisation", "Status")]
    assert "Two outages this year started with a generated change" in outage
    assert "Pivot point 3" in outage  # says on which part of the questionnaire
    tools = "Our payments platform team asks for approval of every new tool"
    assert tools in where[("", "M5: Central mandates without local buy-in")]
    assert tools in where[("", "AI enablement team: anti-pattern found")]
    assert "Internal audit flagged" in where[("", "Gap: Human in the loop")]
    # the closing comment bears on no finding: not quoted under one, but shown once on its own
    assert not any("building society" in q for _, _, q in found)
    assert [m.value for m in at.subheader].count("What else you asked us to consider") == 1
    [also] = [m.value for m in at.markdown if "building society" in m.value]
    assert also.startswith("> **You also wrote** · Anything else")
    # page one lists the compliance gaps with the note on internal audit, and the decision
    summary = [m.value for m in at.markdown if re.match(r"\*\*\d\. [^*]+\*\* \(", m.value)]
    assert len(summary) == 3
    assert summary[1].startswith("**2. 6 compliance gaps** (compliance, high)")
    assert "> *In your words* · Compliance and assurance" in summary[1]
    assert "Internal audit flagged" in summary[1]
    assert any(i.value.startswith("**The decision asked of you.** Decide to fund") for i in at.info)


def test_without_comments_the_results_page_quotes_nothing(data_dir) -> None:
    answers = example_answers("regulated-enterprise")["answers"]
    plain = {k: v for k, v in answers.items() if not k.endswith(("_note", "comment"))}
    at = results_page(respondent(plain))
    assert quotes_by_finding(at) == []


def test_the_german_results_page_quotes_in_german_marks(data_dir) -> None:
    answers = example_answers("regulated-enterprise")["answers"]
    at = results_page(respondent(answers), lang="de")
    quoted = [m.value for m in at.markdown if "Two outages this year" in m.value]
    assert quoted and all("„Two outages this year" in q for q in quoted)
    assert not any("“Two outages" in q for q in quoted)  # not English marks
