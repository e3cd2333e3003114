"""The practice grid: every pivot point's practices against what the size needs, in words."""

from __future__ import annotations

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
    assert grid_summary(rows) == "10 of the 12 practices your size needs are not fully in place."


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
