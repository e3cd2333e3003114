"""An assessment's action plan carried out of the tool, into a tracker, and its status back.

Four forms of `Assessment.next_steps`, one a function:

- `jira_csv`: for Jira's CSV importer. Sources: Atlassian, "Create issues using the CSV
  importer" (support.atlassian.com/jira-software-cloud/docs/create-issues-using-the-csv-importer/)
  and "Import data from a CSV file"
  (support.atlassian.com/jira-cloud-administration/docs/import-data-from-a-csv-file/): a header
  row with a Summary column; no comma left out for an empty cell; a cell holding commas or line
  breaks quoted; several values of a multi-value field such as Labels given as several columns of
  the same name; dates read in the format entered as "Date format" on the importer's settings
  page. The due dates here are `yyyy-MM-dd`, so that is the format to enter there.
- `azure_csv`: for Azure Boards' "Import work items" (Boards > Queries). Source: Microsoft Learn,
  "Import, update, and export bulk work items with CSV files"
  (learn.microsoft.com/azure/devops/boards/queries/import-work-items-from-csv): the file must
  hold the Work Item Type and Title fields, other columns are optional and named as the fields
  are; for new work items the ID field is left out (an ID column is what makes a row an update
  of an existing item) and so are Assigned To and State, since an imported item starts in its
  first state; at most 1,000 items an import. Tags are one cell, separated by semicolons;
  Priority is the 1 (highest) to 4 field Microsoft.VSTS.Common.Priority; Description is an HTML
  field, so the text is escaped and laid out as paragraphs. Due Date
  (Microsoft.VSTS.Scheduling.DueDate) is written as an ISO date (yyyy-MM-dd); a process whose
  Task has no Due Date needs that column removed before the import.
- `markdown`: checklists grouped by horizon, readable on their own.
- `json_text`: the steps as plain data, with their due dates.

The texts are in the current language (`assessment.i18n`): the Markdown checklist's headings and
labels, and the descriptions inside the CSV cells. What a tracker's importer reads stays English
whatever the language: the CSV column headers (the importers map columns by field name), the
issue type, Jira's priority names and the labels.

Every CSV cell goes through `batch.safe_cell`, so that no text of a step runs as a spreadsheet
formula. Each row carries the step's rule id as the label (Jira) or tag (Azure DevOps)
`pivotpoint-step:<rule>`, which a tracker keeps and exports again: `read_plan_status` reads a
tracker's export (Jira's Status column or Azure DevOps' State column), or a plain `rule,done`
file, into done or not done per step, for `history.compare`.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from assessment import i18n
from assessment.content.model import Pack
from assessment.content.yaml_io import YamlLoadError, read_bytes
from assessment.engine.result import Assessment, NextStep
from assessment.errors import PivotpointError, Problem, escape, excerpt
from assessment.i18n import N_, _
from assessment.kinds.next_steps import effort_label
from assessment.report.names import finding_names
from assessment.services.batch import safe_cell

DAYS = {"30d": 30, "60d": 60, "90d": 90}  # `later` has no due date
# the checklist's headings, one a horizon (English, marked: translated where written)
HORIZON_TITLES = {
    "30d": N_("First 30 days"),
    "60d": N_("Days 31 to 60"),
    "90d": N_("Days 61 to 90"),
    "later": N_("Later"),
}
# the headings of a step's description in a tracker (English, marked: translated where written)
ACTION = N_("Action")
WHY = N_("Why")
# translators: the heading of what shows a step worked, in a tracker's description
SUCCESS = N_("Success")
OWNER = N_("Owner")
# translators: the heading of the findings a step addresses
ADDRESSES = N_("Addresses")
AFTER = N_("After")
# translators: the heading of the step's rule id, in a tracker's description
STEP = N_("Pivotpoint step")
LABEL = "pivotpoint"
STEP_LABEL = "pivotpoint-step:"  # + the step's rule id: how a re-import finds the step
# a tracker's statuses that mean the work is finished (Jira: Done, Closed, Resolved; Azure
# DevOps: Done, Closed, Resolved, Completed)
DONE_STATUSES = frozenset({"done", "closed", "resolved", "completed", "complete", "fixed"})
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "done", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "open", "not done"})
# a tracker's statuses that say plainly the work is not done; any other status (a team's own,
# or one in another language) is not read either way, and the findings decide
OPEN_STATUSES = frozenset(
    {
        "to do",
        "todo",
        "open",
        "new",
        "active",
        "in progress",
        "backlog",
        "selected for development",
        "in review",
        "reopened",
        "proposed",
        "committed",
    }
)
MAX_STATUS_BYTES = 5_000_000


def priority_rank(priority: int) -> int:
    """A step's priority (0 to 100) as a tracker's 1 (highest) to 4."""
    if priority >= 80:
        return 1
    if priority >= 65:
        return 2
    if priority >= 50:
        return 3
    return 4


JIRA_PRIORITIES = {1: "Highest", 2: "High", 3: "Medium", 4: "Low"}


@dataclass(frozen=True)
class PlanItem:
    """A step as the exports need it: its due date and the names of what it addresses."""

    step: NextStep
    due: date | None
    addresses: tuple[str, ...]
    depends_on: tuple[str, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return (LABEL, STEP_LABEL + self.step.rule, f"{LABEL}-{self.step.horizon}")


def plan_items(a: Assessment, pack: Pack, start: date | None = None) -> list[PlanItem]:
    """The plan's steps in its order, each due `30d`, `60d` or `90d` after `start` (default
    today), a `later` step without a due date."""
    start = start or date.today()
    names = finding_names(pack)
    titles = {s.rule: s.title for s in a.next_steps}
    return [
        PlanItem(
            step=s,
            due=start + timedelta(days=DAYS[s.horizon]) if s.horizon in DAYS else None,
            addresses=tuple(names.get(i, i) for i in s.addresses),
            depends_on=tuple(titles.get(r, r) for r in s.depends_on),
        )
        for s in a.next_steps
    ]


def _effort(step: NextStep) -> str:
    # translators: a step's effort: {size} is S, M or L, {words} that size in a word ("small")
    return _("effort {size} ({words})").format(size=step.effort, words=effort_label(step.effort))


def _day(day: date) -> str:
    """A due or start date: ISO in English, as trackers and scripts have read it; in words in
    another language ("3. Februar 2027")."""
    return day.isoformat() if i18n.language() == i18n.SOURCE else i18n.date(day)


def _description(item: PlanItem) -> list[tuple[str, str]]:
    """The parts of a step's description, each a heading and its text."""
    s = item.step
    parts = [
        (_(ACTION), s.action),
        (_(WHY), s.why),
        (_(SUCCESS), s.success),
        (_(OWNER), f"{s.owner}, {_effort(s)}"),
    ]
    if item.addresses:
        parts.append((_(ADDRESSES), "; ".join(item.addresses)))
    if item.depends_on:
        parts.append((_(AFTER), "; ".join(item.depends_on)))
    parts.append((_(STEP), s.rule))
    return parts


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def jira_csv(a: Assessment, pack: Pack, start: date | None = None) -> str:
    """The plan as a CSV Jira's importer takes: one Task a step."""
    items = plan_items(a, pack, start)
    labels = max((len(i.labels) for i in items), default=3)
    header = ["Summary", "Issue Type", "Priority", "Due Date", "Description"]
    header += ["Labels"] * labels
    rows = [
        [
            i.step.title,
            "Task",
            JIRA_PRIORITIES[priority_rank(i.step.priority)],
            i.due.isoformat() if i.due else "",
            "\n\n".join(f"{head}: {text}" for head, text in _description(i)),
            *i.labels,
            *[""] * (labels - len(i.labels)),
        ]
        for i in items
    ]
    return _csv(header, rows)


def azure_csv(a: Assessment, pack: Pack, start: date | None = None) -> str:
    """The plan as a CSV Azure Boards' work item import takes: one new Task a step."""
    header = ["Work Item Type", "Title", "Description", "Priority", "Due Date", "Tags"]
    rows = [
        [
            "Task",
            i.step.title,
            "".join(
                f"<p><b>{html.escape(head)}:</b> {html.escape(text)}</p>"
                for head, text in _description(i)
            ),
            priority_rank(i.step.priority),
            i.due.isoformat() if i.due else "",
            "; ".join(i.labels),
        ]
        for i in plan_items(a, pack, start)
    ]
    return _csv(header, rows)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def markdown(a: Assessment, pack: Pack, start: date | None = None) -> str:
    """The plan as Markdown checklists, one a horizon, each step with its owner, effort and
    how to tell it worked."""
    items = plan_items(a, pack, start)
    org = _one_line(str(a.meta.get("organization") or ""))
    # translators: the Markdown checklist's title, with the organisation's name
    title = _("Action plan: {organisation}").format(organisation=org) if org else _("Action plan")
    started = _day(start or date.today())
    # translators: the line under the Markdown checklist's title; {date} is the plan's first day
    out = [f"# {title}", "", _("From the Pivotpoint assessment; the plan starts on {date}.")]
    out[-1] = out[-1].format(date=started)
    for horizon, heading in HORIZON_TITLES.items():
        group = [i for i in items if i.step.horizon == horizon]
        if not group:
            continue
        due = group[0].due
        # translators: a horizon's heading in the Markdown checklist, and the day its steps are due
        by = _("{horizon} (by {date})")
        shown = by.format(horizon=_(heading), date=_day(due)) if due else _(heading)
        out += ["", f"## {shown}", ""]
        for i in group:
            s = i.step
            # translators: a step of the Markdown checklist: its title, owner, effort and how to
            # tell it worked
            line = _("{title} — {owner}, {effort}; success: {success}").format(
                title=_one_line(s.title),
                owner=_one_line(s.owner),
                effort=_effort(s),
                success=_one_line(s.success),
            )
            out.append(f"- [ ] {line}")
            out.append(f"  - {_one_line(s.action)}")
            if i.addresses:
                out.append(f"  - {_(ADDRESSES)}: {_one_line('; '.join(i.addresses))}")
            if i.depends_on:
                out.append(f"  - {_(AFTER)}: {_one_line('; '.join(i.depends_on))}")
    if not items:
        out += ["", _("The assessment advises no step.")]
    return "\n".join(out) + "\n"


def json_text(a: Assessment, pack: Pack, start: date | None = None) -> str:
    """The plan as JSON: the steps as plain data, with their due dates."""
    items = plan_items(a, pack, start)
    data = {
        "organization": a.meta.get("organization"),
        "assessed": a.meta.get("date"),
        "pack": {"id": a.pack.id, "version": a.pack.version},
        "start": (start or date.today()).isoformat(),
        "steps": [
            {
                "rule": i.step.rule,
                "horizon": i.step.horizon,
                "due": i.due.isoformat() if i.due else None,
                "priority": i.step.priority,
                "title": i.step.title,
                "action": i.step.action,
                "why": i.step.why,
                "owner": i.step.owner,
                "effort": i.step.effort,
                "depends_on": list(i.step.depends_on),
                "success": i.step.success,
                "addresses": [
                    {"id": fid, "name": name}
                    for fid, name in zip(i.step.addresses, i.addresses, strict=True)
                ],
            }
            for i in items
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


EXPORTS = {"jira": jira_csv, "azure": azure_csv, "markdown": markdown, "json": json_text}
FORMATS = tuple(EXPORTS)


def export(a: Assessment, pack: Pack, format: str, start: date | None = None) -> str:
    """The plan in one of `FORMATS`."""
    return EXPORTS[format](a, pack, start)


# -- reading the status back ---------------------------------------------------------------------


class PlanStatusError(PivotpointError):
    """A tracker's export (or a `rule,done` file) that cannot be read as the plan's status."""

    kind = "plan-status"


def read_plan_status(path: Path | str, steps: Iterable[str]) -> dict[str, bool]:
    """Whether each step a file names is done, by rule id; `steps` are the rule ids of the plan
    the file should be about. The file is a Jira export (a Status column and the labels the
    export wrote), an Azure DevOps export (State and Tags) or a plain `rule,done` file."""
    name = str(path)
    try:
        data = read_bytes(path, name, MAX_STATUS_BYTES)
    except YamlLoadError as exc:
        raise PlanStatusError([exc.problem]) from None
    if len(data) > MAX_STATUS_BYTES:
        raise PlanStatusError(
            [Problem(name, None, "", f"file is larger than {MAX_STATUS_BYTES // 1_000_000} MB")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanStatusError([Problem(name, None, "", "not UTF-8 text")]) from None
    return parse_plan_status(text, name, steps)


def _find(header: list[str], *names: str) -> list[int]:
    wanted = {n.lower() for n in names}
    return [i for i, h in enumerate(header) if h.strip().lower() in wanted]


def parse_plan_status(text: str, name: str, steps: Iterable[str]) -> dict[str, bool]:
    """`read_plan_status` of text already read; `PlanStatusError` with the file and line of
    every problem: a column missing, a step the plan does not have, a step given twice, a done
    cell that is neither yes nor no, or no step found at all."""
    known = set(steps)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []  # each row with the line it starts on
    try:
        start = 1
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise PlanStatusError([Problem(name, start, "", f"not a CSV file: {exc}")]) from None
    if not rows or not any(cell.strip() for cell in rows[0][1]):
        raise PlanStatusError([Problem(name, 1, "header", "no header row")])
    header = rows[0][1]
    rule_col, done_col = _find(header, "rule"), _find(header, "done")
    # Jira's export has a Status Category (To Do, In Progress, Done) beside its Status, which
    # a team may have renamed or translated: the category is read first
    status_col = _find(header, "status category") or _find(header, "status", "state")
    tag_cols = _find(header, "labels", "tags")
    if rule_col and done_col:
        read = _plain_row(rule_col[0], done_col[0])
    elif status_col and tag_cols:
        read = _tracker_row(status_col[0], tag_cols)
    else:
        raise PlanStatusError(
            [
                Problem(
                    name,
                    1,
                    "header",
                    "needs the columns rule and done, or a Status (Jira) or State (Azure "
                    "DevOps) column with the Labels or Tags the export carries; found: "
                    + escape(", ".join(h.strip() for h in header if h.strip()), 120),
                )
            ]
        )
    status: dict[str, bool] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        try:
            found = read(row)
        except ValueError as exc:
            problems.append(Problem(name, line, "", str(exc)))
            continue
        if found is None:  # a tracker's item that is no step of the plan
            continue
        rule, done = found  # done None: the row does not say, and the findings decide
        if rule not in known:
            problems.append(
                Problem(
                    name,
                    line,
                    _where(rule),
                    f"the plan has no step '{escape(rule)}' (is this the export of the earlier "
                    "assessment's plan?)",
                )
            )
        elif rule in lines:
            problems.append(
                Problem(
                    name,
                    line,
                    _where(rule),
                    f"step given twice (first on line {lines[rule]})",
                )
            )
        else:
            lines[rule] = line
            if done is not None:
                status[rule] = done
    if problems:
        raise PlanStatusError(problems)
    if not lines:
        raise PlanStatusError(
            [
                Problem(
                    name,
                    None,
                    "",
                    f"no row names a step of the plan (a label or tag '{STEP_LABEL}<rule>', or "
                    "a rule column)",
                )
            ]
        )
    return status


def _where(rule: str) -> str:
    return escape(rule, 80)


def _cell(row: list[str], i: int) -> str:
    return row[i].strip() if i < len(row) else ""


def _plain_row(
    rule_col: int, done_col: int
) -> Callable[[list[str]], tuple[str, bool | None] | None]:
    def read(row: list[str]) -> tuple[str, bool | None] | None:
        rule = _cell(row, rule_col)
        if rule.startswith(STEP_LABEL):
            rule = rule[len(STEP_LABEL) :]
        if not rule:
            raise ValueError("rule: empty")
        said = _cell(row, done_col).lower()
        if not said:
            return rule, None  # left blank: not stated
        if said in TRUE_WORDS:
            return rule, True
        if said in FALSE_WORDS:
            return rule, False
        raise ValueError(
            f"done: {excerpt(said)} is neither yes nor no (true/false, yes/no, 1/0, done/open)"
        )

    return read


def _tracker_row(
    status_col: int, tag_cols: list[int]
) -> Callable[[list[str]], tuple[str, bool | None] | None]:
    def read(row: list[str]) -> tuple[str, bool | None] | None:
        # Jira writes a label a column, or several in one cell apart by spaces; Azure DevOps
        # writes its tags in one cell, apart by semicolons
        tags = [t for i in tag_cols for t in re.split(r"[;,\s]+", _cell(row, i))]
        rules = {t[len(STEP_LABEL) :] for t in tags if t.startswith(STEP_LABEL)}
        if not rules:
            return None
        if len(rules) > 1:
            raise ValueError(f"names {len(rules)} steps; a row is one step")
        said = _cell(row, status_col).lower()
        if said in DONE_STATUSES:
            return rules.pop(), True
        return rules.pop(), False if said in OPEN_STATUSES else None

    return read
