"""Remarks participants put to the room and their votes, on SQLite and (when it answers)
PostgreSQL; and who may see them (`services.workshops.room_remarks`)."""

from __future__ import annotations

import pytest

from assessment.services.workshops import room_remarks, team_json
from assessment.store import Store, StoreError
from assessment.store.remarks import CLOSED_TO_REMARKS, MAX_REMARK, MAX_REMARKS


def room(store: Store, k: int = 3, people: int = 3):
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=k)
    tokens = [
        store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id).token
        for _ in range(people)
    ]
    return workshop, tokens


def test_remarks_come_most_voted_first_and_say_only_whose_they_are_to_their_writer(
    store: Store,
) -> None:
    workshop, (ann, ben, cat) = room(store)
    early = store.add_remark(workshop.id, ann, "Who owns   the review\nrules?")
    late = store.add_remark(workshop.id, ben, "Is <b>CI</b> enough?")
    assert early.text == "Who owns the review rules?"  # one line; markup kept, escaped when shown
    assert [r.id for r in store.remarks(workshop.id)] == [early.id, late.id]  # a tie: earlier
    store.vote_remark(workshop.id, late.id, ann)
    store.vote_remark(workshop.id, late.id, cat)
    store.vote_remark(workshop.id, late.id, cat)  # twice counts once
    store.vote_remark(workshop.id, early.id, ann)  # one's own is not counted
    seen = store.remarks(workshop.id, cat)
    assert [(r.text, r.votes, r.mine, r.voted) for r in seen] == [
        ("Is <b>CI</b> enough?", 2, False, True),
        ("Who owns the review rules?", 0, False, False),
    ]
    assert [(r.mine, r.voted) for r in store.remarks(workshop.id, ann)] == [
        (False, True),
        (True, False),
    ]
    assert all(not r.mine and not r.voted for r in store.remarks(workshop.id))  # the facilitator
    store.vote_remark(workshop.id, late.id, cat, vote=False)
    assert store.remarks(workshop.id)[0].votes == 1


def test_a_participant_takes_back_only_their_own_remark(store: Store) -> None:
    workshop, (ann, ben, _) = room(store)
    mine = store.add_remark(workshop.id, ann, "Mine")
    store.vote_remark(workshop.id, mine.id, ben)
    store.remove_remark(workshop.id, mine.id, ben)  # not ben's: nothing happens
    assert [r.id for r in store.remarks(workshop.id)] == [mine.id]
    store.remove_remark(workshop.id, mine.id, ann)
    assert store.remarks(workshop.id) == []
    assert store.count_rows()["remark_vote"] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  \n ", "write the question"),
        ("\u200b\u2060\ufeff\u200e", "write the question"),  # shows nothing on a projector
        ("x" * (MAX_REMARK + 1), f"at most {MAX_REMARK}"),
    ],
)
def test_a_remark_that_cannot_be_kept_is_refused_with_why(
    store: Store, text: str, message: str
) -> None:
    workshop, (ann, *_) = room(store)
    with pytest.raises(ValueError, match=message):
        store.add_remark(workshop.id, ann, text)
    assert store.remarks(workshop.id) == []


def test_nobody_floods_the_room_or_writes_into_another_workshop(store: Store) -> None:
    workshop, (ann, *_) = room(store)
    other, (outsider, *_) = room(store)
    for n in range(MAX_REMARKS):
        store.add_remark(workshop.id, ann, f"Question {n}")
    with pytest.raises(ValueError, match="remove one to add another"):
        store.add_remark(workshop.id, ann, "One more")
    with pytest.raises(StoreError, match="do not belong to this workshop"):
        store.add_remark(workshop.id, outsider, "From elsewhere")
    with pytest.raises(StoreError, match="do not belong to this workshop"):
        store.vote_remark(workshop.id, store.remarks(workshop.id)[0].id, outsider)
    assert len(store.remarks(workshop.id)) == MAX_REMARKS and store.remarks(other.id) == []


def test_a_remark_the_facilitator_hid_does_not_count_against_its_writer(store: Store) -> None:
    workshop, (ann, *_) = room(store)
    for n in range(MAX_REMARKS):
        store.add_remark(workshop.id, ann, f"Question {n}")
    store.hide_remark(workshop.id, store.remarks(workshop.id)[0].id)
    store.add_remark(workshop.id, ann, "One more, in place of the hidden one")
    assert len(store.remarks(workshop.id)) == MAX_REMARKS + 1


def test_a_closed_workshop_takes_no_remarks_or_votes(store: Store) -> None:
    workshop, (ann, ben, _) = room(store)
    said = store.add_remark(workshop.id, ann, "Before the close")
    store.set_workshop_status(workshop.id, "closed")
    with pytest.raises(StoreError, match=CLOSED_TO_REMARKS):
        store.add_remark(workshop.id, ben, "After")
    with pytest.raises(StoreError, match=CLOSED_TO_REMARKS):
        store.vote_remark(workshop.id, said.id, ben)
    assert [r.votes for r in store.remarks(workshop.id)] == [0]


def test_remarks_go_with_their_writer_and_with_their_workshop(store: Store) -> None:
    workshop, (ann, ben, cat) = room(store)
    keep, (other, *_) = room(store)
    theirs = store.add_remark(workshop.id, ann, "Ann's")
    kept = store.add_remark(workshop.id, ben, "Ben's")
    store.vote_remark(workshop.id, theirs.id, cat)
    store.vote_remark(workshop.id, kept.id, ann)
    store.add_remark(keep.id, other, "Elsewhere")
    store.delete_respondent(ann)  # their remark and their vote go; others' stay
    assert [(r.text, r.votes) for r in store.remarks(workshop.id)] == [("Ben's", 0)]
    store.delete_workshop(workshop.id)
    rows = store.count_rows()
    assert (rows["workshop_remark"], rows["remark_vote"]) == (1, 0)


def test_the_room_sees_remarks_only_once_k_have_sent_and_never_hidden_ones(store: Store) -> None:
    workshop, (ann, ben, cat) = room(store, k=3)
    first = store.add_remark(workshop.id, ann, "First")
    store.add_remark(workshop.id, ben, "Second")
    responses = store.responses(workshop.id)
    before = room_remarks(store, workshop, responses)
    assert (before.shown, before.remarks, before.held) == (False, [], 2)
    own = room_remarks(store, workshop, responses, ann)
    assert [r.text for r in own.remarks] == ["First"] and own.held == 1
    for token in (ann, ben, cat):
        store.mark_finished(token)
    responses = store.responses(workshop.id)
    after = room_remarks(store, workshop, responses)
    assert after.shown and [r.text for r in after.remarks] == ["First", "Second"]
    store.hide_remark(workshop.id, first.id)
    assert [r.text for r in room_remarks(store, workshop, responses, ann).remarks] == ["Second"]
    store.vote_remark(workshop.id, first.id, cat)  # a hidden remark takes no votes
    store.hide_remark(workshop.id, first.id, hidden=False)
    assert [(r.text, r.votes) for r in room_remarks(store, workshop, responses).remarks] == [
        ("First", 0),
        ("Second", 0),
    ]


def test_the_team_export_carries_the_remarks_with_their_votes(store: Store, scorer) -> None:
    import json

    from assessment.services.aggregate import aggregate

    workshop, tokens = room(store)
    said = store.add_remark(workshop.id, tokens[0], "Who signs off?")
    store.vote_remark(workshop.id, said.id, tokens[1])
    for token in tokens:
        store.mark_finished(token)
    answers = [scorer.check({"developers": 4, "teams": 1, "regulated": False}, require=False)] * 3
    result = aggregate(scorer, answers, k=3)
    remarks = room_remarks(store, workshop, store.responses(workshop.id)).remarks
    data = json.loads(team_json(result, remarks=remarks))
    assert data["meta"]["room_remarks"] == [{"text": "Who signs off?", "votes": 1}]


def test_a_version_4_database_gains_the_remarks_tables(db_url: str) -> None:
    from sqlalchemy import create_engine, inspect, text, update

    from assessment.store import schema as store_schema

    with Store(db_url) as store:
        workshop, (ann, *_) = room(store)
    engine = create_engine(db_url)
    with engine.begin() as conn:  # the shape a version 4 database has
        conn.execute(text("DROP TABLE remark_vote"))
        conn.execute(text("DROP TABLE workshop_remark"))
        conn.execute(update(store_schema.schema_version).values(version=4))
    engine.dispose()
    with Store(db_url) as store:
        store.add_remark(workshop.id, ann, "Kept")
        assert [r.text for r in store.remarks(workshop.id)] == ["Kept"]
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE remark_vote"))
        conn.execute(text("DROP TABLE workshop_remark"))
        store_schema.UPGRADES[5](conn)
        store_schema.UPGRADES[5](conn)  # the step alone, and twice
        assert {"workshop_remark", "remark_vote"} <= set(inspect(conn).get_table_names())
    engine.dispose()
