"""A CSV batch: a multiple-choice cell is read into a list once, at the CSV boundary, and a bad
row's problems carry the question they are about as a field."""

from __future__ import annotations

from assessment.services.batch import parse_responses

HEADER = "developers,teams,regulated,tracked\n"


def test_a_multiple_choice_cell_becomes_a_list_of_choice_ids(mini_scorer) -> None:
    data = (
        HEADER + '2,1,no,"velocity;change-failure-rate"\n'
        '2,1,no,"change-failure-rate | velocity"\n'
        "2,1,no,velocity\n"
    ).encode()
    result = parse_responses(mini_scorer, data, "teams.csv")
    assert result.problems == []
    assert [row.values["tracked"] for row in result.rows] == [
        ["velocity", "change-failure-rate"],
        ["velocity", "change-failure-rate"],  # in the pack's order, as every list answer
        ["velocity"],
    ]


def test_a_bad_row_names_its_line_and_question_as_fields(mini_scorer) -> None:
    data = (HEADER + "2,1,no,velocity\nmany,1,no,x\n").encode()
    result = parse_responses(mini_scorer, data, "teams.csv")
    assert [row.line for row in result.rows] == [2]
    assert [(p.line, p.question, p.where) for p in result.problems] == [
        (3, "developers", "developers"),
        (3, "tracked", "tracked"),
    ]
    assert str(result.problems[1]) == (
        "teams.csv:3: tracked: unknown choice 'x' (choices: velocity, change-failure-rate); "
        "row skipped"
    )
