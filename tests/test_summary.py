"""Page one (`assessment.report.summary`): the status in words, the score with its band, the one
constraint, three findings ranked by severity, the respondent's words, the one decision."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader

from assessment.engine.result import Assessment
from assessment.kinds.practices import all_answered_fully
from assessment.report.context import ReportOptions
from assessment.report.quotes import place
from assessment.report.render import Renderer
from assessment.report.summary import (
    MAX_FINDINGS,
    MAX_QUOTE,
    NOT_JUDGED,
    NOT_READY,
    READY_BASICS,
    READY_WITH_WORK,
    SEVERITY_RANK,
    Summary,
    ranked,
    status,
    summarise,
)
from tests.conftest import EXAMPLES
from tests.test_advice_properties import practised_answer_sets
from tests.test_properties import PACK, SCORER, answer_sets

NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))
STEPS = {s.id: s for s in PACK.next_steps.steps}


@pytest.fixture(scope="module")
def examples() -> dict[str, tuple[Assessment, Summary]]:
    out = {}
    for name in NAMES:
        a = SCORER.assess_file(EXAMPLES / f"{name}.yaml")
        out[name] = (a, summarise(a, PACK))
    return out


STATUS = {
    "regulated-enterprise": NOT_READY,
    "several-teams-contract-trouble": NOT_READY,
    "small-team-losing-context": NOT_READY,
    "solo-developer": READY_BASICS,  # 29 of 100: nothing holds it back, the basics need work
}
CONSTRAINT = {
    "regulated-enterprise": "Pivot point 3 (from several teams to an organisation): crossed "
    "without its practices, readiness 34 of 100; and compliance, with 5 high gaps.",
    "several-teams-contract-trouble": "Pivot point 2 (from one team to several): crossed "
    "without its practices, readiness 12 of 100.",
    "small-team-losing-context": "Pivot point 1 (from one developer to a team): crossed "
    "without its practices, readiness 12 of 100.",
    "solo-developer": "No pivot point holds you back now or within the year.",
}
SCORE = {
    "regulated-enterprise": ("52 of 100", "Getting there", "40 to 59"),
    "several-teams-contract-trouble": ("37 of 100", "Needs work", "below 40"),
    "small-team-losing-context": ("16 of 100", "Needs work", "below 40"),
    "solo-developer": ("29 of 100", "Needs work", "below 40"),
}


@pytest.mark.parametrize("name", NAMES)
def test_each_example_states_its_status_score_band_and_constraint(name, examples) -> None:
    a, s = examples[name]
    assert s.status == STATUS[name]
    assert (s.score_shown, s.band, s.band_range) == SCORE[name]
    assert s.constraint == CONSTRAINT[name]
    assert s.open == "Nothing is open: every finding was judged from the answers."


def test_the_weakest_crossed_pivot_point_leads_and_the_bank_names_compliance(examples) -> None:
    a, s = examples["regulated-enterprise"]
    assert [f.kind for f in s.findings] == ["Pivot point", "Compliance", "Scaling mistake"]
    assert s.findings[0].title == "Pivot point 3 crossed without its practices"
    gaps = s.findings[1]
    assert gaps.severity == "high" and gaps.ref == "part-compliance"
    # all six gaps count as one finding, the five high ones named
    assert gaps.title == "6 compliance gaps"
    assert gaps.text == "5 of the 6 are high"
    assert gaps.line.startswith("5 of the 6 are high: generation logging, human in the loop")
    assert all(g.title.lower() in gaps.line for g in a.compliance.gaps if g.severity == "high")
    # the client's note on internal audit reaches page one, under the compliance finding
    assert gaps.quote is not None and gaps.quote.text.startswith("Internal audit flagged")
    assert "compliance" in s.constraint


@pytest.mark.parametrize("name", NAMES)
def test_a_high_finding_is_never_left_out_for_a_medium_one(name, examples) -> None:
    a, s = examples[name]
    every = ranked(a, place(PACK, a))
    assert s.findings == every[:MAX_FINDINGS] and s.found == len(every)
    left_out = every[MAX_FINDINGS:]
    for shown in s.findings:
        for other in left_out:
            assert SEVERITY_RANK[shown.severity] <= SEVERITY_RANK[other.severity]
    # a high symptom counts for its pivot point: the small team's lost context leads, before
    # the two medium mistakes (the old list left it out)
    highs = {
        sym.pivot_point for pp in a.pivot_points for sym in pp.symptoms if sym.severity == "high"
    }
    high_pps = [pp for pp in a.pivot_points if pp.id in highs]
    if high_pps:
        assert any(f.ref == f"part-{high_pps[0].id}" for f in s.findings)


def test_the_small_team_leads_with_its_high_symptom_and_the_respondent_s_words(examples) -> None:
    _, s = examples["small-team-losing-context"]
    top = s.findings[0]
    assert (top.title, top.severity) == ("Pivot point 1 crossed without its practices", "high")
    assert "lost generation context" in top.line and "inconsistent AI output" in top.line
    assert top.quote is not None and "individual chat histories" in top.quote.text
    assert [f.severity for f in s.findings] == ["high", "medium", "medium"]


@pytest.mark.parametrize("name", NAMES)
def test_the_decision_names_a_planned_step_and_its_owner(name, examples) -> None:
    a, s = examples[name]
    assert s.decision is not None
    step = s.decision.step
    planned = [x for x in a.next_steps if x.horizon != "later"]
    assert step in planned and s.decision.number == planned.index(step) + 1
    assert f"“{step.title}”" in s.decision.sentence
    owner = "which you own" if step.owner == "You" else step.owner.split(",")[0].lower()
    assert owner in s.decision.sentence
    if s.findings:
        assert s.findings[0].ids & set(step.addresses)


def test_the_decisions_read_as_an_advisor_would_put_them(examples) -> None:
    sentences = {name: s.decision.sentence for name, (_, s) in examples.items() if s.decision}
    assert sentences["regulated-enterprise"] == (
        "Decide to fund and staff the first 30 days, starting with “Turn the three key rules "
        "into CI checks”, owned by the platform team (medium effort)."
    )
    assert sentences["solo-developer"] == (
        "Decide to set aside time in the first 30 days for “Measure change failure rate and "
        "recovery time”, which you own (medium effort)."
    )


@pytest.mark.parametrize("name", NAMES)
def test_quotes_on_page_one_are_short(name, examples) -> None:
    _, s = examples[name]
    for f in s.findings:
        assert f.quote is None or len(f.quote.text) <= MAX_QUOTE + 2


def test_too_few_answers_say_so_instead_of_a_status() -> None:
    a = SCORER.assess(SCORER.check({"developers": 5, "teams": 1, "regulated": False}))
    s = summarise(a, PACK)
    assert s.status == NOT_JUDGED
    assert (s.score_shown, s.band, s.band_range) == ("not judged", "Not judged", "")
    assert s.constraint.startswith("Not known yet: the answers leave Pivot point 1")
    assert s.open.startswith(f"Open: {len(a.not_judged)} findings could not be judged")


def test_growth_towards_an_unprepared_pivot_point_reads_ready_now_with_work() -> None:
    a = SCORER.assess_file(EXAMPLES / "small-team-losing-context.yaml")
    # the same team with its pivot point 1 practices fully in place and no symptoms
    answers = dict(a.answers)
    for pp in a.pivot_points:
        if pp.id == "PP1":
            for p in [*pp.missing_practices, *pp.unanswered_practices, *pp.practices_in_place]:
                answers[p.question] = "fully"
            for sym in pp.symptoms_asked:
                answers.pop(sym.question, None)
    b = SCORER.assess(SCORER.check(answers))
    statuses = {pp.id: pp.status for pp in b.pivot_points}
    assert statuses["PP1"] == "crossed-ready" and statuses["PP2"] == "approaching"
    s = summarise(b, PACK)
    assert s.status == READY_WITH_WORK
    assert s.constraint.startswith("Pivot point 2 (from one team to several): approaching")


# -- generated answer sets ---------------------------------------------------------------------


def check_page_one(a: Assessment, answers: dict[str, Any]) -> None:
    s = summarise(a, PACK)
    keys = [f.key for f in s.findings]
    assert keys == sorted(keys)
    ranks = [SEVERITY_RANK[f.severity] for f in s.findings]
    assert ranks == sorted(ranks)
    assert len(s.findings) == min(MAX_FINDINGS, s.found)
    assert s.status == status(a)
    if any(pp.status == "crossed-unprepared" for pp in a.pivot_points):
        assert s.status == NOT_READY and s.constraint.startswith("Pivot point")
    if any(g.severity == "high" for g in a.compliance.gaps):
        assert "ompliance" in s.constraint
    planned = [x for x in a.next_steps if x.horizon != "later"]
    if not planned:
        assert s.decision is None
        return
    assert s.decision is not None
    step = s.decision.step
    assert step in planned
    answering = [x for x in planned if s.findings and s.findings[0].ids & set(x.addresses)]
    assert step == (answering or planned)[0]
    # never a decision to put in place what the answers say is in place already
    practices = STEPS[step.rule].practices
    assert practices is not None
    assert not all_answered_fully(PACK, practices, answers)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_page_one_ranks_findings_and_decides_on_a_planned_step(answers: dict[str, Any]) -> None:
    values = SCORER.check(answers)
    check_page_one(SCORER.assess(values), values)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(practised_answer_sets())
def test_page_one_holds_where_practices_are_in_place(answers: dict[str, Any]) -> None:
    values = SCORER.check(answers)
    check_page_one(SCORER.assess(values), values)


# -- one page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", NAMES)
def test_the_executive_summary_takes_one_page(name, paper, examples) -> None:
    a, s = examples[name]
    pdf = Renderer(PACK).render(a, ReportOptions(paper=paper)).pdf
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    first = next(i for i, p in enumerate(pages) if "Executive summary" in p and s.status in p)
    # the summary's last line, what is open, is on the page the status opens
    assert s.open in pages[first]


@pytest.mark.parametrize("name", ["regulated-enterprise", "several-teams-contract-trouble"])
def test_long_comments_keep_the_summary_on_one_letter_page(name, examples) -> None:
    """Every comment a long one: page one cuts its quotes and still takes one page."""
    a, _ = examples[name]
    said = "Audit asked who approved every generated change since March; nobody could say. " * 5
    texts = {k for k, q in PACK.questions.items() if q.type == "text"}
    values = SCORER.check({**a.answers, **dict.fromkeys(texts, said)})
    b = SCORER.assess(values, meta=a.meta)
    s = summarise(b, PACK)
    assert sum(1 for f in s.findings if f.quote) >= 2
    assert all(f.quote.cut and len(f.quote.text) <= MAX_QUOTE + 2 for f in s.findings if f.quote)
    pdf = Renderer(PACK).render(b, ReportOptions(paper="letter")).pdf
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    first = next(i for i, p in enumerate(pages) if "Executive summary" in p and s.status in p)
    assert s.open in pages[first]
