"""`assessment workshop ...`: the facilitator's actions from the command line, with the same
rules as the app (key checked, threshold k held, formulas neutralised in exports)."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from assessment.errors import AnswerError, Problem
from assessment.store.errors import WorkshopClosedError

app = typer.Typer(
    help="Run a workshop: create it, follow it, export it, close or delete it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

KeyOption = Annotated[str, typer.Option("--key", help="The facilitator key printed by create.")]
CodeArgument = Annotated[str, typer.Argument(help="The workshop's join code.")]


class Format(StrEnum):
    json = "json"
    text = "text"


def _store() -> Any:
    from assessment.store import Store

    return Store(os.environ.get("PIVOTPOINT_DATABASE_URL") or None)


def _open(code: str, key: str) -> tuple[Any, Any]:
    store = _store()
    workshop = store.check_key(code, key)
    if workshop is None:
        raise AnswerError(
            [Problem("workshop", None, code, "no workshop with this code and key (check both)")]
        )
    return store, workshop


def _scorer(workshop: Any = None) -> Any:
    """The engine for the pack the app runs (`PIVOTPOINT_PACK`, else the shipped one); for a
    workshop, refused unless it is the pack the workshop was created with."""
    from assessment.services.scoring import Scorer

    scorer = Scorer(os.environ.get("PIVOTPOINT_PACK") or None)
    info = scorer.pack.info
    if workshop is not None and workshop.pack_id != info.id:
        raise AnswerError(
            [
                Problem(
                    "workshop",
                    None,
                    workshop.code,
                    f"this workshop uses the pack '{workshop.pack_id}', not '{info.id}'; set "
                    "PIVOTPOINT_PACK to that pack's folder, as the app that runs it does",
                )
            ]
        )
    return scorer


def _finished(responses: list[Any], workshop: Any, refusal: str) -> list[Any]:
    """The sent responses, or an error when there are fewer than the anonymity threshold."""
    finished = [r for r in responses if r.finished]
    if len(finished) < workshop.k:
        raise AnswerError(
            [
                Problem(
                    "workshop",
                    None,
                    workshop.code,
                    f"{len(finished)} finished responses; {refusal} (the anonymity threshold)",
                )
            ]
        )
    return finished


def app_url() -> str:
    return os.environ.get("PIVOTPOINT_APP_URL", "http://localhost:8501").rstrip("/")


@app.command()
def create(
    name: Annotated[str, typer.Option("--name", help="What the workshop is called.")],
    org: Annotated[str, typer.Option("--org", help="The organisation assessed.")] = "",
    k: Annotated[int, typer.Option("--k", min=3, help="Anonymity threshold (at least 3).")] = 5,
    roles: Annotated[str, typer.Option("--roles", help="Roles to choose from, a,b,c.")] = "",
    own_results: Annotated[
        bool, typer.Option("--own-results", help="Participants may see their own results.")
    ] = False,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """Create a workshop; prints its join code, participant link and facilitator key."""

    from assessment.store.workshops import role_problem

    pack = _scorer().pack
    role_list = [r.strip() for r in roles.split(",") if r.strip()]
    refused = [
        Problem("--roles", None, f"role {n}", problem)
        for n, role in enumerate(role_list, start=1)
        if (problem := role_problem(role)) is not None
    ]
    if refused:
        raise AnswerError(refused)
    workshop, key = _store().create_workshop(
        name,
        pack.info.id,
        pack.info.version,
        organization=org,
        k=k,
        roles=role_list,
        own_results=own_results,
    )
    url = f"{app_url()}/?join={workshop.code}"
    if format is Format.json:
        typer.echo(json.dumps({"code": workshop.code, "key": key, "url": url}))
    else:
        typer.echo(
            f"join code: {workshop.code}\nparticipant link: {url}\n"
            f"facilitator key: {key}  (shown once: keep it safe)"
        )


@app.command()
def status(
    code: CodeArgument,
    key: KeyOption,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """How many joined and finished, and whether the workshop is open."""
    store, workshop = _open(code, key)
    responses = store.responses(workshop.id)
    data = {
        "code": workshop.code,
        "name": workshop.name,
        "status": workshop.status,
        "k": workshop.k,
        "respondents": len(responses),
        "finished": sum(1 for r in responses if r.finished),
    }
    if format is Format.json:
        typer.echo(json.dumps(data))
    else:
        typer.echo(
            f"{workshop.name} ({workshop.code}): {workshop.status}, "
            f"{data['respondents']} joined, {data['finished']} finished, k = {workshop.k}"
        )


def _set_status(code: str, key: str, value: str) -> None:
    store, workshop = _open(code, key)
    store.set_workshop_status(workshop.id, value)
    typer.echo(f"{workshop.code}: {value}")


@app.command()
def close(code: CodeArgument, key: KeyOption) -> None:
    """Stop taking answers."""
    _set_status(code, key, "closed")


@app.command()
def reopen(code: CodeArgument, key: KeyOption) -> None:
    """Take answers again."""
    _set_status(code, key, "open")


@app.command()
def delete(code: CodeArgument, key: KeyOption) -> None:
    """Delete the workshop and every answer given in it."""
    store, workshop = _open(code, key)
    store.delete_workshop(workshop.id)
    typer.echo(f"{workshop.code}: deleted, with every answer given in it")


@app.command(name="import")
def import_(
    code: CodeArgument, responses: Annotated[Path, typer.Argument()], key: KeyOption
) -> None:
    """Add responses collected elsewhere (CSV: one row a respondent, an optional role column)."""

    store, workshop = _open(code, key)
    outcome = import_responses(store, _scorer(workshop), workshop, responses)
    for problem in outcome.warnings + outcome.problems:
        typer.echo(str(problem), err=True)
    skipped = len(outcome.skipped)
    typer.echo(
        f"{workshop.code}: imported {outcome.imported} responses"
        + (f", skipped {skipped} rows" if skipped else "")
    )
    if skipped:
        raise typer.Exit(1)


@dataclass
class ImportOutcome:
    """What an import did: how many responses went in, and which rows were skipped and why."""

    imported: int
    problems: list[Problem] = field(default_factory=list)  # one or more a skipped row
    warnings: list[Problem] = field(default_factory=list)  # columns that were ignored

    @property
    def skipped(self) -> list[int]:
        """The line numbers of the rows that were skipped."""
        return sorted({p.line for p in self.problems if p.line is not None})


def import_responses(
    store: Any, scorer: Any, workshop: Any, source: Path | bytes, *, name: str = "responses.csv"
) -> ImportOutcome:
    """Add responses collected elsewhere to an open workshop as sent answers; the command line
    and the facilitator's dashboard both import through here.

    `source` is a CSV file, or a file's content (an upload) that `name` stands for in problems.
    The CSV is read as for `batch`: one row a respondent, question ids as columns, an optional
    `role` column; other meta columns are not kept. A row that does not validate (a role with
    a control character included) is skipped and reported with the line of the file it starts
    on; the valid rows go in together, in one transaction. Raises `AnswerError`, with nothing
    imported, when the workshop is closed or gone, the file cannot be read as CSV (an unclosed
    quote, a column named twice) or holds more than `MAX_IMPORT_ROWS` rows, and `StoreError`,
    with nothing imported either, when the store fails.
    """
    from assessment.services.batch import parse_responses, read_responses
    from assessment.store.workshops import role_problem

    current = store.workshop_by_id(workshop.id)
    if current is None:
        raise AnswerError(
            [Problem("workshop", None, workshop.code, "the workshop has been deleted")]
        )
    closed = AnswerError(
        [
            Problem(
                "workshop",
                None,
                workshop.code,
                "the workshop is closed and takes no more answers; reopen it to import",
            )
        ]
    )
    if current.status != "open":
        raise closed
    if isinstance(source, Path):
        batch = read_responses(scorer, source, max_rows=MAX_IMPORT_ROWS)
        name = str(source)
    else:
        batch = parse_responses(scorer, source, name, max_rows=MAX_IMPORT_ROWS)
    people: list[tuple[str | None, dict[str, Any]]] = []
    problems = list(batch.problems)
    for row in batch.rows:
        typed = str(row.meta.get("role") or "")
        role = " ".join(typed.split()) or None
        if role is not None and len(role) > MAX_ROLE:  # roles elsewhere need not be on the list
            problems.append(
                Problem(name, row.line, "role", f"a role has at most {MAX_ROLE} characters")
            )
            continue
        if (problem := role_problem(typed)) is not None:
            problems.append(Problem(name, row.line, "role", f"{problem}; row skipped"))
            continue
        people.append((role, row.values))
    try:
        imported = store.add_finished_respondents(
            current.id, current.pack_id, current.pack_version, people
        )
    except WorkshopClosedError:  # closed while the file was being read
        raise closed from None
    return ImportOutcome(imported, problems, batch.warnings)


MAX_ROLE = 100  # characters, as the store keeps them
# Rows one import takes: checking them and writing them in one transaction stays within a few
# seconds, so an import from the dashboard never holds it (or the database) for minutes.
MAX_IMPORT_ROWS = 5_000


@app.command()
def export(
    code: CodeArgument,
    key: KeyOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.csv or .json")],
) -> None:
    """Export pseudonymous responses (CSV) or the team assessment (JSON), from k respondents."""

    store, workshop = _open(code, key)
    scorer = _scorer(workshop)
    finished = _finished(
        store.responses(workshop.id), workshop, f"nothing is exported before {workshop.k}"
    )
    suffix = output.suffix.lower()
    if suffix in (".csv", ".xlsx", ".json"):
        _warn_unfit(workshop, check_responses(scorer, finished)[1])
    if suffix == ".csv":
        output.write_text(responses_csv_text(scorer, finished, workshop.k), encoding="utf-8")
    elif suffix == ".xlsx":
        output.write_bytes(responses_xlsx(scorer, finished, workshop.k))
    elif suffix == ".json":
        output.write_text(team_json(team(scorer, workshop, finished)), encoding="utf-8")
    else:
        raise AnswerError([Problem(str(output), None, "", "export to a .csv, .xlsx or .json file")])
    typer.echo(f"wrote {output}", file=sys.stdout)


def exported_roles(finished: list[Any], k: int) -> dict[int, str]:
    """The role each response carries in an export: only roles that at least `k` people chose.

    A role fewer than k people chose would point at those people's own rows, so it is left
    blank. When the rows left blank (small roles and no role) are themselves fewer than k,
    every role is left blank: each role in the export, blank included, then covers k people
    or more.
    """
    counts = Counter(r.role or "" for r in finished)
    kept = {role for role, n in counts.items() if role and n >= k}
    blank = sum(n for role, n in counts.items() if role not in kept)
    if 0 < blank < k:
        kept = set()
    return {i: (r.role if r.role in kept else "") for i, r in enumerate(finished)}


def export_order(finished: list[Any]) -> list[int]:
    """The indexes of `finished` in the order P1, P2, ... of an export.

    Not the order people joined, which a facilitator watching the count could match to faces,
    nor anything worked out from it: the key comes from each respondent's random token (see
    `Response.order_key`). The order is the same in every export of the same responses."""
    return sorted(range(len(finished)), key=lambda i: (finished[i].order_key, i))


def export_rows(scorer: Any, finished: list[Any], k: int) -> list[list[Any]]:
    """The pseudonymous table both exports write: a header, then P1, P2, ... in the order of
    `export_order`, each with its role (see `exported_roles`) and its answers as plain values:
    None when unanswered (or no longer fitting the pack, see `check_responses`), a number as a
    number, everything else as text."""
    questions = list(scorer.pack.questions)
    roles = exported_roles(finished, k)
    _, unfit = check_responses(scorer, finished)
    table: list[list[Any]] = [["respondent", "role", *questions]]
    for n, i in enumerate(export_order(finished), start=1):
        answers = finished[i].answers
        left_out = unfit.get(f"P{n}", [])  # as the team assessment leaves them out
        cells = [None if q in left_out else _value(answers.get(q)) for q in questions]
        table.append([f"P{n}", roles[i], *cells])
    return table


def responses_csv_text(scorer: Any, finished: list[Any], k: int) -> str:
    """Pseudonymous responses (P1, P2, ... in no telling order) as CSV that `import` and `batch`
    accept; cells a spreadsheet would run as formulas are neutralised, and roles fewer than `k`
    people chose are left out (see `exported_roles`)."""
    from assessment.services.batch import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in export_rows(scorer, finished, k):
        writer.writerow([safe_cell("" if v is None else str(v)) for v in row])
    return buffer.getvalue()


def responses_xlsx(scorer: Any, finished: list[Any], k: int) -> bytes:
    """The same pseudonymous table as the CSV, as an Excel workbook: numbers are numbers, text
    is text with formulas neutralised, and characters a workbook cannot hold (control
    characters, from answers given before roles and comments were checked for them) are
    dropped rather than failing the whole export."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from assessment.services.batch import safe_cell

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "responses"
    for row in export_rows(scorer, finished, k):
        sheet.append(
            [
                v
                if v is None or isinstance(v, int | float)
                else safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(v)))
                for v in row
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def team(
    scorer: Any,
    workshop: Any,
    finished: list[Any],
    checked: tuple[list[dict[str, Any]], dict[str, list[str]]] | None = None,
) -> Any:
    """The group's aggregate, with the team assessment of its consensus answers; answers that
    no longer fit the pack are left out and named in its `unfit`. `checked`: what
    `check_responses` already gave for `finished`, so a caller that needs it too checks once."""
    from assessment.services.aggregate import aggregate

    answers, unfit = checked if checked is not None else check_responses(scorer, finished)
    result = aggregate(
        scorer,
        answers,
        k=workshop.k,
        roles=[r.role for r in finished],
        meta={"organization": workshop.organization or workshop.name},
    )
    result.unfit = unfit
    return result


def check_responses(
    scorer: Any, finished: list[Any]
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """Each response's answers checked against the pack, and the answers that no longer fit it.

    Answers stored under an older version of the pack may not fit a newer one (a shortened
    maximum length, a removed choice or question). Such an answer is left out, and the rest of
    that person's answers still count, so one stale answer never stops the team assessment,
    the report or an export. The second value names who and what, as the export's P-number
    of each respondent concerned and the question ids, never anything that identifies them."""
    from assessment.services.answers import check_answers

    pseudonym = {i: f"P{n}" for n, i in enumerate(export_order(finished), start=1)}
    answers: list[dict[str, Any]] = []
    unfit: dict[str, list[str]] = {}
    for i, response in enumerate(finished):
        values, problems = check_answers(scorer.engine, response.answers, require=False)
        if problems:
            unfit[pseudonym[i]] = sorted({p.question for p in problems if p.question})
        answers.append(values)
    return answers, dict(sorted(unfit.items(), key=lambda item: int(item[0][1:])))


def team_json(result: Any) -> str:
    """The team assessment of an aggregate (`team`) as the JSON text `export` writes and the
    dashboard offers."""
    assert result.team is not None
    data = result.team.model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def unfit_note(unfit: dict[str, list[str]]) -> str:
    """One sentence on the answers `check_responses` left out ("" when there are none)."""
    from assessment.services.aggregate import unfit_counts

    if not unfit:
        return ""
    per_question = [f"{q} ({n})" for q, n in unfit_counts(unfit).items()]
    return (
        f"{len(unfit)} {'respondent has' if len(unfit) == 1 else 'respondents have'} answers "
        "that no longer fit this version of the questionnaire; those answers are left out and "
        "the rest are counted. Answers left out, by question: " + ", ".join(per_question) + "."
    )


@app.command()
def report(
    code: CodeArgument,
    key: KeyOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="The PDF to write.")],
) -> None:
    """The team report: the consensus assessment and a part on the workshop itself."""
    from assessment.report.context import ReportOptions
    from assessment.report.render import Renderer
    from assessment.report.workshop_part import workshop_part

    store, workshop = _open(code, key)
    scorer = _scorer(workshop)
    responses = store.responses(workshop.id)
    finished = _finished(responses, workshop, f"the team report needs {workshop.k}")
    result = team(scorer, workshop, finished)
    _warn_unfit(workshop, result.unfit)
    part = workshop_part(result, scorer.pack, name=workshop.name, joined=len(responses))
    rendered = Renderer(scorer.pack).render(result.team, ReportOptions(workshop=part))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(rendered.pdf)
    typer.echo(f"wrote {output} ({rendered.pages} pages)")


def _warn_unfit(workshop: Any, unfit: dict[str, list[str]]) -> None:
    if unfit:
        typer.echo(f"{workshop.code}: {unfit_note(unfit)}", err=True)


def _value(value: Any) -> Any:
    """An answer as an export cell: None, a number, or text (choices joined by ';')."""
    if value is None:
        return None
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    return str(value)
