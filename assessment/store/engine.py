"""Which database to use, how to name it to a user, and an engine set up for it.

SQLite (the embedded default) runs in WAL mode with a busy timeout and foreign keys on; the
store's writes begin with `BEGIN IMMEDIATE`, so writers queue for the lock up front instead of
failing half-way, and several processes can write one file. PostgreSQL is reached through
psycopg 3; a plain `postgresql://` URL is mapped to it.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from assessment import settings
from assessment.store.errors import StoreError

DEFAULT_FILE = "pivotpoint.db"

BUSY_TIMEOUT_MS = 15000
PG_CONNECT_TIMEOUT_S = 5
# A workshop room is one app process with a script thread per participant: enough pooled
# connections for a room of 30 answering at once, and a wait long enough to ride out a
# burst on a busy machine, well inside PostgreSQL's default of 100 connections.
PG_POOL_SIZE = 10
PG_MAX_OVERFLOW = 20
PG_POOL_TIMEOUT_S = 60

# The execution option a connection carries when it is opened for writing.
WRITE_OPTION = "pivotpoint_write"

CANNOT_SAVE = "The answers cannot be saved right now"

_SENSITIVE_QUERY = re.compile(r"pass|secret|key|token", re.IGNORECASE)
_USERINFO = re.compile(r"^([A-Za-z][\w+.-]*://)?.*@")


@dataclass(frozen=True)
class Target:
    """A database the store can open: the URL, how to show it, and what kind it is."""

    url: URL
    display: str
    backend: str  # "sqlite" or "postgresql"
    memory: bool = False  # an in-memory SQLite database (tests only)


def mask_url(url: URL) -> str:
    """The URL with its password, and any query value that looks like a secret, masked."""
    query = {
        key: ("***" if _SENSITIVE_QUERY.search(key) else value) for key, value in url.query.items()
    }
    return url.set(query=query).render_as_string(hide_password=True)


def mask_raw(text: str) -> str:
    """Best effort for a string that is not even a URL: hide everything before the host."""
    masked = _USERINFO.sub(lambda m: f"{m.group(1) or ''}***@", " ".join(text.split()))
    return re.sub(r"((?:pass\w*|secret|key|token)=)[^&]*", r"\1***", masked, flags=re.IGNORECASE)


def default_sqlite_path() -> Path:
    data_dir = settings.data_dir()
    return Path(data_dir).expanduser().absolute() / DEFAULT_FILE


def resolve(url: str | None) -> Target:
    """Turn the URL given (or the environment, or the default file) into a `Target`.

    Creates the folder of a SQLite file. Raises `StoreError` for an address that cannot work.
    """
    raw = url if url is not None else settings.database_url()
    if raw is None:
        parsed = URL.create("sqlite", database=str(default_sqlite_path()))
    else:
        try:
            parsed = make_url(raw.strip())
        except (ArgumentError, ValueError) as exc:
            raise StoreError(
                f"{CANNOT_SAVE}: the database address {mask_raw(raw)} is not valid."
            ) from exc

    backend, _, driver = parsed.drivername.partition("+")
    if backend == "postgres":
        backend = "postgresql"
    if backend == "postgresql":
        if driver in ("", "psycopg"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        else:
            parsed = parsed.set(drivername=f"postgresql+{driver}")
    elif backend != "sqlite":
        raise StoreError(
            f"{CANNOT_SAVE}: the database address {mask_url(parsed)} is not supported "
            "(use a sqlite:// or postgresql:// address)."
        )

    display = mask_url(parsed)
    database = parsed.database or ""
    memory = backend == "sqlite" and (
        database in ("", ":memory:") or parsed.query.get("mode") == "memory"
    )
    if backend == "sqlite" and not memory and parsed.query.get("uri") not in ("true", "1"):
        try:
            Path(database).expanduser().absolute().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{CANNOT_SAVE}: the database file at {display} cannot be created."
            ) from exc
    return Target(url=parsed, display=display, backend=backend, memory=memory)


def build_engine(target: Target) -> Engine:
    """An engine for `target`, shareable between threads."""
    if target.backend == "postgresql":
        connect_args: dict[str, Any] = {}
        if "connect_timeout" not in target.url.query:
            connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S
        return create_engine(
            target.url,
            pool_pre_ping=True,
            pool_size=PG_POOL_SIZE,
            max_overflow=PG_MAX_OVERFLOW,
            pool_timeout=PG_POOL_TIMEOUT_S,
            connect_args=connect_args,
        )

    sqlite_args: dict[str, Any] = {
        "check_same_thread": False,
        "timeout": BUSY_TIMEOUT_MS / 1000,
    }
    if target.memory:
        # One connection for the whole process, or each thread would see its own empty
        # database; the store serialises its calls for this case.
        engine = create_engine(target.url, poolclass=StaticPool, connect_args=sqlite_args)
    else:
        engine = create_engine(target.url, connect_args=sqlite_args)
    _set_up_sqlite(engine, wal=not target.memory)
    return engine


def _switch_to_wal(cursor: Any) -> None:
    """Put the file in WAL mode (it stays so); retried, as SQLite does not wait for this lock.

    Several processes opening a new file at once race to switch it, and the losers get
    "database is locked" at once rather than after the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


def _set_up_sqlite(engine: Engine, *, wal: bool) -> None:
    """SQLAlchemy's recipe for SQLite transactions, with IMMEDIATE for writes."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the sqlite3 module; `_on_begin` emits it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if wal:
                _switch_to_wal(cursor)
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = bool(conn.get_execution_options().get(WRITE_OPTION))
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
