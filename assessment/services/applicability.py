"""The applicability table: every item of the pack's crosswalk catalogue, whether it applies to
this organisation and why, its status from the answers, and the planned action that addresses
it. The shape of a Statement of Applicability, as CSV or XLSX; every cell goes through
`batch.safe_cell`, so that no text runs as a spreadsheet formula. Not legal advice.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from assessment.content.model import Crosswalk, Pack
from assessment.content.schema.crosswalk import Item, Scope
from assessment.engine.result import Assessment
from assessment.errors import PivotpointError, Problem
from assessment.kinds.practices import PRACTICE_TYPES, top_answer
from assessment.services.batch import safe_cell

COLUMNS = (
    "Framework",
    "Item",
    "Title",
    "Applies",
    "Why",
    "Applies from",
    "Status",
    "Evidence",
    "Planned action",
    "Horizon",
    "Relates to",
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTE = "Not legal advice: a starting point for your own Statement of Applicability."


@dataclass(frozen=True)
class Row:
    framework: str
    item: str
    title: str
    applies: str  # yes, no, voluntary or check
    why: str
    applies_from: str
    status: str
    evidence: str
    action: str
    horizon: str
    relates_to: str

    def cells(self) -> list[str]:
        return [
            self.framework,
            self.item,
            self.title,
            self.applies,
            self.why,
            self.applies_from,
            self.status,
            self.evidence,
            self.action,
            self.horizon,
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
                    why=why + _from(item, today),
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
    when = f"{item.applies_from.day} {item.applies_from:%B %Y}"
    return f" In force from {when}." if item.applies_from > today else f" Applies since {when}."


def _applies(pack: Pack, a: Assessment, scope: Scope) -> tuple[str, str]:
    if scope.always:
        return "yes", scope.rule
    if scope.voluntary:
        if a.compliance.applicable:
            return "voluntary", f"{scope.rule} Your answers say compliance matters to you."
        return "voluntary", scope.rule
    if scope.question is None:
        return "check", f"{scope.rule} Your answers do not say; check your own AI systems."
    q = pack.questions.get(scope.question)
    label = (q.label or q.text) if q else scope.question
    if scope.question not in a.answers or a.answers[scope.question] is None:
        return "check", f"{scope.rule} Not answered: {label}."
    given = a.answers[scope.question]
    if isinstance(given, list):  # a multi question: one of the scope's answers chosen
        holds = any(v in scope.answers for v in given)
        said = "chosen" if holds else "not chosen"
        labels = {c.id: c.label for c in pack.choices(q)} if q else {}
        named = ", ".join(labels.get(str(v), str(v)) for v in scope.answers)
        return ("yes" if holds else "no"), f"{scope.rule} {label}: {named} {said}."
    holds = given in scope.answers
    return ("yes" if holds else "no"), f"{scope.rule} {label}: {_answer(pack, scope.question, a)}."


def _answer(pack: Pack, qid: str, a: Assessment) -> str:
    value = a.answers.get(qid)
    q = pack.questions[qid]
    if value is None:
        return "not answered"
    if q.type == "yes_no":
        return "yes" if value else "no"
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
    for source, _ in sources:
        kind, _, sid = source.partition(":")
        if kind == "gap":
            if sid in gaps:
                found.append(("gap", f"Gap: {gaps[sid].title} ({gaps[sid].severity})"))
            elif a.compliance.applicable:
                title = next((g.title for g in pack.compliance.gaps if g.id == sid), sid)
                found.append(("no gap found", f"No gap: {title}"))
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
                found.append(("partly in place", f"Metric to adopt: {recommended[sid].title}"))
    if not found:
        return "not judged", ""
    worst = min(found, key=lambda f: _ORDER.index(f[0]))[0]
    return worst, "; ".join(text for _, text in found)


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
    ids = {s.partition(":")[2] for s, _ in sources}
    asked = {s.partition(":")[2] for s, _ in sources if s.startswith("question:")}
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
    kind, _, sid = source.partition(":")
    name = sid
    if kind == "gap":
        name = next((g.title for g in pack.compliance.gaps if g.id == sid), sid)
    elif kind == "question" and sid in pack.questions:
        name = pack.questions[sid].label or sid
    elif kind == "metric":
        name = next((m.title for m in pack.metrics.metrics if m.id == sid), sid)
    return f"{name} ({relation})"


def to_csv(table: list[Row]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in table:
        writer.writerow([safe_cell(c) for c in row.cells()])
    return buf.getvalue()


def to_xlsx(table: list[Row], organisation: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Applicability"
    ws.append([safe_cell(f"Applicability: {organisation}".rstrip(": "))])
    ws.append([NOTE])
    ws.append(list(COLUMNS))
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
