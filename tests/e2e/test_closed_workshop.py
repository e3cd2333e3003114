"""A participant whose workshop closes while their review page is open: in chromium, "Send my
answers" is refused with a plain message, and nothing is stored as sent."""

from __future__ import annotations

import os

from playwright.sync_api import Page, expect

from assessment.store import Store
from assessment.store.errors import CLOSED_TO_PARTICIPANTS
from tests.e2e.conftest import ARTIFACTS, app_server, assert_accessible
from tests.e2e.test_self_service import idle


def test_closed_workshop_refuses_send_in_the_browser(page: Page, tmp_path_factory) -> None:
    data = tmp_path_factory.mktemp("closed")
    env = {k: v for k, v in os.environ.items() if k != "PIVOTPOINT_DATABASE_URL"}
    with Store(f"sqlite:///{data / 'pivotpoint.db'}") as store:
        workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
        person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id)
        for question, value in {"developers": 4, "teams": 1, "regulated": False}.items():
            store.save_answer(person.token, question, value)
        store.save_position(person.token, 99)  # at the review step
        with app_server({**env, "PIVOTPOINT_DATA_DIR": str(data)}, tmp_path_factory) as url:
            page.goto(f"{url}/survey?r={person.token}")
            idle(page)
            send = page.get_by_role("button", name="Send my answers")
            expect(send).to_be_enabled()
            store.set_workshop_status(workshop.id, "closed")
            send.click()
            idle(page)
            expect(page.get_by_text(CLOSED_TO_PARTICIPANTS).first).to_be_visible()
            disabled = page.get_by_role("button", name="Send my answers")
            expect(disabled).to_be_disabled()
            disabled.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "closed-workshop-send.png"))
            assert_accessible(page, "closed-workshop-send.png")
        assert not store.find(person.token).finished
        assert store.answers(person.token)["developers"] == 4
