"""A plain-text rendering of an Assessment for the terminal (`score --format text`), and
`markdown_literal` for showing what people typed inside the app's Markdown."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assessment.content.audience import headcount
from assessment.content.model import Pack
from assessment.engine.result import Assessment, Evidence, score_words
from assessment.kinds.next_steps import HORIZONS, HORIZONS_TEXT
from assessment.kinds.pivot_points import STATUS_TEXT
from assessment.kinds.registry import KINDS
from assessment.report.evidence import Once
from assessment.report.names import addressed, finding_names
from assessment.report.quotes import UNPLACED_TITLE, Quotes, place
from assessment.report.undecided import (
    DONT_KNOW,
    not_known,
    nothing_found,
    strategy_undecided_text,
    undecided_text,
)

_STATUS = STATUS_TEXT
_HORIZON = HORIZONS_TEXT
# Markdown's inline punctuation, Streamlit's ':icon:' and ':color[...]' directives, raw HTML,
# and entities ('&lt;')
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#|<>~$:@&])")
# Bare addresses ('http://h', 'www.h', 'a@h.org') become links after parsing, in the text, so
# no escape stops them; an invisible word joiner after the scheme or before the '@' does.
WORD_JOINER = "\u2060"
_BARE_LINK = re.compile(r"(https?|www|mailto|xmpp)(?=\\?[:.])", re.IGNORECASE)
# what starts a list, a quote or a heading only at the start of a line
_MARKDOWN_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def markdown_literal(text: str) -> str:
    """`text` as one line, escaped so that Markdown shows it exactly as typed: no emphasis,
    links (bare addresses too), images, icons, colours, lists or HTML from a workshop or
    organisation name, a file name or a value quoted in a message."""
    line = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    line = _BARE_LINK.sub(r"\1" + WORD_JOINER, line).replace("\\@", WORD_JOINER + "\\@")
    match = _MARKDOWN_START.match(line)
    if match is None:
        return line
    if match.group(1)[0].isdigit():  # '1. x' -> '1\. x'
        end = match.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def _answer(value: Any) -> str:
    if value is None:
        return "unanswered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)


def _evidence(items: list[Evidence], indent: str = "      ") -> list[str]:
    return [f"{indent}- {e.label}: {_answer(e.answer)}" for e in items]


@dataclass
class Said:
    """The respondent's words placed under the findings, each printed once, under the first
    finding it is placed under, as the report prints them; and the names the report gives the
    findings, for what a step addresses (without a pack, the ids stand)."""

    quotes: Quotes = field(default_factory=Quotes)
    once: Once = field(default_factory=Once)
    names: dict[str, str] = field(default_factory=dict)

    def under(self, part: str, finding: str, indent: str = "      ") -> list[str]:
        lines: list[str] = []
        for q in self.quotes.under(part, finding):
            if self.once.seen(q.text) is None:
                lines += _wrap(f"In your words: “{' '.join(q.text.split())}”", indent)
        return lines


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, 96, initial_indent=indent, subsequent_indent=indent)


def _score(value: int | None, asked: bool = True) -> str:
    return score_words(value, asked) if value is None else f"{value:>3}/100"


def _stage(a: Assessment, evidence: bool, said: Said) -> list[str]:
    st = a.stage
    lines = [f"Stage: {st.id or 'not judged'} ({headcount(st.developers, st.teams)})"]
    if st.planned and st.planned != st.id:
        planned = headcount(st.planned_developers, None)
        lines.append(f"Growth plan leads to: {st.planned} ({planned})")
    counted = len(a.readiness.counted)
    lines.append(
        f"Overall readiness: {_score(a.readiness.overall)}"
        + (f" (the average of {counted} dimension{'s' if counted != 1 else ''})" if counted else "")
    )
    return lines


def _dimensions(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = ["Readiness by dimension"]
    for d in a.readiness.dimensions:
        bar = "#" * round((d.score or 0) / 5)
        lines.append(f"  {d.label:<28} {_score(d.score, d.asked)}  {bar}")
    return lines


def _pivot_points(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = ["Pivot points"]
    for pp in a.pivot_points:
        lines.append(
            f"  {pp.id} {pp.title}: {_STATUS.get(pp.status, pp.status)}, "
            f"readiness {_score(pp.readiness, pp.asked)}"
        )
        if pp.why:
            lines += _wrap(pp.why, "      ")
        undecided = undecided_text(pp)
        if undecided:
            lines += _wrap(undecided, "      ")
        for s in pp.symptoms:
            lines.append(f"    symptom ({s.severity}): {s.label}")
            if evidence:
                lines += _evidence(s.evidence)
        if pp.missing_practices:
            missing = "; ".join(f"{p.label} ({_answer(p.answer)})" for p in pp.missing_practices)
            lines += _wrap(f"missing practices: {missing}", "    ")
        lines += said.under(pp.id, pp.id, "    ")
    return lines


def _symptoms(a: Assessment, evidence: bool, said: Said) -> list[str]:
    """Nothing of its own: each symptom is listed under its pivot point."""
    return []


def _mistakes(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = ["Scaling mistakes"]
    if not a.mistakes:
        lines += _wrap(nothing_found(a, "mistakes", "No scaling mistake shows"), "  ")
    for mistake in a.mistakes:
        rules = ", ".join(mistake.rules)
        lines.append(f"  {mistake.id} {mistake.title} ({mistake.severity})  [{rules}]")
        for why in mistake.why:
            lines += _wrap(why, "      ")
        if evidence:
            lines += _evidence(mistake.evidence)
        lines += said.under("mistakes", mistake.id)
    return lines


def _patterns(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = ["Patterns"]
    if not a.patterns:
        lines += _wrap(nothing_found(a, "patterns", "No pattern to report at this stage"), "  ")
    for p in a.patterns:
        lines.append(f"  {p.title}: {p.status}  [{p.rule}]")
        lines += _wrap(p.why, "      ")
        lines += said.under("patterns", p.id)
    return lines


def _metrics(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = ["Metrics"]
    for m in a.metrics.recommended:
        lines.append(f"  adopt: {m.title}  [{m.rule}]")
        lines += said.under("metrics", m.id)
    for m in a.metrics.misleading_in_use:
        lines.append(f"  drop or reframe: {m.title}  [{m.rule}]")
        lines += said.under("metrics", m.id)
    if not a.metrics.recommended and not a.metrics.misleading_in_use:
        lines += _wrap(nothing_found(a, "metrics", "Nothing to change in what you measure"), "  ")
    return lines


def _compliance(a: Assessment, evidence: bool, said: Said) -> list[str]:
    """A section only where compliance applies."""
    if not a.compliance.applicable:
        return []
    lines = ["Compliance"]
    for g in a.compliance.gaps:
        lines.append(f"  gap ({g.severity}): {g.title}  [{g.rule}]")
        if g.references:
            named = ", ".join(f"{r.framework} {r.item}" for r in g.references)
            lines += _wrap(f"relates to {named}", "    ")
        if evidence:
            lines += _evidence(g.evidence)
        lines += said.under("compliance", g.id)
    if not a.compliance.gaps:
        lines += _wrap(nothing_found(a, "compliance", "No compliance gap shows"), "  ")
    return lines


def _strategy(a: Assessment, evidence: bool, said: Said) -> list[str]:
    strategy = a.strategy
    lines = [
        f"Transition strategy: {strategy.title or 'not judged'}"
        + (f", phase {strategy.phase}: {strategy.phase_title}" if strategy.phase else "")
    ]
    undecided = strategy_undecided_text(strategy)
    if undecided:
        lines += _wrap(undecided, "  ")
    for r in strategy.rationale:
        lines += _wrap(f"- {r.text}", "  ")
    return lines


def _next_steps(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = ["Next steps"]
    titles = {x.rule: x.title for x in a.next_steps}
    for horizon in HORIZONS:
        steps = [x for x in a.next_steps if x.horizon == horizon]
        if steps:
            lines.append(f"  {_HORIZON[horizon]}")
            for x in steps:
                lines += _wrap(
                    f"- {x.title}: {x.action} (addresses {addressed(said.names, x.addresses)})",
                    "    ",
                )
                after = "; ".join(titles[d] for d in x.depends_on)
                lines += _wrap(
                    f"Owner: {x.owner}. Effort: {x.effort}."
                    + (f" After: {after}." if after else ""),
                    "      ",
                )
                lines += _wrap(f"Success: {x.success}", "      ")
    for h in a.outside_help:
        lines += _wrap(f"Outside help (optional): {h.advice} {h.why}", "  ")
    if not a.next_steps:
        lines += _wrap(nothing_found(a, "next_steps", "No step is needed now"), "  ")
    return lines


# each table kind's section of the text, by the kind's name; a test checks it covers the registry
SECTIONS: dict[str, Callable[[Assessment, bool, Said], list[str]]] = {
    "stage": _stage,
    "dimensions": _dimensions,
    "pivot_points": _pivot_points,
    "symptoms": _symptoms,
    "mistakes": _mistakes,
    "patterns": _patterns,
    "metrics": _metrics,
    "compliance": _compliance,
    "strategy": _strategy,
    "next_steps": _next_steps,
}


def conclusion(a: Assessment, pack: Pack) -> list[str]:
    """Page one's conclusion in a few lines: the status, the constraint and the decision."""
    from assessment.report.summary import summarise

    s = summarise(a, pack, listed_in="the list at the end")
    lines = [f"{s.status}."]
    lines += _wrap(s.status_note, "  ")
    lines += _wrap(f"Constraint: {s.constraint}", "")
    if s.findings:
        lines.append("What matters most:")
        for number, f in enumerate(s.findings, 1):
            lines += textwrap.wrap(
                f"{number}. {f.title} ({f.severity}): {f.line}",
                96,
                initial_indent="  ",
                subsequent_indent="     ",
            )
    if s.decision:
        lines += _wrap(f"Decision: {s.decision.sentence}", "")
    return [*lines, ""]


def format_text(a: Assessment, *, evidence: bool = True, pack: Pack | None = None) -> str:
    """The assessment as terminal text; with `pack`, it leads with the conclusion, as the
    report's page one does."""
    lines: list[str] = []
    org = a.meta.get("organization")
    title = f"Pivotpoint readiness assessment{f' — {org}' if org else ''}"
    lines += [title, "=" * len(title), f"Pack: {a.pack.id} {a.pack.version}", ""]
    said = Said()
    if pack is not None:
        lines += conclusion(a, pack)
        said = Said(place(pack, a), names=finding_names(pack))
    # the sections in the kinds' registry order, each followed by a blank line
    sections = [SECTIONS[kind.name](a, evidence, said) for kind in KINDS]
    lines += [line for section in sections if section for line in (*section, "")]
    lines.pop()  # the last section ends the text without a blank line
    if said.quotes.unplaced:  # what bears on no finding is printed once, on its own
        lines += ["", UNPLACED_TITLE]
        for q in said.quotes.unplaced:
            lines += _wrap(f"“{' '.join(q.text.split())}”", "  ")
    if a.not_judged:
        lines.append("")
        lines.append("Could not judge (unanswered questions)")
        unknown = not_known(a)
        for nj in a.not_judged:
            needs = ", ".join(
                f"{q} (answered {DONT_KNOW})" if q in unknown else q for q in nj.missing
            )
            lines.append(f"  {nj.rule}: needs {needs}")
    return "\n".join(lines) + "\n"
