"""Facilitator sessions in the store (schema version 3), on SQLite and (when it answers)
PostgreSQL: a hashed token that opens one workshop's dashboard until it ends or expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, inspect, text, update

from assessment.store import Store, StoreError
from assessment.store import schema as store_schema
from assessment.store.schema import utcnow
from assessment.store.sessions import SESSION_HOURS
from tests.store_fixtures import rows_of


def make(store: Store, **settings):
    return store.create_workshop("Kick-off", "ai-scaling", "1.0.0", organization="Acme", **settings)


def test_a_session_opens_its_workshop_until_it_expires(store: Store) -> None:
    workshop, key = make(store)
    token, expires = store.start_facilitator_session(workshop.id)
    assert token != key and len(token) >= 32
    assert timedelta(hours=SESSION_HOURS - 0.1) < expires - utcnow() <= timedelta(hours=12)
    session = store.facilitator_session(token)
    assert session is not None
    assert session.workshop == workshop and session.owner is None and session.expires == expires
    assert store.facilitator_session(key) is None  # the key is no session token
    assert store.facilitator_session(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    for bad in (None, "", "short", token + "!", 42, "x" * 101):
        assert store.facilitator_session(bad) is None


def test_an_expired_session_opens_nothing_and_is_forgotten(store: Store) -> None:
    workshop, _ = make(store)
    old, _ = store.start_facilitator_session(workshop.id, hours=-1)
    assert store.facilitator_session(old) is None
    store.start_facilitator_session(workshop.id)  # forgets the expired one on the way
    assert store.count_facilitator_sessions(workshop.id) == 1


def test_the_store_keeps_only_a_hash_of_the_token(store: Store, db_url: str) -> None:
    workshop, key = make(store)
    token, _ = store.start_facilitator_session(workshop.id, owner="f" * 64)
    rows = rows_of(db_url)
    assert all(token not in str(row) and key not in str(row) for _, row in rows)
    [session] = [row for name, row in rows if name == "facilitator_session"]
    assert "f" * 64 in session  # whose it is, as the workshop keeps it: a hash


def test_ending_a_session_ends_only_that_one(store: Store) -> None:
    workshop, _ = make(store)
    first, _ = store.start_facilitator_session(workshop.id)
    second, _ = store.start_facilitator_session(workshop.id, owner="f" * 64)
    store.end_facilitator_session(first)
    store.end_facilitator_session("not a token")  # no error
    assert store.facilitator_session(first) is None
    session = store.facilitator_session(second)
    assert session is not None and session.owner == "f" * 64
    assert store.end_facilitator_sessions(workshop.id) == 1
    assert store.facilitator_session(second) is None


def test_deleting_a_workshop_ends_its_sessions(store: Store) -> None:
    workshop, _ = make(store)
    other, _ = make(store)
    token, _ = store.start_facilitator_session(workshop.id)
    kept, _ = store.start_facilitator_session(other.id)
    store.delete_workshop(workshop.id)
    assert store.facilitator_session(token) is None
    assert store.count_facilitator_sessions(workshop.id) == 0  # the rows went too
    assert store.facilitator_session(kept) is not None
    with pytest.raises(StoreError, match="not known"):
        store.start_facilitator_session(workshop.id)


def test_a_version_2_database_gains_facilitator_sessions_and_keeps_its_rows(db_url: str) -> None:
    with Store(db_url) as store:
        workshop, key = make(store, owner="f" * 64)
    engine = create_engine(db_url)
    with engine.begin() as conn:  # the shape a version 2 database has
        conn.execute(text("DROP TABLE facilitator_session"))
        conn.execute(update(store_schema.schema_version).values(version=2))
    with engine.connect() as conn:
        assert "facilitator_session" not in inspect(conn).get_table_names()
    engine.dispose()
    with Store(db_url) as store:
        assert store.check_key(workshop.code, key) == workshop
        assert store.workshops_of("f" * 64) == [workshop]
        token, _ = store.start_facilitator_session(workshop.id)
        session = store.facilitator_session(token)
        assert session is not None and session.workshop == workshop
    engine = create_engine(db_url)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version FROM schema_version")).scalar_one()
        indexes = {i["name"] for i in inspect(conn).get_indexes("facilitator_session")}
    engine.dispose()
    assert version == store_schema.SCHEMA_VERSION
    assert "ix_facilitator_session_workshop_id" in indexes


def test_the_version_3_step_alone_adds_the_table(db_url: str) -> None:
    """The upgrade step does not lean on `create_all` having made the table first."""
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE facilitator_session"))
        store_schema.UPGRADES[3](conn)
        store_schema.UPGRADES[3](conn)  # and can run twice
    with engine.connect() as conn:
        assert "facilitator_session" in inspect(conn).get_table_names()
    engine.dispose()
