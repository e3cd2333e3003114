"""Workshops in the store: join codes, the facilitator key, responses, status and deletion.

The facilitator key is random and shown once; only its SHA-256 hash is stored, and keys are
compared in constant time. Join codes use letters and digits that cannot be mistaken for each
other when read aloud or typed on a phone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from assessment.i18n import _
from assessment.store.errors import StoreError
from assessment.store.part import StorePart
from assessment.store.schema import (
    answer,
    milestone,
    remark_vote,
    respondent,
    utcnow,
    workshop,
    workshop_action,
    workshop_remark,
)
from assessment.store.text import CONTROL, one_line

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
CODE_LENGTH = 6
KEY_BYTES = 18
STATUSES = ("open", "closed")
HORIZONS = ("30d", "60d", "90d")
MAX_ACTION = 300  # characters of an action's text
MAX_OWNER = 100
_CODE_SHAPE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")


@dataclass(frozen=True)
class Workshop:
    id: int
    code: str
    name: str
    organization: str
    pack_id: str
    pack_version: str
    status: str
    created: datetime
    settings: dict[str, Any] = field(default_factory=dict)
    owner: str | None = None  # hashed identity of the signed-in facilitator who created it

    @property
    def k(self) -> int:
        return int(self.settings.get("k", 5))

    @property
    def own_results(self) -> bool:
        """Whether participants may see their own results after sending."""
        return bool(self.settings.get("own_results", False))

    @property
    def roles(self) -> list[str]:
        return [str(r) for r in self.settings.get("roles", [])]

    @property
    def language(self) -> str | None:
        """The language participants read unless they choose another; None: the app's default."""
        lang = self.settings.get("language")
        return str(lang) if isinstance(lang, str) and lang else None

    @property
    def follows(self) -> int | None:
        """The id of the earlier workshop this one follows up, if any."""
        earlier = self.settings.get("follows")
        return int(earlier) if isinstance(earlier, int) else None


@dataclass(frozen=True)
class Action:
    """An action or decision the room agreed: what, which role owns it, by when, and the
    question or finding it answers (None: the workshop as a whole)."""

    id: int
    text: str
    owner: str
    horizon: str
    about: str | None
    created: datetime


@dataclass(frozen=True)
class Response:
    """One participant's answers, without anything that identifies them."""

    respondent_id: int
    role: str | None
    finished: bool
    answers: dict[str, Any]
    # A stable key in no telling order, for exports: derived from the respondent's random
    # token hash, which every respondent row has (imported ones too) and which nobody who runs
    # the workshop can know or work out, unlike the sequential id or the facilitator key.
    order_key: str = field(default="", repr=False)


def normalise_code(code: object) -> str | None:
    """A typed join code in its stored form ('ab c-d23' -> 'ABCD23'), or None."""
    if not isinstance(code, str) or len(code) > 40:
        return None
    cleaned = re.sub(r"[\s-]", "", code).upper()
    return cleaned if _CODE_SHAPE.fullmatch(cleaned) else None


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def role_problem(role: str) -> str | None:
    """Why `role` cannot be a role as typed, or None when it can."""
    found = CONTROL.search(role)
    if found is not None:
        return f"a role cannot hold control characters (found {found.group()!r})"
    return None


def clean_role(role: object) -> str | None:
    """A role as stored: control characters dropped, white space collapsed; None when empty.

    The last line of defence: the command line and imports refuse such roles with a message
    (see `role_problem`) before they come here."""
    if not isinstance(role, str):
        return None
    text = one_line(role)
    return text or None


def _order_key(token_hash: str) -> str:
    return hashlib.sha256(f"export order\n{token_hash}".encode()).hexdigest()


def owner_id(issuer: str, subject: str) -> str:
    """The stored form of a signed-in identity: a hash of the provider and its user id.

    Neither the e-mail address nor the provider's own user id is stored.
    """
    return hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()


class WorkshopStore(StorePart):
    """The workshop half of `Store` (mixed in; uses its connections and error handling)."""

    def create_workshop(
        self,
        name: str,
        pack_id: str,
        pack_version: str,
        *,
        organization: str = "",
        k: int = 5,
        roles: list[str] | None = None,
        own_results: bool = False,
        owner: str | None = None,
        follows: int | None = None,
        language: str | None = None,
    ) -> tuple[Workshop, str]:
        """A new open workshop and its facilitator key (returned once, stored as a hash).

        `owner` (from `owner_id`) lets that signed-in facilitator open it without the key;
        `follows` is the id of the earlier workshop this one follows up; `language` is the one
        its participants read unless they choose another (none: English).
        """
        kept = [r for r in (clean_role(role) for role in roles or []) if r is not None]
        settings: dict[str, Any] = {"k": max(int(k), 3), "roles": kept, "own_results": own_results}
        if follows is not None:
            settings["follows"] = int(follows)
        if language:
            settings["language"] = str(language)[:16]
        key = secrets.token_urlsafe(KEY_BYTES)
        now = utcnow()
        # a collision among 887 million codes is rare; retry if it happens
        for _attempt in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _pos in range(CODE_LENGTH))
            try:
                with self._write() as conn:
                    new_id = conn.execute(
                        insert(workshop)
                        .values(
                            code=code,
                            key_hash=_hash_key(key),
                            name=name[:200],
                            organization=organization[:200],
                            pack_id=pack_id,
                            pack_version=pack_version,
                            settings=json.dumps(settings),
                            status="open",
                            created=now,
                            owner=owner,
                        )
                        .returning(workshop.c.id)
                    ).scalar_one()
            except StoreError as exc:
                if isinstance(exc.__cause__, IntegrityError):
                    continue
                raise
            return Workshop(
                int(new_id),
                code,
                name[:200],
                organization[:200],
                pack_id,
                pack_version,
                "open",
                now,
                settings,
                owner,
            ), key
        raise StoreError("No free join code was found; please try again.")  # pragma: no cover

    def find_workshop(self, code: object) -> Workshop | None:
        normal = normalise_code(code)
        if normal is None:
            return None
        with self._read() as conn:
            row = conn.execute(select(workshop).where(workshop.c.code == normal)).mappings().first()
        return None if row is None else _workshop(row)

    def workshop_by_id(self, workshop_id: int | None) -> Workshop | None:
        if workshop_id is None:
            return None
        with self._read() as conn:
            row = (
                conn.execute(select(workshop).where(workshop.c.id == workshop_id))
                .mappings()
                .first()
            )
        return None if row is None else _workshop(row)

    def check_key(self, code: object, key: object) -> Workshop | None:
        """The workshop when `key` is its facilitator key; None otherwise (constant time)."""
        normal = normalise_code(code)
        if normal is None or not isinstance(key, str) or len(key) > 200:
            return None
        with self._read() as conn:
            row = conn.execute(select(workshop).where(workshop.c.code == normal)).mappings().first()
        given = _hash_key(key)
        stored = row["key_hash"] if row is not None else _hash_key("no workshop")
        if not hmac.compare_digest(given, stored) or row is None:
            return None
        return _workshop(row)

    def owned_workshop(self, code: object, owner: object) -> Workshop | None:
        """The workshop when it belongs to `owner` (an `owner_id`); None otherwise."""
        normal = normalise_code(code)
        if normal is None or not isinstance(owner, str) or not owner:
            return None
        with self._read() as conn:
            row = conn.execute(select(workshop).where(workshop.c.code == normal)).mappings().first()
        stored = row["owner"] if row is not None else None
        if not isinstance(stored, str) or not hmac.compare_digest(owner, stored):
            return None
        return _workshop(row)

    def workshops_of(self, owner: str) -> list[Workshop]:
        """The workshops a signed-in facilitator created, newest first."""
        if not owner:
            return []
        with self._read() as conn:
            rows = (
                conn.execute(
                    select(workshop)
                    .where(workshop.c.owner == owner)
                    .order_by(workshop.c.created.desc(), workshop.c.id.desc())
                )
                .mappings()
                .all()
            )
        return [_workshop(row) for row in rows]

    def set_workshop_status(self, workshop_id: int, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        with self._write() as conn:
            conn.execute(update(workshop).where(workshop.c.id == workshop_id).values(status=status))

    def responses(self, workshop_id: int) -> list[Response]:
        """Every participant's answers, in the order they joined."""
        with self._read() as conn:
            people = conn.execute(
                select(
                    respondent.c.id,
                    respondent.c.role,
                    respondent.c.finished,
                    respondent.c.token_hash,
                )
                .where(respondent.c.workshop_id == workshop_id)
                .order_by(respondent.c.id)
            ).all()
            rows = conn.execute(
                select(answer.c.respondent_id, answer.c.question_id, answer.c.value)
                .join(respondent, respondent.c.id == answer.c.respondent_id)
                .where(respondent.c.workshop_id == workshop_id)
            ).all()
        by_person: dict[int, dict[str, Any]] = {int(p.id): {} for p in people}
        for row in rows:
            by_person[int(row.respondent_id)][row.question_id] = json.loads(row.value)
        return [
            Response(
                int(p.id), p.role, bool(p.finished), by_person[int(p.id)], _order_key(p.token_hash)
            )
            for p in people
        ]

    def add_action(
        self, workshop_id: int, text: str, owner: str, horizon: str, about: str | None = None
    ) -> Action:
        """Record an action the room agreed. `text` is required (at most MAX_ACTION
        characters), `horizon` one of HORIZONS; text is stored as typed and escaped wherever
        it is shown."""
        text, owner = " ".join(text.split()), " ".join(owner.split())
        if not text:
            raise ValueError("an action needs a text")
        if len(text) > MAX_ACTION or len(owner) > MAX_OWNER:
            raise ValueError(
                f"an action's text takes at most {MAX_ACTION} characters, its owner {MAX_OWNER}"
            )
        if horizon not in HORIZONS:
            raise ValueError(f"horizon must be one of {', '.join(HORIZONS)}")
        created = utcnow()
        with self._write() as conn:
            require_workshop(conn, workshop_id)
            result = conn.execute(
                insert(workshop_action).values(
                    workshop_id=workshop_id,
                    text=text,
                    owner=owner,
                    horizon=horizon,
                    about=about,
                    created=created,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
        return Action(int(key[0]), text, owner, horizon, about, created)

    def actions(self, workshop_id: int) -> list[Action]:
        """The workshop's agreed actions, by horizon, then in the order they were recorded."""
        with self._read() as conn:
            rows = conn.execute(
                select(workshop_action)
                .where(workshop_action.c.workshop_id == workshop_id)
                .order_by(workshop_action.c.id)
            ).mappings()
            found = [
                Action(int(r["id"]), r["text"], r["owner"], r["horizon"], r["about"], r["created"])
                for r in rows
            ]
        return sorted(found, key=lambda a: HORIZONS.index(a.horizon))

    def delete_action(self, workshop_id: int, action_id: int) -> None:
        with self._write() as conn:
            conn.execute(
                delete(workshop_action).where(
                    workshop_action.c.workshop_id == workshop_id,
                    workshop_action.c.id == action_id,
                )
            )

    def delete_workshop(self, workshop_id: int) -> None:
        """The workshop, its participants, every answer they gave, its agreed actions and the
        remarks put to the room with their votes."""
        from assessment.store.remarks import delete_remarks  # it imports this module

        with self._write() as conn:
            mine = workshop_action.c.workshop_id == workshop_id
            conn.execute(delete(workshop_action).where(mine))
            delete_remarks(conn, workshop_remark.c.workshop_id == workshop_id)
            ids = select(respondent.c.id).where(respondent.c.workshop_id == workshop_id)
            conn.execute(delete(answer).where(answer.c.respondent_id.in_(ids)))
            conn.execute(delete(respondent).where(respondent.c.workshop_id == workshop_id))
            conn.execute(delete(workshop).where(workshop.c.id == workshop_id))

    def purge_workshops(self, older_than_days: int) -> int:
        """Delete every workshop created more than `older_than_days` ago; how many went."""
        cutoff = utcnow() - timedelta(days=older_than_days)
        with self._read() as conn:
            old = [
                int(i)
                for i in conn.execute(
                    select(workshop.c.id).where(workshop.c.created < cutoff)
                ).scalars()
            ]
        for workshop_id in old:
            self.delete_workshop(workshop_id)
        return len(old)

    def count_rows(self) -> dict[str, int]:
        """Rows in each table (for tests that prove a deletion)."""
        with self._read() as conn:
            return {
                t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for t in (
                    workshop,
                    respondent,
                    answer,
                    workshop_action,
                    workshop_remark,
                    remark_vote,
                    milestone,
                )
            }


def require_workshop(conn: Connection, workshop_id: int) -> str:
    """The status of a workshop about to be written to, inside the writer's transaction (its
    row share-locked on PostgreSQL, so a close or a deletion waits for the write); StoreError
    when it is gone."""
    status = conn.execute(
        select(workshop.c.status).where(workshop.c.id == workshop_id).with_for_update(read=True)
    ).scalar_one_or_none()
    if status is None:
        raise StoreError(_("This workshop is not known: it may have been deleted."))
    return str(status)


def _workshop(row: Any) -> Workshop:
    settings = json.loads(row["settings"] or "{}")
    return Workshop(
        int(row["id"]),
        row["code"],
        row["name"],
        row["organization"],
        row["pack_id"],
        row["pack_version"],
        row["status"],
        row["created"],
        settings if isinstance(settings, dict) else {},
        row["owner"],
    )
