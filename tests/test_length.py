"""How long the questionnaire takes: one estimate for the start page, the survey and validate."""

from __future__ import annotations

import pytest

from assessment.content import length
from assessment.services.scoring import Scorer
from tests.conftest import DEFAULT_PACK

PACK = Scorer(DEFAULT_PACK).pack


def test_a_shared_choice_set_is_read_once_and_notes_are_not_counted() -> None:
    practice = [q for q in PACK.questions.values() if q.choices == "practice"]
    assert len(practice) >= 2
    one, two = length.seconds(PACK, practice[:1]), length.seconds(PACK, practice[:2])
    second = practice[1]
    words = len(second.text.split()) + len(second.help.split())
    # the second question adds its own words and an answer, not the scale's help again
    expected = words / length.WORDS_PER_MINUTE * 60 + length.SECONDS_PER_ANSWER
    assert two - one == pytest.approx(expected)  # seconds are floats: compare within rounding
    notes = [q for q in PACK.questions.values() if q.type == "text" and not q.required]
    assert notes and length.seconds(PACK, notes) == 0


def test_the_promise_is_the_whole_questionnaire_and_smaller_organisations_take_less() -> None:
    whole = length.longest(PACK)
    assert abs(PACK.info.minutes - whole) <= max(1, whole // 10)  # validate holds it there
    scorer = Scorer(DEFAULT_PACK)
    small = {"developers": 4, "teams": 1, "planned_developers": 5, "regulated": False}
    shown = scorer.shown(scorer.check(small, require=False))
    asked = [q for q in PACK.questions.values() if shown[q.id]]
    assert length.minutes(PACK, asked) < whole


def test_a_question_asked_only_where_another_is_not_is_not_promised_twice() -> None:
    """Nobody is asked both the regulator's auditability question and pivot point 3's audit
    trail question: the promise counts the organisation shown the most questions."""
    most = {q.id for q in length.most_asked(PACK)}
    assert "pp3_audit_trails" in most and "reg_auditability" not in most
    assert len(most) == sum(q.counts for q in PACK.questions.values()) - 1


def test_a_company_of_a_dozen_in_two_teams_finishes_in_fifteen_minutes() -> None:
    """Issue 13's target: a manager of 12 developers in 2 teams reads and answers everything
    they are shown in about 15 minutes."""
    scorer = Scorer(DEFAULT_PACK)
    company = {
        "developers": 12,
        "teams": 2,
        "planned_developers": 14,
        "regulated": False,
        "enterprise_assurance": False,
    }
    shown = scorer.shown(scorer.check(company, require=False))
    asked = [q for q in PACK.questions.values() if shown[q.id]]
    assert length.seconds(PACK, asked) <= 15 * 60
