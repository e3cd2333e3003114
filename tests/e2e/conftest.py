"""Browser tests: the app server on a free port with its own SQLite store, Debian's chromium
driven by pytest-playwright (never a downloaded browser)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
# url -> the server process, so that a test can kill one the hard way
PROCESSES: dict[str, subprocess.Popen[bytes]] = {}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists():
                item.add_marker(
                    pytest.mark.skip(
                        reason="Debian's chromium is not installed (make test installs it)"
                    )
                )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "accept_downloads": True,
        "viewport": {"width": 412, "height": 915},
    }  # a phone-sized screen


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {**os.environ, "PIVOTPOINT_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
    env.pop("PIVOTPOINT_DATABASE_URL", None)
    with app_server(env, tmp_path_factory) as url:
        yield url


@contextlib.contextmanager
def app_server(
    env: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    *,
    port: int | None = None,
    args: tuple[str, ...] = (),
) -> Iterator[str]:
    """An app server process (on `port`, else a free one), stopped on exit; `args` are more
    options for `streamlit run`."""
    port = port or free_port()
    env = {**env, "PIVOTPOINT_APP_URL": f"http://127.0.0.1:{port}"}
    log = (tmp_path_factory.mktemp("log") / "streamlit.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "streamlit_app.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    break
        except OSError:
            time.sleep(0.3)
    else:  # pragma: no cover - only when the server cannot start
        server.kill()
        raise RuntimeError("the app server did not start within 60 s")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    PROCESSES[url] = server
    try:
        yield url
    finally:  # a failing test must not leave its server running
        PROCESSES.pop(url, None)
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            server.kill()
        log.close()


# axe-core, installed by `make test` from the npm registry (Makefile: AXE_VERSION)
AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def assert_accessible(page, where: str) -> None:
    """No serious or critical axe-core violation on the page as it stands (WCAG 2.2 A and AA
    rules and best practices), each named with the elements it concerns."""
    if not AXE.exists():
        pytest.fail(
            f"axe-core is not installed at {AXE.relative_to(ROOT)}: `make test` installs it"
        )
    # a page still rerunning shows its older elements faded: check it once it has settled
    page.wait_for_timeout(300)
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=20_000
    )
    page.wait_for_function(
        '() => !document.querySelector(\'[data-stale="true"], [data-testid="stSkeleton"]\')',
        timeout=20_000,
    )
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 3).map(n => n.html.slice(0, 100)
                            + ' ' + (n.failureSummary || '').slice(0, 160))}))"""
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{where}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']}: {v['nodes']}" for v in blocking
    )
