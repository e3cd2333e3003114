"""Many respondents from one CSV: a PDF each and a summary table.

Columns are question ids plus meta columns; a multiple-choice cell lists choice ids separated by
commas or semicolons. A row that does not validate is reported with its line number and
skipped; the other rows still render. Rendering runs in several processes when there are many
rows.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assessment.content.changes import merged
from assessment.content.yaml_io import YamlLoadError, read_bytes
from assessment.errors import AnswerError, Problem
from assessment.i18n import _, number
from assessment.services.answers import META_FIELDS, check_answers, split_choices
from assessment.services.scoring import Scorer

MAX_CSV_BYTES = 20_000_000
PARALLEL_FROM = 6  # rows; below this, starting processes costs more than it saves
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise text a spreadsheet would run as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@dataclass
class Row:
    line: int
    values: dict[str, Any]
    meta: dict[str, str]


@dataclass
class BatchInput:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def read_responses(
    scorer: Scorer, path: Path, *, max_rows: int | None = None, skipped_note: bool = True
) -> BatchInput:
    """Read and check every row; bad rows become problems, never exceptions. A file that
    cannot be read as CSV at all (an unclosed quote, a header naming a column twice, more
    than `max_rows` rows) raises `AnswerError` with its line. With `skipped_note`, a bad
    row's problems end in "; row skipped" (in the current language)."""
    name = str(path)
    try:
        # a regular file only, opened non-blocking: a FIFO or a device never hangs the reader
        data = read_bytes(path, name, MAX_CSV_BYTES)
    except YamlLoadError as exc:
        raise AnswerError([exc.problem]) from None
    if len(data) > MAX_CSV_BYTES:
        raise _too_large(name)
    return parse_responses(scorer, data, name, max_rows=max_rows, skipped_note=skipped_note)


def _too_large(name: str) -> AnswerError:
    return AnswerError(
        [
            Problem(
                name,
                None,
                "",
                _("file is larger than {mb} MB").format(mb=MAX_CSV_BYTES // 1_000_000),
            )
        ]
    )


def parse_responses(
    scorer: Scorer,
    data: bytes,
    name: str,
    *,
    max_rows: int | None = None,
    skipped_note: bool = True,
) -> BatchInput:
    """Check every row of CSV content (an uploaded file, say) named `name` in problems; the
    same rules as `read_responses`. With `max_rows`, a file holding more rows is refused
    (nothing is returned) as soon as the row after the limit is read."""
    if len(data) > MAX_CSV_BYTES:
        raise _too_large(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswerError([Problem(name, None, "", _("file is not UTF-8 text"))]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as reading in text mode does
    records = CsvRecords(text, name)
    try:
        return _check_rows(scorer, records, name, max_rows, skipped_note)
    except csv.Error as exc:  # a cell longer than the csv module allows, say
        # translators: {error} is the CSV reader's own message, in English
        unreadable = _("not readable as CSV: {error}").format(error=exc)
        raise AnswerError([Problem(name, records.line, "", unreadable)]) from None


class CsvRecords:
    """The records of CSV text, each with the physical line it starts on (a quoted cell may
    span lines, so records and lines differ). A quote that is opened and never closed is an
    error at the line where it opened, not a cell that silently swallows the rows after it."""

    def __init__(self, text: str, name: str) -> None:
        self._reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        self._name = name
        self.line: int | None = None  # where the record being read starts

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader = self._reader
        while True:
            self.line = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise AnswerError([self._unreadable(exc)]) from None
            if record:  # a blank line holds no record
                yield self.line, record

    def _unreadable(self, exc: csv.Error) -> Problem:
        end = self._reader.line_num
        if "unexpected end of data" in str(exc):
            message = _(
                "a quoted cell starts in this row and its closing quote never comes (the file "
                "ends at line {end}); close the quote, or the rows after it are lost"
            ).format(end=end)
        else:
            # translators: {error} is the CSV reader's own message, in English
            message = (
                _("not readable as CSV (at line {end}): {error}").format(end=end, error=exc)
                if end != self.line
                else _("not readable as CSV: {error}").format(error=exc)
            )
            if '"' in str(exc):
                message += _(
                    "; check the quotes in this row: a quote that is opened and not closed "
                    "takes in the rows after it"
                )
        return Problem(self._name, self.line, "", message)


def _check_rows(
    scorer: Scorer,
    records: CsvRecords,
    name: str,
    max_rows: int | None = None,
    skipped_note: bool = True,
) -> BatchInput:
    def skipped(message: str) -> str:
        # translators: why an imported row was skipped; {problem} says what is wrong with it
        return _("{problem}; row skipped").format(problem=message) if skipped_note else message

    rows = iter(records)
    first = next(rows, None)
    if first is None:
        raise AnswerError(
            [Problem(name, 1, "", _("the file is empty: expected a header row of question ids"))]
        )
    header_line, header = first
    seen: dict[str, int] = {}
    for index, column in enumerate(header, start=1):
        if column in seen:
            raise AnswerError(
                [
                    Problem(
                        name,
                        header_line,
                        column,
                        _(
                            "this column name appears twice in the header (columns {first} "
                            "and {second}); name each column once"
                        ).format(first=seen[column], second=index),
                    )
                ]
            )
        seen[column] = index
    out = BatchInput()
    questions = scorer.pack.questions
    # a column of a question since merged into another is read as that question's answers
    # and carried over to it when the row is checked
    moves = merged(scorer.pack)
    types = {
        **{k: questions[m.into].type for k, m in moves.items()},
        **{k: q.type for k, q in questions.items()},
    }
    for column in header:
        if column in moves:
            into = moves[column].into
            out.warnings.append(
                Problem(
                    name,
                    header_line,
                    column,
                    # translators: {id} is a question id, quoted; {question} its short name
                    _(
                        "this question is now asked as {id} ({question}); its answers are "
                        "carried over where that column is empty"
                    ).format(id=f"'{into}'", question=questions[into].short),
                )
            )
        if column not in types and column not in META_FIELDS:
            out.warnings.append(
                Problem(name, header_line, column, _("not a question id or meta column; ignored"))
            )
    body: Iterator[tuple[int, list[str]]] = rows
    if max_rows is not None:  # refused before any row is checked: the work stays bounded
        taken = list(itertools.islice(rows, max_rows + 1))
        if len(taken) > max_rows:
            raise AnswerError(
                [
                    Problem(
                        name,
                        taken[-1][0],
                        "",
                        _(
                            "more than {n} rows: at most {n} rows are taken in one go, so split "
                            "the file; nothing was imported"
                        ).format(n=number(max_rows)),
                    )
                ]
            )
        body = iter(taken)
    for line, cells in body:
        if len(cells) > len(header):
            out.problems.append(
                Problem(name, line, "", skipped(_("more cells than header columns")))
            )
            continue
        record = dict(zip(header, cells, strict=False))
        raw = {k: _cell(v, types[k]) for k, v in record.items() if k in types and v.strip() != ""}
        meta = {
            k: unsafe_cell(v.strip())
            for k, v in record.items()
            if k in META_FIELDS and v and v.strip()
        }
        values, problems = check_answers(scorer.engine, raw, file=name, prefix=("answers",))
        if problems:
            out.problems.extend(
                Problem(name, line, p.question or "", skipped(p.message), p.question)
                for p in problems
            )
            continue
        out.rows.append(Row(line, values, meta))
    return out


def unsafe_cell(text: str) -> str:
    """Undo `safe_cell`: exports neutralise formulas, imports give the text back unchanged."""
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_START:
        return text[1:]
    return text


def _cell(value: str, qtype: str) -> Any:
    """A CSV cell as an answer: the one place a multiple-choice cell's separators are read, so
    the answer is a list of choice ids from here on."""
    text = unsafe_cell(value.strip())
    if qtype == "multi":
        return split_choices(text)
    return text


def file_name(row: Row) -> str:
    who = row.meta.get("respondent") or row.meta.get("team") or row.meta.get("organization")
    slug = re.sub(r"[^a-z0-9]+", "-", (who or "report").lower()).strip("-")[:40] or "report"
    return f"{row.line:04d}-{slug}.pdf"


# -- rendering, possibly in worker processes ---------------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(pack: str | None, paper: str, brand: str | None, lang: str | None = None) -> None:
    from assessment.report.brand import load_brand
    from assessment.report.context import ReportOptions
    from assessment.report.render import Renderer

    scorer = Scorer(pack, lang=lang)
    _WORKER.update(
        scorer=scorer,
        renderer=Renderer(scorer.pack),
        options=ReportOptions(brand=load_brand(brand), paper=paper),
    )


def _render(job: tuple[Row, str]) -> dict[str, Any]:
    row, target = job
    scorer: Scorer = _WORKER["scorer"]
    result = scorer.assess(row.values, meta=row.meta)
    rendered = _WORKER["renderer"].render(result, _WORKER["options"])
    Path(target).write_bytes(rendered.pdf)
    return summary_row(row, Path(target).name, result, rendered.pages)


def summary_row(row: Row, file: str, result: Any, pages: int) -> dict[str, Any]:
    statuses = {pp.id: pp.status or "" for pp in result.pivot_points}
    return {
        "row": row.line,
        "file": file,
        "organization": row.meta.get("organization", ""),
        "respondent": row.meta.get("respondent", ""),
        "role": row.meta.get("role", ""),
        "stage": result.stage.id or "",
        "readiness": "" if result.readiness.overall is None else result.readiness.overall,
        **{f"{pp}_status": status for pp, status in statuses.items()},
        "mistakes": " ".join(m.id for m in result.mistakes),
        "compliance_gaps": len(result.compliance.gaps),
        "strategy": result.strategy.id or "",
        "phase": "" if result.strategy.phase is None else result.strategy.phase,
        "next_steps": len(result.next_steps),
        "pages": pages,
    }


def render_all(
    rows: list[Row],
    out_dir: Path,
    *,
    pack: str | None,
    paper: str,
    brand: str | None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    lang: str | None = None,
) -> list[dict[str, Any]]:
    """Render every row to `out_dir`, in `lang` (default English); returns the summary rows in
    input order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    work = [(row, str(out_dir / file_name(row))) for row in rows]
    workers = jobs or min(os.cpu_count() or 1, 4)
    results: Iterator[dict[str, Any]]
    if workers > 1 and len(rows) >= PARALLEL_FROM:
        pool = ProcessPoolExecutor(
            workers, initializer=_init_worker, initargs=(pack, paper, brand, lang)
        )
        with pool:
            results = pool.map(_render, work, chunksize=2)
            summary = []
            for item in results:
                summary.append(item)
                if progress:
                    progress(1)
            return summary
    _init_worker(pack, paper, brand, lang)
    summary = []
    for job in work:
        summary.append(_render(job))
        if progress:
            progress(1)
    return summary


def write_summary(path: Path, rows: list[dict[str, Any]]) -> None:
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns or ["row"])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: safe_cell(v) for k, v in row.items()})
