"""The repository the app and the CLI call: respondents, their answers and where they are.

A respondent is known by a random token (the resume link); only its SHA-256 hash is stored.
Every call is one short transaction, so an answer is saved the moment it is given. One `Store`
per process is meant to be shared by every thread.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, RowMapping, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from assessment.i18n import _
from assessment.store import schema
from assessment.store.engine import CANNOT_SAVE, WRITE_OPTION, Target, build_engine, resolve
from assessment.store.errors import (
    CLOSED_TO_PARTICIPANTS,
    StoreError,
    UnknownTokenError,
    WorkshopClosedError,
)
from assessment.store.milestones import MilestoneStore
from assessment.store.remarks import RemarkStore, delete_remarks
from assessment.store.schema import (
    answer,
    milestone,
    remark_vote,
    respondent,
    utcnow,
    workshop_remark,
)
from assessment.store.sessions import FacilitatorSessionStore
from assessment.store.workshops import WorkshopStore, clean_role, require_workshop

TOKEN_BYTES = 24  # secrets.token_urlsafe(24): 32 characters, 192 bits
# Accepted on lookup: the URL-safe alphabet, from 128 bits (22 characters) up to 100 characters.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{22,100}")
MAX_QUESTION_ID = 200


@dataclass(frozen=True)
class Respondent:
    """One person's questionnaire: what it is, where they are, whether they are done."""

    token: str = field(repr=False)
    id: int
    pack_id: str
    pack_version: str
    workshop_id: int | None
    role: str | None
    meta: dict[str, str]
    position: int
    finished: bool
    created: datetime
    updated: datetime


def hash_token(token: object) -> str | None:
    """The stored form of a token, or None when it cannot be one of ours."""
    if not isinstance(token, str) or _TOKEN_SHAPE.fullmatch(token) is None:
        return None
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _encode_value(value: Any) -> str:
    """An answer as JSON text: None, a number, a string, a bool or a list of strings."""
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, list):
        if not all(isinstance(item, str) for item in value):
            raise ValueError("an answer list may hold only strings (choice ids)")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("an answer number must be finite")
    elif value is not None and not isinstance(value, bool | int | str):
        raise ValueError(f"an answer cannot be a {type(value).__name__}")
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _encode_meta(meta: Mapping[str, str]) -> str:
    if not isinstance(meta, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in meta.items()
    ):
        raise ValueError("meta must map strings to strings")
    return json.dumps(dict(meta), ensure_ascii=False, sort_keys=True)


def _check_question_id(question_id: str) -> None:
    if not isinstance(question_id, str) or not 0 < len(question_id) <= MAX_QUESTION_ID:
        raise ValueError(f"a question id is a string of 1 to {MAX_QUESTION_ID} characters")


class Store(WorkshopStore, FacilitatorSessionStore, RemarkStore, MilestoneStore):
    """Respondents and answers in SQLite (default) or PostgreSQL.

    `url` None takes `PIVOTPOINT_DATABASE_URL`, else the SQLite file `pivotpoint.db` in
    `PIVOTPOINT_DATA_DIR` (default `./data`, created). Raises `StoreError` when the database
    cannot be reached or set up.
    """

    def __init__(self, url: str | None = None) -> None:
        self._closed = False
        self._target: Target = resolve(url)
        self._lock: AbstractContextManager[Any] = (
            threading.Lock() if self._target.memory else nullcontext()
        )
        try:
            self._engine = build_engine(self._target)
        except (SQLAlchemyError, ImportError) as exc:
            # A driver that is not installed, an option the driver refuses.
            raise StoreError(
                f"{CANNOT_SAVE}: the database at {self._target.display} cannot be opened."
            ) from exc
        try:
            with self._write() as conn:
                schema.ensure_schema(conn)
        except schema.NewerSchemaError as exc:
            self._engine.dispose()
            raise StoreError(
                f"{CANNOT_SAVE}: the database at {self._target.display} was set up by a newer "
                "version of Pivotpoint."
            ) from exc
        except BaseException:
            self._engine.dispose()
            raise

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def url_for_display(self) -> str:
        """The database URL with any password masked."""
        return self._target.display

    def close(self) -> None:
        """Release every connection; the store cannot be used afterwards."""
        if not self._closed:
            self._closed = True
            self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url_for_display!r})"

    # -- respondents -----------------------------------------------------------------------

    def create_respondent(
        self,
        pack_id: str,
        pack_version: str,
        *,
        workshop_id: int | None = None,
        role: str | None = None,
    ) -> Respondent:
        """A new respondent; the returned `token` is the only copy of it there will ever be."""
        if not (isinstance(pack_id, str) and pack_id and isinstance(pack_version, str)):
            raise ValueError("pack_id and pack_version must be strings, pack_id not empty")
        token = secrets.token_urlsafe(TOKEN_BYTES)
        token_hash = hash_token(token)
        assert token_hash is not None
        role = clean_role(role)
        now = utcnow()
        with self._write() as conn:
            if workshop_id is not None:
                _require_open(conn, workshop_id)
            new_id = _insert_respondent(
                conn, token_hash, workshop_id, role, pack_id, pack_version, False, now
            )
        return Respondent(
            token=token,
            id=int(new_id),
            pack_id=pack_id,
            pack_version=pack_version,
            workshop_id=workshop_id,
            role=role,
            meta={},
            position=0,
            finished=False,
            created=now,
            updated=now,
        )

    def add_finished_respondents(
        self,
        workshop_id: int,
        pack_id: str,
        pack_version: str,
        people: Sequence[tuple[str | None, Mapping[str, Any]]],
    ) -> int:
        """Responses collected elsewhere, as (role, answers) pairs, added to a workshop as sent
        answers in one transaction: all of them or, when anything fails, none. Nobody can
        resume them: their tokens are never kept. Returns how many were added."""
        if not (isinstance(pack_id, str) and pack_id and isinstance(pack_version, str)):
            raise ValueError("pack_id and pack_version must be strings, pack_id not empty")
        encoded: list[tuple[str | None, dict[str, str]]] = []
        for role, values in people:
            for question_id in values:
                _check_question_id(question_id)
            kept = {q: _encode_value(v) for q, v in values.items() if v is not None}
            encoded.append((clean_role(role), kept))
        now = utcnow()
        with self._write() as conn:
            # checked in the same transaction as the rows go in
            _require_open(conn, workshop_id, "This workshop is closed and takes no more answers.")
            for role, values in encoded:
                token_hash = hash_token(secrets.token_urlsafe(TOKEN_BYTES))
                assert token_hash is not None
                new_id = _insert_respondent(
                    conn, token_hash, workshop_id, role, pack_id, pack_version, True, now
                )
                if values:
                    conn.execute(
                        insert(answer),
                        [
                            {
                                "respondent_id": new_id,
                                "question_id": q,
                                "value": v,
                                "updated": now,
                            }
                            for q, v in values.items()
                        ],
                    )
        return len(encoded)

    def find(self, token: str | None) -> Respondent | None:
        """The respondent holding `token`; None for an unknown or malformed token."""
        token_hash = hash_token(token)
        if token_hash is None or token is None:
            return None
        with self._read() as conn:
            row = (
                conn.execute(select(respondent).where(respondent.c.token_hash == token_hash))
                .mappings()
                .first()
            )
        return None if row is None else _respondent(token, row)

    def save_meta(self, token: str, meta: Mapping[str, str]) -> None:
        """Replace the respondent's meta (organization, role, name, ...)."""
        encoded = _encode_meta(meta)
        with self._write() as conn:
            self._touch(conn, token, meta=encoded)

    def save_position(self, token: str, position: int) -> None:
        """The survey section index to resume at."""
        if isinstance(position, bool) or not isinstance(position, int) or position < 0:
            raise ValueError("position must be a whole number, 0 or more")
        with self._write() as conn:
            self._touch(conn, token, position=position)

    def mark_finished(self, token: str, finished: bool = True) -> None:
        with self._write() as conn:
            self._touch(conn, token, finished=bool(finished))

    def delete_respondent(self, token: str) -> None:
        """Delete the respondent, every answer they gave, their milestones, their remarks to
        the room and their votes."""
        with self._write() as conn:
            respondent_id = self._respondent_id(conn, token)
            conn.execute(delete(milestone).where(milestone.c.respondent_id == respondent_id))
            delete_remarks(conn, workshop_remark.c.respondent_id == respondent_id)
            conn.execute(delete(remark_vote).where(remark_vote.c.respondent_id == respondent_id))
            conn.execute(delete(answer).where(answer.c.respondent_id == respondent_id))
            conn.execute(delete(respondent).where(respondent.c.id == respondent_id))

    # -- answers ---------------------------------------------------------------------------

    def save_answer(self, token: str, question_id: str, value: Any) -> None:
        """Save (or replace) one answer: None, a number, a string, a bool or a list of str."""
        _check_question_id(question_id)
        encoded = _encode_value(value)
        with self._write() as conn:
            now = utcnow()
            respondent_id = self._touch(conn, token, now=now)
            dialect_insert = pg.insert if conn.dialect.name == "postgresql" else sqlite.insert
            statement = dialect_insert(answer).values(
                respondent_id=respondent_id, question_id=question_id, value=encoded, updated=now
            )
            conn.execute(
                statement.on_conflict_do_update(
                    index_elements=[answer.c.respondent_id, answer.c.question_id],
                    set_={"value": statement.excluded.value, "updated": statement.excluded.updated},
                )
            )

    def replace_answers(
        self, token: str, values: Mapping[str, Any], meta: Mapping[str, str] | None = None
    ) -> None:
        """Every answer of the respondent replaced by `values` (and its meta by `meta`), in
        one transaction: a restored file lands whole or not at all, and a closed workshop
        refuses it before anything changes."""
        for question_id in values:
            _check_question_id(question_id)
        encoded = {q: _encode_value(v) for q, v in values.items() if v is not None}
        more = {} if meta is None else {"meta": _encode_meta(meta)}
        with self._write() as conn:
            now = utcnow()
            respondent_id = self._touch(conn, token, now=now, **more)
            conn.execute(delete(answer).where(answer.c.respondent_id == respondent_id))
            if encoded:
                conn.execute(
                    insert(answer),
                    [
                        {
                            "respondent_id": respondent_id,
                            "question_id": q,
                            "value": v,
                            "updated": now,
                        }
                        for q, v in encoded.items()
                    ],
                )

    def delete_answer(self, token: str, question_id: str) -> None:
        """Forget one answer (no error when there was none)."""
        _check_question_id(question_id)
        with self._write() as conn:
            respondent_id = self._touch(conn, token)
            conn.execute(
                delete(answer).where(
                    answer.c.respondent_id == respondent_id, answer.c.question_id == question_id
                )
            )

    def answers(self, token: str) -> dict[str, Any]:
        """Every answer of the respondent, by question id (in question id order)."""
        with self._read() as conn:
            respondent_id = self._respondent_id(conn, token)
            rows = conn.execute(
                select(answer.c.question_id, answer.c.value)
                .where(answer.c.respondent_id == respondent_id)
                .order_by(answer.c.question_id)
            ).all()
        return {question_id: json.loads(value) for question_id, value in rows}

    def count_answers(self) -> int:
        """Answer rows in the whole database."""
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(answer)).scalar_one())

    # -- plumbing --------------------------------------------------------------------------

    def _respondent_id(self, conn: Connection, token: str) -> int:
        token_hash = hash_token(token)
        found = (
            None
            if token_hash is None
            else conn.execute(
                select(respondent.c.id).where(respondent.c.token_hash == token_hash)
            ).scalar_one_or_none()
        )
        if found is None:
            raise UnknownTokenError
        return int(found)

    def _touch(
        self, conn: Connection, token: str, now: datetime | None = None, **values: Any
    ) -> int:
        """Set `values` and `updated` on the respondent holding `token`; its id.

        Every change a participant makes comes through here, so this is where a closed
        workshop refuses it: in the same transaction as the write, with the workshop's row
        share-locked on PostgreSQL, so that a close either waits for this write or is seen by
        it (SQLite's write transactions run one at a time anyway)."""
        token_hash = hash_token(token)
        if token_hash is None:
            raise UnknownTokenError
        row = conn.execute(
            select(respondent.c.id, respondent.c.workshop_id).where(
                respondent.c.token_hash == token_hash
            )
        ).first()
        if row is None:
            raise UnknownTokenError
        if row.workshop_id is not None:
            _require_open(conn, row.workshop_id)
        conn.execute(
            update(respondent)
            .where(respondent.c.id == row.id)
            .values(updated=now or utcnow(), **values)
        )
        return int(row.id)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Serialise where needed, and turn any database failure into one plain sentence."""
        if self._closed:
            raise StoreError(_("The answers cannot be saved right now: the store has been closed."))
        try:
            with self._lock:
                yield
        except (SQLAlchemyError, sqlite3.Error) as exc:
            raise StoreError(self._failure(exc)) from exc

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._guard(), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One short write transaction (BEGIN IMMEDIATE on SQLite), committed on success."""
        with self._guard(), self._engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    def _failure(self, exc: BaseException) -> str:
        where = self._target.display
        BUSY = _(
            "The answers cannot be saved right now: the database at {where} is busy; please "
            "try again."
        )
        if self._target.backend == "sqlite":
            detail = str(getattr(exc, "orig", exc)).lower()
            if "locked" in detail or "busy" in detail:
                return BUSY.format(where=where)
            return _(
                "The answers cannot be saved right now: the database file at {where} cannot be "
                "opened or written."
            ).format(where=where)
        if isinstance(exc, PoolTimeout):
            return BUSY.format(where=where)
        return _(
            "The answers cannot be saved right now: the database at {where} does not answer."
        ).format(where=where)


def _insert_respondent(
    conn: Connection,
    token_hash: str,
    workshop_id: int | None,
    role: str | None,
    pack_id: str,
    pack_version: str,
    finished: bool,
    now: datetime,
) -> int:
    """One new respondent row (no meta, at the first section); its id."""
    new_id = conn.execute(
        insert(respondent)
        .values(
            token_hash=token_hash,
            workshop_id=workshop_id,
            role=role,
            pack_id=pack_id,
            pack_version=pack_version,
            meta="{}",
            position=0,
            finished=finished,
            created=now,
            updated=now,
        )
        .returning(respondent.c.id)
    ).scalar_one()
    return int(new_id)


def _respondent(token: str, row: RowMapping) -> Respondent:
    meta = json.loads(row["meta"] or "{}")
    return Respondent(
        token=token,
        id=int(row["id"]),
        pack_id=row["pack_id"],
        pack_version=row["pack_version"],
        workshop_id=row["workshop_id"],
        role=row["role"],
        meta={str(k): str(v) for k, v in meta.items()} if isinstance(meta, dict) else {},
        position=int(row["position"]),
        finished=bool(row["finished"]),
        created=row["created"],
        updated=row["updated"],
    )


def _require_open(conn: Connection, workshop_id: int, closed: str = CLOSED_TO_PARTICIPANTS) -> None:
    """Refuse a write to a workshop that is gone or closed, inside the writer's transaction;
    the workshop's row is share-locked on PostgreSQL, so a close waits for the write or the
    write sees the close."""
    if require_workshop(conn, workshop_id) != "open":
        raise WorkshopClosedError(closed)
