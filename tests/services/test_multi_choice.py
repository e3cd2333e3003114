"""Multiple-choice answers are lists of choice ids from input to store to scoring; text with
separators is read only where text is all there is (a CSV cell, a hand-written answers file)."""

from __future__ import annotations

from assessment.services.aggregate import _frame, aggregate

BASE = {"developers": 4, "teams": 1, "regulated": False}


def test_a_list_answer_is_kept_in_the_pack_order(mini_scorer) -> None:
    values = mini_scorer.check({**BASE, "tracked": ["change-failure-rate", "velocity"]})
    assert values["tracked"] == ["velocity", "change-failure-rate"]


def test_a_text_answer_in_an_answers_file_still_reads_as_a_list(mini_scorer) -> None:
    """Files written by hand with the CSV form keep loading, as they always did."""
    for text in ("velocity, change-failure-rate", "velocity;change-failure-rate"):
        values = mini_scorer.check({**BASE, "tracked": text})
        assert values["tracked"] == ["velocity", "change-failure-rate"]


def test_the_team_scores_lists_never_joined_text(mini_scorer) -> None:
    people = [
        mini_scorer.check({**BASE, "tracked": ["velocity", "change-failure-rate"]})
        for _ in range(3)
    ]
    frame = _frame(mini_scorer.pack.questions, people)
    assert frame["tracked"].tolist() == [["velocity", "change-failure-rate"]] * 3
    result = aggregate(mini_scorer, people, k=3)
    assert result.team is not None
    assert result.team.answers["tracked"] == ["velocity", "change-failure-rate"]
