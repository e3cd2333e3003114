"""The action plan carried into a tracker (`services.plan_export`, `assessment plan`) and its
status read back from the tracker's export (`assessment compare --plan-status`)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assessment.cli.main import PlanFormat, app
from assessment.engine.result import Assessment
from assessment.services.history import compare, load_side
from assessment.services.plan_export import (
    FORMATS,
    PlanStatusError,
    azure_csv,
    jira_csv,
    json_text,
    markdown,
    parse_plan_status,
    read_plan_status,
)
from tests.test_history import CONTEXT_KEPT, SMALL_TEAM, written
from tests.test_properties import PACK, SCORER

runner = CliRunner()
START = date(2027, 1, 4)
DUE = {"30d": "2027-02-03", "60d": "2027-03-05", "90d": "2027-04-04", "later": ""}


@pytest.fixture(scope="module")
def small_team() -> Assessment:
    return load_side(SCORER, SMALL_TEAM).scored


def rows_of(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


def test_jira_csv_has_the_importers_columns_due_dates_and_a_label_naming_each_step(
    small_team,
) -> None:
    header, rows = rows_of(jira_csv(small_team, PACK, START))
    assert header[:5] == ["Summary", "Issue Type", "Priority", "Due Date", "Description"]
    assert header[5:] == ["Labels"] * 3  # Jira takes several labels as columns of one name
    assert len(rows) == len(small_team.next_steps) > 0
    for row, step in zip(rows, small_team.next_steps, strict=True):
        assert len(row) == len(header)
        summary, kind, priority, due, description, *labels = row
        assert (summary, kind, due) == (step.title, "Task", DUE[step.horizon])
        assert priority in {"Highest", "High", "Medium", "Low"}
        assert f"pivotpoint-step:{step.rule}" in labels and "pivotpoint" in labels
        assert all(" " not in label for label in labels)  # a Jira label holds no space
        assert step.action in description and step.success in description
        assert step.why in description
    # the findings a step addresses are named as the report names them, not by their ids
    first = rows[0][4]
    assert "Pivot point 1: from one developer to a team" in first and "PP1;" not in first
    priorities = [r[2] for r in rows]
    assert priorities[0] == "Highest"  # the most pressing step (priority 90) comes first


def test_azure_devops_csv_has_the_importers_columns_tags_and_priorities(small_team) -> None:
    header, rows = rows_of(azure_csv(small_team, PACK, START))
    # Work Item Type and Title are required; a new item has no ID column, nor State
    assert header == ["Work Item Type", "Title", "Description", "Priority", "Due Date", "Tags"]
    for row, step in zip(rows, small_team.next_steps, strict=True):
        kind, title, description, priority, due, tags = row
        assert (kind, title, due) == ("Task", step.title, DUE[step.horizon])
        assert priority in {"1", "2", "3", "4"}
        assert tags.split("; ") == [
            "pivotpoint",
            f"pivotpoint-step:{step.rule}",
            f"pivotpoint-{step.horizon}",
        ]
        # an HTML field: the text escaped, in paragraphs
        assert description.startswith("<p><b>Action:</b> ") and "<script" not in description


def test_a_formula_in_a_step_is_neutralised_in_both_csv_files(small_team) -> None:
    steps = list(small_team.next_steps)
    steps[0] = steps[0].model_copy(update={"title": '=HYPERLINK("http://evil.test","x")'})
    steps[1] = steps[1].model_copy(update={"title": "@SUM(1+1)", "owner": "<b>x</b>"})
    crafted = small_team.model_copy(update={"next_steps": steps})
    _, jira = rows_of(jira_csv(crafted, PACK, START))
    assert jira[0][0] == '\'=HYPERLINK("http://evil.test","x")' and jira[1][0] == "'@SUM(1+1)"
    _, azure = rows_of(azure_csv(crafted, PACK, START))
    assert azure[0][1].startswith("'=") and azure[1][1].startswith("'@")
    assert "&lt;b&gt;x&lt;/b&gt;" in azure[1][2]  # no markup of a step reaches the HTML field
    for row in [*jira, *azure]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_markdown_is_checklists_grouped_by_horizon(small_team) -> None:
    text = markdown(small_team, PACK, START)
    assert text.startswith("# Action plan: Tallyworks\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## First 30 days (by 2027-02-03)",
        "## Days 31 to 60 (by 2027-03-05)",
        "## Days 61 to 90 (by 2027-04-04)",
        "## Later",
    ]
    sections = dict(zip(["30d", "60d", "90d", "later"], text.split("\n## ")[1:], strict=True))
    for step in small_team.next_steps:
        # each step is listed once, under its own horizon
        assert [h for h, body in sections.items() if f"- [ ] {step.title} — " in body] == [
            step.horizon
        ]
    line = next(x for x in text.splitlines() if x.startswith("- [ ] Record generation context"))
    assert line.endswith(
        "— Team lead, effort S (small); success: Generation context retention "
        "of 90% or more: nine in ten AI-assisted pull requests merged from next "
        "month carry the context field, checked on a monthly sample."
    )
    # a step that must wait for another says so, by the other's title
    assert "  - After: Write and test the contracts others rely on" in text


def test_json_has_the_steps_with_their_due_dates(small_team) -> None:
    data = json.loads(json_text(small_team, PACK, START))
    assert data["start"] == "2027-01-04" and data["organization"] == "Tallyworks"
    assert [s["rule"] for s in data["steps"]] == [s.rule for s in small_team.next_steps]
    for s in data["steps"]:
        assert s["due"] == (DUE[s["horizon"]] or None)
    assert data["steps"][0]["addresses"][0] == {
        "id": "PP1",
        "name": "Pivot point 1: from one developer to a team",
    }


def test_plan_from_the_command_line_from_answers_or_an_assessment(tmp_path) -> None:
    assert [f.value for f in PlanFormat] == list(FORMATS)  # the CLI offers every export
    out = tmp_path / "plan.csv"
    result = runner.invoke(
        app, ["plan", str(SMALL_TEAM), "--format", "jira", "-o", str(out), "--start", "2027-01-04"]
    )
    assert result.exit_code == 0, result.output
    header, rows = rows_of(out.read_text(encoding="utf-8"))
    assert header[0] == "Summary" and rows[0][3] == "2027-02-03"
    # an assessment JSON gives the plan as it was scored
    scored = tmp_path / "june.json"
    scored.write_text(runner.invoke(app, ["score", str(SMALL_TEAM), "-f", "json"]).stdout)
    as_json = runner.invoke(app, ["plan", str(scored), "-f", "json", "--start", "2027-01-04"])
    assert as_json.exit_code == 0, as_json.output
    assert [s["title"] for s in json.loads(as_json.stdout)["steps"]] == [r[0] for r in rows]
    text = runner.invoke(app, ["plan", str(SMALL_TEAM)])  # Markdown by default, from today
    assert text.exit_code == 0 and text.stdout.startswith("# Action plan: Tallyworks")
    bad = runner.invoke(app, ["plan", str(SMALL_TEAM), "--start", "04/01/2027"])
    assert bad.exit_code == 1 and bad.stderr.strip().splitlines() == [
        "--start: '04/01/2027' is not a date (YYYY-MM-DD)"
    ]
    missing = runner.invoke(app, ["plan", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def _with_status(text: str, done: set[str], tmp_path: Path, column: str = "Status") -> Path:
    """A tracker's export of the plan: each row with its status, Done for the steps `done`
    (found by the label the export carries), To Do for the rest."""
    header, rows = rows_of(text)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column, *header])
    for row in rows:
        named = " ".join(row)
        finished = any(re.search(rf"pivotpoint-step:{re.escape(r)}(?![\w-])", named) for r in done)
        writer.writerow(["Done" if finished else "To Do", *row])
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_steps_marked_done_in_the_tracker_show_as_done_from_the_tracker(tmp_path) -> None:
    before_file = written(tmp_path, "june.yaml", {}, "2026-06-01")
    after_file = written(tmp_path, "dec.yaml", CONTEXT_KEPT, "2026-12-01")
    before, after = load_side(SCORER, before_file), load_side(SCORER, after_file)
    by_findings = {s.rule: s.status for s in compare(PACK, before, after).plan}
    # two steps the findings leave open, marked Done in the tracker
    marked = {"step-governance-baseline", "step-ongoing-learning"}
    assert {by_findings[r] for r in marked} == {"open"}
    resolved = next(r for r, status in by_findings.items() if status == "done")
    export = _with_status(jira_csv(before.scored, PACK, START), marked, tmp_path)
    result = runner.invoke(
        app, ["compare", str(before_file), str(after_file), "--plan-status", str(export)]
    )
    assert result.exit_code == 0, result.output
    for rule in marked:
        title = next(s.title for s in before.scored.next_steps if s.rule == rule)
        assert f"- [done, from your tracker] {title} (" in result.stdout
    # the tracker also says the step the findings call done is not done yet: it stays open
    title = next(s.title for s in before.scored.next_steps if s.rule == resolved)
    assert f"- [open, from your tracker] {title} (" in result.stdout
    as_json = runner.invoke(
        app,
        ["compare", str(before_file), str(after_file), "--plan-status", str(export), "-f", "json"],
    )
    data = json.loads(as_json.stdout)
    assert set(data["plan_done"]) == marked
    assert {s["source"] for s in data["plan"]} == {"tracker"}


def test_an_azure_devops_export_and_a_plain_rule_done_file_are_read_too(
    small_team, tmp_path
) -> None:
    rules = [s.rule for s in small_team.next_steps]
    export = _with_status(azure_csv(small_team, PACK, START), {rules[2]}, tmp_path, "State")
    status = read_plan_status(export, rules)
    assert status == {r: r == rules[2] for r in rules}
    plain = tmp_path / "plain.csv"
    plain.write_text(f"rule,done\n{rules[0]},yes\n{rules[1]},no\n")
    status = read_plan_status(plain, rules)
    assert status == {rules[0]: True, rules[1]: False}
    # the steps the file does not name are still judged by the findings
    side = load_side(SCORER, SMALL_TEAM)
    p = compare(PACK, side, side, plan_status=status)
    sources = {s.rule: (s.status, s.source) for s in p.plan}
    assert sources[rules[0]] == ("done", "tracker") and sources[rules[1]] == ("open", "tracker")
    assert {sources[r][1] for r in rules[2:]} == {"findings"}
    # rows of other work in the tracker (no step label) are left alone, and labels in one cell
    # apart by spaces (Jira's export of the current fields) are read as well
    mixed = (
        "Status,Summary,Labels\nDone,Unrelated,team-x\n"
        f"Resolved,Ours,pivotpoint pivotpoint-step:{rules[0]} pivotpoint-30d\n"
    )
    assert parse_plan_status(mixed, "x.csv", rules) == {rules[0]: True}


def test_a_status_the_file_does_not_state_leaves_the_step_to_the_findings(small_team) -> None:
    rules = [s.rule for s in small_team.next_steps]
    # a blank done cell, a team's own status and a translated one say nothing either way
    plain = f"rule,done\n{rules[0]},\n{rules[1]},yes\n"
    assert parse_plan_status(plain, "x.csv", rules) == {rules[1]: True}
    label = "pivotpoint-step:"
    jira = (
        "Status,Labels\n"
        f"Erledigt,{label}{rules[0]}\nReleased,{label}{rules[1]}\nIn Progress,{label}{rules[2]}\n"
    )
    assert parse_plan_status(jira, "x.csv", rules) == {rules[2]: False}
    # Jira's Status Category is read before a status the team renamed
    category = (
        "Status,Status Category,Labels\n"
        f"Erledigt,Done,{label}{rules[0]}\nIn Arbeit,In Progress,{label}{rules[1]}\n"
    )
    assert parse_plan_status(category, "x.csv", rules) == {rules[0]: True, rules[1]: False}


def _refused(text: str, rules: list[str]) -> list[str]:
    with pytest.raises(PlanStatusError) as exc:
        parse_plan_status(text, "status.csv", rules)
    return [str(p) for p in exc.value.problems]


def test_bad_status_files_are_refused_with_file_and_line(small_team, tmp_path) -> None:
    rules = [s.rule for s in small_team.next_steps]
    [missing] = _refused("Summary,Priority\nA,High\n", rules)
    assert missing.startswith("status.csv:1: header: needs the columns rule and done")
    # a description over several lines: the next row's line is still the file's line
    text = (
        "Status,Summary,Description,Labels\n"
        f'Done,A,"one\ntwo\nthree",pivotpoint-step:{rules[0]}\n'
        "Done,B,x,pivotpoint-step:step-not-in-the-plan\n"
    )
    assert _refused(text, rules) == [
        "status.csv:5: step-not-in-the-plan: the plan has no step 'step-not-in-the-plan' (is "
        "this the export of the earlier assessment's plan?)"
    ]
    twice = _refused(f"rule,done\n{rules[0]},yes\n{rules[0]},no\n", rules)
    assert twice == [f"status.csv:3: {rules[0]}: step given twice (first on line 2)"]
    [maybe] = _refused(f"rule,done\n{rules[0]},maybe\n", rules)
    assert maybe.startswith("status.csv:2: done: 'maybe' is neither yes nor no")
    [none] = _refused("Status,Labels\nDone,team-x\n", rules)
    assert none.startswith("status.csv: no row names a step of the plan")
    # and from the command line, one line a problem, exit 1
    bad = tmp_path / "bad.csv"
    bad.write_text("rule,done\nstep-nope,yes\n")
    result = runner.invoke(
        app, ["compare", str(SMALL_TEAM), str(SMALL_TEAM), "--plan-status", str(bad)]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"{bad}:2: step-nope: the plan has no step 'step-nope'")


# -- in German ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_team_de() -> tuple[Any, Assessment]:
    from assessment.services.scoring import Scorer

    scorer = Scorer(lang="de")
    return scorer.pack, load_side(scorer, SMALL_TEAM).scored


def test_the_german_checklist_has_german_headings_labels_and_dates(small_team_de) -> None:
    from assessment import i18n

    pack, a = small_team_de
    with i18n.using("de"):
        text = markdown(a, pack, START)
    assert text.startswith(
        "# Maßnahmenplan: Tallyworks\n\nAus der Pivotpoint-Analyse; der Plan beginnt am "
        "4. Januar 2027.\n"
    )
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Erste 30 Tage (fällig am 3. Februar 2027)",
        "## Tag 31 bis 60 (fällig am 5. März 2027)",
        "## Tag 61 bis 90 (fällig am 4. April 2027)",
        "## Später",
    ]
    line = next(x for x in text.splitlines() if x.startswith("- [ ] Generierungskontext in Pull"))
    assert "— Teamleitung, Aufwand S (klein); Erfolg heißt: " in line
    assert "  - Adressiert: Wendepunkt 1: von der Einzelentwicklung zum Team;" in text
    assert "  - Voraussetzung: Verträge schreiben und testen" in text
    for english in ("Action plan", "First 30 days", "(by ", "effort", "success:", "Addresses"):
        assert english not in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # dates in words, not ISO


def test_german_tracker_files_keep_the_importers_english_and_describe_in_german(
    small_team_de,
) -> None:
    from assessment import i18n

    pack, a = small_team_de
    with i18n.using("de"):
        jira_header, jira = rows_of(jira_csv(a, pack, START))
        azure_header, azure = rows_of(azure_csv(a, pack, START))
    # what the importers read stays as they expect it, in every language
    assert (
        jira_header
        == ["Summary", "Issue Type", "Priority", "Due Date", "Description"] + ["Labels"] * 3
    )
    assert azure_header == [
        "Work Item Type",
        "Title",
        "Description",
        "Priority",
        "Due Date",
        "Tags",
    ]
    for row, step in zip(jira, a.next_steps, strict=True):
        assert row[1] == "Task" and row[2] in {"Highest", "High", "Medium", "Low"}
        assert row[3] == DUE[step.horizon]  # the importer's date format
        assert f"pivotpoint-step:{step.rule}" in row[5:]
    description = jira[0][4]
    assert description.startswith("Vorgehen: ")
    for head in ("Begründung: ", "Erfolg heißt: ", "Verantwortlich: ", "Pivotpoint-Schritt: "):
        assert f"\n\n{head}" in description
    assert "Aufwand S (klein)" in description
    assert not re.search(
        r"(^|\n)(Action|Why|Success|Owner|Addresses|After|Pivotpoint step):", description
    )
    assert azure[0][2].startswith("<p><b>Vorgehen:</b> ") and "<b>Action:</b>" not in azure[0][2]
    assert azure[0][5].split("; ")[1] == f"pivotpoint-step:{a.next_steps[0].rule}"


def test_a_german_tracker_export_is_read_back_by_its_labels(small_team_de) -> None:
    from assessment import i18n

    pack, a = small_team_de
    with i18n.using("de"):
        header, rows = rows_of(jira_csv(a, pack, START))
    # the tracker adds its Status column; the labels the export wrote find the steps
    lines = ["Status," + ",".join(header)]
    lines += [
        ("Done," if n == 0 else "To Do,") + ",".join(f'"{c}"' for c in row)
        for n, row in enumerate(rows)
    ]
    rules = [s.rule for s in a.next_steps]
    status = parse_plan_status("\n".join(lines) + "\n", "x.csv", rules)
    assert status == {r: n == 0 for n, r in enumerate(rules)}


def test_plan_from_the_command_line_in_german() -> None:
    result = runner.invoke(
        app, ["plan", str(SMALL_TEAM), "--lang", "de", "--start", "2027-01-04", "-f", "markdown"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Maßnahmenplan: Tallyworks\n")
    assert "## Erste 30 Tage (fällig am 3. Februar 2027)" in result.stdout
