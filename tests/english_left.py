"""English left in a translated output: every stretch of four or more words of an English
message of the catalogue, or of an English text of the pack, that a German page still holds.

A text is cut at its placeholders ("{title}", "%(num)d") and tags, since what fills them is not
part of the message; a stretch the translation keeps as it is (a product's or a standard's
name) is not English left over. What people typed stands as they typed it and is not in these
sources, so it never counts."""

from __future__ import annotations

import functools
import html as html_lib
import re

from babel.messages.pofile import read_po

from assessment.content.pack import DEFAULT_PACK, source_texts
from assessment.content.translations import FOLDER
from assessment.i18n import LOCALE_DIR

# placeholders of both styles, tags and the marks around them cut a message into stretches
_CUT = re.compile(r"\{[^}]*\}|%\([^)]*\)[sd]|%[sd]|<[^>]*>|[\"“”„‘’()]")
_MIN_WORDS = 4


def _stretches(text: str) -> list[str]:
    out = []
    for part in _CUT.split(text):
        part = " ".join(part.split()).strip(" .,;:")
        if len(re.findall(r"[A-Za-z]+", part)) >= _MIN_WORDS:
            out.append(part)
    return out


def _plain(text: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", text)).split())


@functools.cache
def english_stretches(lang: str) -> tuple[str, ...]:
    """The English stretches a `lang` output should not hold: from each message and pack text
    whose translation differs, the stretches the translation does not itself keep."""
    pairs: list[tuple[str, str]] = []
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        for m in read_po(f):
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            pairs += [(i, " ".join(s for s in strings if s)) for i in ids]
    import yaml

    translated = yaml.safe_load((DEFAULT_PACK / FOLDER / f"{lang}.yaml").read_text("utf-8"))
    pairs += [(text, str(translated.get(key, ""))) for key, text in source_texts().items()]
    found = set()
    for english, foreign in pairs:
        kept = _plain(foreign)
        found |= {s for s in _stretches(english) if s not in kept}
    return tuple(sorted(found, key=len, reverse=True))


def english_left(output: str, lang: str = "de") -> list[str]:
    """The English stretches `output` (HTML or plain text) holds."""
    text = _plain(output)
    return [s for s in english_stretches(lang) if s in text]
