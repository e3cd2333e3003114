"""Milestones of self-service answers in the store, on SQLite and (when it answers)
PostgreSQL: kept as scored, read only with the respondent's token, gone with them."""

from __future__ import annotations

import pytest

from assessment.store import Store
from assessment.store.milestones import MAX_MILESTONES, MAX_NAME


def scored(version: str = "2.0.0", overall: int = 40) -> dict:
    return {"pack": {"id": "ai-scaling", "version": version}, "readiness": {"overall": overall}}


def test_a_milestone_is_kept_as_scored_and_read_only_with_its_token(store: Store) -> None:
    ann = store.create_respondent("ai-scaling", "2.0.0").token
    ben = store.create_respondent("ai-scaling", "2.0.0").token
    first = store.save_milestone(ann, "  June   review ", scored("1.9.0", 30))
    second = store.save_milestone(ann, "December review", scored())
    assert first.name == "June review" and (first.pack_id, first.pack_version) == (
        "ai-scaling",
        "1.9.0",
    )
    assert [m.id for m in store.milestones(ann)] == [second.id, first.id]  # newest first
    assert store.milestones(ann)[0].assessment == {}  # lists leave the results out
    assert store.milestone(ann, first.id).assessment == scored("1.9.0", 30)
    assert store.milestone(ben, first.id) is None and store.milestones(ben) == []
    store.delete_milestone(ben, first.id)  # not ben's: nothing happens
    assert len(store.milestones(ann)) == 2
    store.delete_milestone(ann, first.id)
    assert [m.id for m in store.milestones(ann)] == [second.id]


@pytest.mark.parametrize(
    ("name", "message"), [("   ", "give the milestone a name"), ("x" * (MAX_NAME + 1), "at most")]
)
def test_a_milestone_without_a_fitting_name_is_refused_with_why(
    store: Store, name: str, message: str
) -> None:
    ann = store.create_respondent("ai-scaling", "2.0.0").token
    with pytest.raises(ValueError, match=message):
        store.save_milestone(ann, name, scored())
    assert store.milestones(ann) == []


def test_past_the_limit_a_milestone_is_refused_and_all_go_with_their_respondent(
    store: Store,
) -> None:
    ann = store.create_respondent("ai-scaling", "2.0.0").token
    ben = store.create_respondent("ai-scaling", "2.0.0").token
    for n in range(MAX_MILESTONES):
        store.save_milestone(ann, f"Round {n}", scored())
    with pytest.raises(ValueError, match="delete one to keep another"):
        store.save_milestone(ann, "One more", scored())
    names = [m.name for m in store.milestones(ann)]
    assert len(names) == MAX_MILESTONES and "Round 0" in names  # the baseline is kept
    store.save_milestone(ben, "Ben's", scored())
    store.delete_respondent(ann)
    assert store.count_rows()["milestone"] == 1  # ben's


def test_a_version_5_database_gains_the_milestones_table(db_url: str) -> None:
    from sqlalchemy import create_engine, inspect, text, update

    from assessment.store import schema as store_schema

    with Store(db_url) as store:
        ann = store.create_respondent("ai-scaling", "2.0.0").token
    engine = create_engine(db_url)
    with engine.begin() as conn:  # the shape a version 5 database has
        conn.execute(text("DROP TABLE milestone"))
        conn.execute(update(store_schema.schema_version).values(version=5))
    engine.dispose()
    with Store(db_url) as store:
        store.save_milestone(ann, "Kept", scored())
        assert [m.name for m in store.milestones(ann)] == ["Kept"]
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE milestone"))
        store_schema.UPGRADES[6](conn)
        store_schema.UPGRADES[6](conn)  # the step alone, and twice
        assert "milestone" in inspect(conn).get_table_names()
    engine.dispose()
