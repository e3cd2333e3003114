"""Workshops in the store, on SQLite and (when it answers) PostgreSQL."""

from __future__ import annotations

import pytest

from assessment.store import Store, normalise_code, owner_id
from assessment.store.workshops import CODE_ALPHABET, CODE_LENGTH


def make(store: Store, **settings):
    return store.create_workshop("Kick-off", "ai-scaling", "1.0.0", organization="Acme", **settings)


def test_a_workshop_gets_a_short_unambiguous_code_and_a_key(store: Store) -> None:
    workshop, key = make(store, k=3, roles=["developer", "manager"])
    assert len(workshop.code) == CODE_LENGTH and set(workshop.code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(workshop.code)
    assert len(key) >= 24 and (workshop.k, workshop.roles) == (3, ["developer", "manager"])
    assert workshop.status == "open"


def test_the_threshold_is_never_below_three(store: Store) -> None:
    workshop, _ = make(store, k=1)
    assert workshop.k == 3


def test_codes_are_found_however_they_are_typed(store: Store) -> None:
    workshop, _ = make(store)
    typed = f" {workshop.code[:3].lower()}-{workshop.code[3:]} "
    assert store.find_workshop(typed) == workshop
    assert store.find_workshop("ZZZZZZ") is None  # well formed, but no such workshop
    for bad in ("", "0OIL1X", "x" * 41, None, 123, "<script>"):
        assert store.find_workshop(bad) is None


@pytest.mark.parametrize("code", ["abc-def", "ABC DEF", "abcdef"])
def test_normalise_code(code: str) -> None:
    assert normalise_code(code) == "ABCDEF"


def test_only_the_right_key_opens_a_workshop(store: Store) -> None:
    workshop, key = make(store)
    assert store.check_key(workshop.code, key) == workshop
    for wrong in (key + "x", key[:-1], "", None, "k" * 300):
        assert store.check_key(workshop.code, wrong) is None
    assert store.check_key("ZZZZZZ", key) is None
    rows = store.count_rows()
    assert rows["workshop"] == 1


def test_the_key_is_stored_only_as_a_hash(store: Store, db_url: str) -> None:
    from tests.store_fixtures import rows_of

    workshop, key = make(store)
    assert all(key not in str(row) for _, row in rows_of(db_url))


def test_a_signed_in_facilitator_opens_only_their_own_workshops(store: Store, db_url: str) -> None:
    from tests.store_fixtures import rows_of

    alice = owner_id("https://id.example.org", "alice-42")
    bob = owner_id("https://id.example.org", "bob-7")
    assert alice != bob != owner_id("https://other.example.org", "alice-42")
    first, _ = make(store, owner=alice)
    second, _ = make(store, owner=alice)
    keyed, _ = make(store)
    assert [w.code for w in store.workshops_of(alice)] == [second.code, first.code]
    assert store.workshops_of(bob) == [] and store.workshops_of("") == []
    assert store.owned_workshop(first.code.lower(), alice) == first
    assert store.owned_workshop(first.code, bob) is None
    assert store.owned_workshop(keyed.code, alice) is None  # a key-only workshop has no owner
    for wrong in ("", None, 42):
        assert store.owned_workshop(first.code, wrong) is None
    assert all("alice-42" not in str(row) for _, row in rows_of(db_url))  # only the hash


def test_a_version_1_database_gains_the_owner_column_and_keeps_its_rows(db_url: str) -> None:
    from sqlalchemy import create_engine, text, update

    from assessment.store import schema as store_schema

    with Store(db_url) as store:
        workshop, key = make(store)
    engine = create_engine(db_url)
    with engine.begin() as conn:  # the shape a version 1 database has
        conn.execute(text("DROP INDEX ix_workshop_owner"))
        conn.execute(text("ALTER TABLE workshop DROP COLUMN owner"))
        conn.execute(update(store_schema.schema_version).values(version=1))
    engine.dispose()
    with Store(db_url) as store:
        assert store.check_key(workshop.code, key) == workshop
        later, _ = make(store, owner="f" * 64)
        assert store.workshops_of("f" * 64) == [later]
    engine = create_engine(db_url)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version FROM schema_version")).scalar_one()
    engine.dispose()
    assert version == store_schema.SCHEMA_VERSION


def test_responses_carry_answers_and_roles_but_no_tokens(store: Store) -> None:
    workshop, _ = make(store)
    first = store.create_respondent(
        "ai-scaling", "1.0.0", workshop_id=workshop.id, role="developer"
    )
    second = store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id)
    store.save_answer(first.token, "developers", 4)
    store.save_answer(second.token, "teams", 2)
    store.mark_finished(second.token)
    loner = store.create_respondent("ai-scaling", "1.0.0")  # not in the workshop
    store.save_answer(loner.token, "developers", 99)
    responses = store.responses(workshop.id)
    assert [(r.role, r.finished, r.answers) for r in responses] == [
        ("developer", False, {"developers": 4}),
        (None, True, {"teams": 2}),
    ]
    assert all(first.token not in repr(r) for r in responses)


def test_close_and_reopen(store: Store) -> None:
    workshop, _ = make(store)
    store.set_workshop_status(workshop.id, "closed")
    assert store.find_workshop(workshop.code).status == "closed"
    store.set_workshop_status(workshop.id, "open")
    assert store.find_workshop(workshop.code).status == "open"
    with pytest.raises(ValueError):
        store.set_workshop_status(workshop.id, "archived")


def test_deleting_a_workshop_deletes_every_row_of_it(store: Store) -> None:
    keep, _ = make(store)
    gone, _ = make(store)
    for w in (keep, gone):
        people = []
        for role in ("developer", "manager"):
            person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=w.id, role=role)
            store.save_answer(person.token, "developers", 3)
            store.save_answer(person.token, "teams", 1)
            people.append(person.token)
        store.add_action(w.id, "Agreed in the room", "Team leads", "30d")
        remark = store.add_remark(w.id, people[0], "A question for the room")
        store.vote_remark(w.id, remark.id, people[1])
    before = store.count_rows()
    store.delete_workshop(gone.id)
    after = store.count_rows()
    assert before == {
        "workshop": 2,
        "respondent": 4,
        "answer": 8,
        "workshop_action": 2,
        "workshop_remark": 2,
        "remark_vote": 2,
        "milestone": 0,
    }
    assert after == {
        "workshop": 1,
        "respondent": 2,
        "answer": 4,
        "workshop_action": 1,
        "workshop_remark": 1,
        "remark_vote": 1,
        "milestone": 0,
    }
    assert store.find_workshop(gone.code) is None and store.responses(gone.id) == []
    assert len(store.responses(keep.id)) == 2


def test_retention_deletes_old_workshops_only(store: Store) -> None:
    make(store)
    assert store.purge_workshops(older_than_days=30) == 0
    assert store.purge_workshops(older_than_days=-1) == 1  # everything is older than tomorrow
    assert store.count_rows()["workshop"] == 0


# -- actions agreed in the room ------------------------------------------------------------------


def test_actions_are_kept_with_their_workshop_by_horizon(store: Store) -> None:
    workshop, _ = make(store)
    other, _ = make(store)
    later = store.add_action(workshop.id, "Write the contract  for billing", "Platform", "90d")
    first = store.add_action(
        workshop.id, "Turn the <b>review</b> rules into CI checks", "Team leads", "30d", "PP3"
    )
    store.add_action(other.id, "Elsewhere", "", "60d")
    assert later.text == "Write the contract for billing"  # spaces tidied, nothing else
    found = store.actions(workshop.id)
    assert [a.id for a in found] == [first.id, later.id]  # 30 days before 90
    assert found[0].text == "Turn the <b>review</b> rules into CI checks"  # escaped when shown
    assert (found[0].owner, found[0].horizon, found[0].about) == ("Team leads", "30d", "PP3")
    store.delete_action(other.id, first.id)  # another workshop's id deletes nothing
    assert len(store.actions(workshop.id)) == 2
    store.delete_action(workshop.id, first.id)
    assert [a.id for a in store.actions(workshop.id)] == [later.id]
    store.delete_workshop(workshop.id)
    assert store.actions(workshop.id) == []
    assert store.count_rows()["workshop_action"] == 1  # the other workshop's


@pytest.mark.parametrize(
    ("text", "horizon", "message"),
    [
        ("   ", "30d", "needs a text"),
        ("x" * 301, "30d", "at most 300"),
        ("Fine", "next year", "horizon must be one of 30d, 60d, 90d"),
    ],
)
def test_an_action_that_cannot_be_kept_is_refused_with_why(
    store: Store, text: str, horizon: str, message: str
) -> None:
    workshop, _ = make(store)
    with pytest.raises(ValueError, match=message):
        store.add_action(workshop.id, text, "", horizon)
    assert store.actions(workshop.id) == []


def test_a_version_3_database_gains_the_actions_table(db_url: str) -> None:
    from sqlalchemy import create_engine, inspect, text, update

    from assessment.store import schema as store_schema

    with Store(db_url) as store:
        workshop, _ = make(store)
    engine = create_engine(db_url)
    with engine.begin() as conn:  # the shape a version 3 database has
        conn.execute(text("DROP TABLE workshop_action"))
        conn.execute(update(store_schema.schema_version).values(version=3))
    engine.dispose()
    with Store(db_url) as store:
        store.add_action(workshop.id, "Agreed", "", "30d")
        assert [a.text for a in store.actions(workshop.id)] == ["Agreed"]
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE workshop_action"))
        store_schema.UPGRADES[4](conn)
        store_schema.UPGRADES[4](conn)  # the step alone, and twice
        assert "workshop_action" in inspect(conn).get_table_names()
    engine.dispose()
