"""Facilitator sign-in with OpenID Connect in a real browser: the app server is configured for a
provider (a small one run by the test), the facilitator signs in through it, creates a workshop
and opens it again in a new session without the key; signing out ends that."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from assessment.store import Store, owner_id
from tests.e2e import fake_oidc
from tests.e2e.conftest import ARTIFACTS, PROCESSES, app_server, free_port
from tests.e2e.test_self_service import idle

HOME = "How ready are you to scale AI-assisted development?"
USER = {"sub": "ana-1", "email": "ana@example.org", "email_verified": True, "name": "Ana Lima"}


def secrets_file(folder: Path, app: str, issuer: str) -> Path:
    path = folder / "secrets.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "{app}/oauth2callback"\n'
        'cookie_secret = "a-long-random-cookie-secret-for-the-browser-test"\n'
        f'client_id = "{fake_oidc.CLIENT_ID}"\n'
        f'client_secret = "{fake_oidc.CLIENT_SECRET}"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
    )
    return path


def test_a_signed_in_facilitator_needs_no_key(
    browser: Browser, page: Page, tmp_path_factory
) -> None:
    data = tmp_path_factory.mktemp("data")
    env = {k: v for k, v in os.environ.items() if k != "PIVOTPOINT_DATABASE_URL"}
    env.update(PIVOTPOINT_DATA_DIR=str(data), PIVOTPOINT_FACILITATORS="@example.org")
    port = free_port()
    app = f"http://127.0.0.1:{port}"
    with fake_oidc.running(USER) as provider:
        secrets = secrets_file(tmp_path_factory.mktemp("secrets"), app, provider.issuer)
        with app_server(env, tmp_path_factory, port=port, args=("--secrets.files", str(secrets))):
            page.goto(app + "/workshop")
            idle(page)
            expect(page.get_by_role("button", name="Create the workshop")).to_have_count(0)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("heading", name=HOME)).to_be_visible()  # back from the provider
            idle(page)
            assert provider.served["/token"] == 1 and provider.served["/jwks"] >= 1

            page.goto(app + "/workshop")
            idle(page)
            expect(page.get_by_text("Signed in as Ana Lima")).to_be_visible()
            page.get_by_role("tab", name="Create a workshop").click()
            page.get_by_label("Workshop name").fill("Board offsite")
            threshold = page.get_by_label(
                "Anonymity threshold: show nothing before this many answers"
            )
            threshold.fill("3")
            threshold.press("Tab")
            page.get_by_role("button", name="Create the workshop").click()
            idle(page)
            page.get_by_role("button", name="Reveal the facilitator key").click()
            idle(page)
            page.get_by_role("button", name="I have saved it").click()
            idle(page)
            expect(page.get_by_text("3 more answers are needed")).to_be_visible()
            [workshop] = Store(f"sqlite:///{data / 'pivotpoint.db'}").workshops_of(
                owner_id(provider.issuer, "ana-1")
            )
            assert workshop.name == "Board offsite"

            page.goto(app + "/workshop")  # a new session: the facilitator session reopens it
            idle(page)
            expect(page.get_by_text(workshop.code).first).to_be_visible()
            page.get_by_role("button", name="Leave").click()  # back to her list
            idle(page)
            page.get_by_role("button", name="Open").first.click()
            idle(page)
            expect(page.get_by_text(workshop.code).first).to_be_visible()
            expect(page.get_by_text("3 more answers are needed")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "signin-dashboard.png"), full_page=True)

            os.kill(PROCESSES[app].pid, signal.SIGKILL)  # a restart keeps her signed in
            PROCESSES[app].wait(10)
        with app_server(env, tmp_path_factory, port=port, args=("--secrets.files", str(secrets))):
            page.goto(app + "/workshop")
            idle(page)
            # still signed in (a session of hers is needed for the dashboard, and it offers
            # to sign out), and the dashboard is open
            expect(page.get_by_role("button", name="Sign out")).to_be_visible()
            expect(page.get_by_text(workshop.code).first).to_be_visible()
            expect(page.get_by_text("3 more answers are needed")).to_be_visible()

            other = browser.new_context()  # someone else, not signed in
            stranger = other.new_page()
            stranger.goto(app + "/workshop")
            idle(stranger)
            expect(stranger.get_by_role("button", name="Sign in")).to_be_visible()
            expect(stranger.get_by_text(workshop.code)).to_have_count(0)
            other.close()

            page.get_by_role("button", name="Sign out").click()  # on the dashboard
            expect(page.get_by_role("heading", name=HOME)).to_be_visible()
            idle(page)
            page.goto(app + "/workshop")
            idle(page)
            expect(page.get_by_role("button", name="Sign in")).to_be_visible()
            expect(page.get_by_text("Signed in as")).to_have_count(0)
