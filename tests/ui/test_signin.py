"""Facilitators signed in with OpenID Connect (st.login): no key needed for their own
workshops, nobody else's workshops, and the list of who may facilitate."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from assessment.store import Store, owner_id
from assessment.ui import facilitate
from tests.ui.test_app import click, facilitator, new_app, no_exception
from tests.ui.test_dashboard import browser_sends, save_the_key

ISSUER = "https://id.example.org"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-random-secret-for-tests-only",
    "client_id": "pivotpoint",
    "client_secret": "secret",
    "server_metadata_url": f"{ISSUER}/.well-known/openid-configuration",
}


def person(sub: str = "ana-1", email: str = "ana@example.org", **claims: object) -> dict:
    return {
        "is_logged_in": True,
        "iss": ISSUER,
        "sub": sub,
        "email": email,
        "email_verified": True,
        "name": "Ana Lima",
        **claims,
    }


def signed_in_app(user: dict | None) -> AppTest:
    at = new_app()
    at = facilitator_with(at, user)
    return at


def facilitator_with(at: AppTest, user: dict | None) -> AppTest:
    at.secrets["auth"] = AUTH
    at.user = user if user is not None else {"is_logged_in": False}
    at.switch_page("assessment/ui/pages/workshop.py")
    at.run()
    no_exception(at)
    return at


def labels(at: AppTest) -> set[str]:
    return {b.label for b in at.button}


def create(at: AppTest, name: str = "Kick-off") -> AppTest:
    at.text_input[0].set_value(name)
    at.number_input[0].set_value(3)
    return click(at, "Create the workshop")


def test_without_sign_in_configured_anyone_creates_with_a_key(data_dir) -> None:
    at = facilitator()
    assert "Create the workshop" in labels(at)
    assert not {"Sign in", "Sign out"} & labels(at)


def test_signed_out_facilitators_are_offered_sign_in_and_the_key(data_dir) -> None:
    at = signed_in_app(None)
    assert "Sign in" in labels(at)
    assert "Create the workshop" not in labels(at)  # creating needs a signed-in facilitator
    workshop, key = Store().create_workshop("By key", "ai-scaling", "1.0.0", k=3)
    inputs = [t for t in at.text_input if t.label in ("Join code", "Facilitator key")]
    inputs[0].set_value(workshop.code)
    inputs[1].set_value(key)
    click(at, "Open")
    assert at.session_state["facilitating"] == (workshop.code, key)


def test_named_providers_get_a_button_each(data_dir) -> None:
    at = new_app()
    at.secrets["auth"] = {
        "redirect_uri": AUTH["redirect_uri"],
        "cookie_secret": AUTH["cookie_secret"],
        "google": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")},
        "microsoft": {k: AUTH[k] for k in ("client_id", "client_secret", "server_metadata_url")},
    }
    at.user = {"is_logged_in": False}
    at.switch_page("assessment/ui/pages/workshop.py")
    at.run()
    no_exception(at)
    assert {"Sign in with Google", "Sign in with Microsoft"} <= labels(at)
    assert "Sign in" not in labels(at)


def test_a_signed_in_facilitator_creates_and_reopens_without_a_key(data_dir) -> None:
    at = signed_in_app(person())
    assert any("Signed in as Ana Lima" in c.value for c in at.caption)
    assert any("not created a workshop yet" in m.value for m in at.markdown)
    create(at)
    code, held = at.session_state["facilitating"]
    assert held is None  # held by who she is, not by the key
    workshop = Store().find_workshop(code)
    assert workshop is not None and workshop.owner == owner_id(ISSUER, "ana-1")
    assert any("signed in, you open the workshop without it" in m.value for m in at.markdown)
    key = save_the_key(at)  # the key still comes once, for the CLI
    assert Store().check_key(code, key) == workshop
    click(at, "Leave")
    assert "facilitating" not in at.session_state
    [row] = [m.value for m in at.markdown if code in m.value]
    assert "**Kick-off**" in row and "open" in row
    click(at, "Open")
    assert at.session_state["facilitating"] == (code, None)
    assert any("3 more answers are needed" in i.value for i in at.info)


def test_another_facilitator_cannot_open_it(data_dir) -> None:
    workshop, _ = Store().create_workshop(
        "Ana's", "ai-scaling", "1.0.0", k=3, owner=owner_id(ISSUER, "ana-1")
    )
    at = new_app()
    at.session_state["facilitating"] = (workshop.code, None)  # as if forged into the session
    facilitator_with(at, person(sub="ben-2", email="ben@example.org", name="Ben"))
    assert not [m for m in at.metric if m.label == "Joined"]
    assert not [m for m in at.markdown if workshop.code in m.value]
    assert "Create the workshop" in labels(at)  # Ben has his own, empty, list


def test_signing_out_ends_access_to_the_dashboard(data_dir) -> None:
    at = signed_in_app(person())
    create(at)
    save_the_key(at)
    assert [m for m in at.metric if m.label == "Joined"]
    at.user = {"is_logged_in": False}
    at.run()
    no_exception(at)
    assert not [m for m in at.metric if m.label == "Joined"]
    assert "Sign in" in labels(at)


def test_a_signed_in_owner_s_dashboard_survives_a_restart_while_signed_in(
    data_dir, monkeypatch
) -> None:
    """Issue 9 C: the sign-in outlives a restart (its own cookie); the open dashboard now does
    too, through a facilitator session that holds only while she is signed in."""
    browser_sends(monkeypatch, None)
    at = signed_in_app(person())
    create(at)
    save_the_key(at)
    code = at.session_state["facilitating"][0]
    token = at.session_state[facilitate.SESSION]
    session = Store().facilitator_session(token)
    assert session is not None and session.owner == owner_id(ISSUER, "ana-1")

    browser_sends(monkeypatch, token)  # the app restarted; the browser kept both cookies
    again = signed_in_app(person())
    assert again.session_state["facilitating"] == (code, None)
    assert any(m.label == "Joined" for m in again.metric)

    someone_else = signed_in_app(person(sub="ben-2", email="ben@example.org"))
    assert "facilitating" not in someone_else.session_state  # the session is Ana's alone
    signed_out = signed_in_app(None)
    assert "facilitating" not in signed_out.session_state
    assert "Sign in" in labels(signed_out)

    click(again, "Sign out")  # signing out ends the session in the store
    assert Store().facilitator_session(token) is None


@pytest.mark.parametrize(
    ("listed", "claims", "admitted"),
    [
        ("@example.org", {}, True),
        ("ana@example.org", {}, True),
        ("@example.com, ben@example.org", {}, False),
        ("@example.org", {"email_verified": False}, False),
    ],
)
def test_the_list_of_facilitators_decides_who_may_create(
    data_dir, monkeypatch, listed: str, claims: dict, admitted: bool
) -> None:
    monkeypatch.setenv("PIVOTPOINT_FACILITATORS", listed)
    at = signed_in_app(person(**claims))
    assert ("Create the workshop" in labels(at)) is admitted
    refused = [w.value for w in at.warning if "list of facilitators" in w.value]
    assert bool(refused) is not admitted
    if not admitted:
        assert "Sign out" in labels(at) and "Open" in labels(at)  # the key still works


def test_names_are_shown_as_typed_not_as_markdown(data_dir) -> None:
    at = signed_in_app(person(name="**Ana** :red[x]"))
    [caption] = [c.value for c in at.caption if "Signed in as" in c.value]
    assert "\\*\\*Ana\\*\\*" in caption and "\\:red\\[x\\]" in caption
