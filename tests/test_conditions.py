"""The condition language: three-valued logic and every test on every kind of value."""

from __future__ import annotations

import math

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from assessment.content.schema.conditions import Condition, Leaf
from assessment.engine.conditions import Compiler, check_leaf
from assessment.engine.variables import Var, encode_rows

VARS = {
    "n": Var("n", "number", lo=0, hi=10),
    "c": Var("c", "choice", ("low", "mid", "high")),
    "b": Var("b", "bool"),
    "s": Var("s", "set", ("x", "y", "z")),
    "t": Var("t", "text"),
    "k": Var("k", "choice", ("retail", "banking"), ordered=False),
    "fact:f": Var("fact:f", "number", lo=0, hi=100),
}
ADAPTER: TypeAdapter[object] = TypeAdapter(Condition)
T, F, U = True, False, None


def evaluate(cond: dict, row: dict) -> bool | None:
    node = Compiler(VARS).compile(ADAPTER.validate_python(cond))
    frame = encode_rows(list(VARS.values()), [row])
    value, known = node.evaluate(frame, {})
    return bool(value[0]) if known[0] else None


# Three answers for a leaf: true (n=5), false (n=1), unknown (n missing).
LEAF_T = {"q": "n", "gte": 3}
LEAF_F = {"q": "c", "eq": "high"}
LEAF_U = {"q": "b", "eq": True}
ROW = {"n": 5, "c": "low"}
LEAVES = {T: LEAF_T, F: LEAF_F, U: LEAF_U}


@pytest.mark.parametrize(
    ("a", "b", "all_", "any_"),
    [
        # Kleene's logic: false decides 'all', true decides 'any', otherwise unknown wins
        (T, T, T, T),
        (T, F, F, T),
        (T, U, U, T),
        (F, F, F, F),
        (F, U, F, U),
        (U, U, U, U),
    ],
)
def test_all_and_any_follow_three_valued_logic(a, b, all_, any_) -> None:
    assert evaluate({"all": [LEAVES[a], LEAVES[b]]}, ROW) is all_
    assert evaluate({"any": [LEAVES[a], LEAVES[b]]}, ROW) is any_
    assert evaluate({"all": [LEAVES[b], LEAVES[a]]}, ROW) is all_
    assert evaluate({"any": [LEAVES[b], LEAVES[a]]}, ROW) is any_


@pytest.mark.parametrize(("a", "expected"), [(T, F), (F, T), (U, U)])
def test_not_keeps_unknown_unknown(a, expected) -> None:
    assert evaluate({"not": LEAVES[a]}, ROW) is expected


@pytest.mark.parametrize(
    ("cond", "row", "expected"),
    [
        # numbers
        ({"q": "n", "eq": 4}, {"n": 4}, T),
        ({"q": "n", "eq": 4}, {"n": 4.5}, F),
        ({"q": "n", "in": [1, 2]}, {"n": 2}, T),
        ({"q": "n", "gte": 4}, {"n": 4}, T),
        ({"q": "n", "lte": 4}, {"n": 4.1}, F),
        ({"q": "n", "between": [2, 4]}, {"n": 4}, T),
        ({"q": "n", "between": [2, 4]}, {"n": 1}, F),
        ({"q": "n", "gte": 4}, {}, U),
        # single choices compare by their order in the list
        ({"q": "c", "eq": "mid"}, {"c": "mid"}, T),
        ({"q": "c", "in": ["low", "high"]}, {"c": "mid"}, F),
        ({"q": "c", "gte": "mid"}, {"c": "high"}, T),
        ({"q": "c", "lte": "mid"}, {"c": "high"}, F),
        ({"q": "c", "between": ["low", "mid"]}, {"c": "mid"}, T),
        # yes/no
        ({"q": "b", "eq": False}, {"b": False}, T),
        ({"q": "b", "eq": True}, {"b": False}, F),
        # multiple choice: one id, or all of a list
        ({"q": "s", "contains": "y"}, {"s": ["x", "y"]}, T),
        ({"q": "s", "contains": ["x", "z"]}, {"s": ["x", "y"]}, F),
        ({"q": "s", "contains": "x"}, {"s": []}, F),
        ({"q": "s", "contains": "x"}, {}, U),
        # answered is always decided
        ({"q": "t", "answered": True}, {"t": "hello"}, T),
        ({"q": "t", "answered": True}, {"t": "   "}, F),
        ({"q": "s", "answered": False}, {}, T),
        ({"q": "s", "answered": True}, {"s": []}, T),
        # facts
        ({"fact": "f", "lte": 59}, {"fact:f": 40}, T),
        ({"fact": "f", "lte": 59}, {"fact:f": math.nan}, U),
    ],
)
def test_each_test_on_each_kind(cond, row, expected) -> None:
    assert evaluate(cond, row) is expected


def test_vectorised_rows_are_independent() -> None:
    node = Compiler(VARS).compile(ADAPTER.validate_python({"any": [LEAF_T, LEAF_F]}))
    frame = encode_rows(list(VARS.values()), [{"n": 5}, {"n": 1, "c": "low"}, {}, {"c": "high"}])
    value, known = node.evaluate(frame, {})
    assert value.tolist() == [True, False, False, True]
    assert known.tolist() == [True, True, False, True]


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ({"q": "n", "eq": "five"}, "'n' is a number question; compare it with numbers, not 'five'"),
        ({"q": "n", "gte": 11}, "can never hold: 'n' is at most 10"),
        ({"q": "n", "between": [5, 2]}, "'between' bounds are reversed: 5.0 > 2.0"),
        (
            {"q": "c", "eq": 2},
            "'c' is a single choice question; compare it with choice ids, not the int 2",
        ),
        ({"q": "c", "eq": "top"}, "'top' is not a choice of 'c' (choices: low, mid, high)"),
        (
            {"q": "c", "between": ["high", "low"]},
            "'between' bounds are in reverse choice order: high comes after low",
        ),
        (
            {"q": "s", "eq": "x"},
            "'eq' does not apply: 's' is a multiple choice question; use contains, answered",
        ),
        ({"q": "t", "eq": "x"}, "'eq' does not apply: 't' is a free-text question; use answered"),
        (
            {"q": "b", "eq": "yes"},
            "'b' is a yes/no question; compare it with true or false, not 'yes'",
        ),
        ({"fact": "f", "answered": True}, "'answered' applies to questions, not facts"),
        (
            {"q": "k", "gte": "banking"},
            "'gte' does not apply: 'k' is a single choice question whose choices are marked "
            "'ordered: false'; use eq or in",
        ),
        (
            {"q": "k", "between": ["retail", "banking"]},
            "'between' does not apply: 'k' is a single choice question whose choices are marked "
            "'ordered: false'; use eq or in",
        ),
    ],
)
def test_leaf_checks_explain_the_mistake(cond, message) -> None:
    leaf = Leaf.model_validate(cond)
    var = VARS[leaf.q] if leaf.q else VARS[f"fact:{leaf.fact}"]
    assert check_leaf(leaf, var) == message


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ({"q": "n"}, "found none"),
        ({"q": "n", "eq": 1, "gte": 2}, "found eq, gte"),
        ({"eq": 1}, "exactly one of 'q'"),
        ({"q": "n", "fact": "f", "eq": 1}, "exactly one of 'q'"),
        ({"q": "n", "in": []}, "'in' needs at least one value"),
        ({"q": "n", "equals": 1}, "extra"),
    ],
)
def test_malformed_leaves_are_refused(cond, message) -> None:
    with pytest.raises(ValidationError) as err:
        ADAPTER.validate_python(cond)
    assert message in str(err.value).replace("Extra inputs", "extra")


def test_identical_leaves_compile_once() -> None:
    compiler = Compiler(VARS)
    a = compiler.compile(ADAPTER.validate_python({"all": [LEAF_T, LEAF_F]}))
    b = compiler.compile(ADAPTER.validate_python({"any": [LEAF_F, LEAF_T]}))
    assert a.children[0] is b.children[1]
    assert np.all(a.children[1].evaluate(encode_rows(list(VARS.values()), [ROW]), {})[1])


def test_an_unordered_choice_still_takes_eq_and_in() -> None:
    for cond in ({"q": "k", "eq": "banking"}, {"q": "k", "in": ["retail"]}):
        assert check_leaf(Leaf.model_validate(cond), VARS["k"]) is None


def test_only_single_questions_may_be_marked_unordered() -> None:
    from assessment.content.schema.questionnaire import Question

    base = {"id": "q", "text": "Which?", "help": "Why.", "ordered": False}
    Question.model_validate({**base, "type": "single", "choices": "practice"})
    with pytest.raises(ValidationError, match="'ordered' only applies to single questions"):
        Question.model_validate({**base, "type": "multi", "choices": "practice"})
