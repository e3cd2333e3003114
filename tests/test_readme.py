"""README promises that must stay true."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from assessment.cli.main import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_every_cli_command_is_documented() -> None:
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    for name in commands:
        assert f"`{name}" in README, f"README does not document `{name}`"


def test_the_error_sample_is_what_score_prints(tmp_path: Path, monkeypatch) -> None:
    sample = re.search(r"```\n(examples/mine\.yaml:.*?)```", README, re.S)
    assert sample, "README lost its error sample"
    expected = sample.group(1).strip().splitlines()
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "mine.yaml").write_text(
        "meta:\n  organization: Acme\nanswers:\n  developers: 4\n  regulated: false\n"
        "  enterprise_assurance: false\n  team_count: 1\n  teams: 1\n  training_cadence: yearly\n"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["score", "examples/mine.yaml"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == expected


def test_readme_shows_the_two_commands() -> None:
    assert "make run" in README and "make test" in README


def test_every_app_setting_is_documented() -> None:
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    for section, options in config.items():
        if section == "theme":
            assert "`theme.*`" in README
            continue
        for option in options:
            assert f"`{section}.{option}`" in README, f"{section}.{option} is not documented"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False


def test_every_environment_setting_is_documented() -> None:
    used = set()
    for path in [*(ROOT / "assessment").rglob("*.py"), ROOT / "streamlit_app.py"]:
        used |= set(re.findall(r"PIVOTPOINT_[A-Z_]+", path.read_text()))
    assert len(used) >= 8, used  # the scan found the settings
    for name in sorted(used):
        assert f"`{name}" in README, f"{name} is not documented in README"
