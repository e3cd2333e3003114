"""The respondent's words under the findings they bear on (`assessment.report.quotes`): the
mapping, the report that prints it, the team report that quotes participants."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.engine.result import Assessment
from assessment.report import quotes
from assessment.report.context import ReportOptions
from assessment.report.render import Renderer
from assessment.report.text import format_text
from tests.conftest import EXAMPLES
from tests.test_properties import PACK, SCORER, answer_sets


@pytest.fixture(scope="module")
def examples(scorer) -> dict[str, Assessment]:
    return {p.stem: scorer.assess_file(p) for p in sorted(EXAMPLES.glob("*.yaml"))}


@pytest.fixture(scope="module")
def renderer(scorer) -> Renderer:
    return Renderer(scorer.pack)


def placed(pack, a: Assessment) -> dict[tuple[str, str], list[str]]:
    """Where each comment question is quoted: finding -> question ids."""
    return {key: [q.question for q in said] for key, said in quotes.place(pack, a).placed.items()}


def parts(html: str) -> dict[str, str]:
    """The report's body by part id."""
    body = html.split("<body", 1)[1]
    pieces = re.split(r'<section class="part[^"]*" id="part-([^"]+)">', body)
    return dict(zip(pieces[1::2], pieces[2::2], strict=True))


def box(part: str, title: str) -> str:
    """The one finding box of a part whose heading starts with `title`."""
    [found] = [b for heading, b in findings_of(part).items() if heading.startswith(title)]
    return found


def findings_of(part: str) -> dict[str, str]:
    """A part's finding boxes by their heading's text."""
    boxes = part.split('<div class="finding">')[1:]
    return {
        " ".join(re.sub(r"<[^>]+>", " ", box.split("</h3>", 1)[0]).split()): box for box in boxes
    }


# -- the mapping ------------------------------------------------------------------------------


def test_each_comment_is_quoted_under_the_findings_of_its_own_section(scorer, examples) -> None:
    where = placed(scorer.pack, examples["regulated-enterprise"])
    assert where == {
        ("PP3", "PP3"): ["pp3_note"],
        # the enablement team gatekeeps: the pattern, and the mistake built on the same answer
        ("mistakes", "M5"): ["patterns_note"],
        ("patterns", "enablement-team"): ["patterns_note"],
        ("compliance", "human-in-the-loop"): ["compliance_note"],
    }


def test_a_comment_goes_under_the_finding_it_names_not_the_first_of_its_part(
    scorer, examples
) -> None:
    """Every metric is built from what is tracked; the comment about velocity is quoted under
    velocity, not under the first metric recommended."""
    where = placed(scorer.pack, examples["several-teams-contract-trouble"])
    metrics = {key for key, qs in where.items() if key[0] == "metrics"}
    assert metrics == {("metrics", "velocity")}
    assert where[("PP2", "PP2")] == ["pp2_note"]
    assert not any("pp2_note" in qs for key, qs in where.items() if key != ("PP2", "PP2"))


def test_the_closing_comment_bears_on_no_finding(scorer, examples) -> None:
    closing = {name: a for name, a in examples.items() if a.answers.get("comment")}
    assert {"regulated-enterprise", "solo-developer"} <= set(closing)
    for name, a in closing.items():
        assert all("comment" not in qs for qs in placed(scorer.pack, a).values()), name


def test_a_comment_is_cut_and_says_where_the_whole_text_is(scorer, examples, renderer) -> None:
    long = "Audit asked for every generated change since March. " * 15
    a = examples["regulated-enterprise"]
    values = scorer.check({**a.answers, "compliance_note": long})
    b = scorer.assess(values, meta=a.meta)
    [quote] = quotes.place(scorer.pack, b).under("compliance", "human-in-the-loop")
    assert quote.cut and len(quote.text) <= quotes.MAX_CHARS + 2 and quote.text.endswith("…")
    html = renderer.html(b, ReportOptions(annex=True))
    assert "(the whole comment is in the annex)" in box(parts(html)["compliance"], "Human in")
    assert long.strip() in re.sub(r"\s+", " ", parts(html)["annex"])
    # without the annex, the whole text is in the answers file the report was made from
    short = renderer.html(b)
    assert "(the whole comment is in the answers file)" in box(
        parts(short)["compliance"], "Human in"
    )
    assert long.strip() not in re.sub(r"\s+", " ", short)


# -- the terminal text ------------------------------------------------------------------------


def test_the_terminal_text_quotes_each_comment_once_under_its_finding(scorer, examples) -> None:
    """`score`'s text quotes as the report does: under the finding, once, and the closing
    comment on its own at the end."""
    a = examples["regulated-enterprise"]
    text = " ".join(format_text(a, pack=scorer.pack).split())
    outage = "In your words: “Two outages this year started with a generated change"
    tools = "In your words: “Our payments platform team asks for approval of every new tool"
    audit = "In your words: “Internal audit flagged AI-generated code as a <b>high</b>"
    for said, before, after in (
        (outage, "PP3 Pivot point 3", "Scaling mistakes"),
        (tools, "M5 ", "Patterns"),
        (audit, "gap (high): Human in the loop", "gap (high): Auditability"),
    ):
        assert text.count(said) == 1, said
        assert text.index(before) < text.index(said) < text.index(after), said
    closing = " ".join(str(a.answers["comment"]).split())[:60]
    tail = text.split(quotes.UNPLACED_TITLE, 1)[1]
    assert closing in tail and "In your words" not in tail
    # without the pack (the bare engine result), nothing is placed and nothing is quoted
    assert "In your words" not in format_text(a)


# -- the report -------------------------------------------------------------------------------


def test_the_report_quotes_under_the_right_finding_and_nowhere_else(examples, renderer) -> None:
    html = renderer.html(examples["regulated-enterprise"])
    by_part = parts(html)
    audit = "Internal audit flagged AI-generated code as a &lt;b&gt;high&lt;/b&gt;"
    outage = "Two outages this year started with a generated change"
    tools = "Our payments platform team asks for approval of every new tool"
    # each under its finding, with who said it and on what
    status = box(by_part["PP3"], "Status")
    assert outage in status and "In your words" in status
    # a comment that bears on findings of two parts is quoted once, under the first of them
    assert html.count(tools) == 1
    assert tools in box(by_part["mistakes"], "M5")
    assert audit in box(by_part["compliance"], "Human in the loop")
    # page one quotes the words under the findings it lists, and only those: the outage under
    # pivot point 3, the audit under the compliance gaps, not the tools (M5 is not listed)
    summary = by_part["summary"]
    assert outage in summary and audit in summary and tools not in summary
    assert summary.count("In your words") == 2
    # and not under unrelated findings or parts
    for part in ("PP1", "PP2", "metrics", "strategy", "steps"):
        assert "In your words" not in by_part[part], part
    for title, found in findings_of(by_part["mistakes"]).items():
        assert (tools in found) == title.startswith("M5"), title
    for title, found in findings_of(by_part["compliance"]).items():
        assert (audit in found) == title.startswith("Human in the loop"), title
    # the symptoms of PP3 keep their typical sayings, without the respondent's words
    assert sum("In your words" in found for found in findings_of(by_part["PP3"]).values()) == 1


def test_an_example_without_section_comments_quotes_nothing(scorer, examples, renderer) -> None:
    a = examples["small-team-losing-context"]
    values = {k: v for k, v in a.answers.items() if scorer.pack.questions[k].type != "text"}
    html = renderer.html(scorer.assess(scorer.check(values), meta=a.meta))
    assert "In your words" not in html.split("<body", 1)[1]


# -- the team report ---------------------------------------------------------------------------


def test_the_team_report_quotes_participants_without_name_or_role(scorer, renderer) -> None:
    from datetime import UTC, datetime

    from assessment.services.aggregate import aggregate
    from assessment.services.workshops import team_report
    from assessment.store import Workshop

    base = scorer.check(_small_team(), require=False)
    said = [
        "Our context lives in chat histories.",
        "New people ask why code looks the way it does.",
        "Nobody versions prompts.",
    ]
    answers = [{**base, "pp1_note": s} for s in said] + [base]
    roles = ["Maria Lopez", "Head of Platform", "Head of Platform", "Head of Platform"]
    result = aggregate(scorer, answers, k=3, roles=roles)
    workshop = Workshop(
        1, "ABCD-EFGH", "Kick-off", "", "ai-scaling", "1.0.0", "open", datetime.now(UTC), {"k": 3}
    )
    a, options = team_report(scorer, workshop, [], result)
    html = renderer.html(a, options)
    pp1 = parts(html)["PP1"]
    assert pp1.count("In a participant&#39;s words") == quotes.MAX_TEAM_QUOTES
    # sorted, never in the order people answered, and the third is counted
    assert "New people ask why code looks the way it does." in pp1
    assert "Nobody versions prompts." in pp1
    assert "Our context lives in chat histories." not in pp1
    assert "1 more comment on this part of the questionnaire is in the workshop part" in pp1
    for block in re.findall(r'<blockquote class="said">.*?</blockquote>', html, re.S):
        assert "Maria" not in block and "Head of" not in block
    assert "In your words" not in html


def test_below_the_threshold_nothing_is_quoted(scorer) -> None:
    from assessment.services.aggregate import aggregate

    base = scorer.check(_small_team(), require=False)
    result = aggregate(scorer, [{**base, "pp1_note": "x"}] * 2, k=3)
    assert result.team is None and result.comments_by_question == {}


def _small_team() -> dict:
    """The small team's answers without its comments."""
    import yaml

    answers = yaml.safe_load((EXAMPLES / "small-team-losing-context.yaml").read_text())["answers"]
    return {k: v for k, v in answers.items() if PACK.questions[k].type != "text"}


# -- for every answer set ---------------------------------------------------------------------

SECTION_OF = {q.id: s.id for s in PACK.questionnaire.sections for q in s.questions}
READS = {s.id: {q.id for q in s.questions if q.type != "text"} for s in PACK.questionnaire.sections}


@st.composite
def with_comments(draw: st.DrawFn) -> dict:
    answers = draw(answer_sets())
    for qid, q in PACK.questions.items():
        if q.type == "text":
            answers[qid] = draw(st.sampled_from([None, "velocity audit approval", "a note"]))
    return answers


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_comments())
def test_every_quote_sits_under_a_finding_its_section_fed(answers) -> None:
    a = SCORER.assess(SCORER.check(answers))
    said = quotes.place(PACK, a)
    candidates = {c.key: c for c in quotes.findings(a)}
    seen: set[tuple[str, str]] = set()
    for key, items in said.placed.items():
        for quote in items:
            section = SECTION_OF[quote.question]
            assert candidates[key].questions & READS[section], (key, quote.question)
            assert (key[0], quote.question) not in seen  # once a part
            seen.add((key[0], quote.question))
            assert quote.question != "comment"
    for qid, text in a.answers.items():
        if PACK.questions[qid].type != "text" or not str(text).strip():
            continue
        fed = [c for c in candidates.values() if c.questions & READS[SECTION_OF[qid]]]
        assert bool(fed) == any(qid == part_q for _, part_q in seen), qid


def test_the_comment_questions_are_optional_text_one_a_section() -> None:
    """Every section with questions of its own has one optional comment, except the profile
    (whose answers feed nearly every finding) and the closing section, which is all comment."""
    for section in PACK.questionnaire.sections:
        texts = [q for q in section.questions if q.type == "text"]
        assert all(not q.required for q in texts), section.id
        expected = 0 if section.id == "profile" else 1
        assert len(texts) == expected, section.id


def test_report_options_without_comments_quote_nobody_in_a_team_report(scorer, examples) -> None:
    from assessment.report.context import build_context

    a = examples["regulated-enterprise"]
    context = build_context(a, scorer.pack, ReportOptions(workshop={"comments": []}))
    assert not context["quotes"] and context["quotes"].team


def test_the_annex_lists_no_empty_comment_as_skipped(scorer, examples, renderer) -> None:
    a = examples["solo-developer"]
    values = {k: v for k, v in a.answers.items() if k not in ("pp1_note", "failure_cost")}
    assessed = scorer.assess(scorer.check(values), meta=a.meta)
    appendix = parts(renderer.html(assessed, ReportOptions(annex=True)))["annex"]
    skipped = re.findall(r"<dt>([^<]*)</dt><dd class=\"muted\">Not answered</dd>", appendix)
    assert scorer.pack.questions["failure_cost"].text in [s.replace("&#39;", "'") for s in skipped]
    comments = [q.text for q in scorer.pack.questions.values() if q.type == "text"]
    assert not set(comments) & {s.replace("&#39;", "'") for s in skipped}
