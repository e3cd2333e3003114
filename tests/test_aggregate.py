"""Aggregating a group: consensus, disagreement, roles, and the anonymity threshold."""

from __future__ import annotations

import pytest

from assessment.services.aggregate import MIN_K, aggregate, aggregate_many
from assessment.services.answers import Answers
from tests.conftest import EXAMPLES

BASE = {
    "developers": 4,
    "teams": 1,
    "planned_developers": 8,
    "regulated": False,
    "pp1_review": "partly",
    "symptom_context": "weekly",
    "training": "once",
    "tracked": ["velocity"],
    "failure_cost": 2,
}


def group(mini_scorer, *changes):
    return [mini_scorer.check({**BASE, **c}) for c in changes]


def test_nothing_is_shown_below_the_threshold(mini_scorer) -> None:
    result = aggregate(mini_scorer, group(mini_scorer, {}, {}), k=3)
    assert not result.shown and result.missing == 1
    assert result.questions == [] and result.team is None and result.comments == []


def test_the_threshold_is_never_below_three(mini_scorer) -> None:
    result = aggregate(mini_scorer, group(mini_scorer, {}, {}), k=1)
    assert result.k == MIN_K and not result.shown


def test_consensus_is_median_mode_and_majority(mini_scorer) -> None:
    answers = group(
        mini_scorer,
        {"developers": 3, "training": "once", "tracked": ["velocity"]},
        {"developers": 10, "training": "ongoing", "tracked": []},
        {"developers": 5, "training": "ongoing", "tracked": ["velocity", "change-failure-rate"]},
        {"developers": 4, "training": "once", "tracked": ["change-failure-rate"]},
    )
    result = aggregate(mini_scorer, answers, k=3)
    c = result.consensus
    assert c["developers"] == 4  # median of 3, 4, 5, 10 is 4.5: whole numbers round
    assert c["training"] == "once"  # an even split of neighbours: the lower of the two, split
    assert c["tracked"] == ["velocity", "change-failure-rate"]  # each picked by half
    assert result.team is not None and result.team.respondents == 4
    assert result.team.stage.id == "team"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([True, True, True, True], 0.0),
        ([True, True, False, False], 1.0),  # an even split of two choices
        ([True, True, True, False], 0.5),
    ],
)
def test_disagreement_of_a_yes_no_question(mini_scorer, values, expected) -> None:
    answers = group(mini_scorer, *({"regulated": v} for v in values))
    result = aggregate(mini_scorer, answers, k=3)
    summary = next(q for q in result.questions if q.question == "regulated")
    assert summary.disagreement == expected
    assert summary.distribution == {"true": values.count(True), "false": values.count(False)}


def test_the_most_disputed_questions_come_first(mini_scorer) -> None:
    answers = group(
        mini_scorer, {"training": "once"}, {"training": "ongoing"}, {"training": "none-yet"}
    )
    result = aggregate(mini_scorer, answers, k=3)
    assert result.most_disputed(1)[0].question == "training"
    # answers in order, spread evenly over three choices: two thirds of the most there can be
    assert result.most_disputed(1)[0].disagreement == pytest.approx(2 / 3, abs=0.001)


def test_two_camps_at_opposite_ends_come_before_an_even_spread(mini_scorer) -> None:
    """Tester's finding: every disputed question read 100 of 100 and came in the ids' order,
    so a deliberate polarised split ranked 16th. Polarised first; equals in the
    questionnaire's order."""
    rows = [
        ("not", "not", "not", "none-yet"),
        ("not", "partly", "not", "once"),
        ("fully", "fully", "fully", "ongoing"),
        ("fully", "fully", "fully", "once"),
    ]
    keys = ("pp1_review", "pp2_contracts", "pp3_gates", "training")
    answers = group(mini_scorer, *(dict(zip(keys, row, strict=True)) for row in rows))
    result = aggregate(mini_scorer, answers, k=3)
    disputed = [(q.question, round(q.disagreement * 100)) for q in result.most_disputed(4)]
    # pp1_review and pp3_gates: two against two at the ends; contracts: one step less apart
    assert disputed[:2] == [("pp1_review", 100), ("pp3_gates", 100)]
    assert disputed[2][0] == "pp2_contracts" and disputed[2][1] < 100
    assert dict(disputed)["training"] < 100


def test_roles_below_the_threshold_show_nothing(mini_scorer) -> None:
    answers = group(mini_scorer, {}, {}, {}, {"developers": 30})
    result = aggregate(mini_scorer, answers, k=3, roles=["dev", "dev", "dev", "exec"])
    # one executive alone is in no group, not even merged; and the developers' group beside
    # the whole group's answers would give the executive's away: no group is shown
    assert result.roles == [] and result.roles_left_out == 1
    assert result.role_gaps == []


def test_small_roles_merge_into_other_roles_once_they_reach_k(mini_scorer) -> None:
    answers = group(mini_scorer, {}, {}, {}, {}, {}, {})
    result = aggregate(mini_scorer, answers, k=3, roles=["dev", "dev", "dev", "exec", "lead", None])
    assert [(r.role, r.respondents) for r in result.roles] == [("dev", 3), ("other roles", 3)]
    assert result.roles_left_out == 0


def test_comments_come_without_who_wrote_them(mini_scorer) -> None:
    answers = group(mini_scorer, {"comment": "zeta <b>bold</b>"}, {"comment": "alpha"}, {})
    result = aggregate(mini_scorer, answers, k=3)
    assert result.comments == ["alpha", "zeta <b>bold</b>"]  # sorted, not in answer order


def test_readiness_spread_lists_each_respondent(mini_scorer) -> None:
    answers = group(
        mini_scorer, {"pp1_review": "not"}, {"pp1_review": "fully", "symptom_context": "never"}, {}
    )
    result = aggregate(mini_scorer, answers, k=3)
    assert len(result.readiness) == 3
    assert result.readiness[0] < result.readiness[-1]


def test_section_details_count_only_the_answers_of_people_who_were_asked(scorer) -> None:
    from assessment.services.aggregate import section_details

    answers = [
        # not regulated: the industry question was hidden, an earlier answer to it stays behind
        {"developers": 4, "regulated": False, "regulated_industry": "healthcare"},
        {"developers": 8, "regulated": True, "regulated_industry": "healthcare"},
        {"developers": 12, "regulated": True},
    ]
    answers = [scorer.check(a, require=False) for a in answers]
    assert section_details(scorer, answers[:2], "profile", k=1) == []  # below MIN_K
    details = {d.summary.question: d for d in section_details(scorer, answers, "profile", k=3)}
    assert list(details) == [q.id for q in scorer.pack.questionnaire.sections[0].questions]
    industry = details["regulated_industry"]
    assert (industry.answered, industry.skipped, industry.not_applicable) == (1, 1, 1)
    assert industry.summary.distribution["healthcare"] == 1
    developers = details["developers"]
    assert (developers.answered, developers.skipped, developers.not_applicable) == (3, 0, 0)
    assert developers.spread == (4.0, 6.0, 8.0, 10.0, 12.0)
    teams = details["teams"]
    assert (teams.answered, teams.skipped, teams.spread) == (0, 3, None)
    with pytest.raises(KeyError):
        section_details(scorer, answers, "no-such-section", k=3)


def test_answers_to_questions_a_person_was_not_asked_count_nowhere(scorer) -> None:
    answers = [
        # an earlier answer stays behind after 'regulated' turned to no and hid the question
        {"developers": 4, "teams": 1, "regulated": False, "regulated_industry": "insurance"},
        {"developers": 8, "teams": 1, "regulated": True, "regulated_industry": "healthcare"},
        {"developers": 12, "teams": 1, "regulated": True, "regulated_industry": "healthcare"},
    ]
    result = aggregate(scorer, [scorer.check(a, require=False) for a in answers], k=3)
    [industry] = [q for q in result.questions if q.question == "regulated_industry"]
    assert industry.distribution.get("insurance", 0) == 0
    assert industry.answered == 2 and industry.disagreement == 0
    assert result.consensus["regulated_industry"] == "healthcare"


def _summary_of(result, question):
    return next(q for q in result.questions if q.question == question)


# Regression for the workshop whose headline read 25 / 100 while its people scored 25, 25, 51,
# 54, 83 and 83: the most frequent answer broke 2/2/2 ties by the first choice.
@pytest.mark.parametrize(
    ("answers", "consensus", "split"),
    [
        (["none-yet", "none-yet", "once", "once", "ongoing", "ongoing"], "once", False),
        (["none-yet"] * 3 + ["ongoing"] * 3, "once", True),  # a choice lies between: it
        (["none-yet"] * 3 + ["once"] * 3, "none-yet", True),  # neighbours: the lower one
        (["ongoing", "ongoing", "once"], "ongoing", False),
        (["ongoing", "once", "once", "none-yet", "ongoing"], "once", False),
    ],
)
def test_ordered_choices_take_the_median_and_mark_an_even_split(
    mini_scorer, answers, consensus, split
) -> None:
    result = aggregate(mini_scorer, group(mini_scorer, *({"training": a} for a in answers)), k=3)
    summary = _summary_of(result, "training")
    assert (summary.consensus, summary.split) == (consensus, split)
    assert result.consensus["training"] == consensus


def test_a_tie_on_a_yes_no_question_leaves_it_undecided_for_the_team(mini_scorer) -> None:
    answers = group(mini_scorer, *({"regulated": v} for v in (True, True, False, False)))
    result = aggregate(mini_scorer, answers, k=3)
    summary = _summary_of(result, "regulated")
    assert summary.consensus is None and summary.split
    assert "regulated" not in result.consensus
    three_to_one = group(mini_scorer, *({"regulated": v} for v in (True, True, True, False)))
    summary = _summary_of(aggregate(mini_scorer, three_to_one, k=3), "regulated")
    assert summary.consensus is True and not summary.split


def test_unordered_choices_take_the_most_frequent_and_a_tie_decides_nothing(scorer) -> None:
    base = {"developers": 40, "teams": 4, "regulated": True}
    split = [{**base, "regulated_industry": s} for s in ("insurance", "insurance", "healthcare")]
    split.append({**base, "regulated_industry": "healthcare"})
    result = aggregate(scorer, [scorer.check(a, require=False) for a in split], k=3)
    summary = _summary_of(result, "regulated_industry")
    assert summary.consensus is None and summary.split
    # a median of sectors would be meaningless: with the middle one most frequent it is taken,
    # whatever lies between the others in the list
    named = ["financial-services", "telecoms", "telecoms"]
    answers = [scorer.check({**base, "regulated_industry": s}, require=False) for s in named]
    summary = _summary_of(aggregate(scorer, answers, k=3), "regulated_industry")
    assert (summary.consensus, summary.split) == ("telecoms", False)


def test_a_multi_choice_picked_by_exactly_half_is_marked_split(mini_scorer) -> None:
    other = {"tracked": ["change-failure-rate"]}
    answers = group(mini_scorer, {"tracked": ["velocity"]}, other, other)
    summary = _summary_of(aggregate(mini_scorer, answers, k=3), "tracked")
    assert summary.consensus == ["change-failure-rate"] and not summary.split
    answers.append(mini_scorer.check({**BASE, "tracked": ["velocity"]}))
    summary = _summary_of(aggregate(mini_scorer, answers, k=3), "tracked")
    assert summary.consensus == ["velocity", "change-failure-rate"] and summary.split


def test_team_readiness_follows_the_group_not_a_tie_break(scorer) -> None:
    """Two people with no practice in place, two with every practice partly in place and two
    with every practice fully in place: the team stands where the middle two stand."""
    base = scorer.assess_file(EXAMPLES / "several-teams-contract-trouble.yaml")
    answers = dict(base.answers)
    practice = [
        q.id
        for q in scorer.pack.questions.values()
        if q.type == "single" and q.choices == "practice"
    ]
    people = [
        scorer.check({**answers, **dict.fromkeys(practice, level)}, require=False)
        for level in ("not", "not", "partly", "partly", "fully", "fully")
    ]
    result = aggregate(scorer, people, k=3)
    assert result.team is not None
    individual = result.readiness
    middle = scorer.assess(Answers(values=people[2]))
    assert min(individual) < middle.readiness.overall < max(individual)
    assert result.team.readiness.overall == middle.readiness.overall
    for q in practice:
        if q in result.consensus:
            assert result.consensus[q] == "partly", q


def test_the_team_report_names_both_figures_and_the_questions_split_evenly(scorer) -> None:
    """The workshop part of the team report explains the team readiness beside the individual
    spread, and lists the questions the group divided evenly on (by their text)."""
    from assessment.report.context import ReportOptions
    from assessment.report.render import Renderer
    from assessment.report.workshop_part import workshop_part

    answers = dict(scorer.assess_file(EXAMPLES / "small-team-losing-context.yaml").answers)
    people = [
        scorer.check({**answers, "pp1_prompt_library": level}, require=False)
        for level in ("not", "not", "fully", "fully")
    ]
    result = aggregate(scorer, people, k=3)
    assert result.team is not None
    part = workshop_part(result, scorer.pack, name="Kick-off", joined=4)
    text = scorer.pack.questions["pp1_prompt_library"].text
    sentence = (
        "A tie: “not in place” and “fully in place” drew 2 people each. The report takes the "
        "answer between the two middle ones, “partly in place”."
    )
    # the tie is among the questions drawn: resolved under its bars, not listed again
    drawn = next(q for q in part["disputed"] if q["text"] == text)
    assert drawn["tie_sentence"] == sentence
    assert all(t["text"] != text for t in part["ties"])
    assert part["team_readiness"] == result.team.readiness.overall
    html = Renderer(scorer.pack).html(result.team, ReportOptions(workshop=part))
    assert html.count(sentence) == 1
    # the executive summary names the figure as the workshop part does (tester's finding)
    assert html.count('<div class="label">Team readiness</div>') == 2
    assert "Overall readiness</div>" not in html
    assert f'<p class="small tie-note">{sentence}</p>' in html
    assert (
        f'<div class="label">Team readiness</div><div class="value">{part["team_readiness"]}'
        in html
    )


def test_a_comment_stored_before_a_tighter_limit_still_counts_as_given(scorer) -> None:
    """Regression: the group's scores re-read every comment, so one stored before the 20-line
    limit failed the whole workshop; rules see only whether a comment was given."""
    answers = dict(scorer.assess_file(EXAMPLES / "small-team-losing-context.yaml").answers)
    long = "\n".join(f"line {i}" for i in range(300))
    people = [scorer.check(answers, require=False) for _ in range(3)]
    people[0] = {**people[0], "comment": long}
    result = aggregate(scorer, people, k=3)
    assert result.team is not None and len(result.readiness) == 3
    assert long in result.comments  # the report layer cuts it, not the aggregate


@pytest.mark.parametrize(
    ("question", "answers", "team"),
    [
        # listed least ready first: the lower of the two
        ("pp3_mechanical_enforcement", ["partly", "partly", "fully", "fully"], "partly"),
        # listed most ready first (can, partly, cannot): not the first listed, the less ready
        ("reg_determinism", ["can", "can", "partly", "partly"], "partly"),
        # a symptom heard more often is less ready, though it comes later in the list
        ("pp1_symptom_lost_context", ["rarely", "rarely", "monthly", "monthly"], "monthly"),
    ],
)
def test_an_even_split_between_neighbours_takes_the_less_ready_answer(
    scorer, question, answers, team
) -> None:
    """Regression: a neighbour tie went to the answer listed first, which is the optimistic end
    of a list ordered best first, and of every symptom's frequency list."""
    base = {"developers": 200, "teams": 20, "regulated": True}
    people = [scorer.check({**base, question: a}, require=False) for a in answers]
    summary = _summary_of(aggregate(scorer, people, k=3), question)
    assert (summary.consensus, summary.split) == (team, True)


def test_questions_everyone_answered_alike_are_not_listed_as_disputed(mini_scorer) -> None:
    """Tester's finding: the team report listed questions with "disagreement 0 of 100" under
    "Where people disagree"."""
    answers = group(mini_scorer, {"training": "once"}, {"training": "ongoing"}, {})
    disputed = aggregate(mini_scorer, answers, k=3).most_disputed(10)
    assert [q.question for q in disputed] == ["training"]
    assert all(q.disagreement > 0 for q in disputed)


def test_none_of_these_is_the_team_answer_only_alone(scorer) -> None:
    """Half the group tracks velocity and half tracks none of these: the team answer is the
    velocity half's, marked as split, never "none of these" together with velocity."""
    from assessment.services.aggregate import aggregate

    base = {"developers": 4, "teams": 1, "regulated": False}
    people = [
        scorer.check({**base, "metrics_tracked": value}, require=False)
        for value in (["velocity"], ["velocity"], ["none-of-these"], ["none-of-these"])
    ]
    summary = next(
        q for q in aggregate(scorer, people, k=3).questions if q.question == "metrics_tracked"
    )
    assert summary.consensus == ["velocity"] and summary.split


def test_a_question_fewer_than_k_answered_is_never_listed_as_disputed(mini_scorer) -> None:
    """A question only some were asked (or only some answered) would show those people's
    answers below the threshold: it is not among the disputed, however split."""
    answers = group(
        mini_scorer,
        {"pp1_review": "not", "training": "none-yet"},
        {"pp1_review": "fully", "training": "ongoing"},
        {"pp1_review": "not", "training": None},
        {"pp1_review": "fully", "training": None},
    )
    result = aggregate(mini_scorer, answers, k=3)
    assert next(q for q in result.questions if q.question == "training").answered == 2
    disputed = {q.question for q in result.most_disputed(10)}
    assert "pp1_review" in disputed and "training" not in disputed


def test_a_role_group_is_compared_only_on_questions_k_of_its_people_answered(scorer) -> None:
    base = {"developers": 12, "teams": 2, "regulated": False}
    developers = [{**base, "pp1_prompt_versioning": "not"} for _ in range(3)]
    # the managers are a group of three, but only one of them answered the question: their
    # answer must not be set against the developers', or that one person's answer shows
    managers = [{**base, "pp1_prompt_versioning": "fully"}, base, base]
    answers = [scorer.check(a, require=False) for a in developers + managers]
    result = aggregate(scorer, answers, k=3, roles=["developer"] * 3 + ["manager"] * 3)
    assert len(result.roles) == 2
    assert "pp1_prompt_versioning" not in result.role_compared
    assert not [g for g in result.role_gaps if g.question == "pp1_prompt_versioning"]
    # with three managers answering, the two groups are compared, and far apart
    managers = [{**base, "pp1_prompt_versioning": "fully"} for _ in range(3)]
    answers = [scorer.check(a, require=False) for a in developers + managers]
    result = aggregate(scorer, answers, k=3, roles=["developer"] * 3 + ["manager"] * 3)
    assert "pp1_prompt_versioning" in result.role_compared
    assert [g for g in result.role_gaps if g.question == "pp1_prompt_versioning"]


def test_many_groups_at_once_are_each_what_aggregate_gives_alone(scorer) -> None:
    import yaml

    examples = [
        scorer.check(yaml.safe_load(p.read_text())["answers"])
        for p in sorted(EXAMPLES.glob("*.yaml"))
    ]
    groups = [examples[:3], examples[1:], examples[:2], [examples[3]] * 3 + [examples[0]]]
    many = aggregate_many(scorer, groups, k=3, metas=[{"team": f"t{i}"} for i in range(4)])
    assert [g.shown for g in many] == [True, True, False, True]
    assert many[2].team is None and many[2].questions == [] and many[2].readiness == []
    for answers, got, i in zip(groups, many, range(4), strict=True):
        alone = aggregate(scorer, answers, k=3, meta={"team": f"t{i}"})
        assert got.questions == alone.questions and got.consensus == alone.consensus
        assert got.readiness == alone.readiness and got.comments == alone.comments
        assert (got.team and got.team.model_dump()) == (alone.team and alone.team.model_dump())


def test_without_the_trace_the_team_assessment_is_otherwise_the_same(scorer) -> None:
    import yaml

    answers = [
        scorer.check(yaml.safe_load(p.read_text())["answers"])
        for p in sorted(EXAMPLES.glob("*.yaml"))
    ]
    (traced,) = aggregate_many(scorer, [answers], k=3)
    (bare,) = aggregate_many(scorer, [answers], k=3, trace=False)
    assert traced.team is not None and bare.team is not None
    assert traced.team.trace and bare.team.trace == []
    assert bare.team.model_dump(exclude={"trace"}) == traced.team.model_dump(exclude={"trace"})
