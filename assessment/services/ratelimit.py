"""Limits on failures within a sliding time window, shared by every thread of the process.

The app uses one per client address for unknown workshop join codes, and another for wrong
facilitator keys: every browser session from that address counts against the same window, so
opening new sessions does not buy new guesses, while a guesser elsewhere never holds up a room
joining with the right code or a facilitator opening their dashboard. Only failures are
recorded; a lookup that finds its workshop costs nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

MAX_ADDRESSES = 10_000  # addresses remembered at once; the least recently seen are forgotten
WINDOW = 60.0  # seconds

LOG = logging.getLogger("pivotpoint.ratelimit")


class SlidingWindow:
    """At most `limit` failures in any `window` seconds; `limit` 0 or less means no limit.

    `blocked()` says whether `limit` failures fell within the last `window` seconds, and stays
    true until the oldest of them is `window` seconds old. Thread safe. The clock is injectable
    so that tests need not sleep.
    """

    def __init__(
        self,
        limit: int,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if window <= 0:
            raise ValueError("window must be positive")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        # only the newest `limit` failures matter, so memory stays bounded under attack
        self._times: deque[float] = deque(maxlen=max(limit, 1))

    def _forget_old(self, now: float) -> None:
        while self._times and now - self._times[0] >= self.window:
            self._times.popleft()

    def blocked(self) -> bool:
        if self.limit <= 0:
            return False
        with self._lock:
            self._forget_old(self._clock())
            return len(self._times) >= self.limit

    def record(self) -> None:
        """Count one failure, now."""
        if self.limit <= 0:
            return
        with self._lock:
            now = self._clock()
            self._forget_old(now)
            self._times.append(now)

    def retry_after(self) -> float:
        """Seconds until `blocked()` turns false again (0 when it is already false)."""
        if self.limit <= 0:
            return 0.0
        with self._lock:
            now = self._clock()
            self._forget_old(now)
            if len(self._times) < self.limit:
                return 0.0
            return self.window - (now - self._times[-self.limit])

    def clear(self) -> None:
        with self._lock:
            self._times.clear()


class PerAddress:
    """A `SlidingWindow` for each client address, for at most `max_addresses` of them (the
    least recently used go first, so memory stays bounded under a flood of addresses)."""

    def __init__(
        self,
        limit: int,
        window: float = WINDOW,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = MAX_ADDRESSES,
    ) -> None:
        if window <= 0:
            raise ValueError("window must be positive")
        self.limit = limit
        self.window = window
        self.max_addresses = max(max_addresses, 1)
        self._clock = clock
        self._lock = threading.Lock()
        self._windows: OrderedDict[str, SlidingWindow] = OrderedDict()

    def _window(self, address: str, create: bool) -> SlidingWindow | None:
        with self._lock:
            window = self._windows.get(address)
            if window is None and create:
                window = SlidingWindow(self.limit, self.window, self._clock)
                self._windows[address] = window
                while len(self._windows) > self.max_addresses:
                    self._windows.popitem(last=False)
            if window is not None:
                self._windows.move_to_end(address)
            return window

    def blocked(self, address: str) -> bool:
        window = self._window(address, create=False)
        return window is not None and window.blocked()

    def record(self, address: str) -> None:
        """Count one failure from `address`, now."""
        if self.limit <= 0:
            return
        window = self._window(address, create=True)
        assert window is not None
        window.record()

    def retry_after(self, address: str) -> float:
        window = self._window(address, create=False)
        return 0.0 if window is None else window.retry_after()

    def __len__(self) -> int:
        with self._lock:
            return len(self._windows)
