"""The transition strategy keeps the framework's guards for every answer set, and the strategy
lint reports a choose rule that a missing answer could leave undecided."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from assessment.content.schema.conditions import Condition
from assessment.engine.result import Assessment
from assessment.errors import ContentError
from assessment.kinds.strategy import open_leaves
from assessment.services.answers import Answers
from assessment.services.scoring import Scorer
from tests.conftest import DEFAULT_PACK, MINI
from tests.test_properties import multi_value

SCORER = Scorer(DEFAULT_PACK)
PACK = SCORER.pack
CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)

# The answers the strategy table reads, each drawn from its whole range or left unanswered;
# developers at the stage boundaries.
FOCUS: dict[str, st.SearchStrategy[Any]] = {
    "developers": st.sampled_from([1, 2, 4, 5, 8, 9, 12, 16, 19, 20, 21, 60, 400]),
    "teams": st.integers(1, 12),
    "regulated": st.booleans(),
    "failure_cost": st.none() | st.integers(1, 5),
    "adoption_phase": st.none() | st.integers(1, 4),
    "pilot_enthusiasm": st.none() | st.integers(1, 5),
    "pilot_discipline": st.none() | st.integers(1, 5),
}
PRACTICE = st.none() | st.sampled_from(["not", "partly", "fully"])
# Near a guard's edge: in the "pilots" mode every answer is one that pilots need but at most one,
# drawn from its whole range, so that pilot answer sets come up often and so do those that miss
# by a single answer; the "mature" mode does the same for phase 4 (every practice fully in
# place but at most one of the constraints, agents or architecture work in use).
PILOT_FRIENDLY: dict[str, st.SearchStrategy[Any]] = {
    "developers": st.sampled_from([5, 9, 12, 20, 60]),
    "teams": st.integers(2, 8),
    "regulated": st.just(False),
    "failure_cost": st.integers(1, 3),
    "adoption_phase": st.integers(1, 2),
    "pilot_enthusiasm": st.integers(4, 5),
    "pilot_discipline": st.integers(4, 5),
}
PRACTICES = [qid for qid, q in PACK.questions.items() if q.choices == "practice"]
# the mechanical constraints phase 4 needs, and review practices beside them
CONSTRAINTS = [
    "pp3_mechanical_enforcement",
    "review_l1_automated",
    "pp2_contract_tests",
    "review_l2_team",
    "review_depth_matched",
]


def other_value(q: Any) -> st.SearchStrategy[Any]:
    if q.type == "number":
        return st.integers(int(q.min), int(q.max))
    if q.type == "scale":
        return st.sampled_from([p.value for p in q.points])
    if q.type in ("single", "multi"):
        if q.type == "single":
            return st.sampled_from([c.id for c in PACK.choices(q)])
        return multi_value(q)
    if q.type == "yes_no":
        return st.booleans()
    return st.just("")


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    mode = draw(st.sampled_from(["any", "pilots", "mature"]))
    spoilt = draw(st.sampled_from([None, *(FOCUS if mode == "pilots" else CONSTRAINTS)]))
    answers: dict[str, Any] = {}
    for qid, q in PACK.questions.items():
        if qid in FOCUS:
            if mode == "pilots" and qid != spoilt:
                value = draw(PILOT_FRIENDLY[qid])
            elif mode == "mature" and qid == "adoption_phase":
                value = draw(st.integers(3, 4))
            else:
                value = draw(FOCUS[qid])
        elif qid in PRACTICES:
            value = "fully" if mode == "mature" and qid != spoilt else draw(PRACTICE)
        elif q.type == "text":
            continue
        else:
            value = draw(st.none() | other_value(q))
        if value is not None:
            answers[qid] = value
    return answers


def open_by_design(result: Assessment, values: dict[str, Any]) -> bool:
    """A regulated organisation of more than one developer whose cost of failure is unknown:
    parallel systems cannot be ruled out, so the strategy is left for that answer to decide."""
    return (
        result.stage.id not in (None, "solo")
        and values.get("regulated") is True
        and values.get("failure_cost") is None
    )


def assess(answers: dict[str, Any]) -> tuple[Assessment, dict[str, Any]]:
    values = SCORER.check(answers)
    return SCORER.assess(values), values


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_the_strategy_keeps_the_frameworks_guards(answers: dict[str, Any]) -> None:
    result, values = assess(answers)
    strategy = result.strategy
    # a strategy is given when the stage is known, with its reasons, unless a regulated
    # organisation left its cost of failure open: then the report asks for it
    assert result.stage.id is not None
    if open_by_design(result, values):
        assert strategy.id is None
        assert [p.question for p in strategy.deciding] == ["failure_cost"]
        return
    assert strategy.id is not None
    assert strategy.deciding == []
    assert strategy.rationale, "a strategy without a reason"
    chosen = strategy.rationale[0]
    assert chosen.rule.startswith("choose-")
    assert chosen.evidence, "the choose rule's reason shows no answer that decided it"
    if strategy.id == "pilots":
        # several teams, not regulated, failure at most serious, keen and disciplined together,
        # and the wider phases still ahead
        assert values["teams"] >= 2
        assert result.stage.id in ("teams", "organization")
        assert values["regulated"] is False
        assert values.get("failure_cost") is not None and values["failure_cost"] <= 3
        assert (values.get("pilot_enthusiasm") or 0) >= 4
        assert (values.get("pilot_discipline") or 0) >= 4
        if chosen.rule == "choose-pilots-next-phase":
            # the last phase is what is left to pilot, inside gates and with core practices held
            assert values.get("adoption_phase") == 3
            assert result.stage.id == "teams"
            assert values.get("pp1_prompt_versioning") == "fully"
            assert values.get("pp2_interface_contracts") == "fully"
            assert values.get("pp3_mechanical_enforcement") in ("partly", "fully")
        else:
            assert (values.get("adoption_phase") or 9) <= 2
    if strategy.id == "parallel":
        assert values.get("failure_cost") == 5
        assert result.stage.id != "solo"
        assert any("expensive" in r.text for r in strategy.rationale), "its cost is not said"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_phase_four_only_inside_ci_gates(answers: dict[str, Any]) -> None:
    result, values = assess(answers)
    if result.strategy.phase == 4:
        assert values.get("pp3_mechanical_enforcement") == "fully"
        assert values.get("review_l1_automated") == "fully"
        if values["teams"] >= 2:
            assert values.get("pp2_contract_tests") == "fully"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_strategy_reasons_fit_the_answers_they_assume(answers: dict[str, Any]) -> None:
    """Each reason's wording assumes something about the organisation; the answers must show it."""
    result, values = assess(answers)
    teams, developers = values["teams"], values["developers"]
    for reason in result.strategy.rationale:
        text = reason.text
        if any(claim in text for claim in ("You have several", "like yours", "Your keenest")):
            assert teams >= 2, reason.rule
        if "You work alone" in text or "working alone" in text:
            assert developers == 1, reason.rule
        if "You work as one team" in text:
            assert teams == 1 and developers >= 2, reason.rule
        if "You build software in a regulated" in text or "In a regulated" in text:
            assert values["regulated"] is True, reason.rule
        if "as severe" in text or "would be severe for you" in text:
            assert values.get("failure_cost") == 4, reason.rule
        if "You rated a failed adoption as catastrophic" in text:
            assert values.get("failure_cost") == 5, reason.rule
        if "do not build software in a regulated" in text:
            assert values["regulated"] is False, reason.rule
        if "was not given" in text:
            assert reason.evidence, reason.rule


def test_a_mature_organisation_gets_refinements_not_a_pilot_plan() -> None:
    """Rolled out everywhere, agents inside CI gates, keen and rigorous teams: incremental
    phase 4 with its constraints named, and no step asks it to choose pilot teams."""
    from assessment.content.pack import load_pack

    case = next(c for _, c in load_pack(DEFAULT_PACK).cases if c.id == "strategy-mature-org")
    result, _ = assess(case.answers)
    assert (result.strategy.id, result.strategy.phase) == ("incremental", 4)
    text = " ".join(r.text for r in result.strategy.rationale)
    assert "CI gates" in text and "automated checks on every change" in text
    assert not any(s.rule == "step-pilots-plan" for s in result.next_steps)


@pytest.mark.parametrize(
    ("condition", "open_"),
    [
        ({"q": "a", "eq": 1}, ["a"]),
        ({"all": [{"q": "a", "answered": True}, {"q": "a", "eq": 1}]}, []),
        ({"all": [{"q": "a", "answered": True}, {"q": "b", "eq": 1}]}, ["b"]),
        ({"all": [{"q": "a", "answered": True}, {"not": {"q": "a", "eq": 1}}]}, []),
        ({"all": [{"q": "a", "answered": True}, {"any": [{"q": "a", "eq": 1}]}]}, []),
        ({"any": [{"q": "a", "answered": False}, {"q": "a", "eq": 1}]}, []),
        # answered: true inside an `any` does not decide the `any` when the answer is missing
        ({"any": [{"q": "a", "answered": True}, {"q": "a", "eq": 1}]}, ["a"]),
        ({"all": [{"q": "a", "answered": False}, {"q": "a", "eq": 1}]}, ["a"]),
        ({"fact": "stage", "eq": "solo"}, []),
        ({"fact": "PP1.status", "eq": "ahead"}, ["fact:PP1.status"]),
    ],
)
def test_open_leaves(condition: dict[str, Any], open_: list[str]) -> None:
    assert [leaf.subject for leaf in open_leaves(CONDITION.validate_python(condition))] == open_


def test_validate_reports_a_choose_rule_a_missing_answer_leaves_undecided(tmp_path: Path) -> None:
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    rules = pack / "rules" / "strategy.yaml"
    guarded = "{all: [{q: failure_cost, answered: true}, {q: failure_cost, eq: 3}]}"
    assert guarded in rules.read_text()
    rules.write_text(rules.read_text().replace(guarded, "{q: failure_cost, eq: 3}"))
    with pytest.raises(ContentError) as err:
        from assessment.content.pack import load_pack

        load_pack(pack)
    lines = [str(p) for p in err.value.problems]
    assert lines == [
        "mini/rules/strategy.yaml:12: strategy.parallel-catastrophic: a missing answer to "
        "'failure_cost' would leave this choose rule undecided and stop the search, so no "
        "strategy would be given: add {q: failure_cost, answered: true} to an `all` around it"
    ]


def _mini_with_open_parallel(tmp_path: Path, listed: str) -> Path:
    """The mini pack whose parallel rule tests the failure cost unguarded, naming `listed` as
    the questions it may be left open by."""
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    rules = pack / "rules" / "strategy.yaml"
    text = rules.read_text()
    guarded = "{all: [{q: failure_cost, answered: true}, {q: failure_cost, eq: 3}]}"
    head = "{id: parallel-catastrophic, strategy: parallel, "
    assert guarded in text and head in text
    text = text.replace(guarded, "{q: failure_cost, eq: 3}")
    rules.write_text(text.replace(head, f"{head}open_until_answered: {listed}, "))
    return pack


def test_a_choose_rule_may_be_left_open_on_purpose_and_the_report_asks(tmp_path: Path) -> None:
    from assessment.report.context import strategy_sentence
    from assessment.report.text import format_text
    from assessment.report.undecided import strategy_undecided_text

    scorer = Scorer(_mini_with_open_parallel(tmp_path, "[failure_cost]"))
    base = {"developers": 3, "teams": 1, "regulated": True}
    result = scorer.assess(scorer.check(base))
    assert result.strategy.id is None
    assert [p.question for p in result.strategy.deciding] == ["failure_cost"]
    label = scorer.pack.questions["failure_cost"].short
    said = strategy_undecided_text(result.strategy)
    assert said is not None and said.endswith(f"missing: {label}.")
    assert strategy_sentence(result) == said
    assert said in " ".join(format_text(result).split())
    # answered, the rule decides and nothing is asked
    decided = scorer.assess(scorer.check({**base, "failure_cost": 1}))
    assert decided.strategy.id == "incremental"
    assert decided.strategy.deciding == []
    assert strategy_undecided_text(decided.strategy) is None


@pytest.mark.parametrize(
    ("listed", "message"),
    [
        ("[failure_cost, failure_costs]", "unknown question 'failure_costs'"),
        (
            "[failure_cost, teams]",
            "'teams' is not tested by this rule, so its missing answer cannot leave the rule "
            "open: remove it from open_until_answered",
        ),
    ],
)
def test_validate_reports_a_wrong_open_until_answered(
    tmp_path: Path, listed: str, message: str
) -> None:
    from assessment.content.pack import load_pack

    with pytest.raises(ContentError) as err:
        load_pack(_mini_with_open_parallel(tmp_path, listed))
    lines = [str(p) for p in err.value.problems]
    assert len(lines) == 1 and "strategy.parallel-catastrophic: " in lines[0], lines
    assert message in lines[0]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets(), st.sets(st.sampled_from(["teams", "regulated", "failure_cost"])))
def test_a_strategy_is_given_whenever_the_stage_is_known(
    answers: dict[str, Any], missing: set[str]
) -> None:
    """A workshop's tie can leave even a required answer open: the strategy is still given,
    except where the open answer is the cost of failure of a regulated organisation."""
    values = {k: None if k in missing else v for k, v in SCORER.check(answers).items()}
    result = SCORER.assess(Answers(values))
    if result.stage.id is not None and not open_by_design(result, values):
        assert result.strategy.id is not None
        assert result.strategy.rationale[0].rule.startswith("choose-")


def test_phase_four_only_inside_ci_gates_for_every_combination() -> None:
    """Every combination of the constraints phase 4 needs, on an organisation with every other
    practice in place: phase 4 comes out only with all of them fully in place."""
    import itertools

    base = {qid: "fully" for qid in PRACTICES} | {
        "developers": 40,
        "regulated": False,
        "failure_cost": 3,
    }
    values = [None, "not", "partly", "fully"]
    for gates, checks, contracts, phase, teams in itertools.product(
        values, values, values, (3, 4), (1, 4)
    ):
        answers = base | {
            "pp3_mechanical_enforcement": gates,
            "review_l1_automated": checks,
            "pp2_contract_tests": contracts,
            "adoption_phase": phase,
            "teams": teams,
        }
        result, _ = assess({k: v for k, v in answers.items() if v is not None})
        in_place = gates == checks == "fully" and (teams == 1 or contracts == "fully")
        assert (result.strategy.phase == 4) == in_place, answers
