"""The command line as a user runs it: exit codes, output, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.kinds.stage import stage_label
from tests.conftest import DEFAULT_PACK, EXAMPLES, MINI, ROOT

runner = CliRunner()
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def test_validate_accepts_the_shipped_pack() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("pack ai-scaling ")
    assert "checks passed" in result.stdout


def test_validate_names_a_missing_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "not a pack folder" in result.stderr


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_scores_as_json_and_text(example: Path) -> None:
    as_json = runner.invoke(app, ["score", str(example), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data["pack"]["id"] == "ai-scaling"
    assert data["trace"]
    as_text = runner.invoke(app, ["score", str(example)])
    assert as_text.exit_code == 0
    # the stage by the name the report gives it ("One team"), not its id
    assert f"Stage: {stage_label(data['stage']['id'])} (" in as_text.stdout
    assert (data["strategy"]["title"] or "not judged") in as_text.stdout


def test_score_writes_a_file_and_can_leave_the_trace_out(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = runner.invoke(
        app, ["score", str(EXAMPLE_FILES[0]), "-f", "json", "--no-trace", "-o", str(out)]
    )
    assert result.exit_code == 0 and result.stdout == ""
    assert "trace" not in json.loads(out.read_text())


def test_score_against_another_pack() -> None:
    answers = ROOT / "tests" / "testdata" / "answers_mini.yaml"
    result = runner.invoke(app, ["score", str(answers), "--pack", str(MINI), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["pack"]["id"] == "mini"


def test_schema_writes_one_file_per_kind(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "answers.schema.json",
        "cases.schema.json",
        "catalogue.schema.json",
        "mapping.schema.json",
        "pack.schema.json",
        "questionnaire.schema.json",
        "rules.schema.json",
    ]
    rules = json.loads((tmp_path / "rules.schema.json").read_text())
    assert "StageTable" in json.dumps(rules)


def test_the_schema_accepts_the_shipped_pack(tmp_path: Path) -> None:
    """The JSON Schema an editor uses must agree with what `validate` accepts."""
    jsonschema = pytest.importorskip("jsonschema")
    from assessment.content.schema.json_schema import schemas
    from assessment.content.yaml_io import load_yaml

    all_schemas = schemas()
    jsonschema.validate(
        load_yaml(DEFAULT_PACK / "questionnaire.yaml").data, all_schemas["questionnaire"]
    )
    for file in sorted((DEFAULT_PACK / "rules").glob("*.yaml")):
        jsonschema.validate(load_yaml(file).data, all_schemas["rules"])


def test_a_bug_is_one_line_without_traceback(monkeypatch, tmp_path: Path) -> None:
    script = (
        "import assessment.services.scoring as s\n"
        "def boom(self, *a, **k):\n    raise RuntimeError('kaboom')\n"
        "s.Scorer.assess = boom\n"
        "import sys; sys.argv = ['assessment', 'score', sys.argv[1]]\n"
        "from assessment.cli.main import main; main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(EXAMPLE_FILES[0])],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("internal error: RuntimeError: kaboom")


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "assessment",
            "score",
            str(EXAMPLE_FILES[0]),
            "--format",
            "json",
            "--no-trace",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["stage"]["id"]


def test_the_core_never_imports_streamlit() -> None:
    # every module outside assessment.ui, imported in one fresh interpreter
    code = (
        "import importlib, pkgutil, sys, assessment\n"
        "names = [m.name for m in pkgutil.walk_packages(assessment.__path__, 'assessment.')\n"
        "         if not m.name.startswith(\n"
        "             ('assessment.ui', 'assessment.__main__', 'assessment.entry'))]\n"
        "assert len(names) > 40, names\n"
        "for name in names: importlib.import_module(name)\n"
        "assert 'streamlit' not in sys.modules, 'streamlit imported by the core'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
