"""The app server killed with SIGKILL in the middle of a workshop and started again: nothing
given is lost, and participants resume from their links."""

from __future__ import annotations

import os
import signal

from playwright.sync_api import Browser, expect

from assessment.store import Store
from tests.e2e.conftest import PROCESSES, app_server
from tests.e2e.test_self_service import idle


def test_sigkill_mid_workshop_loses_nothing(browser: Browser, tmp_path_factory) -> None:
    data = tmp_path_factory.mktemp("crash")
    env = {k: v for k, v in os.environ.items() if k != "PIVOTPOINT_DATABASE_URL"}
    env["PIVOTPOINT_DATA_DIR"] = str(data)
    store = Store(f"sqlite:///{data / 'pivotpoint.db'}")
    workshop, _ = store.create_workshop("Crash", "ai-scaling", "1.0.0", k=3)
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    with app_server(env, tmp_path_factory) as url:
        page.goto(f"{url}/?join={workshop.code}")
        idle(page)
        page.get_by_role("button", name="Join and start").click()
        idle(page)
        box = page.get_by_role(
            "spinbutton", name="How many developers work with AI assistance today? *"
        )
        box.fill("7")
        box.press("Enter")
        idle(page)
        page.get_by_role(
            "radiogroup", name="Do you build software in a regulated industry? *"
        ).get_by_text("Yes", exact=True).click()
        idle(page)
        link = page.url
        os.kill(PROCESSES[url].pid, signal.SIGKILL)
        PROCESSES[url].wait(10)
    [response] = store.responses(workshop.id)
    assert response.answers == {"developers": 7, "regulated": True}
    with app_server(env, tmp_path_factory) as url:
        port = link.split("//", 1)[1].split("/", 1)[0]
        page.goto(link.replace(port, url.split("//", 1)[1]))
        idle(page)
        expect(
            page.get_by_role(
                "spinbutton", name="How many developers work with AI assistance today? *"
            )
        ).to_have_value("7")
        group = page.get_by_role(
            "radiogroup", name="Do you build software in a regulated industry? *"
        )
        expect(group.get_by_role("radio", name="Yes")).to_be_checked()
    context.close()
