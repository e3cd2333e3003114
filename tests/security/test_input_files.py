"""Packs and answers files: only regular files inside the pack are read, a FIFO never hangs a
reader, and no message echoes more than a short excerpt of what it read (issue 9, items 3, 11).

The corpora (tests/testdata/broken_packs, bad_answers) hold the exact messages; these tests pin
the properties that matter for safety, in real processes where a hang would otherwise go unseen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.content.pack import load_pack
from assessment.content.yaml_io import YamlLoadError, load_text, load_yaml
from assessment.errors import MAX_LINE, MAX_PROBLEMS, AnswerError, PivotpointError, Problem
from assessment.services.answers import parse_answers
from tests.conftest import MINI, ROOT

SECRET = "hunter2-do-not-echo"


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in its own process: a read that blocks shows as a timeout, not a hung suite."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "assessment", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    copy = tmp_path / "mini"
    shutil.copytree(MINI, copy)
    return copy


def test_fifo_answers_file_does_not_hang_score(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = _run("score", str(fifo), "--pack", str(MINI), timeout=30)
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"{fifo}: is a named pipe (FIFO), not a regular file; give a file"
    )


def test_fifo_in_a_pack_does_not_hang_validate(pack: Path) -> None:
    os.mkfifo(pack / "rules" / "zz_pipe.yaml")
    result = _run("validate", str(pack), timeout=30)
    assert result.returncode == 1
    assert "zz_pipe.yaml: is a named pipe (FIFO), not a regular file" in result.stderr


def test_load_yaml_refuses_devices_and_opens_nothing_that_blocks(tmp_path: Path) -> None:
    with pytest.raises(YamlLoadError) as err:
        load_yaml("/dev/zero", "zero.yaml")
    assert str(err.value) == "zero.yaml: is a character device, not a regular file; give a file"
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(YamlLoadError, match="named pipe"):
        load_yaml(fifo, "pipe.yaml")
    assert time.monotonic() - started < 5


def test_symlink_loop_is_a_message_not_an_internal_error(tmp_path: Path, pack: Path) -> None:
    os.symlink("b.yaml", tmp_path / "a.yaml")
    os.symlink("a.yaml", tmp_path / "b.yaml")
    result = CliRunner().invoke(app, ["score", str(tmp_path / "a.yaml"), "--pack", str(MINI)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{tmp_path / 'a.yaml'}: is a symbolic link loop; point the link at a file"
    )
    os.symlink("loop.yaml", pack / "cases" / "loop.yaml")
    with pytest.raises(PivotpointError) as perr:
        load_pack(pack)
    assert [str(p) for p in perr.value.problems] == [
        "mini/cases/loop.yaml: is a symbolic link loop; point the link at a file inside the pack"
    ]


@pytest.mark.parametrize("target", ["questionnaire.yaml", "rules/zz_outside.yaml"])
def test_links_out_of_the_pack_are_refused_unread(
    tmp_path: Path, pack: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    outside = tmp_path / "shadow.yaml"
    # a file whose lines would come back as 'unknown field' messages if it were read
    outside.write_text(f"root: {SECRET}:19000:0:99999:7:::\n{SECRET}: x\ntable: stage\n")
    link = pack / target
    link.unlink(missing_ok=True)
    os.symlink(outside, link)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(pack)])
    assert result.exit_code == 1
    assert SECRET not in result.output
    assert "shadow" not in result.output  # not even the target's name
    assert result.stderr.splitlines()[0] == (
        f"mini/{target}: is a symbolic link that leads out of the pack folder; "
        "copy what it points at into the pack instead"
    )


def test_links_inside_the_pack_are_fine(pack: Path) -> None:
    (pack / "shared").mkdir()
    (pack / "rules" / "stage.yaml").rename(pack / "shared" / "stage.yaml")
    os.symlink("../shared/stage.yaml", pack / "rules" / "stage.yaml")
    (pack / "cases").rename(pack / "cases-real")
    os.symlink("cases-real", pack / "cases")
    loaded = load_pack(pack)
    assert loaded.cases  # read through the folder link


def test_a_pack_folder_given_through_a_link_is_fine(tmp_path: Path, pack: Path) -> None:
    os.symlink(pack, tmp_path / "linked")
    assert load_pack(tmp_path / "linked").info.id == "mini"


def test_no_message_line_is_long_and_aliases_never_expand(tmp_path: Path) -> None:
    # item 11: 321 bytes of aliases made one 94 KB error line
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abc", "bcd", strict=True)
    )
    bomb += "answers: {developers: *d, teams: *d, regulated: *d, tracked: *d, comment: *d}\n"
    file = tmp_path / "bomb.yaml"
    file.write_text(bomb)
    assert len(bomb.encode()) < 400
    result = CliRunner().invoke(app, ["score", str(file), "--pack", str(MINI)])
    assert result.exit_code == 1
    assert len(result.stderr) < 300, result.stderr[:500]
    assert "anchors and aliases" in result.stderr


def test_the_app_restore_path_refuses_aliases_too(mini_scorer) -> None:
    # the Report page parses an uploaded file with load_text + parse_answers
    doc = load_text(
        "meta: {organization: &o Acme, team: *o}\nanswers: {developers: 3}\n", "up.yaml"
    )
    with pytest.raises(AnswerError) as err:
        parse_answers(mini_scorer.engine, doc)
    assert [str(p) for p in err.value.problems] == [
        "up.yaml:1: anchors and aliases (&name, *name) are not allowed in this file; "
        "write each value out"
    ]


def test_every_problem_line_is_capped() -> None:
    line = str(Problem("f.yaml", 3, "answers." + "k" * 5000, "bad value " + "v\n" * 5000))
    assert len(line) <= MAX_LINE
    assert "\n" not in line
    assert line.endswith("…")


def test_errors_report_at_most_max_problems_then_how_many_more() -> None:
    problems = [Problem("f.yaml", i + 1, f"q{i}", "bad") for i in range(MAX_PROBLEMS + 42)]
    err = AnswerError(problems)
    assert err.total == MAX_PROBLEMS + 42
    assert len(err.problems) == MAX_PROBLEMS + 1
    assert (
        str(err.problems[-1]) == "f.yaml: and 42 more problems not shown; fix these and run again"
    )
    assert len(AnswerError(problems[:MAX_PROBLEMS]).problems) == MAX_PROBLEMS


def test_validate_counts_every_problem_though_it_shows_a_hundred(pack: Path) -> None:
    q = pack / "questionnaire.yaml"
    q.write_text(
        q.read_text().replace(
            "help: Size., required: true,",
            "help: Size., required: true, " + ", ".join(f"x{i}: 1" for i in range(150)) + ",",
        )
    )
    result = CliRunner().invoke(app, ["validate", str(pack)])
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_PROBLEMS + 2
    assert lines[-2].endswith("and 50 more problems not shown; fix these and run again")
    assert lines[-1] == "150 problems found"


def test_fifo_responses_csv_does_not_hang_batch(tmp_path: Path) -> None:
    fifo = tmp_path / "responses.csv"
    os.mkfifo(fifo)
    result = _run("batch", str(fifo), "-o", str(tmp_path / "out"), "--pack", str(MINI), timeout=30)
    assert result.returncode == 1
    assert (
        result.stderr.strip() == f"{fifo}: is a named pipe (FIFO), not a regular file; give a file"
    )
