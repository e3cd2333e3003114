"""Wording that fits the organisation's size: who a text is written for, how a text with one
version per size is chosen, and which words assume a size.

A rule's text (`why`, `action`, `rationale`, a dimension's label and description) is either one
string for every reader, or a mapping with one version per audience:

    why:
      solo: You work alone, ...
      one_team: You work as one team, ...
      other: Several teams ...          # every audience not named

The audience comes from two answers, headcount and the number of teams (`audience_of`). The
engine picks the version in one place (`RowView.text`, which calls `pick`); `validate` checks
that each plain string fits every audience its rule can reach (`assessment.content.pack`), and
a property test checks every text a result shows against the same word lists (`ASSUMPTIONS`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import model_validator

from assessment import i18n
from assessment.content.schema.common import Strict, Text
from assessment.i18n import _, ngettext

Audience = Literal["solo", "one_team", "several_teams", "organisation"]
# smallest first
AUDIENCES: tuple[Audience, ...] = ("solo", "one_team", "several_teams", "organisation")
# from this headcount on, an organisation (the framework's stage boundary: 20 or more)
ORGANISATION_FROM = 20

AUDIENCE_LABELS: dict[str, str] = {
    "solo": "a solo developer",
    "one_team": "a single team of two or more developers",
    "several_teams": "two or more teams below 20 developers",
    "organisation": "20 or more developers in two or more teams",
}


def audience_of(developers: float | None, teams: float | None) -> Audience | None:
    """Who the texts are written for, from headcount and number of teams.

    solo: one developer. one_team: two or more developers in one team, whatever the headcount
    (a single team of 25 still talks as one team; it reads no wording about other teams).
    several_teams: two or more teams below 20 developers. organisation: 20 or more developers
    in two or more teams. None when the answers do not decide it.
    """
    if developers is None:
        return None
    if developers <= 1:
        return "solo"
    if teams is not None and teams <= 1:
        return "one_team"
    if developers >= ORGANISATION_FROM:
        return "organisation"
    if teams is None:
        return None
    return "several_teams"


class BySize(Strict):
    """One version of a text per audience; `other` is for every audience not named."""

    solo: Text | None = None
    one_team: Text | None = None
    several_teams: Text | None = None
    organisation: Text | None = None
    other: Text | None = None

    @model_validator(mode="after")
    def _every_audience_covered(self) -> BySize:
        if self.other is None:
            missing = [a for a in AUDIENCES if getattr(self, a) is None]
            if missing:
                raise ValueError(
                    "a text by size needs a version for every audience, or 'other' for the "
                    f"rest; missing: {', '.join(missing)}"
                )
        return self

    def version(self, audience: str | None) -> str:
        """The text for `audience`; when the size is unknown, `other`, else the version for the
        largest audience (the one that assumes least about being small)."""
        if audience is not None:
            text = getattr(self, audience)
            if text is not None:
                return str(text)
        if self.other is not None:
            return self.other
        return next(str(t) for a in reversed(AUDIENCES) if (t := getattr(self, a)) is not None)


# a text for every reader, or one version per audience
SizedText = Text | BySize


def pick(text: str | BySize | None, audience: str | None) -> str:
    """The version of `text` written for `audience`: the one place a text is chosen by size."""
    if text is None:
        return ""
    if isinstance(text, BySize):
        return text.version(audience)
    return text


def versions(text: str | BySize) -> Iterator[tuple[tuple[Audience, ...], str]]:
    """Each distinct string of a text with the audiences that read it."""
    if isinstance(text, str):
        yield AUDIENCES, text
        return
    by_text: dict[str, list[Audience]] = {}
    for a in AUDIENCES:
        by_text.setdefault(text.version(a), []).append(a)
    for value, readers in by_text.items():
        yield tuple(readers), value


# -- words that assume a size ---------------------------------------------------------------------
@dataclass(frozen=True)
class Assumption:
    """Words that are true only of some sizes: wrong for a reader in `wrong_for`. `phrases` are
    the English words; `translated` the words of each other language, written out in each form
    the language inflects them to (German: "anderen Teams", "anderer Teams")."""

    name: str
    phrases: tuple[str, ...]
    wrong_for: frozenset[str]
    translated: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def phrases_in(self, lang: str) -> tuple[str, ...]:
        """The words in `lang`; none for a language the list does not have yet."""
        if lang == "en":
            return self.phrases
        return dict(self.translated).get(lang, ())

    @property
    def pattern(self) -> re.Pattern[str]:
        return self.pattern_in("en")

    def pattern_in(self, lang: str) -> re.Pattern[str]:
        return _pattern(self.phrases_in(lang))


@functools.cache
def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    if not phrases:
        return re.compile(r"(?!)")  # matches nothing
    words = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


# The one list of size assumptions, read by `validate` and by the property test over results,
# in every language the product speaks.
ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption(
        "several teams",
        (
            "several teams",
            "between teams",
            "other teams",
            "each team",
            "every team",
            "all teams",
            "your teams",
            "teams depend",
        ),
        frozenset({"solo", "one_team"}),
        (
            (
                "de",
                (
                    "mehrere Teams",
                    "mehreren Teams",
                    "zwischen Teams",
                    "zwischen den Teams",
                    "andere Teams",
                    "anderen Teams",
                    "anderer Teams",
                    "jedes Team",
                    "jedem Team",
                    "jedes Teams",
                    "alle Teams",
                    "allen Teams",
                    "aller Teams",
                    "Ihre Teams",
                    "Ihren Teams",
                    "Ihrer Teams",
                    "Teams hängen",
                ),
            ),
        ),
    ),
    Assumption(
        "one team",
        ("as one team",),
        frozenset({"solo", "several_teams", "organisation"}),
        (("de", ("als ein Team", "als ein einziges Team")),),
    ),
    Assumption(
        "more than one developer",
        (
            "the developers",
            "your team",
            "each developer",
            "reviewed by a person",
            "with your developers",
        ),
        frozenset({"solo"}),
        (
            (
                "de",
                (
                    "Ihr Team",
                    "Ihrem Team",
                    "Ihres Teams",
                    "jede Entwicklerin",
                    "jeder Entwickler",
                    "jedem Entwickler",
                    "jeden Entwickler",
                    # "die Entwicklerinnen und Entwickler" is German's generic plural as well
                    # as "the developers", so only the possessive forms are listed
                    "Ihre Entwickler",
                    "Ihre Entwicklerinnen",
                    "Ihren Entwicklerinnen",
                    "Ihren Entwicklern",
                    "von einer Person geprüft",
                    "von einem Menschen geprüft",
                ),
            ),
        ),
    ),
    Assumption(
        "one developer",
        ("you work alone", "on your own"),
        frozenset({"one_team", "several_teams", "organisation"}),
        (("de", ("Sie arbeiten allein", "arbeiten Sie allein", "auf sich allein gestellt")),),
    ),
    Assumption(
        "organisation scale",
        (
            "organisation scale",
            "organization scale",
            "large organisation",
            "large organization",
        ),
        frozenset({"solo", "one_team", "several_teams"}),
        (
            (
                "de",
                (
                    "große Organisation",
                    "großen Organisation",
                    "großer Organisation",
                    "Größe einer Organisation",
                ),
            ),
        ),
    ),
)
# counts written with the plural after one: wrong for every reader ("1 Entwickler" is German's
# singular too, so it is not among them)
_ONE_PLURAL = {
    "en": re.compile(r"(?<![\d.,])\b1\s+(?:teams|developers|people|members)\b", re.IGNORECASE),
    "de": re.compile(r"(?<![\d.,])\b1\s+(?:Teams|Personen|Mitglieder|Entwicklerinnen)\b"),
}


def grammar(text: str, lang: str | None = None) -> list[str]:
    """'1 teams', '1 developers': a count of one with a plural noun, in `lang` (by default the
    language being written)."""
    pattern = _ONE_PLURAL.get(lang or i18n.language())
    return [m.group(0) for m in pattern.finditer(text)] if pattern else []


def misfits(text: str, audience: str | None, lang: str | None = None) -> list[str]:
    """What in `text` does not fit `audience`: each phrase that assumes another size, and
    every count of one with a plural noun, in `lang` (by default the language being written).
    An unknown audience is checked for grammar only."""
    lang = lang or i18n.language()
    found = grammar(text, lang)
    if audience is None:
        return found
    for assumption in ASSUMPTIONS:
        if audience in assumption.wrong_for:
            found.extend(
                f"'{m.group(0)}' assumes {assumption.name}"
                for m in assumption.pattern_in(lang).finditer(text)
            )
    return found


def size_words_in(lang: str) -> bool:
    """Whether the lists of words that assume a size have words in `lang`."""
    return lang in _ONE_PLURAL and all(a.phrases_in(lang) for a in ASSUMPTIONS)


def counted(value: object, unit: str | None) -> str:
    """A number with its unit, the unit in the singular for one: '1 developer', '3 teams'.
    Units are written in the plural in packs; a plural that does not end in 's' stays."""
    if not unit:
        return str(value)
    singular = str(value) == "1" and unit.endswith("s") and not unit.endswith("ss")
    return f"{value} {unit[:-1] if singular else unit}"


def headcount(developers: int | None, teams: int | None) -> str:
    """'1 developer', '4 developers in 1 team', '40 developers in 6 teams': the one place
    headcount is put in words (a solo developer's one team goes unsaid)."""
    if developers is None:
        return _("headcount not given")
    people = ngettext("{n} developer", "{n} developers", developers).format(n=developers)
    if teams is None or (developers == 1 and teams == 1):
        return people
    # translators: "4 developers in 1 team"
    return ngettext("{people} in {n} team", "{people} in {n} teams", teams).format(
        people=people, n=teams
    )
