"""A workshop in real browsers: a facilitator creates it, three participants (separate
browser contexts, phone-sized) join with the code and answer, the dashboard shows the group only
once k = 3 answered, and the team report downloads. With PostgreSQL the facilitator and the
participants use two different app servers on one database, as replicas would."""

from __future__ import annotations

import io
import os
import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from sqlalchemy import create_engine

from tests.e2e.conftest import ARTIFACTS, app_server, assert_accessible
from tests.e2e.test_self_service import idle

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()


@pytest.fixture(params=["sqlite", "postgresql"])
def servers(request, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(facilitator's server, participants' server)."""
    base = {k: v for k, v in os.environ.items() if k != "PIVOTPOINT_DATABASE_URL"}
    if request.param == "sqlite":
        env = {**base, "PIVOTPOINT_DATA_DIR": str(tmp_path_factory.mktemp("data"))}
        with app_server(env, tmp_path_factory) as url:
            yield url, url
        return
    if not PG_URL:
        pytest.skip("PostgreSQL tests need TEST_DATABASE_URL (not set)")
    schema = f"e2e_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    env = {**base, "PIVOTPOINT_DATABASE_URL": f"{PG_URL}{sep}options=-csearch_path%3D{schema}"}
    try:
        with (
            app_server(env, tmp_path_factory) as first,
            app_server(env, tmp_path_factory) as second,
        ):
            yield first, second
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def participate(browser: Browser, url: str, developers: int, index: int) -> None:
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    page.goto(url)
    idle(page)
    page.get_by_role("button", name="Join and start").click()
    idle(page)
    box = page.get_by_role(
        "spinbutton", name="How many developers work with AI assistance today? *"
    )
    box.fill(str(developers))
    box.press("Enter")
    idle(page)
    teams = page.get_by_role("spinbutton", name="How many teams do these developers work in? *")
    teams.fill("1")
    teams.press("Enter")
    idle(page)
    page.get_by_role(
        "radiogroup", name="Do you build software in a regulated industry? *"
    ).get_by_text("No", exact=True).click()
    idle(page)
    for _ in range(12):
        if page.get_by_role("heading", name="Review").count():
            break
        page.get_by_role("button", name="Next").click()
        idle(page)
    page.get_by_role("button", name="Send my answers").click()
    idle(page)
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_text("changed in another window")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / f"workshop-participant-{index}.png"))
    assert_accessible(page, f"workshop-participant-{index}.png")
    context.close()


def test_a_workshop_from_creation_to_team_report(
    browser: Browser, page: Page, servers: tuple[str, str]
) -> None:
    facilitator_url, participant_url = servers
    page.goto(facilitator_url + "/workshop")
    idle(page)
    page.get_by_label("Workshop name").fill("Platform kick-off")
    threshold = page.get_by_label("Anonymity threshold: show nothing before this many answers")
    threshold.fill("3")
    threshold.press("Tab")
    page.get_by_role("button", name="Create the workshop").click()
    idle(page)
    page.get_by_role("button", name="Reveal the facilitator key").click()
    idle(page)
    page.get_by_role("button", name="I have saved it").click()
    idle(page)
    text = page.inner_text("body")
    code = re.search(r"\?join=([A-Z0-9]{6})", text).group(1)
    expect(page.get_by_text("3 more answers are needed before anything is shown.")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "workshop-created.png"), full_page=True)
    assert_accessible(page, "workshop-created.png")
    for i, developers in enumerate((4, 6, 12), start=1):
        participate(browser, f"{participant_url}/?join={code.lower()}", developers, i)
        if i < 3:
            expect(page.get_by_text(f"{3 - i} more answers are needed")).to_be_visible(
                timeout=20_000
            )
            expect(page.get_by_text("Team stage")).to_have_count(0)
    expect(page.get_by_text("Team stage")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Where people disagree")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "workshop-dashboard.png"), full_page=True)
    assert_accessible(page, "workshop-dashboard.png")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Team report (PDF)").click()
    pdf = download.value.path().read_bytes()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "3 of the 3 people who joined Platform kick-off sent their answers" in text
