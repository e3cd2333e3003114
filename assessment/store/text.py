"""Text people type that the store keeps and others see (a role, a remark to the room, a
milestone's name): one line, without the characters that make text read other than it is."""

from __future__ import annotations

import re

# C0 and C1 controls (a spreadsheet refuses most of them, a terminal obeys them), the
# bidirectional marks and overrides that make text read other than it is, and the characters
# that show nothing at all (zero-width spaces and joiners, the byte order mark)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\u061c\ufeff]")


def one_line(text: str) -> str:
    """`text` as kept: those characters taken out, white space collapsed to single spaces."""
    return " ".join(CONTROL.sub(" ", text).split())
