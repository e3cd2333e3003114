"""The store: respondents, answers, tokens, both backends, concurrency, failures.

SQLite always runs; PostgreSQL runs when TEST_DATABASE_URL is set (each test in a schema of
its own, dropped afterwards), e.g.
TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, select, update

from assessment.store import Respondent, Store, StoreError
from assessment.store import schema as store_schema
from assessment.store.engine import BUSY_TIMEOUT_MS, resolve
from tests.store_fixtures import PG_URL
from tests.store_fixtures import rows_of as _rows

# -- respondents ---------------------------------------------------------------------------


def test_create_and_find(store: Store) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    r = store.create_respondent("ai-scaling", "1.0", role="lead")
    assert isinstance(r, Respondent)
    assert len(r.token) == 32
    assert (r.pack_id, r.pack_version, r.workshop_id, r.role) == ("ai-scaling", "1.0", None, "lead")
    assert (r.meta, r.position, r.finished) == ({}, 0, False)
    assert r.created.tzinfo is not None and r.created >= before
    assert r.created == r.updated

    found = store.find(r.token)
    assert found == r
    assert found is not None and found.created.utcoffset() == timedelta(0)
    assert r.token not in repr(r)

    other = store.create_respondent("ai-scaling", "1.0")
    assert other.token != r.token and other.id != r.id
    assert other.role is None


def test_raw_token_is_stored_nowhere(store: Store, db_url: str) -> None:
    r = store.create_respondent("ai-scaling", "1.0", role="dev")
    store.save_answer(r.token, "q1", "yes")
    store.save_meta(r.token, {"organization": "Acme"})
    rows = _rows(db_url)
    assert {name for name, _ in rows} >= {"respondent", "answer", "schema_version"}
    assert all(r.token not in repr(row) for _, row in rows)
    if db_url.startswith("sqlite:"):
        files = list(Path(db_url.removeprefix("sqlite:///")).parent.glob("store.db*"))
        assert files
        assert all(r.token.encode() not in path.read_bytes() for path in files)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "short",
        "x" * 101,
        "A" * 31 + "!",
        "A" * 31 + "\n",
        "A" * 30 + "é" * 2,
        "A" * 16 + " " + "A" * 15,
        "../../etc/passwd" * 2,
        None,
        12345,
    ],
)
def test_malformed_tokens_find_nothing(store: Store, token: Any) -> None:
    assert store.find(token) is None


def test_malformed_tokens_do_not_touch_the_database(tmp_path: Path) -> None:
    s = Store(f"sqlite:///{tmp_path / 'x.db'}")
    s.close()  # any database access would now raise
    assert s.find("not a token!") is None
    assert s.find("y" * 500) is None


def test_unknown_token(store: Store) -> None:
    store.create_respondent("ai-scaling", "1.0")
    unknown = "A" * 32
    assert store.find(unknown) is None
    for call in (
        lambda: store.save_answer(unknown, "q1", 1),
        lambda: store.delete_answer(unknown, "q1"),
        lambda: store.answers(unknown),
        lambda: store.save_meta(unknown, {}),
        lambda: store.save_position(unknown, 1),
        lambda: store.mark_finished(unknown),
        lambda: store.delete_respondent(unknown),
        lambda: store.save_answer("bad token", "q1", 1),
    ):
        with pytest.raises(StoreError, match="^This answer link is not known"):
            call()
    assert store.count_answers() == 0


def test_an_unknown_token_is_its_own_error_type(store: Store) -> None:
    """The app tells a deleted link from a failing database by the type, not the message."""
    from assessment.store.errors import UNKNOWN_TOKEN, UnknownTokenError

    with pytest.raises(UnknownTokenError) as err:
        store.save_answer("A" * 32, "q1", 1)
    assert str(err.value) == UNKNOWN_TOKEN
    assert isinstance(err.value, StoreError)


# -- answers -------------------------------------------------------------------------------


def test_save_answer_upserts(store: Store) -> None:
    r = store.create_respondent("ai-scaling", "1.0")
    store.save_answer(r.token, "team_size", 5)
    first = store.find(r.token)
    store.save_answer(r.token, "team_size", 12)
    assert store.answers(r.token) == {"team_size": 12}
    assert store.count_answers() == 1
    second = store.find(r.token)
    assert first is not None and second is not None
    assert second.updated >= first.updated >= r.created


@pytest.mark.parametrize(
    "value",
    [0, 7, -3, 2.5, 1e-9, True, False, "", "text with ünïcode ✓", ["a", "b"], [], None],
    ids=repr,
)
def test_values_round_trip(store: Store, value: Any) -> None:
    r = store.create_respondent("ai-scaling", "1.0")
    store.save_answer(r.token, "q", value)
    got = store.answers(r.token)
    assert got == {"q": value}
    assert type(got["q"]) is type(value)


def test_all_kinds_together(store: Store) -> None:
    r = store.create_respondent("ai-scaling", "1.0")
    values = {"i": 3, "f": 0.25, "b": True, "s": "x", "l": ["c1", "c2"], "n": None}
    for question_id, value in values.items():
        store.save_answer(r.token, question_id, value)
    assert store.answers(r.token) == values
    assert list(store.answers(r.token)) == sorted(values)
    store.save_answer(r.token, "t", ("a", "b"))
    assert store.answers(r.token)["t"] == ["a", "b"]


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), {"a": 1}, [1, 2], object(), b"bytes"],
    # ids stable across processes (an object's repr holds its address)
    ids=["nan", "inf", "dict", "list", "object", "bytes"],
)
def test_bad_values_are_refused(store: Store, value: Any) -> None:
    r = store.create_respondent("ai-scaling", "1.0")
    with pytest.raises(ValueError):
        store.save_answer(r.token, "q", value)
    assert store.count_answers() == 0


def test_delete_answer(store: Store) -> None:
    r = store.create_respondent("ai-scaling", "1.0")
    store.save_answer(r.token, "a", 1)
    store.save_answer(r.token, "b", 2)
    store.delete_answer(r.token, "a")
    store.delete_answer(r.token, "never-answered")
    assert store.answers(r.token) == {"b": 2}
    assert store.count_answers() == 1


def test_answers_are_per_respondent(store: Store) -> None:
    one = store.create_respondent("ai-scaling", "1.0")
    two = store.create_respondent("ai-scaling", "1.0")
    store.save_answer(one.token, "q", "one")
    store.save_answer(two.token, "q", "two")
    assert store.answers(one.token) == {"q": "one"}
    assert store.answers(two.token) == {"q": "two"}
    assert store.count_answers() == 2


# -- progress and meta ---------------------------------------------------------------------


def test_meta_position_finished(store: Store) -> None:
    r = store.create_respondent("ai-scaling", "1.0")
    store.save_meta(r.token, {"organization": "Acme", "name": "Zoë", "role": "CTO"})
    store.save_meta(r.token, {"organization": "Acme GmbH"})
    store.save_position(r.token, 3)
    found = store.find(r.token)
    assert found is not None
    assert found.meta == {"organization": "Acme GmbH"}
    assert found.position == 3 and found.finished is False
    assert found.updated >= r.updated

    store.mark_finished(r.token)
    found = store.find(r.token)
    assert found is not None and found.finished is True
    store.mark_finished(r.token, False)
    found = store.find(r.token)
    assert found is not None and found.finished is False

    with pytest.raises(ValueError):
        store.save_position(r.token, -1)
    with pytest.raises(ValueError):
        store.save_meta(r.token, {"n": 1})  # type: ignore[dict-item]


def test_delete_respondent_removes_answers(store: Store) -> None:
    keep = store.create_respondent("ai-scaling", "1.0")
    gone = store.create_respondent("ai-scaling", "1.0")
    for i in range(5):
        store.save_answer(gone.token, f"q{i}", i)
    store.save_answer(keep.token, "q0", "kept")
    assert store.count_answers() == 6
    store.delete_respondent(gone.token)
    assert store.find(gone.token) is None
    assert store.count_answers() == 1
    assert store.answers(keep.token) == {"q0": "kept"}


def test_workshop_link_and_cascade(store: Store, db_url: str) -> None:
    with pytest.raises(StoreError, match="workshop is not known"):
        store.create_respondent("ai-scaling", "1.0", workshop_id=999)
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            workshop_id = conn.execute(
                insert(store_schema.workshop)
                .values(
                    code="ABC123",
                    key_hash="h" * 64,
                    pack_id="ai-scaling",
                    pack_version="1.0",
                    created=datetime.now(UTC),
                )
                .returning(store_schema.workshop.c.id)
            ).scalar_one()
        r = store.create_respondent("ai-scaling", "1.0", workshop_id=workshop_id, role="dev")
        store.save_answer(r.token, "q", 1)
        found = store.find(r.token)
        assert found is not None and found.workshop_id == workshop_id
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            conn.execute(store_schema.workshop.delete())
    finally:
        engine.dispose()
    assert store.find(r.token) is None
    assert store.count_answers() == 0


# -- lifetime ------------------------------------------------------------------------------


def test_data_survives_reopening(db_url: str) -> None:
    first = Store(db_url)
    r = first.create_respondent("ai-scaling", "1.0", role="lead")
    first.save_answer(r.token, "q", ["a"])
    first.save_position(r.token, 2)
    first.close()
    with pytest.raises(StoreError):
        first.answers(r.token)

    with Store(db_url) as second:
        found = second.find(r.token)
        assert found is not None and found.position == 2 and found.role == "lead"
        assert second.answers(r.token) == {"q": ["a"]}
    rows = [row for name, row in _rows(db_url) if name == "schema_version"]
    assert rows == [(store_schema.SCHEMA_VERSION,)]


def test_upgrade_steps_run_once(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(db_url).close()
    ran: list[int] = []
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", store_schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(
        store_schema.UPGRADES, store_schema.SCHEMA_VERSION, lambda conn: ran.append(1)
    )
    Store(db_url).close()
    Store(db_url).close()
    assert ran == [1]
    rows = [row for name, row in _rows(db_url) if name == "schema_version"]
    assert rows == [(store_schema.SCHEMA_VERSION,)]


def test_newer_schema_is_refused(db_url: str) -> None:
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(update(store_schema.schema_version).values(version=99))
    engine.dispose()
    with pytest.raises(StoreError, match="newer version of Pivotpoint") as info:
        Store(db_url)
    assert "\n" not in str(info.value)


def test_sqlite_settings(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 's.db'}") as s:
        with s._engine.connect() as conn:  # noqa: SLF001 - checking the connection setup
            pragma = conn.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS == 15000
            assert pragma("PRAGMA foreign_keys").scalar() == 1


def test_two_stores_many_threads(db_url: str) -> None:
    """Two stores (like two processes) on one database, 8 threads x 50 writes each."""
    stores: list[Store] = []
    opened = [threading.Thread(target=lambda: stores.append(Store(db_url))) for _ in range(2)]
    for t in opened:
        t.start()
    for t in opened:
        t.join()
    assert len(stores) == 2
    people = [stores[0].create_respondent("ai-scaling", "1.0") for _ in range(4)]
    errors: list[BaseException] = []
    threads_n, writes_n = 8, 50

    def work(n: int) -> None:
        s = stores[n % 2]
        try:
            for i in range(writes_n):
                s.save_answer(people[n % 4].token, f"t{n}-q{i}", i)
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    try:
        assert stores[1].count_answers() == threads_n * writes_n
        for p, person in enumerate(people):
            expected = {
                f"t{n}-q{i}": i for n in range(threads_n) if n % 4 == p for i in range(writes_n)
            }
            assert stores[1].answers(person.token) == expected
    finally:
        for s in stores:
            s.close()


def test_memory_sqlite_is_shared_between_threads() -> None:
    with Store("sqlite://") as s:
        r = s.create_respondent("ai-scaling", "1.0")
        threads = [
            threading.Thread(target=s.save_answer, args=(r.token, f"q{n}", n)) for n in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert s.answers(r.token) == {f"q{n}": n for n in range(4)}


# -- where the database is -----------------------------------------------------------------


def test_default_location_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PIVOTPOINT_DATABASE_URL", raising=False)
    monkeypatch.setenv("PIVOTPOINT_DATA_DIR", str(tmp_path / "deep" / "data"))
    with Store() as s:
        assert s.url_for_display.endswith("/deep/data/pivotpoint.db")
        s.create_respondent("ai-scaling", "1.0")
    assert (tmp_path / "deep" / "data" / "pivotpoint.db").is_file()

    monkeypatch.setenv("PIVOTPOINT_DATABASE_URL", f"sqlite:///{tmp_path / 'env.db'}")
    with Store() as s:
        assert s.url_for_display == f"sqlite:///{tmp_path / 'env.db'}"
    assert (tmp_path / "env.db").is_file()

    monkeypatch.delenv("PIVOTPOINT_DATA_DIR")
    monkeypatch.delenv("PIVOTPOINT_DATABASE_URL")
    monkeypatch.chdir(tmp_path)
    with Store() as s:
        assert s.url_for_display == f"sqlite:///{tmp_path / 'data' / 'pivotpoint.db'}"


def test_url_mapping_and_masking() -> None:
    plain = resolve("postgresql://bob:hunter2@db.example:5432/app")
    assert plain.url.drivername == "postgresql+psycopg"
    assert plain.display == "postgresql+psycopg://bob:***@db.example:5432/app"
    assert resolve("postgres://h/app").url.drivername == "postgresql+psycopg"
    assert resolve("postgresql+psycopg://h/app").url.drivername == "postgresql+psycopg"
    query = resolve("postgresql://h/app?password=hunter2&sslmode=require").display
    assert "hunter2" not in query and "sslmode=require" in query


def _assert_plain(exc: StoreError, *secrets: str) -> None:
    message = str(exc)
    assert "\n" not in message and message.endswith(".")
    assert message.startswith(("The answers cannot be saved right now", "This "))
    for secret in secrets:
        assert secret not in message
    assert "sqlalchemy" not in message.lower() and "Traceback" not in message


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://postgres:hunter2@127.0.0.1:1/none",
        "postgresql://postgres:hunter2@127.0.0.1:1/none?connect_timeout=2",
    ],
)
def test_unreachable_server(url: str) -> None:
    with pytest.raises(StoreError, match="does not answer") as info:
        Store(url)
    _assert_plain(info.value, "hunter2")
    assert "postgres:***@127.0.0.1:1/none" in str(info.value)
    assert info.value.__cause__ is not None


def test_sqlite_folder_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot be created") as info:
        Store(f"sqlite:///{blocker / 'sub' / 'pivotpoint.db'}")
    _assert_plain(info.value)
    assert isinstance(info.value.__cause__, OSError)


def test_sqlite_file_cannot_be_opened(tmp_path: Path) -> None:
    # A folder where the file should be: fails for root too, unlike a read-only folder.
    with pytest.raises(StoreError, match="cannot be opened or written") as info:
        Store(f"sqlite:///{tmp_path}")
    _assert_plain(info.value)
    assert info.value.__cause__ is not None


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores modes")
def test_sqlite_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError) as info:
            Store(f"sqlite:///{folder / 'new' / 'pivotpoint.db'}")
        _assert_plain(info.value)
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("not a url", "is not valid"),
        ("postgresql://bob:hunter2@host:notaport/db", "is not valid"),
        ("mysql://bob:hunter2@host/db", "is not supported"),
    ],
)
def test_bad_addresses(url: str, match: str) -> None:
    with pytest.raises(StoreError, match=match) as info:
        Store(url)
    _assert_plain(info.value, "hunter2")


def test_locked_database_gives_a_plain_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    with Store(f"sqlite:///{path}") as s:
        r = s.create_respondent("ai-scaling", "1.0")
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="busy") as info:
                _save_with_short_timeout(s, r.token)
            _assert_plain(info.value)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        s.save_answer(r.token, "q", 1)
        assert s.answers(r.token) == {"q": 1}


def _save_with_short_timeout(s: Store, token: str) -> None:
    from sqlalchemy import event

    def short(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout = 50")

    event.listen(s._engine, "connect", short)  # noqa: SLF001
    s._engine.dispose()  # noqa: SLF001
    try:
        s.save_answer(token, "q", 1)
    finally:
        event.remove(s._engine, "connect", short)  # noqa: SLF001
        s._engine.dispose()  # noqa: SLF001


def test_json_text_in_columns(store: Store, db_url: str) -> None:
    r = store.create_respondent("ai-scaling", "1.0")
    store.save_answer(r.token, "q", ["a", "b"])
    store.save_meta(r.token, {"organization": "Acme"})
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            value = conn.execute(select(store_schema.answer.c.value)).scalar_one()
            meta = conn.execute(select(store_schema.respondent.c.meta)).scalar_one()
    finally:
        engine.dispose()
    assert json.loads(value) == ["a", "b"]
    assert json.loads(meta) == {"organization": "Acme"}


def test_sqlite_writes_begin_immediate_and_reads_do_not(tmp_path: Path) -> None:
    from sqlalchemy import event

    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("BEGIN"):
            seen.append(statement)

    with Store(f"sqlite:///{tmp_path / 'b.db'}") as s:
        event.listen(s._engine, "before_cursor_execute", record)  # noqa: SLF001
        r = s.create_respondent("ai-scaling", "1.0")
        s.save_answer(r.token, "q", 1)
        assert seen == ["BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]
        seen.clear()
        s.find(r.token)
        s.answers(r.token)
        assert seen == ["BEGIN", "BEGIN"]


_WRITER = """
import sys
from assessment.store import Store
url, token, name = sys.argv[1:4]
store = Store(url)
for i in range(50):
    store.save_answer(token, f"{name}-q{i}", i)
store.close()
"""


def test_several_processes_write_one_sqlite_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'procs.db'}"
    with Store(url) as s:
        r = s.create_respondent("ai-scaling", "1.0")
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _WRITER, url, r.token, f"p{n}"],
                cwd=Path(__file__).resolve().parent.parent,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(3)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=60)
            assert proc.returncode == 0, err
        assert s.count_answers() == 150
        assert s.answers(r.token) == {f"p{n}-q{i}": i for n in range(3) for i in range(50)}


def test_wal_switch_waits_for_a_busy_new_file(tmp_path: Path) -> None:
    """SQLite refuses the switch to WAL at once while another connection writes; it is retried."""
    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE other (x)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO other VALUES (1)")
    release = threading.Timer(0.2, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        with Store(f"sqlite:///{path}") as s:
            r = s.create_respondent("ai-scaling", "1.0")
            s.save_answer(r.token, "q", 1)
            assert s.answers(r.token) == {"q": 1}
    finally:
        release.join()
        holder.close()


def test_replacing_answers_lands_whole_in_one_transaction(store) -> None:
    """A restored file replaces every answer and the meta at once: nothing of the old answers
    stays, and a value the store refuses leaves every old answer as it was."""
    person = store.create_respondent("ai-scaling", "1.0.0")
    store.save_answer(person.token, "developers", 4)
    store.save_answer(person.token, "teams", 1)
    store.replace_answers(
        person.token, {"developers": 12, "ai_tools": ["chat"]}, {"organization": "Acme"}
    )
    assert store.answers(person.token) == {"developers": 12, "ai_tools": ["chat"]}
    assert store.find(person.token).meta == {"organization": "Acme"}
    with pytest.raises(ValueError):
        store.replace_answers(person.token, {"developers": 3, "x" * 500: 1})
    assert store.answers(person.token) == {"developers": 12, "ai_tools": ["chat"]}


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="PostgreSQL tests need TEST_DATABASE_URL (not set)")
def test_a_full_connection_pool_reads_busy_not_gone(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the pool wait applies to a database server")
    store = Store(db_url)
    person = store.create_respondent("ai-scaling", "1.0.0")
    # one connection, no overflow, no patience: a held connection makes the next save wait
    store._engine.dispose()
    store._engine = create_engine(store._engine.url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    try:
        with store._engine.connect():
            with pytest.raises(StoreError, match="is busy; please try again") as info:
                store.save_answer(person.token, "developers", 3)
        _assert_plain(info.value)
        store.save_answer(person.token, "developers", 3)  # the room frees, the save goes in
        assert store.answers(person.token)["developers"] == 3
    finally:
        store.close()
