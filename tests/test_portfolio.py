"""The portfolio across teams: each team held to k, teams from answers files and assessments,
the heatmap, where teams disagree, the command's formats and its PDF."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.services.aggregate import aggregate
from assessment.services.portfolio import (
    STATUS_CELL,
    TeamInput,
    build_portfolio,
    portfolio_of,
)
from tests.conftest import EXAMPLES

runner = CliRunner()


def example(name: str) -> dict[str, Any]:
    return dict(yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text())["answers"])


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def write_csv(path: Path, rows: list[tuple[str, dict[str, Any]]]) -> Path:
    columns = ["team"] + sorted({q for _, answers in rows for q in answers})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for team, answers in rows:
            writer.writerow([team] + [cell(answers.get(q)) for q in columns[1:]])
    return path


@pytest.fixture()
def responses(tmp_path: Path) -> Path:
    """Core: three people of a small team; Tiny: two people of a regulated enterprise, whose
    stage ("organization") no other team has."""
    small = example("small-team-losing-context")
    varied = {**small, "pp1_prompt_library": "fully"}
    big = example("regulated-enterprise")
    rows = [("Core", small), ("Tiny", big), ("Core", varied), ("Core", small), ("Tiny", big)]
    return write_csv(tmp_path / "responses.csv", rows)


def test_a_team_below_k_shows_nothing_derived_from_its_answers(
    scorer, responses: Path, tmp_path: Path
) -> None:
    result = build_portfolio(scorer, [responses], k=3)
    tiny = next(t for t in result.teams if t.name == "Tiny")
    assert not tiny.shown and tiny.respondents is None and tiny.stage is None
    assert tiny.statuses == {} and tiny.practices == {} and tiny.findings == []
    assert result.conclusion().startswith("2 teams: ")
    assert "1 team below the threshold (fewer than 3 respondents) is not shown" in (
        result.conclusion()
    )

    text = result.text()
    assert "Tiny" in text and "fewer than 3 respondents: not shown" in text
    assert "organization" not in text  # Tiny's stage, were it shown

    data = result.to_json()
    (entry,) = [t for t in data["teams"] if t["name"] == "Tiny"]
    assert entry == {
        "name": "Tiny",
        "source": str(responses),
        "shown": False,
        "respondents": "fewer than 3",
    }
    tiny_cells = [c for c in data["heatmap"] if c["team"] == "Tiny"]
    assert len(tiny_cells) == len(result.columns)
    assert all(c["text"] == "fewer than 3" and c["value"] is None for c in tiny_cells)
    assert all("Tiny" not in n for d in data["disagreements"] for g in d["groups"] for n in g)
    assert "organization" not in json.dumps(data)

    rows = list(csv.reader(io.StringIO(result.to_csv())))
    (tiny_row,) = [r for r in rows if r[0] == "Tiny"]
    assert tiny_row[2:] == ["fewer than 3"] * (len(rows[0]) - 2)

    out = tmp_path / "portfolio.pdf"
    cli = runner.invoke(
        app,
        ["portfolio", str(responses), "--k", "3", "--pdf", str(out), "-o", str(tmp_path / "x")],
    )
    assert cli.exit_code == 0, cli.output
    pdf_text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Tiny" in pdf_text and "fewer than 3" in pdf_text
    assert "organization" not in pdf_text


def test_at_k_the_same_team_is_shown(scorer, responses: Path) -> None:
    result = build_portfolio(scorer, [responses], k=3)
    assert [t.name for t in result.shown] == ["Core"]
    bigger = portfolio_of(
        scorer,
        [TeamInput("Tiny", "x", answers=[scorer.check(example("regulated-enterprise"))] * 3)],
        k=3,
    )
    assert bigger.teams[0].shown and bigger.teams[0].stage == "organization"


def test_teams_from_answers_files_and_assessments(scorer, tmp_path: Path) -> None:
    small = example("small-team-losing-context")
    named = tmp_path / "a.yaml"
    named.write_text(yaml.safe_dump({"meta": {"team": "Platform"}, "answers": small}))
    org = tmp_path / "b.yaml"
    org.write_text(yaml.safe_dump({"meta": {"organization": "Acme"}, "answers": small}))
    bare = tmp_path / "checkout-team.yaml"
    bare.write_text(yaml.safe_dump({"answers": example("solo-developer")}))
    scored = tmp_path / "scored.json"
    cli = runner.invoke(
        app, ["score", str(EXAMPLES / "regulated-enterprise.yaml"), "-f", "json", "-o", str(scored)]
    )
    assert cli.exit_code == 0, cli.output

    result = build_portfolio(scorer, [named, org, bare, scored], k=5)
    names = [t.name for t in result.teams]
    assert names == ["Acme", "checkout-team", "Harbour & Crane Bank", "Platform"]
    assert all(t.shown for t in result.teams)  # one answer set of its own: no threshold
    platform = next(t for t in result.teams if t.name == "Platform")
    alone = scorer.assess_file(named)
    assert platform.stage == alone.stage.id
    assert platform.statuses == {pp.id: pp.status for pp in alone.pivot_points}
    bank = next(t for t in result.teams if t.name == "Harbour & Crane Bank")
    assert bank.statuses == {
        pp.id: pp.status
        for pp in scorer.assess_file(EXAMPLES / "regulated-enterprise.yaml").pivot_points
    }


def test_the_heatmap_says_what_each_team_assessment_says(scorer, responses: Path) -> None:
    result = build_portfolio(scorer, [responses, EXAMPLES / "several-teams-contract-trouble.yaml"])
    # k 5: Core (3) and Tiny (2) are both below it; only the answers file is shown
    assert [t.name for t in result.shown] == ["Northwind Routing"]
    result = build_portfolio(
        scorer, [responses, EXAMPLES / "several-teams-contract-trouble.yaml"], k=3
    )
    rows = list(csv.DictReader(io.StringIO(responses.read_text())))
    core = [
        scorer.check({q: v for q, v in r.items() if q != "team" and v}, source="x")
        for r in rows
        if r["team"] == "Core"
    ]
    expected = {
        "Core": aggregate(scorer, core, k=3).team,
        "Northwind Routing": scorer.assess_file(EXAMPLES / "several-teams-contract-trouble.yaml"),
    }
    cells = {(c.team, c.column): c for c in result.heatmap()}
    for name, team in expected.items():
        assert team is not None
        for pp in team.pivot_points:
            assert cells[(name, pp.id)].text == STATUS_CELL[pp.status]
            assert cells[(name, pp.id)].value == pp.readiness
        for column in result.columns:
            if column.kind == "practice" and team.answers.get(column.id) is not None:
                # this pack's practice choices are named as the levels are
                assert cells[(name, column.id)].text == team.answers[column.id]


def test_the_disagreement_ranking_picks_a_constructed_split(scorer) -> None:
    base = example("small-team-losing-context")

    def team(name: str, **changes: Any) -> TeamInput:
        return TeamInput(name, "x", assessment=scorer.assess({**base, **changes}))

    teams = [
        team("A", pp1_prompt_library="not"),
        team("B", pp1_prompt_library="not"),
        team("C", pp1_prompt_library="not", pp1_ai_docs="partly"),
        team("D", pp1_prompt_library="fully"),
        team("E", pp1_prompt_library="fully"),
    ]
    ranked = portfolio_of(scorer, teams, k=3).disagreements()
    first = ranked[0]
    assert first.column.id == "pp1_prompt_library" and first.spread == 0.4
    assert first.groups == [("fully", ["D", "E"]), ("not", ["A", "B", "C"])]
    assert [d.column.id for d in ranked] == ["pp1_prompt_library", "pp1_ai_docs"]
    assert ranked[1].spread == 0.2 and ranked[1].groups[0] == ("partly", ["C"])


def test_the_command_writes_text_json_and_formula_neutral_csv(tmp_path: Path) -> None:
    small = example("small-team-losing-context")
    path = write_csv(tmp_path / "r.csv", [("=HYPERLINK(1)", small)] * 3 + [("Ops", small)])
    text = runner.invoke(app, ["portfolio", str(path), "--k", "3"])
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith(
        "2 teams: 1 crossed pivot point 1 without its practices; 1 approaching pivot point 2; "
        "1 team below the threshold (fewer than 3 respondents) is not shown\n"
    )
    as_json = runner.invoke(app, ["portfolio", str(path), "--k", "3", "-f", "json"])
    data = json.loads(as_json.stdout)
    assert [t["name"] for t in data["teams"]] == ["=HYPERLINK(1)", "Ops"]
    assert data["teams"][0]["pivot_points"]["PP1"]["status"] == "crossed-unprepared"
    out = tmp_path / "p.csv"
    as_csv = runner.invoke(app, ["portfolio", str(path), "--k", "3", "-f", "csv", "-o", str(out)])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["team"] == "'=HYPERLINK(1)" and rows[0]["PP1_status"] == "crossed-unprepared"
    assert rows[0]["pp1_prompt_library"] == "partly" and rows[1]["stage"] == "fewer than 3"


def test_bad_inputs_are_refused_with_file_and_line(tmp_path: Path) -> None:
    small = example("small-team-losing-context")
    path = write_csv(
        tmp_path / "r.csv",
        [("Core", small), ("", small), ("Core", {**small, "training_cadence": "yearly"})],
    )
    result = runner.invoke(app, ["portfolio", str(path), "--k", "3"])
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert f"{path}:3: team: no team given: each row needs its team in the 'team' column" in lines
    assert any(
        line.startswith(f"{path}:4: training_cadence: ") and "yearly" in line for line in lines
    )
    assert "Traceback" not in result.output

    again = runner.invoke(
        app,
        ["portfolio", str(EXAMPLES / "solo-developer.yaml")] * 1
        + [str(EXAMPLES / "solo-developer.yaml")],
    )
    assert again.exit_code == 1
    assert "the team 'Hollin Digital' is also given in" in again.stderr

    low = runner.invoke(app, ["portfolio", str(path), "--k", "2"])
    assert low.exit_code == 1 and low.stderr.strip() == (
        "--k: the threshold must be at least 3, not 2"
    )
    empty = tmp_path / "empty.csv"
    empty.write_text("team,developers\n")
    nothing = runner.invoke(app, ["portfolio", str(empty)])
    assert nothing.exit_code == 1 and nothing.stderr == (
        f"{empty}: no rows: expected one row a respondent under the header\n"
    )
    missing = runner.invoke(app, ["portfolio", str(tmp_path / "nope.csv")])
    assert missing.exit_code == 1 and len(missing.stderr.splitlines()) == 1
    assert str(tmp_path / "nope.csv") in missing.stderr


def test_the_pdf_has_the_heatmap_and_every_page_is_used(tmp_path: Path) -> None:
    rows = []
    for i, name in enumerate(["small-team-losing-context", "several-teams-contract-trouble"]):
        rows += [(f"Team {chr(65 + i)}", example(name))] * 3
    rows += [("Team Z", example("solo-developer"))] * 2
    path = write_csv(tmp_path / "r.csv", rows)
    out = tmp_path / "p.pdf"
    result = runner.invoke(
        app,
        ["portfolio", str(path), str(EXAMPLES / "regulated-enterprise.yaml"), "--k", "3"]
        + ["--pdf", str(out), "-o", str(tmp_path / "p.txt")],
    )
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    pages = [p.extract_text() for p in reader.pages]
    whole = " ".join(pages)
    for team in ("Team A", "Team B", "Team Z", "Harbour & Crane Bank"):
        assert team in whole
    # the heatmap's legend, and its cells' words, are text in the PDF
    assert "crossed, ready / fully in place" in whole
    assert "Where teams disagree" in whole and "Each team's stage and status" in whole
    # a page holds more than its running header and footer
    for number, text in enumerate(pages, 1):
        body = text.replace("Prepared with Pivotpoint", "").replace(f"Page {number} of", "")
        assert len(body.split()) > 30, f"page {number} is nearly empty: {text!r}"


def test_the_benchmark_generates_teams_the_pack_takes(scorer) -> None:
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location(
        "bench_portfolio", ROOT / "bench" / "portfolio.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    teams = module.generate(scorer, 3, 4)
    result = portfolio_of(scorer, teams, k=4)
    assert [t.respondents for t in result.teams] == [4, 4, 4]
    assert all(c.tone != "hidden" for c in result.heatmap())


def test_many_teams_draw_the_heatmap_in_parts_and_name_a_dozen_at_an_answer(scorer) -> None:
    from assessment.report.render import Renderer
    from assessment.services.portfolio import render_pdf

    base = example("small-team-losing-context")
    assessed = scorer.assess(base)
    other = scorer.assess({**base, "pp1_prompt_library": "fully"})
    teams = [TeamInput(f"team {i:02d}", "x", assessment=assessed) for i in range(13)]
    teams.append(TeamInput("team 13", "x", assessment=other))
    result = portfolio_of(scorer, teams, k=3)
    text = result.text()
    assert "    partly: team 00, team 01" in text and "team 11 and 1 more\n" in text
    assert "    fully: team 13\n" in text
    rendered = render_pdf(result, Renderer(scorer.pack))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(rendered.pdf)).pages]
    whole = " ".join(pages)
    assert "Part 1 of 2." in whole and "Part 2 of 2." in whole
    assert "team 13" in whole and "and 1 more" in whole
    for number, page in enumerate(pages, 1):
        assert len(page.split()) > 30, f"page {number} is nearly empty"
