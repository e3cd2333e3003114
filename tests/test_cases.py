"""Rule cases: next-step and undecided expectations, pending cases, and the pack's library of
reference organisations with its README table."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.content.cases import CaseReport, run_cases
from assessment.content.pack import load_pack
from assessment.content.yaml_io import load_yaml
from assessment.engine.evaluate import Engine
from assessment.engine.variables import encode_rows
from assessment.resources import DEFAULT_PACK
from assessment.services.answers import check_answers
from tests.conftest import MINI

runner = CliRunner()

REFERENCE = DEFAULT_PACK / "cases" / "reference.yaml"
README = DEFAULT_PACK / "cases" / "README.md"
# references answered on purpose with the required questions only
PARTIAL = {"ref-required-only"}


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
        "crossed-unprepared; Review with context = Not in place",
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
    # the strategy is owed even without a failure cost, so leave a pivot point open instead
    case = {
        "id": "open",
        "description": "Nothing about pivot point 1 is answered.",
        "base": "team",
        "answers": {"pp1_review": None, "symptom_context": None},
        "expect": {"undecided": ["PP1"]},
    }
    report = run(mini_with(tmp_path, [case]))
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
        "Scaling mistakes found = ['M4']; Training? = Once",
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


# -- the reference organisations ---------------------------------------------------------------


def reference_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = load_yaml(REFERENCE).data["cases"]
    return cases


def test_the_library_has_at_least_twelve_references() -> None:
    cases = reference_cases()
    assert len(cases) >= 12
    assert all(c["id"].startswith("ref-") for c in cases)
    assert all("base" not in c for c in cases), "each reference is a complete answer set"


@pytest.mark.parametrize("ref", reference_cases(), ids=lambda c: c["id"])
def test_each_reference_states_the_whole_outcome(ref: dict[str, Any]) -> None:
    """Stage, planned stage, the three statuses, strategy, mistakes and compliance, each expected
    or expected undecided; a reference answers every question it is shown, unless it stands for
    an organisation that answered the required questions only."""
    expect = ref["expect"]
    open_ = set(expect.get("undecided", []))
    for key in ("stage", "planned_stage", "strategy", "compliance_applicable"):
        assert key in expect or key in open_, f"{ref['id']}: no {key}"
    if ref["id"] not in PARTIAL:
        assert set(expect["statuses"]) | open_ >= {"PP1", "PP2", "PP3"}
        assert "mistakes" in expect
    loaded = load_pack()
    engine = Engine(loaded)
    values, problems = check_answers(engine, ref["answers"], file="reference.yaml", prefix=())
    assert problems == []
    res = engine.run(encode_rows(loaded.question_vars(), [values]))
    shown = [
        q
        for q, question in loaded.questions.items()
        if question.type != "text" and (res.visible.get(q) is None or bool(res.visible[q][0]))
    ]
    if ref["id"] in PARTIAL:
        assert all(loaded.questions[q].required for q in ref["answers"])
    else:
        assert [q for q in shown if q not in ref["answers"]] == []


def readme_rows() -> list[list[str]]:
    """The rows of the README's reference table, each a list of cells."""
    text = README.read_text()
    section = text.split("## Reference organisations", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|")
    ]
    assert rows[0][:3] == ["id", "who", "stage"], "the table's header"
    assert set(rows[1][0]) <= set("-: ")
    return rows[2:]


def test_the_readme_table_lists_exactly_the_references() -> None:
    rows = readme_rows()
    ids = [re.sub(r"[`\[\]]|\(.*\)", "", row[0]) for row in rows]
    assert ids == [c["id"] for c in reference_cases()], "one row a reference, in file order"
    for row, ref in zip(rows, reference_cases(), strict=True):
        stage = ref["expect"].get("stage", "undecided")
        assert row[2] == stage, f"{ref['id']}: stage"
        state = re.split(r"[\s:]", row[-1], maxsplit=1)[0].lower()
        assert state == ("pending" if "pending" in ref else "met"), f"{ref['id']}: pending or met"


def test_the_references_run_in_validate() -> None:
    """validate passes and lists the pending references, no other case is pending."""
    loaded = load_pack()
    report = run_cases(loaded, Engine(loaded))
    assert report.problems == []
    pending = {c["id"] for c in reference_cases() if "pending" in c}
    noted = {n.where.removeprefix("cases.") for n in report.notes}
    assert noted == pending
    assert report.pending == len(pending)
