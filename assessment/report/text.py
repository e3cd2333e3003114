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
from assessment.i18n import _, ngettext, quote_marks
from assessment.kinds.next_steps import HORIZONS, HORIZONS_TEXT, horizon_text
from assessment.kinds.patterns import PATTERN_LABELS
from assessment.kinds.pivot_points import STATUS_TEXT, status_text
from assessment.kinds.registry import KINDS
from assessment.kinds.stage import stage_label
from assessment.report.evidence import Once, answer_words, evidence_words, value_labels
from assessment.report.names import addressed, finding_names, severity_word
from assessment.report.quotes import Quotes, place, unplaced_title
from assessment.report.undecided import (
    dont_know,
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
    if value is None or isinstance(value, (bool, list)):
        return answer_words(value)
    return str(value)


def _evidence(items: list[Evidence], said: Said, indent: str = "      ") -> list[str]:
    """Each answer behind a finding, a derived value (a stage, a status) in the words the report
    gives it."""
    lines = []
    for e in items:
        label, answer = evidence_words(e, said.values)
        lines.append(f"{indent}- {label}: {answer}")
    return lines


@dataclass
class Said:
    """The respondent's words placed under the findings, each printed once, under the first
    finding it is placed under, as the report prints them; the names the report gives the
    findings, for what a step addresses, and the words for derived values (stages, statuses)
    in the evidence (without a pack, the ids stand)."""

    quotes: Quotes = field(default_factory=Quotes)
    once: Once = field(default_factory=Once)
    names: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)

    def under(self, part: str, finding: str, indent: str = "      ") -> list[str]:
        lines: list[str] = []
        for q in self.quotes.under(part, finding):
            if self.once.seen(q.text) is None:
                lines += _wrap(
                    _("In your words: “{comment}”").format(comment=" ".join(q.text.split())),
                    indent,
                )
        return lines


def _wrap(text: str, indent: str) -> list[str]:
    return textwrap.wrap(text, 96, initial_indent=indent, subsequent_indent=indent)


def _score(value: int | None, asked: bool = True) -> str:
    return score_words(value, asked) if value is None else f"{value:>3}/100"


def _stage(a: Assessment, evidence: bool, said: Said) -> list[str]:
    st = a.stage
    lines = [
        # translators: the stage's name ("One team") and the headcount in the terminal text
        _("Stage: {stage} ({headcount})").format(
            stage=stage_label(st.id, _("not judged")),
            headcount=headcount(st.developers, st.teams),
        )
    ]
    if st.planned and st.planned != st.id:
        planned = headcount(st.planned_developers, None)
        lines.append(
            # translators: the stage's name ("Several teams") and the headcount
            _("Growth plan leads to: {stage} ({headcount})").format(
                stage=stage_label(st.planned), headcount=planned
            )
        )
    counted = len(a.readiness.counted)
    score = _score(a.readiness.overall)
    if counted:
        lines.append(
            ngettext(
                "Overall readiness: {score} (the average of {n} dimension)",
                "Overall readiness: {score} (the average of {n} dimensions)",
                counted,
            ).format(score=score, n=counted)
        )
    else:
        lines.append(_("Overall readiness: {score}").format(score=score))
    return lines


def _dimensions(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = [_("Readiness by dimension")]
    for d in a.readiness.dimensions:
        bar = "#" * round((d.score or 0) / 5)
        lines.append(f"  {d.label:<28} {_score(d.score, d.asked)}  {bar}")
    return lines


def _pivot_points(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = [_("Pivot points")]
    for pp in a.pivot_points:
        lines.append(
            "  "
            + _("{id} {title}: {status}, readiness {readiness}").format(
                id=pp.id,
                title=pp.title,
                status=status_text(pp.status),
                readiness=_score(pp.readiness, pp.asked),
            )
        )
        if pp.why:
            lines += _wrap(pp.why, "      ")
        undecided = undecided_text(pp)
        if undecided:
            lines += _wrap(undecided, "      ")
        for s in pp.symptoms:
            # translators: a symptom and its severity in the terminal text
            lines.append(
                "    "
                + _("symptom ({severity}): {symptom}").format(
                    severity=severity_word(s.severity), symptom=s.label
                )
            )
            if evidence:
                lines += _evidence(s.evidence, said)
        if pp.missing_practices:
            missing = "; ".join(f"{p.label} ({_answer(p.answer)})" for p in pp.missing_practices)
            lines += _wrap(_("missing practices: {practices}").format(practices=missing), "    ")
        lines += said.under(pp.id, pp.id, "    ")
    return lines


def _symptoms(a: Assessment, evidence: bool, said: Said) -> list[str]:
    """Nothing of its own: each symptom is listed under its pivot point."""
    return []


def _mistakes(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = [_("Scaling mistakes")]
    if not a.mistakes:
        lines += _wrap(nothing_found(a, "mistakes", _("No scaling mistake shows")), "  ")
    for mistake in a.mistakes:
        rules = ", ".join(mistake.rules)
        lines.append(
            f"  {mistake.id} {mistake.title} ({severity_word(mistake.severity)})  [{rules}]"
        )
        for why in mistake.why:
            lines += _wrap(why, "      ")
        if evidence:
            lines += _evidence(mistake.evidence, said)
        lines += said.under("mistakes", mistake.id)
    return lines


def _patterns(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = [_("Patterns")]
    if not a.patterns:
        lines += _wrap(nothing_found(a, "patterns", _("No pattern to report at this stage")), "  ")
    for p in a.patterns:
        status = PATTERN_LABELS.get(p.status)
        lines.append(f"  {p.title}: {_(status) if status else p.status}  [{p.rule}]")
        lines += _wrap(p.why, "      ")
        lines += said.under("patterns", p.id)
    return lines


def _metrics(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = [_("Metrics")]
    for m in a.metrics.recommended:
        # translators: a metric to adopt in the terminal text; {rule} is a rule id
        lines.append("  " + _("adopt: {metric}  [{rule}]").format(metric=m.title, rule=m.rule))
        lines += said.under("metrics", m.id)
    for m in a.metrics.misleading_in_use:
        # translators: a misleading metric in use, in the terminal text; {rule} is a rule id
        lines.append(
            "  " + _("drop or reframe: {metric}  [{rule}]").format(metric=m.title, rule=m.rule)
        )
        lines += said.under("metrics", m.id)
    if not a.metrics.recommended and not a.metrics.misleading_in_use:
        lines += _wrap(
            nothing_found(a, "metrics", _("Nothing to change in what you measure")), "  "
        )
    return lines


def _compliance(a: Assessment, evidence: bool, said: Said) -> list[str]:
    """A section only where compliance applies."""
    if not a.compliance.applicable:
        return []
    lines = [_("Compliance")]
    for g in a.compliance.gaps:
        # translators: a compliance gap and its severity in the terminal text
        lines.append(
            "  "
            + _("gap ({severity}): {gap}  [{rule}]").format(
                severity=severity_word(g.severity), gap=g.title, rule=g.rule
            )
        )
        if g.references:
            named = ", ".join(f"{r.framework} {r.item}" for r in g.references)
            # translators: the frameworks' items a compliance gap relates to
            lines += _wrap(_("relates to {references}").format(references=named), "    ")
        if evidence:
            lines += _evidence(g.evidence, said)
        lines += said.under("compliance", g.id)
    if not a.compliance.gaps:
        lines += _wrap(nothing_found(a, "compliance", _("No compliance gap shows")), "  ")
    return lines


def _strategy(a: Assessment, evidence: bool, said: Said) -> list[str]:
    strategy = a.strategy
    title = strategy.title or _("not judged")
    if strategy.phase:
        line = _("Transition strategy: {strategy}, phase {phase}: {phase_title}").format(
            strategy=title, phase=strategy.phase, phase_title=strategy.phase_title
        )
    else:
        line = _("Transition strategy: {strategy}").format(strategy=title)
    lines = [line]
    undecided = strategy_undecided_text(strategy)
    if undecided:
        lines += _wrap(undecided, "  ")
    for r in strategy.rationale:
        lines += _wrap(f"- {r.text}", "  ")
    return lines


def _next_steps(a: Assessment, evidence: bool, said: Said) -> list[str]:
    lines = [_("Next steps")]
    titles = {x.rule: x.title for x in a.next_steps}
    for horizon in HORIZONS:
        steps = [x for x in a.next_steps if x.horizon == horizon]
        if steps:
            lines.append(f"  {horizon_text(horizon)}")
            for x in steps:
                lines += _wrap(
                    _("- {title}: {action} (addresses {findings})").format(
                        title=x.title,
                        action=x.action,
                        findings=addressed(said.names, x.addresses),
                    ),
                    "    ",
                )
                after = "; ".join(titles[d] for d in x.depends_on)
                if after:
                    # translators: {effort} is S, M or L; {after} the steps to do first
                    owner = _("Owner: {owner}. Effort: {effort}. After: {after}.")
                else:
                    # translators: {effort} is S, M or L
                    owner = _("Owner: {owner}. Effort: {effort}.")
                lines += _wrap(owner.format(owner=x.owner, effort=x.effort, after=after), "      ")
                lines += _wrap(_("Success: {success}").format(success=x.success), "      ")
    for h in a.outside_help:
        lines += _wrap(
            _("Outside help (optional): {advice} {why}").format(advice=h.advice, why=h.why), "  "
        )
    if not a.next_steps:
        lines += _wrap(nothing_found(a, "next_steps", _("No step is needed now")), "  ")
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

    # translators: where the terminal text lists the questions that would decide open findings
    s = summarise(a, pack, listed_in=_("the list at the end"))
    lines = [f"{s.status}."]
    lines += _wrap(s.status_note, "  ")
    lines += _wrap(_("Constraint: {constraint}").format(constraint=s.constraint), "")
    if s.findings:
        lines.append(_("What matters most:"))
        for number, f in enumerate(s.findings, 1):
            lines += textwrap.wrap(
                f"{number}. {f.title} ({severity_word(f.severity)}): {f.line}",
                96,
                initial_indent="  ",
                subsequent_indent="     ",
            )
    if s.decision:
        lines += _wrap(_("Decision: {decision}").format(decision=s.decision.sentence), "")
    return [*lines, ""]


def format_text(a: Assessment, *, evidence: bool = True, pack: Pack | None = None) -> str:
    """The assessment as terminal text; with `pack`, it leads with the conclusion, as the
    report's page one does."""
    lines: list[str] = []
    org = a.meta.get("organization")
    title = (
        _("Pivotpoint readiness assessment — {organisation}").format(organisation=org)
        if org
        else _("Pivotpoint readiness assessment")
    )
    lines += [
        title,
        "=" * len(title),
        _("Pack: {id} {version}").format(id=a.pack.id, version=a.pack.version),
        "",
    ]
    said = Said()
    if pack is not None:
        lines += conclusion(a, pack)
        said = Said(place(pack, a), names=finding_names(pack), values=value_labels(pack))
    # the sections in the kinds' registry order, each followed by a blank line
    sections = [SECTIONS[kind.name](a, evidence, said) for kind in KINDS]
    lines += [line for section in sections if section for line in (*section, "")]
    lines.pop()  # the last section ends the text without a blank line
    if said.quotes.unplaced:  # what bears on no finding is printed once, on its own
        lines += ["", unplaced_title()]
        opening, closing = quote_marks()  # „…“ in German
        for q in said.quotes.unplaced:
            lines += _wrap(f"{opening}{' '.join(q.text.split())}{closing}", "  ")
    if a.not_judged:
        lines.append("")
        lines.append(_("Could not judge (unanswered questions)"))
        unknown = not_known(a)
        # translators: a question id, and the answer “Don't know” it was given
        answered = _("{question} (answered {dont_know})")
        for nj in a.not_judged:
            needs = ", ".join(
                answered.format(question=q, dont_know=dont_know()) if q in unknown else q
                for q in nj.missing
            )
            # translators: a rule id and the question ids it needs answered
            lines.append(
                "  " + _("{rule}: needs {questions}").format(rule=nj.rule, questions=needs)
            )
    return "\n".join(lines) + "\n"
