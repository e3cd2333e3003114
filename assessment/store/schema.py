"""Tables, the schema version and the upgrade steps between versions.

Plain SQLAlchemy Core, portable between SQLite and PostgreSQL. JSON is kept as text (the
columns named `meta`, `settings` and `value`), so both backends read and write it alike.

A later version of the schema adds a function to `UPGRADES` under its new number and bumps
`SCHEMA_VERSION`; `ensure_schema` runs every step between the version a database has and the
current one, in order, inside the start-up transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    false,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.types import TypeDecorator

SCHEMA_VERSION = 6


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back as an aware UTC datetime.

    PostgreSQL keeps the zone (timestamptz); SQLite keeps naive text, taken to be UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, nullable=False),
)

workshop = Table(
    "workshop",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("key_hash", String(128), nullable=False),
    Column("name", String(200), nullable=False, server_default=""),
    Column("organization", String(200), nullable=False, server_default=""),
    Column("pack_id", String(100), nullable=False),
    Column("pack_version", String(50), nullable=False),
    Column("settings", Text, nullable=False, server_default="{}"),
    Column("status", String(20), nullable=False, server_default="open"),
    Column("created", UTCDateTime, nullable=False),
    # SHA-256 of the signed-in facilitator's identity (issuer and subject); none when the
    # workshop was created with a key only. Added in schema version 2.
    Column("owner", String(64), nullable=True),
    Index("ix_workshop_owner", "owner"),
    sqlite_autoincrement=True,
)

respondent = Table(
    "respondent",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column(
        "workshop_id",
        Integer,
        ForeignKey("workshop.id", ondelete="CASCADE"),
        nullable=True,
    ),
    Column("role", String(100), nullable=True),
    Column("pack_id", String(100), nullable=False),
    Column("pack_version", String(50), nullable=False),
    Column("meta", Text, nullable=False, server_default="{}"),
    Column("position", Integer, nullable=False, server_default="0"),
    Column("finished", Boolean, nullable=False, server_default=false()),
    Column("created", UTCDateTime, nullable=False),
    Column("updated", UTCDateTime, nullable=False),
    Index("ix_respondent_workshop_id", "workshop_id"),
    sqlite_autoincrement=True,
)

answer = Table(
    "answer",
    metadata,
    Column(
        "respondent_id",
        Integer,
        ForeignKey("respondent.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("question_id", String(200), nullable=False),
    Column("value", Text, nullable=False),
    Column("updated", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("respondent_id", "question_id", name="pk_answer"),
)

# A facilitator's dashboard open in one browser, kept across app restarts: the browser holds a
# random token in a cookie, the store only its SHA-256 hash. Never the facilitator key. Added in
# schema version 3; a session goes with its workshop.
facilitator_session = Table(
    "facilitator_session",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column(
        "workshop_id",
        Integer,
        ForeignKey("workshop.id", ondelete="CASCADE"),
        nullable=False,
    ),
    # the signed-in facilitator who opened it (an owner id), who must still be signed in to use
    # it; none when it was opened with the key
    Column("owner", String(64), nullable=True),
    Column("created", UTCDateTime, nullable=False),
    Column("expires", UTCDateTime, nullable=False),
    Index("ix_facilitator_session_workshop_id", "workshop_id"),
    sqlite_autoincrement=True,
)

# An action or decision the room agreed during a workshop's walk-through, with the role that
# owns it, when it is due (30d, 60d or 90d) and what it is about (a question or finding id, or
# none). Added in schema version 4; an action goes with its workshop.
workshop_action = Table(
    "workshop_action",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "workshop_id",
        Integer,
        ForeignKey("workshop.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("text", String(400), nullable=False),
    Column("owner", String(100), nullable=False, server_default=""),
    Column("horizon", String(10), nullable=False),
    Column("about", String(200), nullable=True),
    Column("created", UTCDateTime, nullable=False),
    Index("ix_workshop_action_workshop_id", "workshop_id"),
    sqlite_autoincrement=True,
)

# A question or comment a participant puts to the room during the discussion, without their
# name: the respondent who wrote it is kept only so that they can remove it and not vote for it,
# and goes with them. `hidden` is the facilitator's: a hidden remark is shown to nobody. Added in
# schema version 5, with the votes; both go with their workshop.
workshop_remark = Table(
    "workshop_remark",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "workshop_id",
        Integer,
        ForeignKey("workshop.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "respondent_id",
        Integer,
        ForeignKey("respondent.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("text", String(400), nullable=False),
    Column("hidden", Boolean, nullable=False, server_default=false()),
    Column("created", UTCDateTime, nullable=False),
    Index("ix_workshop_remark_workshop_id", "workshop_id"),
    sqlite_autoincrement=True,
)

# One participant's vote for a remark: at most one each, never for their own.
remark_vote = Table(
    "remark_vote",
    metadata,
    Column(
        "remark_id",
        Integer,
        ForeignKey("workshop_remark.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column(
        "respondent_id",
        Integer,
        ForeignKey("respondent.id", ondelete="CASCADE"),
        nullable=False,
    ),
    PrimaryKeyConstraint("remark_id", "respondent_id", name="pk_remark_vote"),
)

# A self-service respondent's answers kept under a name at a point in time, with the results as
# they were scored (the assessment JSON, which holds the answers it used) and the pack id and
# version that scored them, so that a later comparison can tell what the answers changed from
# what a newer pack's rules changed. Added in schema version 6; a milestone goes with its
# respondent.
milestone = Table(
    "milestone",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "respondent_id",
        Integer,
        ForeignKey("respondent.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("name", String(100), nullable=False),
    Column("pack_id", String(100), nullable=False),
    Column("pack_version", String(50), nullable=False),
    Column("assessment", Text, nullable=False),
    Column("created", UTCDateTime, nullable=False),
    Index("ix_milestone_respondent_id", "respondent_id"),
    sqlite_autoincrement=True,
)

# version -> the step that brings a database from version - 1 to it. Each step runs inside the
# start-up transaction, after `create_all` has added any table that is new in this version.
Upgrade = Callable[[Connection], None]


def _add_workshop_owner(conn: Connection) -> None:
    """Version 2: workshops may belong to a facilitator signed in with OpenID Connect."""
    columns = {c["name"] for c in inspect(conn).get_columns("workshop")}
    if "owner" not in columns:
        conn.execute(text("ALTER TABLE workshop ADD COLUMN owner VARCHAR(64)"))
    indexes = {i["name"] for i in inspect(conn).get_indexes("workshop")}
    if "ix_workshop_owner" not in indexes:
        conn.execute(text("CREATE INDEX ix_workshop_owner ON workshop (owner)"))


def _add_facilitator_sessions(conn: Connection) -> None:
    """Version 3: facilitator sessions that outlive the app process (a new table only, which
    `create_all` has usually made already; made here too so that the step stands alone)."""
    facilitator_session.create(conn, checkfirst=True)


def _add_workshop_actions(conn: Connection) -> None:
    """Version 4: actions agreed in a workshop (a new table only)."""
    workshop_action.create(conn, checkfirst=True)


def _add_workshop_remarks(conn: Connection) -> None:
    """Version 5: participants' questions for the discussion and their votes (new tables)."""
    workshop_remark.create(conn, checkfirst=True)
    remark_vote.create(conn, checkfirst=True)


def _add_milestones(conn: Connection) -> None:
    """Version 6: milestones of self-service answers (a new table)."""
    milestone.create(conn, checkfirst=True)


UPGRADES: dict[int, Upgrade] = {
    2: _add_workshop_owner,
    3: _add_facilitator_sessions,
    4: _add_workshop_actions,
    5: _add_workshop_remarks,
    6: _add_milestones,
}

# Any fixed number: taken by PostgreSQL start-ups so that replicas starting together create the
# tables one after the other.
_PG_LOCK_KEY = 0x50495654  # "PIVT"


class NewerSchemaError(Exception):
    def __init__(self, found: int) -> None:
        super().__init__(f"schema version {found} is newer than {SCHEMA_VERSION}")
        self.found = found


def ensure_schema(conn: Connection) -> None:
    """Create missing tables and bring the schema to `SCHEMA_VERSION`; call inside a write."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    metadata.create_all(conn, checkfirst=True)
    found: Any = conn.execute(select(func.max(schema_version.c.version))).scalar_one()
    if found is None:
        conn.execute(insert(schema_version).values(version=SCHEMA_VERSION))
        return
    found = int(found)
    if found > SCHEMA_VERSION:
        raise NewerSchemaError(found)
    for version in range(found + 1, SCHEMA_VERSION + 1):
        step = UPGRADES.get(version)
        if step is not None:
            step(conn)
    if found != SCHEMA_VERSION:
        conn.execute(update(schema_version).values(version=SCHEMA_VERSION))
