"""Who is asked what, and which required answers are missing: one answer set, many at once, the
answers check and the frame check all give the same verdict (services/visibility.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from assessment.errors import AnswerError
from assessment.services.answers import check_answers
from assessment.services.scoring import Scorer
from tests.conftest import mini_with_required_industry

# regulated_industry and log_generation show only to regulated organisations
REGULATED = {"developers": 2, "teams": 1, "regulated": True}
UNREGULATED = {"developers": 2, "teams": 1, "regulated": False}


def test_one_answer_set_shows_every_question_or_hides_the_conditional_ones(mini_scorer) -> None:
    shown = mini_scorer.shown(UNREGULATED)
    assert set(shown) == set(mini_scorer.pack.questions)
    assert shown["regulated_industry"] is False
    assert shown["log_generation"] is False
    assert shown["developers"] is True
    assert mini_scorer.shown(REGULATED)["regulated_industry"] is True
    # an unanswered condition hides the question: nobody can tell yet that it applies
    assert mini_scorer.shown({})["regulated_industry"] is False


def test_many_answer_sets_agree_with_one_at_a_time(mini_scorer) -> None:
    rows = [UNREGULATED, REGULATED, {}]
    many = mini_scorer.shown_rows(rows)
    assert set(many) == {"regulated_industry", "log_generation"}  # only the conditional ones
    for i, row in enumerate(rows):
        one = mini_scorer.shown(row)
        assert {q: many[q][i] for q in many} == {q: one[q] for q in many}


@pytest.fixture(scope="module")
def required_industry(tmp_path_factory: pytest.TempPathFactory) -> Scorer:
    """The mini pack with its conditional question regulated_industry required."""
    return Scorer(mini_with_required_industry(tmp_path_factory.mktemp("packs")))


def test_a_required_question_is_missing_only_where_it_is_shown(required_industry) -> None:
    scorer = required_industry
    assert scorer.missing_required(UNREGULATED) == []
    assert scorer.missing_required(REGULATED) == ["regulated_industry"]
    assert scorer.missing_required({**REGULATED, "regulated_industry": "health"}) == []
    assert scorer.missing_required({}) == ["developers", "teams", "regulated"]


def test_a_section_lists_its_shown_unanswered_required_questions(required_industry) -> None:
    """The survey's form check: the same rule, for the questions of one section."""
    from assessment.services.visibility import required_left

    scorer = required_industry
    profile = scorer.pack.questionnaire.sections[0].questions
    answers = {"developers": 2, "regulated": True}
    assert required_left(profile, scorer.shown(answers), answers) == [
        "teams",
        "regulated_industry",
    ]
    hidden = {**answers, "regulated": False}
    assert required_left(profile, scorer.shown(hidden), hidden) == ["teams"]


def test_the_answers_check_and_the_frame_check_name_the_same_missing_questions(
    required_industry,
) -> None:
    scorer = required_industry
    rows = [UNREGULATED, REGULATED, {"developers": 3, "regulated": True}]
    for row in rows:
        _, problems = check_answers(scorer.engine, row)
        assert [p.question for p in problems] == scorer.missing_required(row)
    _, problems = scorer.encode_frame(pd.DataFrame(rows), first_line=2)
    by_line = {line: [p.question for p in problems if p.line == line] for line in (2, 3, 4)}
    assert by_line == {2: [], 3: ["regulated_industry"], 4: ["regulated_industry", "teams"]}


def test_an_answer_error_names_its_questions_as_fields(mini_scorer) -> None:
    with pytest.raises(AnswerError) as err:
        mini_scorer.check({"developers": "four", "colour": "blue", "regulated": False})
    problems = err.value.problems
    # (required answers are looked for once the given ones are valid)
    assert {p.question for p in problems} == {"developers", "colour"}
    assert err.value.questions == [p.question for p in problems]
    # the text people read is the same as before the field existed
    assert str(err.value).splitlines() == [str(p) for p in problems]
    assert "answers.developers: expected a number between 1 and 1000, got 'four'" in str(err.value)


def test_a_problem_without_a_question_compares_as_before() -> None:
    from assessment.errors import Problem

    plain = Problem("f.csv", 3, "developers", "bad")
    named = Problem("f.csv", 3, "developers", "bad", question="developers")
    assert plain == named  # the question is what the fields already say, not a new place
    assert sorted([named, Problem("f.csv", 2, "", "x")])[0].line == 2
    assert str(named) == "f.csv:3: developers: bad"
