"""The built wheel carries everything it needs: installed into a fresh venv, away from the
checkout, it validates its own pack, scores, renders a report and starts the app.

The fresh venv reaches the test environment's dependencies through a path entry, but not its
editable install of this checkout (a `.pth` file on a path entry is not run), so every
`assessment` module, template, font and pack file comes from the wheel.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = tmp_path_factory.mktemp("build")
    # the source is copied first, so the build leaves nothing (build/, *.egg-info) in the checkout
    src = build / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "data", "__pycache__", ".*_cache", "*.egg-info"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
        cwd=build,
    )
    (found,) = out.glob("pivotpoint_assessment-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(home)], check=True)
    site = Path(
        subprocess.run(
            [
                str(home / "bin" / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(home / "bin" / "python"),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
    )
    return home


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "assessment"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_wheel_carries_the_pack_templates_fonts_and_app(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "assessment/questionnaires/ai-scaling/pack.yaml",
        "assessment/questionnaires/ai-scaling/questionnaire.yaml",
        "assessment/questionnaires/ai-scaling/rules/stage.yaml",
        "assessment/questionnaires/ai-scaling/cases/team.yaml",
        "assessment/report/templates/report.html.j2",
        "assessment/report/templates/report.css",
        "assessment/report/templates/partials/summary.html.j2",
        "assessment/report/templates/fonts/Inter-Regular.otf",
        "assessment/ui/favicon.png",
        "assessment/entry.py",
        "assessment/ui/streamlit_config.toml",
        "assessment/ui/pages/survey.py",
        "assessment/questionnaires/ai-scaling/translations/de.yaml",
        "assessment/locale/de/LC_MESSAGES/messages.po",
    ):
        assert expected in names, f"{expected} is not in the wheel"
    # every file of the checkout's package is in the wheel
    package = ROOT / "assessment"
    shipped = {
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert shipped <= names, sorted(shipped - names)


def test_the_installed_package_runs_from_any_folder(venv: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import assessment; print(assessment.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), where

    validated = _run(venv, tmp_path, "validate")
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith("pack ai-scaling "), validated.stdout
    assert "cases" in validated.stdout

    answers = tmp_path / "answers.yaml"
    shutil.copy(EXAMPLES / "small-team-losing-context.yaml", answers)
    scored = _run(venv, tmp_path, "score", "answers.yaml", "--format", "json")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["stage"]["id"] == "team"
    # German: the pack's translation and the message catalogue travel with the package
    german = _run(venv, tmp_path, "score", "answers.yaml", "--lang", "de")
    assert german.returncode == 0, german.stderr
    assert "Wendepunkt" in german.stdout and "Bereitschaft nach Dimension" in german.stdout

    reported = _run(venv, tmp_path, "report", "answers.yaml", "-o", "report.pdf")
    assert reported.returncode == 0, reported.stderr
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml", "report.pdf"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_the_installed_app_starts_with_the_packaged_settings(venv: Path, tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [
            str(venv / "bin" / "assessment"),
            "app",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PIVOTPOINT_DATA_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        health = ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as r:
                    health = r.read().decode()
                    break
            except OSError:
                time.sleep(0.3)
        assert health == "ok", server.stdout.read() if server.stdout and server.poll() else health
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_the_app_verb_passes_every_packaged_setting_to_streamlit() -> None:
    from assessment.cli import serve

    options = serve.streamlit_options()
    assert "--server.enableXsrfProtection=true" in options
    assert "--client.showErrorDetails=none" in options
    assert "--browser.gatherUsageStats=false" in options
    # the checkout's .streamlit/config.toml is the packaged file, so `make run` and `assessment
    # app` run with the same settings
    assert (ROOT / ".streamlit" / "config.toml").resolve() == serve.CONFIG.resolve()
    settings = [line for line in serve.CONFIG.read_text().splitlines() if " = " in line]
    assert len(options) == len(settings)
    argv = serve.command(["--server.port", "9000"])
    assert argv[1:5] == ["-m", "streamlit", "run", str(serve.ENTRY)]
    assert argv[-2:] == ["--server.port", "9000"]
