"""Facilitator sessions: a dashboard that stays open in one browser across app restarts.

Opening a workshop (with its key, or as its signed-in owner) starts a session: a random token
that the browser keeps in a cookie, stored here only as a SHA-256 hash beside the workshop and
an expiry. The token is not the facilitator key and opens nothing else: it ends when it expires,
when the facilitator leaves the dashboard or signs out, and when the workshop is deleted.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select

from assessment.store.part import StorePart
from assessment.store.schema import facilitator_session, utcnow, workshop
from assessment.store.workshops import Workshop, _workshop, require_workshop

SESSION_HOURS = 12  # how long a facilitator session lasts, from when it was started
SESSION_BYTES = 24  # secrets.token_urlsafe(24): 32 characters, 192 bits
_SESSION_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,100}")


@dataclass(frozen=True)
class FacilitatorSession:
    """Whose dashboard a session token opens, and until when."""

    workshop: Workshop
    owner: str | None  # the signed-in facilitator it belongs to; None when opened with the key
    expires: datetime


def _hash_session(token: object) -> str | None:
    if not isinstance(token, str) or _SESSION_SHAPE.fullmatch(token) is None:
        return None
    return hashlib.sha256(f"facilitator-session\n{token}".encode("ascii")).hexdigest()


class FacilitatorSessionStore(StorePart):
    """The facilitator-session half of `Store` (mixed in; uses its connections)."""

    def start_facilitator_session(
        self, workshop_id: int, *, owner: str | None = None, hours: float = SESSION_HOURS
    ) -> tuple[str, datetime]:
        """A new session on the workshop: its token (the only copy there will be) and its
        expiry. Expired sessions of every workshop are forgotten on the way."""
        token = secrets.token_urlsafe(SESSION_BYTES)
        token_hash = _hash_session(token)
        assert token_hash is not None
        now = utcnow()
        expires = now + timedelta(hours=hours)
        with self._write() as conn:
            conn.execute(delete(facilitator_session).where(facilitator_session.c.expires <= now))
            require_workshop(conn, workshop_id)
            conn.execute(
                insert(facilitator_session).values(
                    token_hash=token_hash,
                    workshop_id=workshop_id,
                    owner=owner,
                    created=now,
                    expires=expires,
                )
            )
        return token, expires

    def facilitator_session(self, token: object) -> FacilitatorSession | None:
        """The session holding `token` with its workshop; None when the token is malformed,
        unknown, ended or expired, or its workshop is gone."""
        token_hash = _hash_session(token)
        if token_hash is None:
            return None
        with self._read() as conn:
            row = (
                conn.execute(
                    select(
                        workshop,
                        facilitator_session.c.owner.label("session_owner"),
                        facilitator_session.c.expires,
                    )
                    .join(workshop, workshop.c.id == facilitator_session.c.workshop_id)
                    .where(
                        facilitator_session.c.token_hash == token_hash,
                        facilitator_session.c.expires > utcnow(),
                    )
                )
                .mappings()
                .first()
            )
        if row is None:
            return None
        return FacilitatorSession(_workshop(row), row["session_owner"], row["expires"])

    def end_facilitator_session(self, token: object) -> None:
        """End the session holding `token` (nothing happens for an unknown one)."""
        token_hash = _hash_session(token)
        if token_hash is None:
            return
        with self._write() as conn:
            conn.execute(
                delete(facilitator_session).where(facilitator_session.c.token_hash == token_hash)
            )

    def end_facilitator_sessions(self, workshop_id: int) -> int:
        """End every session on the workshop, in every browser; how many there were."""
        with self._write() as conn:
            result = conn.execute(
                delete(facilitator_session).where(facilitator_session.c.workshop_id == workshop_id)
            )
        return int(result.rowcount or 0)

    def count_facilitator_sessions(self, workshop_id: int) -> int:
        """Stored sessions on the workshop, expired ones included (for tests and checks)."""
        with self._read() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(facilitator_session)
                    .where(facilitator_session.c.workshop_id == workshop_id)
                ).scalar_one()
            )
