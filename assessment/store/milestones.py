"""Milestones: a self-service respondent's results kept under a name at a point in time.

A milestone holds the assessment as it was scored (its JSON, with the answers it used) and the
pack id and version that scored it, so that a comparison later can score the same answers again
under a newer pack and tell what the answers changed from what the rules changed
(`assessment.services.history`). Only the holder of the respondent's token (the resume link)
reads or deletes them; they go with the respondent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select

from assessment.store.part import StorePart
from assessment.store.schema import milestone, utcnow
from assessment.store.text import one_line

MAX_NAME = 100  # characters of a milestone's name
MAX_MILESTONES = 50  # milestones one respondent keeps
MAX_BYTES = 500_000  # of one milestone's assessment JSON (without its trace, about 60 KB)


@dataclass(frozen=True)
class Milestone:
    id: int
    name: str
    pack_id: str
    pack_version: str
    created: datetime
    # the assessment as it was scored (the JSON `score --format json` writes); empty in lists
    assessment: dict[str, Any]


class MilestoneStore(StorePart):
    def save_milestone(self, token: str, name: str, assessment: dict[str, Any]) -> Milestone:
        """Keep `assessment` (an assessment as JSON data, with its `pack`) under `name`;
        ValueError when the name is empty or too long, the assessment too large, or the
        respondent keeps MAX_MILESTONES already."""
        cleaned = one_line(str(name))
        if not cleaned:
            raise ValueError("give the milestone a name")
        if len(cleaned) > MAX_NAME:
            raise ValueError(f"a milestone's name takes at most {MAX_NAME} characters")
        text = json.dumps(assessment, ensure_ascii=False, sort_keys=True)
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise ValueError("this assessment is too large to keep as a milestone")
        pack = assessment.get("pack") or {}
        pack_id, pack_version = str(pack.get("id", "")), str(pack.get("version", ""))
        now = utcnow()
        with self._write() as conn:
            owner = self._respondent_id(conn, token)
            kept = conn.execute(
                select(func.count())
                .select_from(milestone)
                .where(milestone.c.respondent_id == owner)
            ).scalar_one()
            if kept >= MAX_MILESTONES:  # never let go of one unasked: it may be the baseline
                raise ValueError(
                    f"you keep {MAX_MILESTONES} milestones already; delete one to keep another"
                )
            new_id = conn.execute(
                insert(milestone)
                .values(
                    respondent_id=owner,
                    name=cleaned,
                    pack_id=pack_id,
                    pack_version=pack_version,
                    assessment=text,
                    created=now,
                )
                .returning(milestone.c.id)
            ).scalar_one()
        return Milestone(int(new_id), cleaned, pack_id, pack_version, now, assessment)

    def milestones(self, token: str) -> list[Milestone]:
        """The respondent's milestones, newest first, without their assessments."""
        with self._read() as conn:
            owner = self._respondent_id(conn, token)
            rows = conn.execute(
                select(
                    milestone.c.id,
                    milestone.c.name,
                    milestone.c.pack_id,
                    milestone.c.pack_version,
                    milestone.c.created,
                )
                .where(milestone.c.respondent_id == owner)
                .order_by(milestone.c.created.desc(), milestone.c.id.desc())
            ).all()
        return [
            Milestone(int(r.id), r.name, r.pack_id, r.pack_version, r.created, {}) for r in rows
        ]

    def milestone(self, token: str, milestone_id: int) -> Milestone | None:
        """One of the respondent's milestones with its assessment; None when it is not theirs
        or gone."""
        with self._read() as conn:
            owner = self._respondent_id(conn, token)
            row = conn.execute(
                select(milestone).where(
                    milestone.c.id == milestone_id, milestone.c.respondent_id == owner
                )
            ).first()
        if row is None:
            return None
        return Milestone(
            int(row.id),
            row.name,
            row.pack_id,
            row.pack_version,
            row.created,
            json.loads(row.assessment),
        )

    def delete_milestone(self, token: str, milestone_id: int) -> None:
        with self._write() as conn:
            owner = self._respondent_id(conn, token)
            conn.execute(
                delete(milestone).where(
                    milestone.c.id == milestone_id, milestone.c.respondent_id == owner
                )
            )
