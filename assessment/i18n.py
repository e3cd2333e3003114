"""The language the product speaks: its own strings through gettext, figures through Babel.

The pack's texts (questions, findings, steps) come from the pack's translation files
(`assessment.content.translations`); everything the code itself writes (headings, labels,
sentences put together around the pack's texts) is marked `_("...")` and looked up in the
message catalogue of the current language, `assessment/locale/<lang>/LC_MESSAGES/messages.po`.

The current language is a context variable: a report, a CLI command or an app run sets it once
(`using(lang)`), and everything it calls reads it, so no function needs a language argument to
pass along. A catalogue is compiled from its `.po` file in memory the first time it is needed
(`make messages` also writes the `.mo` files, which are read first when newer).

Adding a language: copy `locale/de` to `locale/<lang>`, translate each `msgstr`, add the
language to `LANGUAGES`; `docs/translating.md` has the steps.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import gettext as _gettext
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from babel import Locale, numbers
from babel import dates as babel_dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
SOURCE = "en"
# every language the product speaks, by its own name (how the language chooser lists it)
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}

# set by `using` and `set_language`; unset (None) in a thread that never set it
_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("language", default=None)
# where a thread that set no language finds one: the app registers its session's choice
# (`assessment.ui.language`), since Streamlit runs fragments and callbacks in threads of their own
_resolver: Callable[[], str | None] | None = None


def set_resolver(resolver: Callable[[], str | None] | None) -> None:
    """Where to find the language when this thread set none (the app's session state)."""
    global _resolver
    _resolver = resolver


def language() -> str:
    """The language of what is being written now."""
    lang = _current.get()
    if lang is None and _resolver is not None:
        try:
            lang = _resolver()
        except Exception:  # no session to ask (a worker thread): the source language
            lang = None
    return normalise(lang) if lang else SOURCE


def normalise(lang: str | None) -> str:
    """A language the product speaks: `lang` itself, its base language (`de-AT` -> `de`), or
    English."""
    if not lang:
        return SOURCE
    lang = str(lang).strip().lower().replace("_", "-")
    if lang in LANGUAGES:
        return lang
    base = lang.split("-", 1)[0]
    return base if base in LANGUAGES else SOURCE


def known(lang: str | None) -> bool:
    return bool(lang) and str(lang).strip().lower() in LANGUAGES


@contextmanager
def using(lang: str | None) -> Iterator[str]:
    """Write in `lang` (normalised) within the block."""
    token = _current.set(normalise(lang))
    try:
        yield language()
    finally:
        _current.reset(token)


def set_language(lang: str | None) -> str:
    """Write in `lang` from here on in this context (an app run, a worker's job)."""
    _current.set(normalise(lang))
    return language()


@functools.lru_cache(maxsize=8)
def catalogue(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of `lang`; English and a language without one translate nothing."""
    if lang == SOURCE:
        return _gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as f:
            return _gettext.GNUTranslations(f)
    if not po.is_file():
        return _gettext.NullTranslations()
    with po.open("rb") as f:
        messages = read_po(f, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, messages)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """`message` in the current language."""
    return catalogue(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for the catalogue where it is defined; `_()` translates it where used."""
    return message


# -- figures --------------------------------------------------------------------------------------
def _locale() -> Locale:
    return Locale.parse(language().replace("-", "_"))


def number(value: float, digits: int = 0) -> str:
    """A number as the language writes it (1,234.5 or 1.234,5)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return numbers.format_decimal(value, format=pattern, locale=_locale())


def number_g(value: float) -> str:
    """A bound as typed, without grouping: 1000, 2.5 (2,5 in German)."""
    if language() == SOURCE:
        return f"{value:g}"
    return numbers.format_decimal(value, format="0.######", locale=_locale())


def percent(fraction: float, digits: int = 0) -> str:
    """A fraction (0.42) as a percentage, as the language writes it ("42%", "42 %")."""
    if language() == SOURCE:
        return f"{fraction * 100:.{digits}f}%"
    return numbers.format_percent(
        round(fraction, digits + 2), locale=_locale(), decimal_quantization=False
    )


def date(day: dt.date | dt.datetime | str, form: str = "long") -> str:
    """A date as the language writes it ("5 December 2026", "5. Dezember 2026")."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    if isinstance(day, dt.datetime):
        day = day.date()
    if language() == SOURCE and form == "long":
        # the product's English is British: day, month, year
        return f"{day.day} {babel_dates.format_date(day, 'MMMM y', locale='en_GB')}"
    return babel_dates.format_date(day, format=form, locale=_locale())


def short_date(day: dt.date | dt.datetime) -> str:
    """A date in short words, to tell apart things of one name ("05 Dec 2026", "05. Dez.
    2026")."""
    if isinstance(day, dt.datetime):
        day = day.date()
    # translators: a short date's pattern (Unicode LDML: dd day, MMM the month's short name,
    # y year), as in "05 Dec 2026"; keep the letters, change their order and punctuation
    return babel_dates.format_date(day, format=_("dd MMM y"), locale=_locale())


def quote_marks() -> tuple[str, str]:
    """The quotation marks the language puts around what someone said."""
    return {"de": ("„", "“")}.get(language(), ("“", "”"))


def lower_first(text: str) -> str:
    """A label as it reads inside a sentence: English lowers its first letter ("the team
    stage"); German keeps it, since its nouns are capitalised ("die Phase Team")."""
    if language() != SOURCE or not text:
        return text
    return text[0].lower() + text[1:]


def lower(text: object) -> str:
    """A label lowered inside a sentence, as Jinja's `lower` does, in English only."""
    text = str(text)
    return text.lower() if language() == SOURCE else text
