"""Which teams are where: a portfolio of teams for a platform team that looks after many.

Teams come from a responses CSV with a `team` column (one row a respondent; each team is
aggregated on its own and held to the anonymity threshold `k`), from answers files (one team's
own answer set each) or from assessment JSON files (`score -f json`, scored again under the
rules in use, so every team is judged alike). A team with fewer than `k` respondents shows as
"fewer than k" everywhere: no stage, no score, nothing derived from its answers, and not its
exact headcount either.

For every team shown: its stage, each pivot point's status and readiness, the overall
readiness, each pivot point's practices as the team answers them (fully, partly, not) and the
findings its answers make. Across the teams: a heatmap of teams against pivot points and
practices, and where the teams disagree most.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from markupsafe import Markup

from assessment import i18n
from assessment.content.model import choice_value
from assessment.engine.result import Assessment
from assessment.errors import AnswerError, Problem
from assessment.i18n import N_, _, ngettext
from assessment.kinds.pivot_points import STATUS_LABELS, status_labels
from assessment.kinds.stage import stage_label
from assessment.report.charts import heatmap_chart, to_svg
from assessment.report.colours import status_colours
from assessment.report.render import PAPERS, Rendered, Renderer
from assessment.services.aggregate import MIN_K, aggregate_many
from assessment.services.batch import read_responses, safe_cell
from assessment.services.history import load_side, problems
from assessment.services.scoring import Scorer

DEFAULT_K = 5
STATUSES = ("ahead", "approaching", "crossed-ready", "crossed-unprepared")
# the status as a heatmap cell says it: one word, so the cell stays narrow
# (English, marked for the catalogue: the cells are written in the reader's language)
STATUS_CELL = {
    "ahead": N_("ahead"),
    "approaching": N_("approaching"),
    "crossed-ready": N_("ready"),
    "crossed-unprepared": N_("unprepared"),
    None: N_("not judged"),
}
LEVELS = ("fully", "partly", "not")
# a practice as a heatmap cell says it
LEVEL_CELL = {"fully": N_("fully"), "partly": N_("partly"), "not": N_("not")}
NO_ANSWER = N_("no answer")
NOT_ASKED = N_("not asked")
# the colour a cell takes (`assessment.report.charts.heatmap_chart`); its text says the same
TONES = {
    "ahead": "ahead",
    "approaching": "approaching",
    "crossed-ready": "ready",
    "crossed-unprepared": "unprepared",
    "fully": "ready",
    "partly": "approaching",
    "not": "unprepared",
}


def fewer_than(k: int) -> str:
    return _("fewer than {k}").format(k=k)


@dataclass(frozen=True)
class Column:
    """A heatmap column: a pivot point (its status) or one of its practices."""

    id: str  # the pivot point's id, or the practice's question id
    label: str
    kind: Literal["pivot point", "practice"]
    pivot_point: str


@dataclass
class Team:
    name: str
    source: str  # the file the team came from
    # its respondents; for an answers file or an assessment JSON, what the file says (1 for
    # one person's answers); None when the team is below the threshold (the count is withheld)
    respondents: int | None
    shown: bool
    stage: str | None = None
    statuses: dict[str, str | None] = field(default_factory=dict)
    readiness: dict[str, int | None] = field(default_factory=dict)
    overall: int | None = None
    # practice question id -> "fully", "partly", "not", or None when the team left it open
    practices: dict[str, str | None] = field(default_factory=dict)
    findings: list[str] = field(default_factory=list)
    # practices the team's answers never asked (an earlier answer hid them)
    not_asked: set[str] = field(default_factory=set)
    assessment: Assessment | None = None


@dataclass(frozen=True)
class Cell:
    team: str
    column: str
    label: str
    kind: str
    text: str  # the cell in words: it reads without colour
    tone: str  # ready, approaching, unprepared, ahead, open, hidden
    # the pivot point's readiness (0-100) or the practice's level (100 fully, 50 partly, 0
    # not); None when not judged, not answered or hidden
    value: int | None


@dataclass(frozen=True)
class Disagreement:
    column: Column
    # the share of the teams judged whose answer is not the most common one (see `disagreements`)
    spread: float
    judged: int
    # each answer given, on the question's own order, with the teams that gave it; the first
    # and the last are the two ends
    groups: list[tuple[str, list[str]]]


@dataclass
class Portfolio:
    k: int
    columns: list[Column]
    teams: list[Team]
    pivot_points: dict[str, str]  # id -> title
    # what reading the inputs noticed that does not stop it (an unknown CSV column ...)
    warnings: list[str] = field(default_factory=list)

    @property
    def shown(self) -> list[Team]:
        return [t for t in self.teams if t.shown]

    @property
    def hidden(self) -> list[Team]:
        return [t for t in self.teams if not t.shown]

    def heatmap(self) -> list[Cell]:
        """One cell a team and column, teams in order, columns in the pack's order."""
        cells = []
        for team in self.teams:
            for column in self.columns:
                cells.append(_cell(self.k, team, column))
        return cells

    def disagreements(self, limit: int | None = None) -> list[Disagreement]:
        """Where the teams disagree, most first.

        The measure is the share of the teams judged that are off the most common answer: for a
        pivot point, its status; for a practice, the team's answer (fully, partly, not). 0 when
        all agree; 0.5 when half of them differ from the rest; it nears 1 when every team gives
        its own answer. Teams below the threshold and teams whose answers leave the column open
        are not counted; a column fewer than two teams were judged on is left out. Among equal
        shares, the column with more different answers comes first, then a pivot point's status
        before any practice, then a practice whose ends lie further apart (fully against not
        before fully against partly), then the pack's order.
        """
        found = []
        for place, column in enumerate(self.columns):
            answers = {t.name: _answer(t, column) for t in self.shown}
            given = {name: a for name, a in answers.items() if a is not None}
            if len(given) < 2:
                continue
            counts = Counter(given.values())
            if len(counts) < 2:
                continue
            order = STATUSES if column.kind == "pivot point" else LEVELS
            spread = 1 - max(counts.values()) / len(given)
            groups = [(a, [n for n, g in given.items() if g == a]) for a in order if a in counts]
            ends = 0
            if column.kind == "practice":
                ends = LEVELS.index(groups[-1][0]) - LEVELS.index(groups[0][0])
            found.append(
                (
                    (-round(spread, 6), -len(counts), column.kind != "pivot point", -ends, place),
                    Disagreement(column, round(spread, 3), len(given), groups),
                )
            )
        found.sort(key=lambda f: f[0])
        return [d for _, d in found][:limit]

    # -- what the text, JSON and CSV say -------------------------------------------------------
    def conclusion(self) -> str:
        """The portfolio in one sentence, the teams that most need a word first."""
        n = len(self.teams)
        parts = []
        for pp, title in self.pivot_points.items():
            crossed = sum(1 for t in self.shown if t.statuses.get(pp) == "crossed-unprepared")
            if crossed:
                parts.append(
                    ngettext(
                        "{n} crossed {pivot_point} without its practices",
                        "{n} crossed {pivot_point} without its practices",
                        crossed,
                    ).format(n=crossed, pivot_point=_short(title))
                )
        if self.shown and not parts:
            parts.append(_("none crossed a pivot point without its practices"))
        for pp, title in self.pivot_points.items():
            coming = sum(1 for t in self.shown if t.statuses.get(pp) == "approaching")
            if coming:
                parts.append(
                    _("{n} approaching {pivot_point}").format(n=coming, pivot_point=_short(title))
                )
        hidden = len(self.hidden)
        if hidden:
            parts.append(
                ngettext(
                    "{n} team below the threshold ({fewer} respondents) is not shown",
                    "{n} teams below the threshold ({fewer} respondents) are not shown",
                    hidden,
                ).format(n=hidden, fewer=fewer_than(self.k))
            )
        # translators: "4 teams: 2 crossed pivot point 2 without its practices; ..."
        return ngettext("{n} team: {parts}", "{n} teams: {parts}", n).format(
            n=n, parts="; ".join(parts)
        )

    def to_json(self) -> dict[str, Any]:
        hidden = fewer_than(self.k)
        return {
            "k": self.k,
            "conclusion": self.conclusion(),
            "columns": [
                {"id": c.id, "label": c.label, "kind": c.kind, "pivot_point": c.pivot_point}
                for c in self.columns
            ],
            "teams": [
                {
                    "name": t.name,
                    "source": t.source,
                    "shown": True,
                    "respondents": t.respondents,
                    "stage": t.stage,
                    "readiness": t.overall,
                    "pivot_points": {
                        pp: {"status": t.statuses.get(pp), "readiness": t.readiness.get(pp)}
                        for pp in self.pivot_points
                    },
                    "practices": dict(t.practices),
                    "findings": list(t.findings),
                }
                if t.shown
                else {
                    "name": t.name,
                    "source": t.source,
                    "shown": False,
                    "respondents": hidden,
                }
                for t in self.teams
            ],
            "heatmap": [
                {
                    "team": c.team,
                    "column": c.column,
                    "text": c.text,
                    "tone": c.tone,
                    "value": c.value,
                }
                for c in self.heatmap()
            ],
            "disagreements": [
                {
                    "column": d.column.id,
                    "label": d.column.label,
                    "kind": d.column.kind,
                    "spread": d.spread,
                    "judged": d.judged,
                    "groups": [{"answer": a, "teams": teams} for a, teams in d.groups],
                }
                for d in self.disagreements()
            ],
        }

    def to_csv(self) -> str:
        """One row a team, formulas neutralised; a team below the threshold has its name and
        "fewer than k" in every other cell."""
        columns = ["team", "source", "respondents", "stage", "readiness"]
        columns += [f"{pp}_{part}" for pp in self.pivot_points for part in ("status", "readiness")]
        columns += [c.id for c in self.columns if c.kind == "practice"]
        columns.append("findings")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for t in self.teams:
            if not t.shown:
                row: list[Any] = [t.name, t.source] + [fewer_than(self.k)] * (len(columns) - 2)
            else:
                row = [t.name, t.source, t.respondents, t.stage or "", _blank(t.overall)]
                for pp in self.pivot_points:
                    row += [t.statuses.get(pp) or "", _blank(t.readiness.get(pp))]
                row += [_cell(self.k, t, c).text for c in self.columns if c.kind == "practice"]
                row.append(" ".join(t.findings))
            writer.writerow([safe_cell(v) for v in row])
        return out.getvalue()

    def text(self) -> str:
        lines = [self.conclusion(), ""]
        name_width = min(max((len(t.name) for t in self.teams), default=4), 30)
        pps = list(self.pivot_points)
        lines.append(
            f"{'team':<{name_width}}  {'stage':<13} {'overall':>7}  "
            + "  ".join(f"{pp:<19}" for pp in pps)
        )
        for t in self.teams:
            name = t.name if len(t.name) <= name_width else t.name[: name_width - 1] + "…"
            if not t.shown:
                lines.append(f"{name:<{name_width}}  {fewer_than(self.k)} respondents: not shown")
                continue
            statuses = "  ".join(
                f"{_status_text(t.statuses.get(pp), t.readiness.get(pp)):<19}" for pp in pps
            )
            overall = "-" if t.overall is None else str(t.overall)
            lines.append(f"{name:<{name_width}}  {t.stage or '-':<13} {overall:>7}  {statuses}")
        split = self.disagreements(limit=10)
        if split:
            lines += ["", "Where teams disagree (share of teams off the most common answer)"]
            for d in split:
                what = (
                    d.column.label
                    if d.column.kind == "pivot point"
                    else (f"{d.column.pivot_point} practice: {d.column.label}")
                )
                lines.append(f"  {what}: {round(d.spread * 100)}% of {d.judged} teams")
                for answer, teams in d.groups:
                    lines.append(f"    {_answer_words(answer)}: {_names(teams)}")
        return "\n".join(lines).rstrip() + "\n"


NAMES_SHOWN = 12


def _names(teams: list[str]) -> str:
    """The teams at one answer; a long list ends with how many more (the JSON lists all)."""
    if len(teams) <= NAMES_SHOWN:
        return ", ".join(teams)
    return ", ".join(teams[:NAMES_SHOWN]) + f" and {len(teams) - NAMES_SHOWN} more"


def _short(title: str) -> str:
    """'Pivot point 2: from one team to several' -> 'pivot point 2'."""
    return i18n.lower_first(title.split(":", 1)[0])


def _blank(value: int | None) -> Any:
    return "" if value is None else value


def _status_text(status: str | None, readiness: int | None) -> str:
    ready = "" if readiness is None else f" {readiness}"
    return f"{_(STATUS_CELL[status])}{ready}"


def _answer_words(answer: str) -> str:
    return STATUS_LABELS.get(answer, answer) if answer in STATUSES else answer


def _answer(team: Team, column: Column) -> str | None:
    if column.kind == "pivot point":
        return team.statuses.get(column.id)
    return team.practices.get(column.id)


def _cell(k: int, team: Team, column: Column) -> Cell:
    if not team.shown:
        return Cell(team.name, column.id, column.label, column.kind, fewer_than(k), "hidden", None)
    answer = _answer(team, column)
    if column.kind == "pivot point":
        text = _(STATUS_CELL[answer])
        value = team.readiness.get(column.id)
    else:
        text = (
            _(LEVEL_CELL.get(answer, answer))
            if answer
            else _(NOT_ASKED if column.id in team.not_asked else NO_ANSWER)
        )
        value = None if answer is None else {"fully": 100, "partly": 50, "not": 0}[answer]
    tone = TONES.get(answer or "", "open")
    return Cell(team.name, column.id, column.label, column.kind, text, tone, value)


# -- building a portfolio ----------------------------------------------------------------------
@dataclass
class TeamInput:
    """One team as read: its respondents' checked answers (from a CSV), or the assessment of
    its own answer set (an answers file or an assessment JSON)."""

    name: str
    file: str
    line: int | None = None  # where the team first appears
    answers: list[dict[str, Any]] = field(default_factory=list)
    assessment: Assessment | None = None


def build_portfolio(scorer: Scorer, inputs: Sequence[Path], *, k: int = DEFAULT_K) -> Portfolio:
    """A portfolio from responses CSVs (`.csv`), answers files and assessment JSON files.

    Every problem is raised at once as `AnswerError`, with its file and line: a row that does
    not fit the questionnaire or names no team, an unreadable file, a team given twice."""
    if k < MIN_K:
        raise AnswerError(
            [Problem("--k", None, "", f"the threshold must be at least {MIN_K}, not {k}")]
        )
    found: list[Problem] = []
    warnings: list[str] = []
    sources: dict[str, TeamInput] = {}

    def add(source: TeamInput) -> None:
        key = source.name.casefold()
        if key in sources:
            first = sources[key]
            found.append(
                Problem(
                    source.file,
                    source.line,
                    "team",
                    f"the team '{source.name}' is also given in {first.file}; give each team "
                    "in one file",
                )
            )
            return
        sources[key] = source

    for path in inputs:
        try:
            if path.suffix.lower() == ".csv":
                warnings += _read_csv(scorer, path, add, found)
            else:
                side = load_side(scorer, path)
                warnings += [f"{path}: {w}" for w in side.warnings]
                a = side.rescored
                name = str(a.meta.get("team") or a.meta.get("organization") or "").strip()
                add(TeamInput(name or path.stem, str(path), None, assessment=a))
        except AnswerError as exc:
            found += exc.problems
    if found:
        raise AnswerError(found)
    result = portfolio_of(scorer, list(sources.values()), k=k)
    result.warnings = warnings
    return result


def portfolio_of(scorer: Scorer, inputs: Sequence[TeamInput], *, k: int = DEFAULT_K) -> Portfolio:
    """The portfolio of teams already read, in the order of their names: the teams from a CSV
    aggregated together (`aggregate_many`), each held to `k` on its own. Names are unique."""
    names = Counter(s.name for s in inputs)
    if any(n > 1 for n in names.values()):
        raise ValueError(f"teams named twice: {sorted(n for n, c in names.items() if c > 1)}")
    ordered = sorted(inputs, key=lambda s: (s.name.casefold(), s.name))
    grouped = [s for s in ordered if s.assessment is None]
    aggregates = aggregate_many(
        scorer,
        [s.answers for s in grouped],
        k=k,
        metas=[{"team": s.name} for s in grouped],
        trace=False,  # a portfolio shows no rule trace
    )
    by_name = dict(zip((s.name for s in grouped), aggregates, strict=True))
    pack = scorer.pack
    columns: list[Column] = []
    for table in pack.pivot_points.pivot_points:
        columns.append(Column(table.id, table.id, "pivot point", table.id))
        for qid in table.practices:
            if qid in pack.questions:
                columns.append(Column(qid, pack.questions[qid].short, "practice", table.id))
    assessed: dict[str, Assessment] = {}
    for source in ordered:
        team = source.assessment or by_name[source.name].team
        if team is not None:  # None: a team below the threshold
            assessed[source.name] = team
    # which practices each team's own answers asked, for all teams in one pass
    asked = scorer.shown_rows([a.answers for a in assessed.values()])
    practices = [c.id for c in columns if c.kind == "practice"]
    position = {name: i for i, name in enumerate(assessed)}
    teams = []
    for source in ordered:
        if source.name not in assessed:
            teams.append(Team(source.name, source.file, None, False))
            continue
        i = position[source.name]
        not_asked = {q for q in practices if q in asked and not asked[q][i]}
        teams.append(
            _team(scorer, source.name, source.file, assessed[source.name], practices, not_asked)
        )
    titles = {t.id: t.title for t in pack.pivot_points.pivot_points}
    return Portfolio(k=max(k, MIN_K), columns=columns, teams=teams, pivot_points=titles)


def _read_csv(scorer: Scorer, path: Path, add: Any, found: list[Problem]) -> list[str]:
    # a skipped row would change its team's answers unseen: every row must fit, so its
    # problems are read without the note that the row was skipped
    read = read_responses(scorer, path, skipped_note=False)
    found += read.problems
    teams: dict[str, TeamInput] = {}
    for row in read.rows:
        name = row.meta.get("team", "").strip()
        if not name:
            found.append(
                Problem(
                    str(path),
                    row.line,
                    "team",
                    "no team given: each row needs its team in the 'team' column",
                )
            )
            continue
        source = teams.setdefault(name.casefold(), TeamInput(name, str(path), row.line))
        source.answers.append(row.values)
    if not read.rows and not read.problems:
        found.append(
            Problem(str(path), None, "", "no rows: expected one row a respondent under the header")
        )
    for source in teams.values():
        add(source)
    return [str(w) for w in read.warnings]


def _level(scorer: Scorer, qid: str, answer: Any) -> str | None:
    """A practice's answer as fully, partly or not, from its choice's place on the scale."""
    choices = scorer.pack.choices(scorer.pack.questions[qid])
    ids = [c.id for c in choices]
    if answer not in ids:
        return None
    value = choice_value(choices, ids.index(str(answer)))
    return "fully" if value >= 1.0 else "not" if value <= 0.0 else "partly"


def _team(
    scorer: Scorer,
    name: str,
    file: str,
    a: Assessment,
    practices: Sequence[str],
    not_asked: set[str],
) -> Team:
    return Team(
        name=name,
        source=file,
        respondents=a.respondents,
        shown=True,
        stage=a.stage.id,
        statuses={pp.id: pp.status for pp in a.pivot_points},
        readiness={pp.id: pp.readiness for pp in a.pivot_points},
        overall=a.readiness.overall,
        practices={q: _level(scorer, q, a.answers.get(q)) for q in practices},
        findings=list(problems(a)),
        not_asked=not_asked,
        assessment=a,
    )


def heatmap_data(portfolio: Portfolio) -> dict[str, Any]:
    """The heatmap as plain data for `assessment.report.charts.heatmap_chart`."""
    return {
        "teams": [t.name for t in portfolio.teams],
        "columns": [(c.id, c.label, c.kind) for c in portfolio.columns],
        "cells": [
            {"team": c.team, "column": c.column, "text": c.text, "tone": c.tone, "value": c.value}
            for c in portfolio.heatmap()
        ],
    }


# -- the consolidated PDF ------------------------------------------------------------------------
SPLITS_SHOWN = 8
# a landscape page holds a heatmap of about 20 teams, the first page (below the title and the
# conclusion) one of about 12: more teams are drawn in parts of those sizes
FIRST_FIGURE, TEAMS_A_FIGURE = 12, 20


def render_pdf(
    portfolio: Portfolio, renderer: Renderer, *, paper: str = "a4", today: date | None = None
) -> Rendered:
    """The portfolio as a short PDF: the conclusion, the heatmap, each team's stage and status,
    and where the teams disagree; through the report's renderer and its locked fetcher."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
    data = heatmap_data(portfolio)
    teams = data["teams"]
    parts = [teams[:FIRST_FIGURE]] + [
        teams[start : start + TEAMS_A_FIGURE]
        for start in range(FIRST_FIGURE, len(teams), TEAMS_A_FIGURE)
    ]
    svgs = []
    for part in parts:
        cells = [c for c in data["cells"] if c["team"] in set(part)]
        svgs.append(Markup(to_svg(heatmap_chart(part, data["columns"], cells))))
    context = {
        "title": _("Portfolio across teams"),
        "date": (today or date.today()).isoformat(),
        "date_shown": i18n.date(today or date.today()),
        "paper": paper,
        "page_size": PAPERS[paper],
        "pack_title": renderer.pack.info.title,
        "status_colours": status_colours(),
        "status_labels": status_labels(),
        "stage_labels": {t.stage: stage_label(t.stage) for t in portfolio.teams if t.stage},
        "conclusion": portfolio.conclusion(),
        "k": portfolio.k,
        "fewer": fewer_than(portfolio.k),
        "heatmap_svgs": svgs,
        "pivot_points": [
            {"id": pp, "subtitle": title.split(": ", 1)[-1]}
            for pp, title in portfolio.pivot_points.items()
        ],
        "teams": portfolio.teams,
        "shown": portfolio.shown,
        "splits": [
            {
                "label": d.column.label
                if d.column.kind == "pivot point"
                # translators: "PP2 practice: Explicit interface contracts"
                else _("{pivot_point} practice: {label}").format(
                    pivot_point=d.column.pivot_point, label=d.column.label
                ),
                "percent": round(d.spread * 100),
                "judged": d.judged,
                "groups": [(_answer_words(a), _names(names)) for a, names in d.groups],
            }
            for d in portfolio.disagreements(limit=SPLITS_SHOWN)
        ],
    }
    context["lang"] = renderer.pack.language
    with i18n.using(renderer.pack.language):
        html = renderer.env.get_template("portfolio.html.j2").render(context)
    return renderer.pdf_from_html(html, paper)
