"""A workshop in real browsers: a facilitator creates it, four participants (separate
browser contexts, phone-sized) join with the code and answer side by side, then send one after
the other; the dashboard shows the group only once k = 3 sent, a participant puts a question to
the room, the facilitator runs the presenter view (which shows it) and walks the room through
three disputed questions, records two actions, and the team report downloads with them. With
PostgreSQL the facilitator and the participants use two different app servers on one database,
as replicas would: that run stops once the dashboard shows the group, which is what replicas
have to get right."""

from __future__ import annotations

import io
import os
import re
import uuid
from collections.abc import Generator, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader
from sqlalchemy import create_engine

from assessment.services.scoring import Scorer
from tests.e2e.conftest import ARTIFACTS, app_server, assert_accessible
from tests.e2e.test_self_service import idle

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
PACK = Scorer().pack
REMARK = "Who owns the <b>review</b> rules?"


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


def answer_survey(
    browser: Browser, url: str, developers: int, index: int
) -> Generator[Page, None, tuple[BrowserContext, Page]]:
    """One participant joins and answers up to the review, step by step: each interaction
    yields the page, and whoever drives it waits for it to settle (`side_by_side`); at the
    review, the participant's browser context and page are returned, nothing sent yet."""
    context = browser.new_context(viewport={"width": 412, "height": 915})
    page = context.new_page()
    page.goto(url)
    yield page
    page.get_by_role("button", name="Join and start").click()
    yield page
    box = page.get_by_role(
        "spinbutton", name="How many developers work with AI assistance today? *"
    )
    box.fill(str(developers))
    box.press("Enter")
    yield page
    teams = page.get_by_role("spinbutton", name="How many teams do these developers work in? *")
    teams.fill("1")
    teams.press("Enter")
    yield page
    page.get_by_role(
        "radiogroup", name="Do you build software in a regulated industry? *"
    ).get_by_text("No", exact=True).click()
    yield page
    page.get_by_role("button", name="Next").click()
    yield page
    # pivot point 1: the participants split, so the walk-through has questions to go through
    for qid in ("pp1_prompt_versioning", "pp1_review_context", "pp1_prompt_library"):
        choice = ("Not in place", "Fully in place")[index % 2]
        page.get_by_role("radiogroup", name=PACK.questions[qid].text).get_by_text(
            choice, exact=True
        ).click()
        yield page
    for _ in range(12):
        if page.get_by_role("heading", name="Review").count():
            break
        page.get_by_role("button", name="Next").click()
        yield page
    return context, page


def side_by_side(
    walks: list[Generator[Page, None, tuple[BrowserContext, Page]]],
) -> list[tuple[BrowserContext, Page]]:
    """Drive the walks together, one interaction each in turn, then wait for each page to
    settle: people in a workshop answer at the same time, and the waits overlap."""
    done: dict[int, tuple[BrowserContext, Page]] = {}
    while len(done) < len(walks):
        acted = []
        for n, walk in enumerate(walks):
            if n in done:
                continue
            try:
                acted.append(next(walk))
            except StopIteration as end:
                done[n] = end.value
        for page in acted:
            idle(page)
    return [done[n] for n in range(len(walks))]


def send(context: BrowserContext, page: Page, index: int) -> None:
    page.get_by_role("button", name="Send my answers").click()
    idle(page)
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_text("changed in another window")).to_have_count(0)
    if index == 4:  # k have sent: a question for the discussion, which the projector shows
        page.get_by_label("Your question or comment").fill(REMARK)
        page.get_by_role("button", name="Put it to the room").click()
        idle(page)
        expect(page.get_by_role("button", name="Take back")).to_be_visible()
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
    # the four answer side by side, then send one after the other, the dashboard watched
    join = f"{participant_url}/?join={code.lower()}"
    walks = [answer_survey(browser, join, n, i) for i, n in enumerate((4, 6, 12, 12), start=1)]
    for i, (context, participant) in enumerate(side_by_side(walks), start=1):
        send(context, participant, i)
        if i < 3:
            expect(page.get_by_text(f"{3 - i} more answers are needed")).to_be_visible(
                timeout=20_000
            )
            expect(page.get_by_text("Team stage")).to_have_count(0)
    expect(page.get_by_text("Team stage")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Where people disagree")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "workshop-dashboard.png"), full_page=True)
    assert_accessible(page, "workshop-dashboard.png")
    if facilitator_url != participant_url:
        # two replicas on PostgreSQL: what is theirs to prove (the participants' answers and
        # remarks reach the other server's dashboard) is proved; the room's views and the report
        # are the same code whatever the store, and the SQLite run goes through them
        return
    walk_through(page, code)
    # the report is rendered off the request, by the render queue's workers
    page.get_by_role("button", name="Prepare the team report (PDF)").click()
    ready = page.get_by_role("button", name="Team report (PDF)", exact=True)
    expect(ready).to_be_visible(timeout=90_000)
    with page.expect_download(timeout=60_000) as download:
        ready.click()
    pdf = download.value.path().read_bytes()
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "4 of the 4 people who joined Platform kick-off sent their answers" in text
    # the two actions agreed in the room, in the action plan as the team's own
    assert "Write the billing contract down" in text and "Gate merges on contract tests" in text
    assert text.count("The team's own action, agreed in the workshop.") == 2


def walk_through(page: Page, code: str) -> None:
    """The presenter view on a projector-sized page, then three questions of the walk-through
    with an action recorded on the first and the third; back to the dashboard at the end."""
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.get_by_text("Presenter view", exact=True).click()
    idle(page)
    expect(page.get_by_text(code, exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"4 joined · 4 sent · ready to show"))).to_be_visible()
    expect(page.get_by_text(REMARK, exact=True)).to_be_visible(timeout=20_000)  # as typed
    page.screenshot(path=str(ARTIFACTS / "workshop-presenter.png"))
    assert_accessible(page, "workshop-presenter.png")
    page.get_by_role("button", name="Walk through the results").click()
    idle(page)
    seen = []
    actions = ("Write the billing contract down", None, "Gate merges on contract tests")
    for n, action in enumerate(actions):
        expect(page.get_by_text(re.compile(rf"^Question {n + 1} of \d+"))).to_be_visible()
        seen.append(page.get_by_role("heading", level=2).first.inner_text())
        expect(page.get_by_role("heading", level=2).first).not_to_have_text(seen[:-1] or ["-"])
        expect(page.get_by_text("To discuss")).to_be_visible()
        if action:
            page.get_by_label("Action or decision").fill(action)
            page.get_by_label("Owner (a role, not a name)").fill("Team leads")
            page.get_by_role("button", name="Record the action").click()
            idle(page)
            expect(page.get_by_text(action)).to_be_visible()
        if n < 2:
            page.get_by_role("heading", level=2).first.click()  # focus off the form's fields
            page.keyboard.press("PageDown")  # as a presentation clicker sends it
            idle(page)
    assert len(set(seen)) == 3, seen
    page.screenshot(path=str(ARTIFACTS / "workshop-walk-through.png"))
    assert_accessible(page, "workshop-walk-through.png")
    page.get_by_text("Dashboard", exact=True).click()
    idle(page)
    page.set_viewport_size({"width": 1280, "height": 900})
