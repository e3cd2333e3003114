"""Every `PIVOTPOINT_*` environment variable, read here and nowhere else.

One place, so that a setting's name, default and validation are written once, the README's
table can be checked against `SETTINGS`, and a test can refuse a read anywhere else. Each
function reads the environment when it is called, never at import: tests set variables with
`monkeypatch`, and the app reads them after the process has started.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

LOG = logging.getLogger("pivotpoint.ratelimit")  # where the limits' warnings always went


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, and its default and purpose as the README's table
    shows them (a test holds the table to these)."""

    name: str
    default: str
    purpose: str


PACK = Setting(
    "PIVOTPOINT_PACK",
    "the shipped pack",
    "The questionnaire pack folder the app and the `workshop` commands load.",
)
DATABASE_URL = Setting(
    "PIVOTPOINT_DATABASE_URL",
    "SQLite in the data folder",
    "The database (a PostgreSQL URL); the app also reads `database_url` from its secrets.",
)
DATA_DIR = Setting("PIVOTPOINT_DATA_DIR", "`data`", "The folder of the SQLite file.")
RETENTION_DAYS = Setting(
    "PIVOTPOINT_RETENTION_DAYS",
    "none: kept until deleted",
    "Workshops older than this many days are deleted, with their answers, when the app starts.",
)
APP_URL = Setting(
    "PIVOTPOINT_APP_URL",
    "`http://localhost:8501`",
    "The public address participant links and QR codes point to.",
)
JOIN_LIMIT = Setting(
    "PIVOTPOINT_JOIN_LIMIT",
    "`60`",
    "Unknown join codes a minute the app takes from one address (0 turns it off).",
)
KEY_LIMIT = Setting(
    "PIVOTPOINT_KEY_LIMIT",
    "`20`",
    "Wrong facilitator keys a minute the app takes from one address (0 turns it off).",
)
FACILITATORS = Setting(
    "PIVOTPOINT_FACILITATORS",
    "anyone signed in",
    "The e-mail addresses and `@domains` that may run workshops when sign-in is on.",
)
RENDER_WORKERS = Setting(
    "PIVOTPOINT_RENDER_WORKERS",
    "`2`",
    "Worker processes that render the app's PDF reports, away from the pages (at least 1).",
)
REDIS_URL = Setting(
    "PIVOTPOINT_REDIS_URL",
    "none: each app process renders",
    "A Redis server whose job queue the app's PDF reports go through, for several replicas "
    "(workers: `rq worker`).",
)
DEBUG = Setting(
    "PIVOTPOINT_DEBUG", "off", "Any value: the command line shows an internal error's traceback."
)

SETTINGS: tuple[Setting, ...] = (
    PACK,
    DATABASE_URL,
    DATA_DIR,
    RETENTION_DAYS,
    APP_URL,
    JOIN_LIMIT,
    KEY_LIMIT,
    FACILITATORS,
    RENDER_WORKERS,
    REDIS_URL,
    DEBUG,
)

DEFAULT_APP_URL = "http://localhost:8501"
DEFAULT_DATA_DIR = "data"
DEFAULT_JOIN_LIMIT = 60  # unknown join codes a minute from one address, across its sessions
DEFAULT_KEY_LIMIT = 20  # wrong join code and facilitator key pairs a minute from one address
DEFAULT_RENDER_WORKERS = 2  # processes rendering the app's PDFs


def pack() -> str | None:
    """The pack folder to load instead of the shipped pack; None for the shipped one."""
    return os.environ.get(PACK.name) or None


def database_url() -> str | None:
    """The database URL set in the environment, None when unset or blank (the caller then
    falls back: the app to its secrets, the store to SQLite in `data_dir()`)."""
    return os.environ.get(DATABASE_URL.name, "").strip() or None


def data_dir() -> str:
    """The folder of the SQLite file, `data` unless set."""
    return os.environ.get(DATA_DIR.name, "").strip() or DEFAULT_DATA_DIR


def retention_days() -> int | None:
    """Days a workshop is kept, None (kept for ever) unless set to a whole number."""
    days = os.environ.get(RETENTION_DAYS.name, "").strip()
    return int(days) if days.isdigit() else None


def app_url() -> str:
    """The public address of the app, without a trailing slash."""
    return os.environ.get(APP_URL.name, DEFAULT_APP_URL).rstrip("/")


def facilitators() -> str | None:
    """The raw allowlist of facilitators (see `assessment.services.facilitators`)."""
    return os.environ.get(FACILITATORS.name)


def debug() -> bool:
    """Whether the command line shows the traceback of an unexpected error."""
    return bool(os.environ.get(DEBUG.name))


def join_limit(environ: Mapping[str, str] = os.environ) -> int:
    """Unknown join codes a minute the process takes from one address:
    `PIVOTPOINT_JOIN_LIMIT`, else 60.

    0 turns the limit off; a value that is not a whole number of at least 0 is ignored (and
    logged) in favour of the default.
    """
    return _limit(environ, JOIN_LIMIT.name, DEFAULT_JOIN_LIMIT)


def key_limit(environ: Mapping[str, str] = os.environ) -> int:
    """Wrong facilitator keys (or codes) a minute the process takes from one address when
    opening a workshop: `PIVOTPOINT_KEY_LIMIT`, else 20. Read like `join_limit`."""
    return _limit(environ, KEY_LIMIT.name, DEFAULT_KEY_LIMIT)


def render_workers(environ: Mapping[str, str] = os.environ) -> int:
    """Worker processes that render the app's PDFs: `PIVOTPOINT_RENDER_WORKERS`, else 2, and
    never fewer than 1 (0 is read as 1; a value that is not a whole number is ignored, and
    logged, in favour of the default)."""
    return max(1, _limit(environ, RENDER_WORKERS.name, DEFAULT_RENDER_WORKERS))


def redis_url() -> str | None:
    """The Redis server of the PDF job queue, None when unset or blank (each app process then
    renders in its own worker processes)."""
    return os.environ.get(REDIS_URL.name, "").strip() or None


def _limit(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if raw.isdigit():
        return int(raw)
    LOG.warning("%s=%r is not a whole number; using %d", name, raw, default)
    return default
