"""The names a reader knows the findings by, for the lines of the action plan that say what a
step addresses: "M1: Assuming small-team practices scale", not "M1"; "Pivot point 1: From one
developer to a team", not "PP1". The report, the results page and the terminal text all name
them from here, as the report's headings and the results page's tabs do."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from assessment.content.model import Pack
from assessment.i18n import N_, _


def finding_names(pack: Pack) -> dict[str, str]:
    """Each id a step may address, with its reader-facing name."""
    # translators: what a step addresses where it answers the need for outside help
    names: dict[str, str] = {"outside-help": _("outside help")}
    # as the report's headings name them: a pivot point's title starts with its number
    names.update({pp.id: pp.title for pp in pack.pivot_points.pivot_points})
    # translators: a scaling mistake's name, "M1: Assuming small-team practices scale"
    mistake = _("{id}: {title}")
    names.update({m.id: mistake.format(id=m.id, title=m.title) for m in pack.mistakes.mistakes})
    names.update({x.id: x.title for x in pack.patterns.patterns})
    names.update({x.id: x.title for x in pack.metrics.metrics})
    names.update({x.id: x.title for x in pack.compliance.gaps})
    names.update({r.symptom: r.label for r in pack.symptoms.rules})
    names.update({s.id: s.title for s in pack.strategy.strategies})
    names.update({d.id: d.label for d in pack.dimensions.dimensions})
    return names


def addressed(names: Mapping[str, str], ids: Iterable[str]) -> str:
    """What a step addresses, as one phrase: its findings' names, in the step's order, joined
    by semicolons (a name may hold a comma); an id without a name is shown as it is."""
    return "; ".join(names.get(i, i) for i in ids)


def join_and(words: list[str]) -> str:
    """Words as a list in running text: "a, b and c", in the current language."""
    if len(words) <= 1:
        return "".join(words)
    # translators: the end of a list in running text: "{items}" is "a, b", "{last}" is "c"
    return _("{items} and {last}").format(items=", ".join(words[:-1]), last=words[-1])


# a finding's severity, in words (the engine's vocabulary, marked for the catalogue)
SEVERITY_WORDS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def severity_word(severity: str) -> str:
    """A severity ("high") as the current language says it."""
    word = SEVERITY_WORDS.get(severity)
    return _(word) if word else severity
