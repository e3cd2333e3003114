"""The app server restarted under open phones (SIGKILL, then started again on the same port
and store): the first tap after the restart is saved, or said plainly, never dropped."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Browser, Page, expect

from assessment.store import Store
from tests.e2e.conftest import ARTIFACTS, PROCESSES, app_server, free_port
from tests.e2e.test_self_service import idle

DEVELOPERS = "How many developers work with AI assistance today? *"
TEAMS = "How many teams do these developers work in? *"
REGULATED = "Do you build software in a regulated industry? *"


def _restart(url: str, env: dict[str, str], tmp_path_factory, port: int):  # type: ignore[no-untyped-def]
    os.kill(PROCESSES[url].pid, signal.SIGKILL)
    PROCESSES[url].wait(10)
    return app_server(env, tmp_path_factory, port=port)


def _reconnected(page: Page) -> None:
    """Wait until the browser's websocket is connected to the new server again."""
    page.wait_for_selector('[data-testid="stConnectionStatus"]', state="detached", timeout=60_000)
    idle(page)


def _until(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return check()


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PIVOTPOINT_DATABASE_URL"}
    env["PIVOTPOINT_DATA_DIR"] = str(data)
    return env


def test_first_answer_after_a_restart_is_saved(browser: Browser, tmp_path_factory) -> None:
    data = tmp_path_factory.mktemp("restart")
    env = _env(data)
    store = Store(f"sqlite:///{data / 'pivotpoint.db'}")
    workshop, _ = store.create_workshop("Restart", "ai-scaling", "1.0.0", k=3)
    port = free_port()
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    with app_server(env, tmp_path_factory, port=port) as url:
        page.goto(f"{url}/?join={workshop.code}")
        idle(page)
        page.get_by_role("button", name="Join and start").click()
        idle(page)
        box = page.get_by_role("spinbutton", name=DEVELOPERS)
        box.fill("7")
        box.press("Enter")
        idle(page)
        restarted = _restart(url, env, tmp_path_factory, port)
    with restarted:
        _reconnected(page)
        box = page.get_by_role("spinbutton", name=TEAMS)
        box.fill("2")
        box.press("Enter")
        idle(page)
        page.screenshot(path=str(ARTIFACTS / "restart-first-answer.png"), full_page=True)
        assert _until(lambda: store.responses(workshop.id)[0].answers.get("teams") == 2), (
            store.responses(workshop.id)[0].answers
        )
        assert store.responses(workshop.id)[0].answers["developers"] == 7
        expect(page.get_by_role("spinbutton", name=TEAMS)).to_have_value("2")
    context.close()


def _answer_first_section(page: Page) -> None:
    for name, value in ((DEVELOPERS, "7"), (TEAMS, "2")):
        box = page.get_by_role("spinbutton", name=name)
        box.fill(value)
        box.press("Enter")
        idle(page)
    page.get_by_role("radiogroup", name=REGULATED).get_by_text("No", exact=True).click()
    idle(page)


def test_first_next_and_send_after_a_restart_are_not_lost(
    browser: Browser, tmp_path_factory
) -> None:
    data = tmp_path_factory.mktemp("restart")
    env = _env(data)
    store = Store(f"sqlite:///{data / 'pivotpoint.db'}")
    workshop, _ = store.create_workshop("Restart", "ai-scaling", "1.0.0", k=3)
    port = free_port()
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    with app_server(env, tmp_path_factory, port=port) as url:
        page.goto(f"{url}/?join={workshop.code}")
        idle(page)
        page.get_by_role("button", name="Join and start").click()
        idle(page)
        _answer_first_section(page)
        restarted = _restart(url, env, tmp_path_factory, port)
    with restarted as url:
        _reconnected(page)
        page.get_by_role("button", name="Next").click()  # the first tap after the restart
        idle(page)
        expect(page.get_by_role("heading", level=2).first).not_to_have_text("Your organisation")
        token = parse_qs(urlparse(page.url).query)["r"][0]
        assert store.find(token).position == 1
        store.save_position(token, 99)  # straight to the review step
        page.reload()
        idle(page)
        expect(page.get_by_role("button", name="Send my answers")).to_be_visible()
        restarted = _restart(url, env, tmp_path_factory, port)
    with restarted:
        _reconnected(page)
        page.get_by_role("button", name="Send my answers").click()
        idle(page)
        expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "restart-send.png"), full_page=True)
        assert store.find(token).finished
    context.close()
