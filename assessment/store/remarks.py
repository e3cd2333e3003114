"""Questions and comments participants put to the room during a workshop's discussion, and
their votes.

A remark carries no name. The store keeps which participant wrote it only so that they can
take it back, cannot vote for it and cannot flood the room (at most MAX_REMARKS each); the
votes are kept one row per participant, so nobody votes twice. Whoever reads remarks gets the
text, the count of votes and, for the participant asking, whether the remark is theirs and
whether they voted for it: never who wrote or voted. When remarks may be shown at all (the
anonymity threshold) is decided by `assessment.services.workshops.room_remarks`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from assessment.i18n import N_, _
from assessment.store.errors import StoreError
from assessment.store.part import StorePart
from assessment.store.schema import remark_vote, respondent, utcnow, workshop_remark
from assessment.store.text import one_line
from assessment.store.workshops import require_workshop

MAX_REMARK = 200  # characters of a remark
MAX_REMARKS = 5  # remarks one participant may have in a workshop at a time
CLOSED_TO_REMARKS = N_("The workshop is closed: it takes no more questions or votes.")


@dataclass(frozen=True)
class Remark:
    """A remark as one reader sees it: `mine` and `voted` are about that reader (both False
    for the facilitator)."""

    id: int
    text: str
    votes: int
    hidden: bool
    created: datetime
    mine: bool = False
    voted: bool = False


def clean_remark(text: object) -> str:
    """The remark as it is kept: one line, control characters removed; ValueError when it is
    empty or too long (the message says which)."""
    if not isinstance(text, str):
        raise ValueError("a remark must be text")
    cleaned = one_line(text)
    if not cleaned:
        raise ValueError("write the question or comment first")
    if len(cleaned) > MAX_REMARK:
        raise ValueError(f"a question or comment takes at most {MAX_REMARK} characters")
    return cleaned


def delete_remarks(conn: Connection, which: ColumnElement[bool]) -> None:
    """Delete the remarks `which` selects, with every vote for them (inside a write)."""
    chosen = select(workshop_remark.c.id).where(which)
    conn.execute(delete(remark_vote).where(remark_vote.c.remark_id.in_(chosen)))
    conn.execute(delete(workshop_remark).where(which))


class RemarkStore(StorePart):
    def add_remark(self, workshop_id: int, token: str, text: object) -> Remark:
        """Put a participant's remark to the room. ValueError when the text is empty or too
        long or the participant already has MAX_REMARKS; StoreError when the participant is not
        in this workshop or it is closed."""
        cleaned = clean_remark(text)
        now = utcnow()
        with self._write() as conn:
            writer = self._participant(conn, workshop_id, token)
            if require_workshop(conn, workshop_id) != "open":
                raise StoreError(_(CLOSED_TO_REMARKS))
            # a hidden remark is no longer the writer's to take back: it does not count
            had = conn.execute(
                select(func.count())
                .select_from(workshop_remark)
                .where(workshop_remark.c.respondent_id == writer, ~workshop_remark.c.hidden)
            ).scalar_one()
            if had >= MAX_REMARKS:
                raise ValueError(
                    f"you have put {MAX_REMARKS} questions or comments to the room; remove one "
                    "to add another"
                )
            new_id = conn.execute(
                insert(workshop_remark)
                .values(workshop_id=workshop_id, respondent_id=writer, text=cleaned, created=now)
                .returning(workshop_remark.c.id)
            ).scalar_one()
        return Remark(int(new_id), cleaned, 0, False, now, mine=True)

    def remove_remark(self, workshop_id: int, remark_id: int, token: str) -> None:
        """Take back one's own remark (and the votes it had); another's is left alone."""
        with self._write() as conn:
            writer = self._participant(conn, workshop_id, token)
            mine = (workshop_remark.c.id == remark_id) & (workshop_remark.c.respondent_id == writer)
            if conn.execute(select(workshop_remark.c.id).where(mine)).first() is None:
                return
            delete_remarks(conn, mine)

    def vote_remark(self, workshop_id: int, remark_id: int, token: str, vote: bool = True) -> None:
        """Give (or take back) a participant's vote for another's remark; voting twice counts
        once, and a vote for one's own or a hidden remark is not counted."""
        with self._write() as conn:
            voter = self._participant(conn, workshop_id, token)
            if require_workshop(conn, workshop_id) != "open":
                raise StoreError(_(CLOSED_TO_REMARKS))
            target = conn.execute(
                select(workshop_remark.c.respondent_id, workshop_remark.c.hidden).where(
                    workshop_remark.c.id == remark_id,
                    workshop_remark.c.workshop_id == workshop_id,
                )
            ).first()
            if target is None or target.respondent_id == voter or target.hidden:
                return
            mine = (remark_vote.c.remark_id == remark_id) & (remark_vote.c.respondent_id == voter)
            had = conn.execute(select(remark_vote.c.remark_id).where(mine)).first() is not None
            if vote and not had:
                try:  # the same vote from two windows at once counts once
                    with conn.begin_nested():
                        conn.execute(
                            insert(remark_vote).values(remark_id=remark_id, respondent_id=voter)
                        )
                except IntegrityError:
                    pass
            elif not vote and had:
                conn.execute(delete(remark_vote).where(mine))

    def hide_remark(self, workshop_id: int, remark_id: int, hidden: bool = True) -> None:
        """The facilitator's: hide a remark from the room and the participants, or show it
        again."""
        with self._write() as conn:
            conn.execute(
                update(workshop_remark)
                .where(
                    workshop_remark.c.id == remark_id,
                    workshop_remark.c.workshop_id == workshop_id,
                )
                .values(hidden=bool(hidden))
            )

    def remarks(self, workshop_id: int, token: str | None = None) -> list[Remark]:
        """The workshop's remarks, most votes first, then the earlier first; hidden ones
        included (marked). With a participant's token, each says whether it is theirs and
        whether they voted for it."""
        with self._read() as conn:
            reader = None
            if token is not None:
                try:
                    reader = self._respondent_id(conn, token)
                except StoreError:
                    reader = None
            counted = (
                select(remark_vote.c.remark_id, func.count().label("votes"))
                .group_by(remark_vote.c.remark_id)
                .subquery()
            )
            rows = conn.execute(
                select(
                    workshop_remark.c.id,
                    workshop_remark.c.respondent_id,
                    workshop_remark.c.text,
                    workshop_remark.c.hidden,
                    workshop_remark.c.created,
                    func.coalesce(counted.c.votes, 0).label("votes"),
                )
                .outerjoin(counted, counted.c.remark_id == workshop_remark.c.id)
                .where(workshop_remark.c.workshop_id == workshop_id)
            ).all()
            voted: set[int] = set()
            if reader is not None:
                voted = {
                    int(r)
                    for r in conn.execute(
                        select(remark_vote.c.remark_id).where(remark_vote.c.respondent_id == reader)
                    ).scalars()
                }
        found = [
            Remark(
                int(r.id),
                r.text,
                int(r.votes),
                bool(r.hidden),
                r.created,
                mine=reader is not None and r.respondent_id == reader,
                voted=int(r.id) in voted,
            )
            for r in rows
        ]
        return sorted(found, key=lambda x: (-x.votes, x.created, x.id))

    def _participant(self, conn: Connection, workshop_id: int, token: str) -> int:
        """The participant's respondent id, their row locked until the write ends (on
        PostgreSQL: two remarks sent at once are counted one after the other); StoreError
        unless they belong to this workshop."""
        found = conn.execute(
            select(respondent.c.id, respondent.c.workshop_id)
            .where(respondent.c.id == self._respondent_id(conn, token))
            .with_for_update()
        ).first()
        if found is None or found.workshop_id != workshop_id:
            raise StoreError(_("These answers do not belong to this workshop."))
        return int(found.id)
