"""The applicability table: every item of the pack's crosswalk catalogue, whether it applies to
this organisation and why, its status from the answers, and the planned action that addresses
it. The shape of a Statement of Applicability, as CSV or XLSX; every cell goes through
`batch.safe_cell`, so that no text runs as a spreadsheet formula. Not legal advice.

The table is written in the current language (`assessment.i18n`): its headings, the words of
the Applies, Status and Horizon columns, the sentences around the pack's texts and the dates.
A `Row` keeps the ids of what applies, the status and the horizon; `Row.cells` writes them as
words.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from assessment import i18n
from assessment.content.model import Crosswalk, Pack
from assessment.content.schema.crosswalk import Item, Scope
from assessment.engine.result import Assessment
from assessment.errors import PivotpointError, Problem
from assessment.i18n import N_, _
from assessment.kinds.practices import PRACTICE_TYPES, top_answer
from assessment.report.names import severity_word
from assessment.services.batch import safe_cell

# the column headings, in English (marked for the catalogue: `columns()` gives them translated)
COLUMNS = (
    N_("Framework"),
    N_("Item"),
    N_("Title"),
    N_("Applies"),
    N_("Why"),
    N_("Applies from"),
    N_("Status"),
    N_("Evidence"),
    N_("Planned action"),
    N_("Horizon"),
    N_("Relates to"),
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTE = N_("Not legal advice: a starting point for your own Statement of Applicability.")
# whether an item applies, in words (the Applies column)
APPLIES_WORDS = {
    # translators: the applicability table's Applies column: the item applies
    "yes": N_("yes"),
    # translators: the applicability table's Applies column: the item does not apply
    "no": N_("no"),
    # translators: the applicability table's Applies column: a voluntary standard
    "voluntary": N_("voluntary"),
    # translators: the applicability table's Applies column: the answers cannot tell, so the
    # reader should check
    "check": N_("check"),
}
# an item's status from the answers, in words (the Status column)
STATUS_WORDS = {
    # translators: the applicability table's Status column: a compliance gap was found
    "gap": N_("gap"),
    "partly in place": N_("partly in place"),
    "not in place": N_("not in place"),
    "in place": N_("in place"),
    # translators: the applicability table's Status column: no compliance gap was found
    "no gap found": N_("no gap found"),
    "not judged": N_("not judged"),
}
# the plan's horizon of the planned action (the Horizon column, narrow)
HORIZON_WORDS = {
    # translators: the applicability table's narrow Horizon column: within the first 30 days
    "30d": N_("30d"),
    # translators: the applicability table's narrow Horizon column: days 31 to 60
    "60d": N_("60d"),
    # translators: the applicability table's narrow Horizon column: days 61 to 90
    "90d": N_("90d"),
    # translators: the applicability table's narrow Horizon column: after 90 days
    "later": N_("later"),
}
# how a finding or practice relates to the item (the Relates to column), as the mapping says
RELATION_WORDS = {
    # translators: a crosswalk relation: the finding and the item are the same
    "equal": N_("equal"),
    # translators: a crosswalk relation: the finding covers part of the item
    "subset": N_("subset"),
    # translators: a crosswalk relation: the finding covers the item and more
    "superset": N_("superset"),
    # translators: a crosswalk relation: they overlap, each with parts the other lacks
    "intersect": N_("intersect"),
}


def columns() -> list[str]:
    """The column headings in the current language."""
    return [_(c) for c in COLUMNS]


def _word(words: dict[str, str], value: str) -> str:
    word = words.get(value)
    return _(word) if word else value


@dataclass(frozen=True)
class Row:
    framework: str
    item: str
    title: str
    applies: str  # yes, no, voluntary or check
    why: str
    applies_from: str
    status: str  # one of STATUS_WORDS
    evidence: str
    action: str
    horizon: str  # 30d, 60d, 90d, later, or "" without a planned action
    relates_to: str

    def cells(self) -> list[str]:
        """The row as the table shows it: the ids of what applies, the status and the horizon
        in words of the current language."""
        return [
            self.framework,
            self.item,
            self.title,
            _word(APPLIES_WORDS, self.applies),
            self.why,
            self.applies_from,
            _word(STATUS_WORDS, self.status),
            self.evidence,
            self.action,
            _word(HORIZON_WORDS, self.horizon),
            self.relates_to,
        ]


def rows(a: Assessment, pack: Pack, today: date | None = None) -> list[Row]:
    """One row per catalogue item, in catalogue order."""
    cw = pack.crosswalk
    if cw is None:
        raise PivotpointError(
            [
                Problem(
                    str(pack.root),
                    None,
                    "",
                    "the pack has no crosswalk/ folder: it maps to no external items",
                )
            ]
        )
    today = today or date.today()
    out = []
    for fw in cw.catalogue.frameworks:
        for item in fw.items:
            scope = cw.scopes[item.scope]
            applies, why = _applies(pack, a, scope)
            sources = [(m.source, m.relation) for m in cw.mapping.mappings if m.target == item.id]
            status, evidence = _status(pack, a, sources)
            action, horizon = _action(a, sources)
            out.append(
                Row(
                    framework=fw.name,
                    item=item.ref,
                    title=item.title,
                    applies=applies,
                    why=" ".join(part for part in (why, _from(item, today)) if part),
                    applies_from=item.applies_from.isoformat() if item.applies_from else "",
                    status=status,
                    evidence=evidence,
                    action=action,
                    horizon=horizon,
                    relates_to="; ".join(_source_name(pack, s, r) for s, r in sources),
                )
            )
    return out


def _from(item: Item, today: date) -> str:
    if item.applies_from is None:
        return ""
    when = i18n.date(item.applies_from)
    if item.applies_from > today:
        # translators: when an article or control becomes binding; {date} is in words
        return _("In force from {date}.").format(date=when)
    # translators: since when an article or control has been binding; {date} is in words
    return _("Applies since {date}.").format(date=when)


def _applies(pack: Pack, a: Assessment, scope: Scope) -> tuple[str, str]:
    if scope.always:
        return "yes", scope.rule
    if scope.voluntary:
        if a.compliance.applicable:
            # translators: {rule} is the sentence saying to whom the item applies
            return "voluntary", _("{rule} Your answers say compliance matters to you.").format(
                rule=scope.rule
            )
        return "voluntary", scope.rule
    if scope.question is None:
        # translators: {rule} is the sentence saying to whom the item applies
        return "check", _("{rule} Your answers do not say; check your own AI systems.").format(
            rule=scope.rule
        )
    q = pack.questions.get(scope.question)
    label = (q.label or q.text) if q else scope.question
    if scope.question not in a.answers or a.answers[scope.question] is None:
        # translators: {rule} is the sentence saying to whom the item applies; {question} the
        # question that would tell
        return "check", _("{rule} Not answered: {question}.").format(
            rule=scope.rule, question=label
        )
    given = a.answers[scope.question]
    if isinstance(given, list):  # a multi question: one of the scope's answers chosen
        holds = any(v in scope.answers for v in given)
        labels = {c.id: c.label for c in pack.choices(q)} if q else {}
        named = ", ".join(labels.get(str(v), str(v)) for v in scope.answers)
        if holds:
            # translators: {rule} is the sentence saying to whom the item applies; {answers}
            # the answers of {question} that make it apply, one of them chosen
            said = _("{rule} {question}: {answers} chosen.")
        else:
            # translators: {rule} is the sentence saying to whom the item applies; {answers}
            # the answers of {question} that would make it apply, none of them chosen
            said = _("{rule} {question}: {answers} not chosen.")
        return ("yes" if holds else "no"), said.format(
            rule=scope.rule, question=label, answers=named
        )
    holds = given in scope.answers
    return ("yes" if holds else "no"), f"{scope.rule} {label}: {_answer(pack, scope.question, a)}."


def _answer(pack: Pack, qid: str, a: Assessment) -> str:
    value = a.answers.get(qid)
    q = pack.questions[qid]
    if value is None:
        return _("not answered")
    if q.type == "yes_no":
        return _("yes") if value else _("no")
    if q.type in ("single", "multi"):
        labels = {c.id: c.label for c in pack.choices(q)}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v, str(v)) for v in values)
    return str(value)


_ORDER = ("gap", "partly in place", "not in place", "in place", "no gap found", "not judged")


def _status(pack: Pack, a: Assessment, sources: list[tuple[str, str]]) -> tuple[str, str]:
    """The least ready status among the item's sources, with what each source says."""
    gaps = {g.id: g for g in a.compliance.gaps}
    found: list[tuple[str, str]] = []
    for source, _relation in sources:
        kind, _sep, sid = source.partition(":")
        if kind == "gap":
            if sid in gaps:
                gap = gaps[sid]
                # translators: a compliance gap found and its severity (high, medium, low)
                said = _("Gap: {title} ({severity})")
                found.append(
                    ("gap", said.format(title=gap.title, severity=severity_word(gap.severity)))
                )
            elif a.compliance.applicable:
                title = next((g.title for g in pack.compliance.gaps if g.id == sid), sid)
                # translators: a compliance gap looked for and not found
                found.append(("no gap found", _("No gap: {title}").format(title=title)))
        elif kind == "question" and sid in pack.questions:
            q = pack.questions[sid]
            label = q.label or sid
            if a.answers.get(sid) is None:
                continue
            said = f"{label}: {_answer(pack, sid, a)}"
            if q.type in PRACTICE_TYPES and not _profile(pack, sid):
                top = top_answer(pack, sid)
                lowest = _lowest(pack, sid)
                value = a.answers[sid]
                word = (
                    "in place"
                    if value == top
                    else ("not in place" if value == lowest else "partly in place")
                )
                found.append((word, said))
        elif kind == "metric":
            recommended = {m.id: m for m in a.metrics.recommended}
            if sid in recommended:
                metric = _("Metric to adopt: {metric}").format(metric=recommended[sid].title)
                found.append(("partly in place", metric))
    if not found:
        return "not judged", ""
    worst = min(found, key=lambda f: _ORDER.index(f[0]))[0]
    return worst, "; ".join(text for _status_, text in found)


def _profile(pack: Pack, qid: str) -> bool:
    """A question of the profile (regulated, sector...) says what you are, not a practice."""
    return pack.section_of.get(qid) == pack.questionnaire.sections[0].id


def _lowest(pack: Pack, qid: str) -> Any:
    q = pack.questions[qid]
    if q.type == "yes_no":
        return False
    if q.type == "scale":
        return min(p.value for p in q.points or [])
    choices = [c for c in pack.choices(q) if not c.unknown]
    return choices[0].id if choices else None


def _action(a: Assessment, sources: list[tuple[str, str]]) -> tuple[str, str]:
    """The first step of the plan (by horizon) that addresses one of the item's sources: a
    finding it answers, or a question its evidence quotes (a practice the step puts in place)."""
    ids = {s.partition(":")[2] for s, _r in sources}
    asked = {s.partition(":")[2] for s, _r in sources if s.startswith("question:")}
    steps = [
        s
        for s in a.next_steps
        if ids & (set(s.addresses) | {s.rule}) or asked & {e.question for e in s.evidence}
    ]
    order = ("30d", "60d", "90d", "later")
    steps.sort(key=lambda s: order.index(s.horizon))
    if not steps:
        return "", ""
    return steps[0].title, steps[0].horizon


def _source_name(pack: Pack, source: str, relation: str) -> str:
    kind, _sep, sid = source.partition(":")
    name = sid
    if kind == "gap":
        name = next((g.title for g in pack.compliance.gaps if g.id == sid), sid)
    elif kind == "question" and sid in pack.questions:
        name = pack.questions[sid].label or sid
    elif kind == "metric":
        name = next((m.title for m in pack.metrics.metrics if m.id == sid), sid)
    # translators: a finding or practice and how it relates to the item ("equal", "subset"...)
    return _("{name} ({relation})").format(name=name, relation=_word(RELATION_WORDS, relation))


def to_csv(table: list[Row]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns())
    for row in table:
        writer.writerow([safe_cell(c) for c in row.cells()])
    return buf.getvalue()


def to_xlsx(table: list[Row], organisation: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    # translators: the applicability table's sheet name (at most 31 characters)
    ws.title = _("Applicability")[:31]
    title = (
        # translators: the applicability table's title, with the organisation's name
        _("Applicability: {organisation}").format(organisation=organisation)
        if organisation
        else _("Applicability")
    )
    ws.append([safe_cell(title)])
    ws.append([_(NOTE)])
    ws.append(columns())
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in table:
        ws.append([safe_cell(c) for c in row.cells()])
    widths = (14, 22, 30, 10, 50, 12, 16, 40, 30, 8, 40)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    for line in ws.iter_rows(min_row=4):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A4"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export(a: Assessment, pack: Pack, fmt: str, today: date | None = None) -> bytes:
    """The applicability table as `csv` or `xlsx` bytes."""
    table = rows(a, pack, today)
    if fmt == "xlsx":
        return to_xlsx(table, str(a.meta.get("organization") or ""))
    return to_csv(table).encode("utf-8")


def has_crosswalk(pack: Pack) -> bool:
    return isinstance(pack.crosswalk, Crosswalk)
