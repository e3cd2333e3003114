"""Facilitator keys cannot be guessed quickly (issue 9, item 15): wrong code and key pairs are
limited per browser session and, like unknown join codes, per client address across every
session of the process (PIVOTPOINT_KEY_LIMIT), so new sessions buy no new guesses while a
facilitator on another network is not held up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from assessment.store import Store, Workshop
from assessment.ui import facilitate, start
from tests.ui.test_app import click, facilitator

pytestmark = pytest.mark.usefixtures("data_dir")  # each test has a store of its own
HERE = "Too many wrong codes or keys have been tried from your network"


@pytest.fixture(autouse=True)
def fresh_key_limiter(monkeypatch) -> Iterator[None]:
    """Each test starts with the process-wide limit on wrong keys at zero."""
    monkeypatch.delenv("PIVOTPOINT_KEY_LIMIT", raising=False)
    facilitate.key_limiter.clear()
    yield
    facilitate.key_limiter.clear()


@pytest.fixture()
def key_checks(monkeypatch) -> list[str]:
    """Every key checked against the store."""
    seen: list[str] = []
    check = Store.check_key

    def spy(self, code, key):
        seen.append(key)
        return check(self, code, key)

    monkeypatch.setattr(Store, "check_key", spy)
    return seen


def try_key(workshop: Workshop, key: str, at: Any = None) -> Any:
    at = at or facilitator()
    inputs = {t.label: t for t in at.text_input}
    inputs["Join code"].set_value(workshop.code)
    inputs["Facilitator key"].set_value(key)
    return click(at, "Open")


def errors(at: Any) -> list[str]:
    return [e.value for e in at.error]


def test_new_sessions_do_not_bypass_the_limit_on_wrong_keys(monkeypatch, key_checks) -> None:
    monkeypatch.setenv("PIVOTPOINT_KEY_LIMIT", "3")
    workshop, key = Store().create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    for n in range(3):  # each guess from a fresh session: under the per-session limit of 5
        at = try_key(workshop, f"guess-{n}")
        assert any("No workshop has this code and key" in e for e in errors(at))
    assert len(key_checks) == 3
    for guess in ("guess-3", key):  # nothing is checked for the rest of the minute
        at = try_key(workshop, guess)
        assert any(HERE in e for e in errors(at))
        assert "facilitating" not in at.session_state
    assert len(key_checks) == 3


def test_wrong_keys_from_one_address_do_not_hold_up_another(monkeypatch) -> None:
    monkeypatch.setenv("PIVOTPOINT_KEY_LIMIT", "2")
    address = {"now": "203.0.113.9"}
    monkeypatch.setattr(start, "client_address", lambda: address["now"])
    workshop, key = Store().create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    for n in range(2):
        try_key(workshop, f"guess-{n}")
    assert any(HERE in e for e in errors(try_key(workshop, key)))
    address["now"] = "198.51.100.4"  # the facilitator, on another network
    at = try_key(workshop, key)
    assert at.session_state["facilitating"] == (workshop.code, key)
    assert not facilitate.key_limiter().blocked("198.51.100.4")


def test_the_right_key_never_counts_towards_the_limit(monkeypatch) -> None:
    monkeypatch.setenv("PIVOTPOINT_KEY_LIMIT", "2")
    workshop, key = Store().create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    try_key(workshop, "guess")
    for _ in range(4):  # co-facilitators opening the dashboard, more than the limit
        at = try_key(workshop, key)
        assert at.session_state["facilitating"] == (workshop.code, key)
    assert not facilitate.key_limiter().blocked("local")  # still one failure


def test_no_key_limit_with_zero(monkeypatch) -> None:
    monkeypatch.setenv("PIVOTPOINT_KEY_LIMIT", "0")
    workshop, key = Store().create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    for n in range(8):  # fresh sessions: only the per-session limit would stop these
        try_key(workshop, f"guess-{n}")
    assert try_key(workshop, key).session_state["facilitating"] == (workshop.code, key)
