"""A number question's answers as ranges (`workshop_part.number_ranges`): the one way the
dashboard, the walk-through and the team report draw them."""

from __future__ import annotations

from collections import Counter

import pytest

from assessment.report.workshop_part import MANY_VALUES, MAX_RANGES, NumberRange, number_ranges


def distribution(values: list[float]) -> dict[str, int]:
    """As the aggregate gives it: each different answer, as text, with how many gave it."""
    return {f"{v:g}": n for v, n in sorted(Counter(values).items())}


def table(ranges: list[NumberRange]) -> list[tuple[str, int]]:
    return [(r.label, r.count) for r in ranges]


def check(ranges: list[NumberRange], values: list[float]) -> None:
    """What holds for any answers: the counts add up to those who answered, each answer sits
    in the one range that holds it, the ranges run in order without a gap between them, the
    first and last hold an answer, and the labels differ."""
    assert sum(r.count for r in ranges) == len(values)
    for r in ranges:
        assert r.count == sum(1 for v in values if r.holds(v))
    assert len({r.label for r in ranges}) == len(ranges)
    if ranges[0].high is not None:
        assert len(ranges) <= MAX_RANGES
        assert all(a.high == b.low for a, b in zip(ranges, ranges[1:], strict=False))
        assert ranges[0].count and ranges[-1].count
    else:
        assert [r.low for r in ranges] == sorted({float(v) for v in values})


def test_few_different_answers_stay_a_bar_each_with_the_unit() -> None:
    values = [1, 4, 4, 16, 16, 16, 1000]
    ranges = number_ranges(distribution(values), "developers")
    assert table(ranges) == [
        ("1 developer", 1),
        ("4 developers", 2),
        ("16 developers", 3),
        ("1,000 developers", 1),
    ]
    check(ranges, values)


def test_a_single_value_is_one_bar() -> None:
    ranges = number_ranges(distribution([16] * 5), "developers")
    assert table(ranges) == [("16 developers", 5)]
    check(ranges, [16] * 5)


def test_up_to_many_values_each_are_their_own_bar_one_more_makes_ranges() -> None:
    values = list(range(1, MANY_VALUES + 1))
    assert [r.high for r in number_ranges(distribution(values))] == [None] * MANY_VALUES
    more = values + [MANY_VALUES + 1]
    ranges = number_ranges(distribution(more))
    assert all(r.high is not None for r in ranges)
    check(ranges, more)


def test_a_narrow_spread_gets_equal_ranges_labelled_as_whole_numbers() -> None:
    values = list(range(2, 14))  # twelve people, twelve headcounts
    ranges = number_ranges(distribution(values), "teams")
    assert table(ranges) == [
        ("2–3 teams", 2),
        ("4–5 teams", 2),
        ("6–7 teams", 2),
        ("8–9 teams", 2),
        ("10–11 teams", 2),
        ("12–13 teams", 2),
    ]
    check(ranges, values)


def test_an_empty_range_between_answers_is_kept_at_zero() -> None:
    values = [1, *range(10, 21)]
    ranges = number_ranges(distribution(values), "teams")
    assert table(ranges) == [
        ("0–4 teams", 1),
        ("5–9 teams", 0),
        ("10–14 teams", 5),
        ("15–19 teams", 5),
        ("20–24 teams", 1),
    ]
    check(ranges, values)


def test_a_huge_spread_gets_ranges_that_grow_with_the_numbers() -> None:
    # a one-person team to a large enterprise: equal ranges would put all but two in the first
    values = [1, 3, 5, 8, 12, 15, 20, 40, 80, 200, 1000, 5000, 100_000]
    ranges = number_ranges(distribution(values), "developers")
    assert table(ranges) == [
        ("1–9 developers", 4),
        ("10–99 developers", 5),
        ("100–999 developers", 1),
        ("1,000–9,999 developers", 2),
        ("10,000–99,999 developers", 0),
        ("100,000–999,999 developers", 1),
    ]
    check(ranges, values)


def test_a_spread_over_two_orders_of_magnitude_grows_in_steps_of_1_2_and_5() -> None:
    values = [1, 2, 3, 4, 6, 7, 9, 12, 15, 25, 30, 60]
    ranges = number_ranges(distribution(values), "developers")
    assert table(ranges) == [
        ("1 developer", 1),
        ("2–4 developers", 3),
        ("5–9 developers", 3),
        ("10–19 developers", 2),
        ("20–49 developers", 2),
        ("50–99 developers", 1),
    ]
    check(ranges, values)


def test_decimals_are_labelled_as_decimals() -> None:
    values = [1.5, 2.25, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7.75]
    ranges = number_ranges(distribution(values))
    assert table(ranges) == [
        ("1 to under 2", 1),
        ("2 to under 3", 1),
        ("3 to under 4", 2),
        ("4 to under 5", 2),
        ("5 to under 6", 2),
        ("6 to under 7", 2),
        ("7 to under 8", 1),
    ]
    check(ranges, values)
    # an answer on an edge belongs to the range it opens
    assert next(r for r in ranges if r.holds(3)).label == "3 to under 4"


def test_close_decimals_get_narrow_ranges() -> None:
    values = [1000.1 + i / 10 for i in range(11)]
    ranges = number_ranges(distribution(values))
    assert [r.label for r in ranges][:2] == ["1,000 to under 1,000.2", "1,000.2 to under 1,000.4"]
    check(ranges, values)


@pytest.mark.parametrize(
    "values",
    [
        [0, *range(1, 13), 50],
        [-5, -3, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8],
        [0.001, 0.01, 0.1, 1, 10, 100, 1000, 10_000, 100_000, 1e6, 1e7],
        list(range(1, 100_001, 997)),
        [7] * 3 + list(range(20, 31)),
    ],
    ids=["zero-and-outlier", "negative", "nine-orders", "hundred-values", "repeated"],
)
def test_any_answers_add_up_in_ordered_ranges_without_gaps(values: list[float]) -> None:
    check(number_ranges(distribution(values)), values)


def test_negative_ranges_read_with_to() -> None:
    ranges = number_ranges(distribution([-5, -3, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8]))
    assert ranges[0].label == "-6 to -5" and ranges[-1].label == "8–9"


def test_nobody_answered_gives_no_range() -> None:
    assert number_ranges({}) == []
    assert number_ranges({"3": 0}) == []
