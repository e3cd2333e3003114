"""The workshop part of a team report (issue 12): it leads with the largest gaps between role
groups of at least k people, never names a smaller role (comments included), flags ties and
how they were resolved, defines its disagreement index, lists no question at 0, draws each
distribution as bars with its counts as text and marks the team's answer; the appendix reads
a comment question the group answered as answered."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from assessment.report.render import Renderer
from assessment.services import workshops
from assessment.services.aggregate import OTHER_ROLES, aggregate
from assessment.services.scoring import Scorer
from assessment.store import Store
from tests.conftest import EXAMPLES


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'w.db'}")


def base(scorer: Scorer) -> dict[str, Any]:
    """One organisation's answers, which everyone in these workshops shares but for what a
    test changes."""
    answers = dict(scorer.assess_file(EXAMPLES / "several-teams-contract-trouble.yaml").answers)
    return {q: v for q, v in answers.items() if scorer.pack.questions[q].type != "text"}


def team_report_html(
    store: Store, scorer: Scorer, people: list[tuple[str | None, dict[str, Any]]], k: int = 3
) -> tuple[dict[str, Any], str]:
    """A workshop with `people` as (role, answers), through the service both front doors call:
    the workshop part's data and the team report's HTML."""
    workshop, _ = workshops.create_workshop(
        store,
        scorer,
        "Kick-off",
        organization="Acme",
        k=k,
        roles=sorted({r for r, _ in people if r}),
        own_results=False,
    )
    store.add_finished_respondents(workshop.id, workshop.pack_id, workshop.pack_version, people)
    responses = store.responses(workshop.id)
    result = workshops.team(scorer, workshop, workshops.sent(responses))
    assessed, options = workshops.team_report(scorer, workshop, responses, result)
    assert options.workshop is not None
    # the full version, as the app's download gives it: the annex lists every answer
    full = dataclasses.replace(options, annex=True)
    return options.workshop, Renderer(scorer.pack).html(assessed, full)


def workshop_html(html: str) -> str:
    start = html.index('<section class="part" id="part-workshop">')
    return html[start : html.index("</section>", start)]


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def contract_test_workshop(scorer: Scorer) -> list[tuple[str | None, dict[str, Any]]]:
    """Three developers say contract tests are not in place, three managers say they are; two
    chiefs of staff (fewer than k = 3) agree with the managers and one of them writes a
    comment; with one scrum master they make the k people of "other roles"."""
    answers = base(scorer)
    return [
        ("scrum master", {**answers, "pp2_contract_tests": "partly"}),
        *[("developer", {**answers, "pp2_contract_tests": "not"}) for _ in range(3)],
        *[("manager", {**answers, "pp2_contract_tests": "fully"}) for _ in range(3)],
        ("chief of staff", {**answers, "pp2_contract_tests": "fully"}),
        (
            "chief of staff",
            {**answers, "pp2_contract_tests": "fully", "comment": "We paid for this last year."},
        ),
    ]


def test_the_workshop_part_leads_with_the_gap_between_managers_and_developers(
    store: Store, scorer: Scorer
) -> None:
    part, html = team_report_html(store, scorer, contract_test_workshop(scorer))
    assert [g["question"] for g in part["gaps"]] == ["pp2_contract_tests"]
    gap = part["gaps"][0]
    assert gap["gap"] == 100
    assert gap["sentence"] == (
        "In the developer group, 3 of 3 say not in place; in the manager group, 3 of 3 say "
        "fully in place."
    )
    assert [(g["label"], g["respondents"]) for g in gap["groups"]] == [
        ("developer", 3),
        ("manager", 3),
    ]
    body = workshop_html(html)
    # the first heading after the part's title is the gap, and the gap's question comes first
    assert re.findall(r"<h2[^>]*>([^<]*)</h2>", body)[0] == "Where the roles see it differently"
    first = re.search(r"<h3>([^<]*)<span", body)
    assert first is not None
    assert first.group(1).strip() == scorer.pack.questions["pp2_contract_tests"].short
    assert body.index(gap["sentence"]) < body.index("Where people disagree")
    assert "The gap runs from 0" in body


def test_a_role_of_two_with_k_three_is_named_nowhere(store: Store, scorer: Scorer) -> None:
    part, html = team_report_html(store, scorer, contract_test_workshop(scorer))
    assert "chief of staff" not in html.lower()
    assert "chief of staff" not in repr(part).lower()
    assert "scrum master" not in html.lower()
    assert [(r["role"], r["respondents"]) for r in part["roles"]] == [
        ("developer", 3),
        ("manager", 3),
        ("Other roles", 3),
    ]
    body = text_of(workshop_html(html))
    assert 'roles chosen by fewer than 3 people are merged into "other roles"' in body
    # the chief of staff's comment is printed, its role withheld
    assert part["comments"] == [
        {"text": "We paid for this last year.", "cut_after": None, "role": "[role withheld]"}
    ]
    assert "We paid for this last year. — [role withheld]" in body


def test_no_role_group_is_shown_when_it_would_single_out_the_few_left_out(
    store: Store, scorer: Scorer
) -> None:
    """Three developers and one manager (k = 3): the developers' answers beside the whole
    team's would give the manager's away, so no role group is shown, as in the export."""
    answers = base(scorer)
    people: list[tuple[str | None, dict[str, Any]]] = [
        *[("developer", {**answers, "pp2_contract_tests": "not"}) for _ in range(3)],
        ("manager", {**answers, "pp2_contract_tests": "fully", "comment": "Done last year."}),
    ]
    part, html = team_report_html(store, scorer, people)
    assert part["roles"] == [] and part["gaps"] == []
    assert part["groups_note"] == (
        "No role group is shown: 1 person is in roles chosen by fewer than 3 people, even "
        "taken together, and the groups shown beside the whole team's answers would give "
        "their answers away."
    )
    body = workshop_html(html)
    assert "manager" not in html.lower() and "developer group" not in body
    assert "<h2>By role</h2>" not in body
    assert part["comments"][0]["role"] == "[role withheld]"


def test_small_roles_merge_into_other_roles_and_a_comment_names_only_a_group_of_k(
    scorer: Scorer,
) -> None:
    answers = base(scorer)
    people = [
        {**answers, "pp2_contract_tests": "not", "comment": "From a developer."},
        {**answers, "pp2_contract_tests": "not"},
        {**answers, "pp2_contract_tests": "not"},
        {**answers, "pp2_contract_tests": "fully", "comment": "From the only lead."},
        {**answers, "pp2_contract_tests": "fully"},
        {**answers, "pp2_contract_tests": "partly"},
    ]
    roles = ["developer"] * 3 + ["team lead", "manager", "executive"]
    checked = [scorer.check(p, require=False) for p in people]
    result = aggregate(scorer, checked, k=3, roles=roles)
    assert [(r.role, r.respondents) for r in result.roles] == [
        ("developer", 3),
        (OTHER_ROLES, 3),
    ]
    assert [(c.text, c.role) for c in result.comment_roles] == [
        ("From a developer.", "developer"),
        ("From the only lead.", None),
    ]
    gap = result.role_gaps[0]
    assert gap.question == "pp2_contract_tests"
    assert [g.group for g in gap.groups] == ["developer", OTHER_ROLES]
    assert gap.groups[1].typical == "fully" and gap.groups[1].distribution == {
        "not": 0,
        "partly": 1,
        "fully": 2,
    }


def test_a_two_two_two_tie_is_flagged_with_how_it_was_resolved(
    store: Store, scorer: Scorer
) -> None:
    answers = base(scorer)
    people: list[tuple[str | None, dict[str, Any]]] = [
        (None, {**answers, "pp2_contract_tests": level})
        for level in ("not", "not", "partly", "partly", "fully", "fully")
    ]
    part, html = team_report_html(store, scorer, people)
    text = scorer.pack.questions["pp2_contract_tests"].text
    sentence = (
        "A tie: “not in place”, “partly in place” and “fully in place” drew 2 people each. "
        "The report takes the middle answer, “partly in place”."
    )
    # drawn among the most disputed: the tie is resolved under its bars, and said once
    disputed = next(q for q in part["disputed"] if q["text"] == text)
    assert disputed["tie_sentence"] == sentence
    assert all(t["text"] != text for t in part["ties"])
    body = workshop_html(html)
    assert body.count(sentence) == 1
    # in the distribution the team's answer says it came from a tie, not from agreement
    assert [(b["label"], b["count"], b["mark"]) for b in disputed["bars"]] == [
        ("Not in place", 2, None),
        ("Partly in place", 2, "team answer, from a tie"),
        ("Fully in place", 2, None),
    ]
    # nobody gave a role: no role groups, nothing said about them
    assert part["roles"] == [] and part["gaps"] == [] and part["groups_note"] is None
    assert "Where the roles see it differently" not in body


def test_no_question_at_disagreement_0_is_listed_and_the_index_is_defined(
    store: Store, scorer: Scorer
) -> None:
    answers = base(scorer)
    # one developer count in four is a little higher: a disagreement above 0 that rounds to
    # 0 of 100; the three on the other side of the standards question make a real one
    people: list[tuple[str | None, dict[str, Any]]] = [
        (None, {**answers, "developers": d, "developer_buy_in": s})
        for d, s in ((100, 4), (100, 4), (100, 2), (101, 2))
    ]
    checked = [scorer.check(a, require=False) for _, a in people]
    summary = next(
        q for q in aggregate(scorer, checked, k=3).questions if q.question == "developers"
    )
    assert 0 < summary.disagreement and round(summary.disagreement * 100) == 0
    part, html = team_report_html(store, scorer, people)
    assert part["disputed"] and all(q["disagreement"] > 0 for q in part["disputed"])
    texts = [q["text"] for q in part["disputed"]]
    assert scorer.pack.questions["developers"].text not in texts
    body = workshop_html(html)
    assert "disagreement 0 of 100" not in body
    assert "The disagreement index runs from 0, everyone gave the same answer, to 100" in body


def test_distributions_are_bars_with_counts_as_text_and_the_consensus_marked(
    store: Store, scorer: Scorer
) -> None:
    answers = base(scorer)
    people: list[tuple[str | None, dict[str, Any]]] = [
        (None, {**answers, "pp2_contract_tests": level}) for level in ("not", "not", "not", "fully")
    ]
    part, html = team_report_html(store, scorer, people)
    disputed = part["disputed"][0]
    assert [
        (b["label"], b["count"], b["share"], b["length"], b["mark"]) for b in disputed["bars"]
    ] == [
        ("Not in place", 3, 75, 75, "consensus"),
        ("Partly in place", 0, 0, 0, None),
        ("Fully in place", 1, 25, 25, None),
    ]
    body = workshop_html(html)
    assert body.count("<svg") == len([b for q in part["disputed"] for b in q["bars"]])
    # the bars are drawn on a fixed scale (everyone who answered is the full length), and the
    # counts stand beside them as text
    assert '<rect x="0" y="0" width="75" height="8" fill="#1d2433"/>' in body
    assert '<rect x="0" y="0" width="25" height="8" fill="#1d2433"/>' in body
    row = text_of(body[body.index("Not in place") : body.index("Partly in place")])
    assert "3 (75%) consensus" in row


def test_a_headcount_with_many_different_answers_is_drawn_in_ranges(
    store: Store, scorer: Scorer
) -> None:
    """Twelve people give twelve headcounts: the report draws them in ranges with the unit,
    as the dashboard and the walk-through do, the team's answer (the median) marked on the
    range that holds it."""
    answers = base(scorer)
    people: list[tuple[str | None, dict[str, Any]]] = [
        (None, {**answers, "developers": n, "planned_developers": 200}) for n in range(2, 14)
    ]
    part, html = team_report_html(store, scorer, people)
    text = scorer.pack.questions["developers"].text
    [disputed] = [q for q in part["disputed"] if q["text"] == text]
    assert [(b["label"], b["count"], b["mark"]) for b in disputed["bars"]] == [
        ("2–3 developers", 2, None),
        ("4–5 developers", 2, None),
        ("6–7 developers", 2, None),
        ("8–9 developers", 2, "consensus"),  # the median, 7.5, rounds to 8
        ("10–11 developers", 2, None),
        ("12–13 developers", 2, None),
    ]
    body = text_of(workshop_html(html))
    assert "8–9 developers 2 (17%) consensus" in body
    assert "13 developers" not in body.replace("12–13 developers", "")


def test_the_appendix_reads_an_answered_comment_question_as_answered(
    store: Store, scorer: Scorer
) -> None:
    _, html = team_report_html(store, scorer, contract_test_workshop(scorer))
    question = scorer.pack.questions["comment"].text
    answers = html[html.index('id="part-answers"') :]
    assert (
        f"<dt>{question}</dt><dd>1 comment from the group, printed under Comments in the "
        "workshop part</dd>"
    ) in answers
    assert f'<dt>{question}</dt><dd class="muted">Not answered' not in answers


def test_a_tie_beyond_the_questions_drawn_is_listed_on_its_own(
    store: Store, scorer: Scorer
) -> None:
    """Only three questions are drawn with their bars; a tie on another question still says how
    the team's answer was resolved, under "Ties on other questions"."""
    answers = base(scorer)
    splits = [
        "pp1_prompt_library",
        "pp1_ai_docs",
        "pp2_contract_tests",
        "pp2_interface_contracts",
        "pp3_usage_tracking",
        "pp3_training_certification",
    ]
    people: list[tuple[str | None, dict[str, Any]]] = [
        (None, {**answers, **{q: level for q in splits}})
        for level in ("not", "not", "fully", "fully")
    ]
    part, html = team_report_html(store, scorer, people)
    drawn = {q["text"] for q in part["disputed"]}
    assert len(drawn) == 3 and part["disputed_more"] >= 1
    listed = {t["text"] for t in part["ties"]}
    texts = {scorer.pack.questions[q].text for q in splits}
    assert texts <= drawn | listed and not drawn & listed
    body = workshop_html(html)
    assert "Ties on other questions" in body
    assert "more question" in body and "on the facilitator's dashboard" in body


def test_the_dashboard_draws_answers_on_a_fixed_scale_with_their_counts() -> None:
    """Tester's finding: bars scaled to the largest count drew a 1/1/1 split at full width.
    The scale runs to everyone who answered, and each bar has its count beside it."""
    from assessment.report.charts import answer_bars

    spec = answer_bars(["Never", "Rarely", "Weekly"], [1, 1, 1], 3).to_dict()
    bars, counts = spec["layer"]
    assert bars["encoding"]["x"]["scale"]["domain"] == [0, 3]
    assert counts["mark"]["type"] == "text" and counts["encoding"]["text"]["field"] == "people"
    assert spec["description"] == "Never: 1 of 3; Rarely: 1 of 3; Weekly: 1 of 3"


def test_agreed_actions_print_by_window_within_a_bound_and_the_export_keeps_them_all(
    store: Store, scorer: Scorer
) -> None:
    from assessment.report.context import MAX_ACTION_LINES, action_lines, bound_actions
    from assessment.store import Action

    def action(n: int, horizon: str, text: str = "Agree the contract") -> dict[str, Any]:
        return {"text": f"{text} {n}", "owner": "Lead", "horizon": horizon, "about": None}

    # by window, the first 30 days first, in the order agreed within each
    actions = [action(1, "90d"), action(2, "30d"), action(3, "60d"), action(4, "30d")]
    shown, more = bound_actions(actions)
    assert [x["text"][-1] for x in shown] == ["2", "4", "3", "1"] and more == 0
    # a bound on their number, and on the lines they take
    assert bound_actions(actions, max_actions=3) == (shown[:3], 1)
    long = [action(n, "30d", "x" * 300) for n in range(20)]
    shown, more = bound_actions(long)
    assert sum(action_lines(x) for x in shown) <= MAX_ACTION_LINES
    assert sum(action_lines(x) for x in long[: len(shown) + 1]) > MAX_ACTION_LINES
    assert shown == long[: len(shown)] and more == 20 - len(shown)
    # the JSON export keeps every one
    people = [(None, base(scorer)) for _ in range(3)]
    workshop, _ = workshops.create_workshop(
        store, scorer, "Kick-off", organization="Acme", k=3, roles=[], own_results=False
    )
    store.add_finished_respondents(workshop.id, workshop.pack_id, workshop.pack_version, people)
    result = workshops.team(scorer, workshop, workshops.sent(store.responses(workshop.id)))
    stored = [
        Action(n, x["text"], x["owner"], x["horizon"], None, None)  # type: ignore[arg-type]
        for n, x in enumerate(long)
    ]
    data = json.loads(workshops.team_json(result, stored))
    assert [x["text"] for x in data["meta"]["agreed_actions"]] == [x["text"] for x in long]
