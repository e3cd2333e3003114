"""Rule cases: next-step and undecided expectations, and pending cases."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.content.cases import CaseReport, run_cases
from assessment.content.pack import load_pack
from assessment.engine.evaluate import Engine
from tests.conftest import MINI

runner = CliRunner()


def mini_with(tmp_path: Path, cases: list[dict[str, Any]]) -> Path:
    """A copy of the mini pack with `cases` added in a file of their own."""
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    (pack / "cases" / "extra.yaml").write_text(yaml.safe_dump({"cases": cases}, sort_keys=False))
    return pack


def run(pack: Path) -> CaseReport:
    loaded = load_pack(pack)
    return run_cases(loaded, Engine(loaded))


def messages(problems: list[Any]) -> list[str]:
    return [f"{p.where}: {p.message}" for p in problems]


def case(id: str, **fields: Any) -> dict[str, Any]:
    # `team` in the mini pack: four developers, PP1 crossed unprepared, step-review given
    return {"id": id, "description": "A test case.", "base": "team", **fields}


# -- steps and no_steps ------------------------------------------------------------------------


def test_steps_met_add_checks(tmp_path: Path) -> None:
    before = run(MINI).checks
    report = run(
        mini_with(
            tmp_path,
            [case("x", expect={"steps": ["step-review"], "no_steps": ["step-logging"]})],
        )
    )
    assert report.problems == []
    assert report.checks == before + 2


def test_a_missing_step_and_an_unwanted_one_fail(tmp_path: Path) -> None:
    report = run(
        mini_with(
            tmp_path,
            [case("x", expect={"steps": ["step-logging"], "no_steps": ["step-review"]})],
        )
    )
    assert messages(report.problems) == [
        "cases.x: expected next step 'step-logging', but it is not given: "
        "fact gaps contains generation-logging is false (answer: [])",
        "cases.x: next step 'step-review' should not be given, but is, on PP1 status = "
        "crossed-unprepared",
    ]
    lines = {p.line for p in report.problems}
    assert len(lines) == 2, "each message points at its own list entry"


@pytest.mark.parametrize(
    ("expect", "message"),
    [
        ({"steps": ["step-nope"]}, "'step-nope' is not a next step of this pack"),
        ({"no_steps": ["stage-team"]}, "'stage-team' is not a next step of this pack"),
        (
            {"steps": ["step-review"], "no_steps": ["step-review"]},
            "'step-review' is both expected and ruled out",
        ),
    ],
)
def test_a_wrong_step_expectation_is_a_problem_even_when_pending(
    tmp_path: Path, expect: dict[str, Any], message: str
) -> None:
    # pending excuses what the rules get wrong, never a mistake in the case itself
    report = run(
        mini_with(
            tmp_path,
            [case("x", pending="Not met yet.", expect={"stage": "teams", **expect})],
        )
    )
    assert f"cases.x: {message}" in messages(report.problems)


# -- undecided ---------------------------------------------------------------------------------


def open_strategy(**expect: Any) -> dict[str, Any]:
    # without a failure cost, the mini pack's first strategy rule is undecided and stops the search
    return {
        "id": "open",
        "description": "The failure cost is not answered.",
        "base": "solo",
        "answers": {"failure_cost": None},
        "expect": expect,
    }


def test_undecided_holds_when_the_fact_is_left_open(tmp_path: Path) -> None:
    report = run(mini_with(tmp_path, [open_strategy(undecided=["strategy"])]))
    assert report.problems == []


def test_a_decided_fact_expected_undecided_fails(tmp_path: Path) -> None:
    report = run(mini_with(tmp_path, [open_strategy(undecided=["stage", "PP1"])]))
    assert messages(report.problems) == [
        "cases.open: expected stage undecided, got solo",
        "cases.open: expected PP1 undecided, got ahead",
    ]


@pytest.mark.parametrize(
    ("expect", "message"),
    [
        (
            {"undecided": ["colour"]},
            "'colour' cannot be undecided: name one of stage, planned_stage, strategy, phase, "
            "compliance_applicable or a pivot point",
        ),
        (
            {"strategy": "incremental", "undecided": ["strategy"]},
            "'strategy' is both expected and undecided",
        ),
    ],
)
def test_a_wrong_undecided_entry_is_a_problem(
    tmp_path: Path, expect: dict[str, Any], message: str
) -> None:
    report = run(mini_with(tmp_path, [open_strategy(**expect)]))
    assert f"cases.open: {message}" in messages(report.problems)


# -- pending -----------------------------------------------------------------------------------


def test_a_pending_case_lists_what_is_unmet_as_notes(tmp_path: Path) -> None:
    pack = mini_with(
        tmp_path,
        [
            case(
                "x",
                pending="The stage rule counts four developers as one team.",
                fires=["stage-teams"],
                expect={"stage": "teams", "steps": ["step-logging"], "no_steps": ["step-training"]},
            )
        ],
    )
    report = run(pack)
    assert report.problems == []
    assert report.pending == 1
    assert messages(report.notes) == [
        "cases.x: pending, 4 unmet: The stage rule counts four developers as one team.",
        "cases.x: rule 'stage-teams' should fire but does not: "
        "developers gte 6 is false (answer: 4); developers gte 5 is false (answer: 4)",
        "cases.x: expected stage teams, got team",
        "cases.x: expected next step 'step-logging', but it is not given: "
        "fact gaps contains generation-logging is false (answer: [])",
        "cases.x: next step 'step-training' should not be given, but is, on "
        "Scaling mistakes found = ['M4']",
    ]
    result = runner.invoke(app, ["validate", str(pack)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("pack mini ") and lines[0].endswith("checks passed")
    assert lines[1] == "1 case pending; what the rules do not meet yet:"
    assert len(lines) == 7
    assert all(line.startswith("note: ") and "extra.yaml:" in line for line in lines[2:])


def test_a_pending_case_adds_no_checks(tmp_path: Path) -> None:
    before = run(MINI).checks
    report = run(
        mini_with(
            tmp_path,
            [case("x", pending="Not met.", expect={"stage": "teams", "strategy": "incremental"})],
        )
    )
    assert report.checks == before


@pytest.mark.parametrize(
    "fields",
    [
        {"expect": {"stage": "team", "steps": ["step-review"], "no_steps": ["step-logging"]}},
        {"fires": ["stage-team"], "silent": ["stage-teams"]},
        {},
    ],
    ids=["expect met", "fires met", "nothing to meet"],
)
def test_a_pending_case_that_passes_fails(tmp_path: Path, fields: dict[str, Any]) -> None:
    pack = mini_with(tmp_path, [case("x", pending="The rules got this wrong once.", **fields)])
    report = run(pack)
    assert messages(report.problems) == [
        "cases.x: marked pending, but the rules now meet every expectation of this case: "
        "remove pending"
    ]
    assert report.notes == []
    result = runner.invoke(app, ["validate", str(pack)])
    assert result.exit_code == 1
    assert "remove pending" in result.stderr


def test_a_pending_case_does_not_show_coverage(tmp_path: Path) -> None:
    """A rule shown firing only by a pending case is not shown firing: the case may be wrong."""
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    file = pack / "cases" / "cases.yaml"
    data = yaml.safe_load(file.read_text())
    owners = [c for c in data["cases"] if "step-logging" in c.get("fires", [])]
    assert len(owners) == 1, "the mini pack shows step-logging firing in one case"
    owners[0]["pending"] = "Marked for the test."
    owners[0].setdefault("expect", {})["stage"] = "solo"  # unmet, so the mark is allowed
    file.write_text(yaml.safe_dump(data, sort_keys=False))
    report = run(pack)
    assert any(
        p.where == "next_steps.step-logging"
        and p.message.startswith("no case shows this rule firing")
        for p in report.problems
    ), messages(report.problems)
