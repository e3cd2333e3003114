"""Broken packs and the messages they must produce, kept as data.

Each folder in testdata/broken_packs holds files that replace or add to a copy of the mini pack
(a `DELETE` file lists files to remove) and `expected.txt`, the exact lines `validate` prints.
Run `pytest --regen` to rewrite expected.txt after a deliberate change, then read the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli import app
from tests.conftest import MINI, TESTDATA

CORPUS = TESTDATA / "broken_packs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())


def build_pack(case: str, tmp_path: Path) -> Path:
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    source = CORPUS / case
    for file in source.rglob("*"):
        rel = file.relative_to(source)
        if file.is_dir() or rel.name in ("expected.txt", "README", "DELETE"):
            continue
        (pack / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(file, pack / rel)
    if (source / "DELETE").exists():
        for rel in (source / "DELETE").read_text().split():
            (pack / rel).unlink()
    return pack


@pytest.mark.parametrize("case", CASES)
def test_broken_pack_messages(case: str, tmp_path: Path, regen: bool, monkeypatch) -> None:
    pack = build_pack(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(pack)])
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
