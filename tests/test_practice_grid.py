"""The practice grid: every pivot point's practices against what the size needs, in words."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assessment.report.practice_grid import grid_summary, practice_grid
from assessment.services.answers import load_answers

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _grid(scorer, name: str, **changes):
    values = {**load_answers(scorer.engine, EXAMPLES / f"{name}.yaml").values, **changes}
    a = scorer.assess(values)
    return a, practice_grid(scorer.pack, a)


def test_each_cell_says_where_its_practice_stands(scorer) -> None:
    a, rows = _grid(scorer, "several-teams-contract-trouble", pp2_contract_tests=None)
    assert [r.pp_id for r in rows] == ["PP1", "PP2", "PP3"]
    by_pp = {r.pp_id: r for r in rows}
    # the answers, in words, in the pack's order of practices
    pp2 = by_pp["PP2"]
    assert [(c.label, c.words) for c in pp2.cells] == [
        ("Explicit interface contracts", "Partly"),
        ("Automated contract tests in CI", "Not answered"),
        ("Central registry of invariants", "Not in place"),
        ("Cross-team review of shared generated components", "Not in place"),
    ]
    assert [c.core for c in pp2.cells] == [True, False, False, False]
    assert (pp2.need, by_pp["PP3"].need) == ("needed now", "needed within the year")
    # the practice left unanswered is counted as such, not as short of in place
    assert grid_summary(rows) == (
        "9 of the 12 practices your size needs are not fully in place, and 1 is not answered."
    )


def test_one_developer_staying_alone_is_not_asked_team_practices(scorer) -> None:
    _, rows = _grid(scorer, "solo-developer")
    by_pp = {r.pp_id: r for r in rows}
    assert {c.words for c in by_pp["PP2"].cells} == {"Not asked"}
    assert {c.words for c in by_pp["PP3"].cells} == {"Not asked"}
    assert not any(r.needed for r in rows)
    assert grid_summary(rows) == (
        "No pivot point's practices are needed yet at your size and growth."
    )


def test_all_needed_practices_in_place_is_said_so(scorer) -> None:
    full = {q: "fully" for pp in scorer.pack.pivot_points.pivot_points for q in pp.practices}
    _, rows = _grid(scorer, "small-team-losing-context", **full)
    needed = sum(len(r.cells) for r in rows if r.needed)
    assert grid_summary(rows) == f"All {needed} practices your size needs are in place."


def test_a_row_the_answers_leave_open_is_not_said_to_be_unneeded(scorer) -> None:
    # one developer staying alone, with pivot point 1's practices left open: its status is not
    # judged, and the grid must not say that no pivot point's practices are needed yet
    pp1 = scorer.pack.pivot_points.pivot_points[0].practices
    a, rows = _grid(scorer, "solo-developer", **dict.fromkeys(pp1))
    by_pp = {r.pp_id: r for r in rows}
    assert (by_pp["PP1"].status, by_pp["PP1"].need) == (None, "not judged")
    assert not by_pp["PP1"].judged and not by_pp["PP1"].needed
    assert grid_summary(rows) == (
        "Whether your size needs the practices of Pivot point 1 could not be judged: questions "
        "that decide it were left open, and answering them settles it. No other pivot point's "
        "practices are needed yet at your size and growth."
    )


def test_every_row_left_open_says_only_that(scorer) -> None:
    a, rows = _grid(scorer, "solo-developer")
    unjudged = [replace(r, status=None, need="not judged") for r in rows]
    assert grid_summary(unjudged) == (
        "Whether your size needs the practices of Pivot point 1, Pivot point 2 and Pivot point 3 "
        "could not be judged: questions that decide it were left open, and answering them "
        "settles it."
    )


def test_a_pivot_point_headcount_has_passed_is_needed_now_though_its_status_is_open(
    scorer,
) -> None:
    a, rows = _grid(
        scorer,
        "several-teams-contract-trouble",
        pp1_prompt_versioning=None,
        pp1_review_context=None,
    )
    pp1 = rows[0]
    assert (pp1.pp_id, pp1.status, pp1.reached) == ("PP1", None, True)
    # headcount alone puts the team past it: its practices are needed now, ready or not
    assert (pp1.need, pp1.judged, pp1.needed) == ("needed now", True, True)
    assert grid_summary(rows) == (
        "9 of the 12 practices your size needs are not fully in place, and 2 are not answered."
    )


def test_needed_practices_all_unanswered_are_not_said_to_be_in_place(scorer) -> None:
    _, rows = _grid(scorer, "small-team-losing-context")
    needed = [r for r in rows if r.needed]
    blank = [replace(r, cells=[replace(c, state="open") for c in r.cells]) for r in needed]
    n = sum(len(r.cells) for r in blank)
    assert grid_summary(blank) == f"None of the {n} practices your size needs is answered."
    one = [
        replace(
            blank[0],
            cells=[replace(c, state="in-place") for c in blank[0].cells][:-1]
            + [blank[0].cells[-1]],
        )
    ]
    assert grid_summary(one) == (
        "Of the 4 practices your size needs, 1 is not answered and the others are in place."
    )
