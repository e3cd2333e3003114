"""Broken packs and the messages they must produce, kept as data.

Each folder in testdata/broken_packs holds files that replace or add to a copy of the mini pack
(a `DELETE` file lists files to remove) and `expected.txt`, the exact lines `validate` prints.
What git cannot store is made at test time: `LINKS` lists symbolic links (`name -> target`,
one a line), `FIFOS` lists named pipes, and an `outside/` folder is copied beside the pack (for
links that lead out of it).
Run `pytest --regen` to rewrite expected.txt after a deliberate change, then read the diff.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli.main import app
from tests.conftest import MINI, TESTDATA

CORPUS = TESTDATA / "broken_packs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def build_pack(case: str, tmp_path: Path) -> Path:
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    source = CORPUS / case
    for file in source.rglob("*"):
        rel = file.relative_to(source)
        if file.is_dir() or rel.name in SPECIAL or rel.parts[0] == "outside":
            continue
        (pack / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(file, pack / rel)
    if (source / "outside").is_dir():
        shutil.copytree(source / "outside", tmp_path / "outside")
    for rel in _words(source / "DELETE"):
        path = pack / rel
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    for line in _lines(source / "LINKS"):
        name, target = (part.strip() for part in line.split("->"))
        (pack / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, pack / name)
    for rel in _words(source / "FIFOS"):
        os.mkfifo(pack / rel)
    return pack


SPECIAL = ("expected.txt", "README", "DELETE", "LINKS", "FIFOS")


def _lines(file: Path) -> list[str]:
    return [x for x in file.read_text().splitlines() if x.strip()] if file.exists() else []


def _words(file: Path) -> list[str]:
    return file.read_text().split() if file.exists() else []


@contextlib.contextmanager
def unblocked(fifos: list[Path], after: float = 20.0) -> Iterator[None]:
    """If a reader ever blocks on one of `fifos` again, open its other end after `after`
    seconds, so the test fails with a wrong message instead of hanging the suite."""
    done = threading.Event()

    def release() -> None:
        if done.wait(after):
            return
        for fifo in fifos:
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


@pytest.mark.parametrize("case", CASES)
def test_broken_pack_messages(case: str, tmp_path: Path, regen: bool, monkeypatch) -> None:
    pack = build_pack(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    fifos = [pack / rel for rel in _words(CORPUS / case / "FIFOS")]
    started = time.monotonic()
    with unblocked(fifos):
        result = CliRunner().invoke(app, ["validate", str(pack)])
    assert time.monotonic() - started < 15, "validate waited on a file"
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    expected_file = CORPUS / case / "expected.txt"
    if regen:
        expected_file.write_text("\n".join(lines) + "\n")
    assert lines == expected_file.read_text().splitlines()


def test_every_corpus_case_says_what_it_breaks() -> None:
    for case in CASES:
        assert (CORPUS / case / "README").read_text().strip(), case


def test_yes_and_on_are_plain_choice_ids(tmp_path: Path) -> None:
    """YAML 1.2 reading: `{id: yes}` was read as true and refused (the old corpus case
    yes-as-choice-id); now it is the id 'yes', and an answer `on` picks the choice `on`."""
    from assessment.services.scoring import Scorer

    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    edits = {
        "questionnaire.yaml": (
            "{id: once, label: Once}, {id: ongoing,",
            "{id: yes, label: Once}, {id: on,",
        ),
        "rules/mistakes.yaml": ("in: [none-yet, once]", "in: [none-yet, yes]"),
        "cases/cases.yaml": ("training: once", "training: yes"),
    }
    for rel, (old, new) in edits.items():
        text = (pack / rel).read_text()
        assert old in text
        (pack / rel).write_text(text.replace(old, new).replace("training: ongoing", "training: on"))
    result = CliRunner().invoke(app, ["validate", str(pack)])
    assert result.exit_code == 0, result.output
    scorer = Scorer(pack)
    values = scorer.check({"developers": 2, "teams": 1, "regulated": False, "training": "on"})
    assert values["training"] == "on"
    fired = [m.rule for m in scorer.assess({**values, "training": "yes"}).mistakes]
    assert "m4-one-off-training" in fired
