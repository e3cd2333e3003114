"""What changed in the questionnaire since a set of answers was given.

The pack's `changes` log (pack.yaml, newest first) says, version by version, what a respondent
would notice and which questions are new. An answers file, or a saved assessment resumed from
its link, carries the version it was answered under; this module turns the log into the one note
the command line, the answers check and the app show, so that old answers still load and the
reader knows what they do not cover.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessment.content.model import Pack


def changes_since(
    pack: Pack, version: str | None, answers: Mapping[str, Any], shown: Mapping[str, bool]
) -> str | None:
    """The note for answers given under `version` (None: not recorded), or None when nothing
    the respondent would notice changed. `shown`: which questions these answers show.

    With a known older version, every change since it is listed. Without one, the note is
    given only when a question added by a later change is shown and left unanswered, since
    only that reveals that the answers predate it."""
    log = pack.info.changes
    if version == pack.info.version or not log:
        return None
    known = [c.version for c in log]
    if version in known:
        since = log[: known.index(version)]
    else:
        since = list(log)
    added = [q for c in since for q in c.questions_added if q in pack.questions]
    open_ = [q for q in added if shown.get(q, True) and answers.get(q) is None]
    if version is None and not open_:
        return None
    if version is None:
        head = "These answers were given before the questionnaire last changed."
    else:
        head = (
            f"These answers were given to version {version} of the questionnaire; it is now "
            f"version {pack.info.version}."
        )
    parts = [head, *(note for c in since for note in c.notes)]
    if open_:
        labels = ", ".join(pack.questions[q].short for q in open_)
        parts.append(f"Not answered yet, so left open in the results: {labels}.")
    return " ".join(parts)
