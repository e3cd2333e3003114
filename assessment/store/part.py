"""What each part of `Store` (workshops, facilitator sessions, remarks, milestones) uses of the
store it is mixed into: its connections and its lookup of a respondent's token. `Store`
defines them; a part declares them here once."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy import Connection


class StorePart:
    def _read(self) -> AbstractContextManager[Connection]:  # pragma: no cover - Store's
        raise NotImplementedError

    def _write(self) -> AbstractContextManager[Connection]:  # pragma: no cover - Store's
        raise NotImplementedError

    def _respondent_id(self, conn: Connection, token: str) -> int:  # pragma: no cover - Store's
        raise NotImplementedError
