"""Settings: every `PIVOTPOINT_*` variable is read in `assessment/settings.py` only,
when it is used, and the README's table documents each one with its default."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from assessment import settings
from tests.conftest import ROOT

SETTINGS_PY = ROOT / "assessment" / "settings.py"
NAME = re.compile(r"PIVOTPOINT_[A-Z_]+")


def environment_reads(path: Path) -> list[str]:
    """Where `path` reads the environment: `os.environ`, `os.getenv`, or a setting's name as a
    string of its own (a key to look up), as 'file:line what'. Messages that mention a setting
    in a sentence are not reads."""
    tree = ast.parse(path.read_text(), str(path))
    found = []
    for node in ast.walk(tree):
        what = None
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
            what = f"os.{node.attr}"
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            names = {a.name for a in node.names} & {"environ", "getenv", "environb"}
            what = f"from os import {', '.join(sorted(names))}" if names else None
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            what = node.value if NAME.fullmatch(node.value) else None
        if what is not None:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {what}")
    return found


def sources() -> list[Path]:
    return [*sorted((ROOT / "assessment").rglob("*.py")), ROOT / "streamlit_app.py"]


def test_the_environment_is_read_in_settings_only() -> None:
    reads = [r for path in sources() if path != SETTINGS_PY for r in environment_reads(path)]
    assert reads == [], "read PIVOTPOINT_* settings through assessment.settings"


def test_the_scan_finds_the_reads_in_settings() -> None:
    """The scan above would see a read: it sees every one settings.py makes."""
    reads = "\n".join(environment_reads(SETTINGS_PY))
    assert "os.environ" in reads
    for setting in settings.SETTINGS:
        assert f" {setting.name}" in reads


def test_every_setting_is_in_the_readme_table_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| `(PIVOTPOINT_[A-Z_]+)` \|.*$", readme, re.M)
    assert rows == [s.name for s in settings.SETTINGS], "README's table and SETTINGS differ"
    for setting in settings.SETTINGS:
        row = f"| `{setting.name}` | {setting.default} | {setting.purpose} |"
        assert row in readme, f"README does not show {setting.name} as {row}"


def test_the_documented_defaults_are_the_ones_used() -> None:
    assert settings.APP_URL.default == f"`{settings.DEFAULT_APP_URL}`"
    assert settings.DATA_DIR.default == f"`{settings.DEFAULT_DATA_DIR}`"
    assert settings.JOIN_LIMIT.default == f"`{settings.DEFAULT_JOIN_LIMIT}`"
    assert settings.KEY_LIMIT.default == f"`{settings.DEFAULT_KEY_LIMIT}`"
    assert settings.RENDER_WORKERS.default == f"`{settings.DEFAULT_RENDER_WORKERS}`"


@pytest.fixture()
def clean(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for setting in settings.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    return monkeypatch


def test_defaults_when_nothing_is_set(clean: pytest.MonkeyPatch) -> None:
    assert settings.pack() is None
    assert settings.database_url() is None
    assert settings.data_dir() == "data"
    assert settings.retention_days() is None
    assert settings.app_url() == "http://localhost:8501"
    assert settings.facilitators() is None
    assert settings.debug() is False
    assert settings.join_limit() == 60
    assert settings.key_limit() == 20
    assert settings.render_workers() == 2
    assert settings.redis_url() is None


def test_settings_are_read_when_asked_not_at_import(clean: pytest.MonkeyPatch) -> None:
    clean.setenv("PIVOTPOINT_PACK", "packs/mine")
    clean.setenv("PIVOTPOINT_DATABASE_URL", " postgresql://db/pp ")
    clean.setenv("PIVOTPOINT_DATA_DIR", " /srv/pp ")
    clean.setenv("PIVOTPOINT_RETENTION_DAYS", " 30 ")
    clean.setenv("PIVOTPOINT_APP_URL", "https://pp.example.org/")
    clean.setenv("PIVOTPOINT_FACILITATORS", "@example.org")
    clean.setenv("PIVOTPOINT_DEBUG", "1")
    clean.setenv("PIVOTPOINT_JOIN_LIMIT", "7")
    clean.setenv("PIVOTPOINT_KEY_LIMIT", "0")
    clean.setenv("PIVOTPOINT_REDIS_URL", " redis://cache:6379/0 ")
    assert settings.pack() == "packs/mine"
    assert settings.database_url() == "postgresql://db/pp"
    assert settings.data_dir() == "/srv/pp"
    assert settings.retention_days() == 30
    assert settings.app_url() == "https://pp.example.org"
    assert settings.facilitators() == "@example.org"
    assert settings.debug() is True
    assert settings.join_limit() == 7
    assert settings.key_limit() == 0
    assert settings.redis_url() == "redis://cache:6379/0"


@pytest.mark.parametrize("value", ["", "  ", "thirty", "-1", "1.5"])
def test_retention_days_only_as_a_whole_number(clean: pytest.MonkeyPatch, value: str) -> None:
    clean.setenv("PIVOTPOINT_RETENTION_DAYS", value)
    assert settings.retention_days() is None


def test_a_blank_database_url_means_none(clean: pytest.MonkeyPatch) -> None:
    clean.setenv("PIVOTPOINT_DATABASE_URL", "   ")
    clean.setenv("PIVOTPOINT_DATA_DIR", "  ")
    assert settings.database_url() is None
    assert settings.data_dir() == "data"


@pytest.mark.parametrize(
    ("value", "workers"), [("3", 3), (" 1 ", 1), ("0", 1), ("two", 2), ("", 2)]
)
def test_render_workers_are_at_least_one(
    clean: pytest.MonkeyPatch, value: str, workers: int
) -> None:
    clean.setenv("PIVOTPOINT_RENDER_WORKERS", value)
    assert settings.render_workers() == workers
