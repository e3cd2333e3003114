"""The facilitator's side in a real browser (issue 9, A and C): the key is revealed once, on a
step of its own, and is gone from the page once saved; the app server killed with SIGKILL and
started again on the same port and data folder leaves the dashboard open after the browser
reconnects, without the key typed; neither the key nor the session token ever shows in the
address bar or the page."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine, text

from assessment.services.batch import read_responses
from assessment.services.scoring import Scorer
from assessment.store import Store
from assessment.ui.session_cookie import NAME as COOKIE
from tests.conftest import EXAMPLES
from tests.e2e.conftest import ARTIFACTS, PROCESSES, app_server, assert_accessible, free_port
from tests.e2e.test_self_service import idle

NEEDED = "3 more answers are needed before anything is shown."


def secrets_absent(page: Page, *secrets: str) -> None:
    """None of `secrets` is in the address bar, the page's text or its markup."""
    shown = page.inner_text("body")
    markup = page.content()
    for secret in secrets:
        assert secret not in page.url
        assert secret not in shown
        assert secret not in markup


def only_code(data: Path) -> str:
    engine = create_engine(f"sqlite:///{data / 'pivotpoint.db'}")
    with engine.connect() as conn:
        [code] = conn.execute(text("SELECT code FROM workshop")).scalars().all()
    engine.dispose()
    return str(code)


def session_cookie(page: Page) -> str | None:
    found = [c["value"] for c in page.context.cookies() if c["name"] == COOKIE]
    return found[0] if found else None


def test_a_restart_keeps_the_dashboard_open_without_the_key(
    browser: Browser, tmp_path_factory
) -> None:
    data = tmp_path_factory.mktemp("restart")
    env = {k: v for k, v in os.environ.items() if k != "PIVOTPOINT_DATABASE_URL"}
    env["PIVOTPOINT_DATA_DIR"] = str(data)
    port = free_port()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    with app_server(env, tmp_path_factory, port=port) as url:
        page.goto(url + "/workshop")
        idle(page)
        page.get_by_label("Workshop name").fill("Platform kick-off")
        threshold = page.get_by_label("Anonymity threshold: show nothing before this many answers")
        threshold.fill("3")
        threshold.press("Tab")
        page.get_by_role("button", name="Create the workshop").click()
        idle(page)
        # the key step: no join code, no key until asked for
        expect(page.get_by_role("button", name="Reveal the facilitator key")).to_be_visible()
        expect(page.get_by_text("?join=")).to_have_count(0)
        store = Store(f"sqlite:///{data / 'pivotpoint.db'}")
        workshop = store.find_workshop(only_code(data))
        assert workshop is not None
        page.screenshot(path=str(ARTIFACTS / "facilitator-key-step.png"), full_page=True)
        assert_accessible(page, "facilitator-key-step.png")
        page.get_by_role("button", name="Reveal the facilitator key").click()
        idle(page)
        key = page.locator('[data-testid="stCode"]').inner_text().strip()
        assert store.check_key(workshop.code, key) == workshop
        expect(page.get_by_text("?join=")).to_have_count(0)  # revealed away from the join panel
        page.get_by_role("button", name="I have saved it").click()
        idle(page)
        expect(page.get_by_text(NEEDED)).to_be_visible()
        assert re.search(rf"\?join={workshop.code}", page.inner_text("body"))
        token = session_cookie(page)
        assert token and token != key
        [cookie] = [c for c in context.cookies() if c["name"] == COOKIE]
        assert cookie["sameSite"] == "Strict" and cookie["path"] == "/"
        assert 11.9 * 3600 < cookie["expires"] - time.time() <= 12 * 3600  # as the session
        assert store.facilitator_session(token).workshop == workshop
        secrets_absent(page, key, token)

        os.kill(PROCESSES[url].pid, signal.SIGKILL)
        PROCESSES[url].wait(10)
    with app_server(env, tmp_path_factory, port=port):
        # the browser reconnects by itself: a new server session, the same cookie. The page
        # shown before the restart stays on screen meanwhile, so only answers arriving now
        # prove a live dashboard: three people send theirs, and the group appears.
        rows = read_responses(Scorer(), EXAMPLES / "workshop_responses.csv").rows[:3]
        store.add_finished_respondents(
            workshop.id, "ai-scaling", "1.0.0", [(r.meta.get("role"), r.values) for r in rows]
        )
        expect(page.get_by_text("Team stage")).to_be_visible(timeout=60_000)
        idle(page)
        expect(page.get_by_text(f"?join={workshop.code}").first).to_be_visible()
        expect(page.get_by_role("button", name="Create the workshop")).to_have_count(0)
        secrets_absent(page, key, token)
        page.screenshot(path=str(ARTIFACTS / "facilitator-after-restart.png"), full_page=True)
        assert_accessible(page, "facilitator-after-restart.png")

        page.reload()  # a reload is a new session too
        idle(page)
        expect(page.get_by_text("Team stage")).to_be_visible()
        secrets_absent(page, key, token)

        page.get_by_role("button", name="Leave").click()  # closing the dashboard ends it
        idle(page)
        expect(page.get_by_role("button", name="Create the workshop")).to_be_visible()
        page.wait_for_function(f"!document.cookie.includes('{COOKIE}=')", timeout=10_000)
        assert session_cookie(page) is None
        page.reload()
        idle(page)
        expect(page.get_by_role("button", name="Create the workshop")).to_be_visible()
        expect(page.get_by_text("Team stage")).to_have_count(0)
    store.close()
    context.close()
