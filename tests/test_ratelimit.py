"""The process-wide limit on failures (unknown join codes): a sliding window, with a clock the
tests move by hand."""

from __future__ import annotations

import logging
import threading

import pytest

from assessment import settings
from assessment.services.ratelimit import PerAddress, SlidingWindow
from assessment.settings import DEFAULT_JOIN_LIMIT as JOIN_LIMIT
from assessment.settings import DEFAULT_KEY_LIMIT as KEY_LIMIT
from assessment.settings import join_limit, key_limit

JOIN_LIMIT_ENV = settings.JOIN_LIMIT.name
KEY_LIMIT_ENV = settings.KEY_LIMIT.name


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_blocks_until_the_oldest_failure_leaves_the_window() -> None:
    clock = Clock()
    window = SlidingWindow(3, window=60.0, clock=clock)
    for _ in range(2):
        window.record()
        clock.now += 10
    assert not window.blocked()  # two failures, at 1000 and 1010
    window.record()  # the third, at 1020
    assert window.blocked() and window.retry_after() == 40.0
    clock.now = 1059.9
    assert window.blocked()
    clock.now = 1060.0  # the failure at 1000 is a minute old
    assert not window.blocked() and window.retry_after() == 0.0
    window.record()
    assert window.blocked() and window.retry_after() == 10.0  # until 1010 is a minute old


def test_the_window_slides_rather_than_resetting_each_minute() -> None:
    clock = Clock()
    window = SlidingWindow(3, window=60.0, clock=clock)
    for t in (1050.0, 1055.0, 1065.0):  # across a minute boundary, all within one minute
        clock.now = t
        window.record()
    assert window.blocked()
    clock.now = 1109.0
    assert window.blocked()  # 1050 is 59 s old
    clock.now = 1110.0
    assert not window.blocked()


def test_only_failures_count() -> None:
    window = SlidingWindow(2, clock=Clock())
    for _ in range(1000):  # lookups that found their workshop ask, but record nothing
        assert not window.blocked()
    window.record()
    assert not window.blocked()
    window.record()
    assert window.blocked()


def test_zero_means_no_limit() -> None:
    window = SlidingWindow(0, clock=Clock())
    for _ in range(100):
        window.record()
    assert not window.blocked() and window.retry_after() == 0.0


def test_memory_stays_bounded_under_a_flood() -> None:
    window = SlidingWindow(5, clock=Clock())
    for _ in range(10_000):
        window.record()
    assert len(window._times) == 5 and window.blocked()
    window.clear()
    assert not window.blocked()


def test_threads_share_one_window() -> None:
    clock = Clock()
    window = SlidingWindow(4 * 500, clock=clock)

    def fail() -> None:
        for _ in range(500):
            window.record()

    threads = [threading.Thread(target=fail) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert window.blocked()  # every failure of every thread was counted
    clock.now += 60
    assert not window.blocked()


def test_a_window_must_have_a_length() -> None:
    with pytest.raises(ValueError):
        SlidingWindow(3, window=0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, JOIN_LIMIT), ("", JOIN_LIMIT), ("5", 5), (" 200 ", 200), ("0", 0)],
)
def test_the_join_limit_comes_from_the_environment(value, expected) -> None:
    environ = {} if value is None else {JOIN_LIMIT_ENV: value}
    assert join_limit(environ) == expected


@pytest.mark.parametrize("value", ["-3", "lots", "1.5"])
def test_a_bad_join_limit_is_logged_and_the_default_used(value, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="pivotpoint.ratelimit"):
        assert join_limit({JOIN_LIMIT_ENV: value}) == JOIN_LIMIT
    assert JOIN_LIMIT_ENV in caplog.text and repr(value) in caplog.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, KEY_LIMIT), ("", KEY_LIMIT), ("5", 5), ("0", 0), ("lots", KEY_LIMIT)],
)
def test_the_key_limit_has_its_own_setting(value, expected) -> None:
    environ = {} if value is None else {KEY_LIMIT_ENV: value}
    assert key_limit({**environ, JOIN_LIMIT_ENV: "7"}) == expected
    assert join_limit({**environ, JOIN_LIMIT_ENV: "7"}) == 7


def test_one_address_guessing_does_not_hold_up_another() -> None:
    clock = Clock()
    limits = PerAddress(2, window=60.0, clock=clock)
    for _ in range(2):
        limits.record("203.0.113.9")
    assert limits.blocked("203.0.113.9") and limits.retry_after("203.0.113.9") == 60.0
    assert not limits.blocked("198.51.100.4") and limits.retry_after("198.51.100.4") == 0.0
    assert len(limits) == 1  # asking about an address remembers nothing
    clock.now += 60
    assert not limits.blocked("203.0.113.9")


def test_addresses_are_forgotten_least_recently_used_first() -> None:
    limits = PerAddress(1, clock=Clock(), max_addresses=3)
    for address in ("a", "b", "c"):
        limits.record(address)
    assert limits.blocked("a")  # 'a' is now the most recently used
    limits.record("d")  # makes room by forgetting 'b'
    assert len(limits) == 3
    assert limits.blocked("a") and not limits.blocked("b") and limits.blocked("d")


def test_no_limit_per_address_remembers_nothing() -> None:
    limits = PerAddress(0, clock=Clock())
    for _ in range(100):
        limits.record("a")
    assert not limits.blocked("a") and len(limits) == 0
