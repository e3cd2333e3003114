"""Command line: `python -m assessment validate | score | plan | compare | report | batch |
portfolio | schema`.

User mistakes print one line each on stderr and exit 1; a bug prints one line too (set
PIVOTPOINT_DEBUG=1 to see the traceback).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from assessment import settings
from assessment.cli.options import (
    AnnexOption,
    BrandOption,
    LangOption,
    Paper,
    PaperOption,
    language,
)
from assessment.errors import PivotpointError, capped, excerpt

app = typer.Typer(
    name="assessment",
    help="Pivotpoint: readiness assessment for scaling AI-assisted software development.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    json = "json"
    text = "text"


class PortfolioFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


class PlanFormat(StrEnum):
    jira = "jira"
    azure = "azure"
    markdown = "markdown"
    json = "json"


F = TypeVar("F", bound=Callable[..., Any])


def handled(command: F) -> F:
    """Report user mistakes as one line each on stderr and exit 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from assessment import i18n

        # a command's --lang holds for that command only (`_speak`)
        with i18n.using(i18n.SOURCE):
            try:
                return command(*args, **kwargs)
            except PivotpointError as exc:
                _fail([str(p) for p in exc.problems])

    return wrapper  # type: ignore[return-value]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _fail(lines: list[str]) -> None:
    for line in lines:
        typer.echo(line, err=True)
    raise typer.Exit(1)


PreviousOption = Annotated[
    Path | None,
    typer.Option(
        "--previous",
        help="An earlier answers file or assessment JSON: add what changed since (see compare).",
    ),
]

PackOption = Annotated[
    Path | None,
    typer.Option("--pack", "-p", help="Questionnaire pack folder (default: the ai-scaling pack)."),
]


def _speak(lang: str | None) -> str:
    """Write the rest of the command in `lang` (`handled` sets English back afterwards)."""
    from assessment import i18n

    return i18n.set_language(language(lang))


@app.command()
@handled
def validate(
    pack: Annotated[Path | None, typer.Argument(help="Pack folder (default: ai-scaling).")] = None,
    checked: Annotated[
        list[str] | None,
        typer.Option(
            "--checked",
            metavar="LANG",
            help="Record that every text of this translation is checked against today's "
            "English (after bringing the texts validate names up to date); repeatable.",
        ),
    ] = None,
) -> None:
    """Check a pack: schema, references, rule lint, and every rule case (a pending case's
    unmet expectations are listed as notes), and each translation against today's English."""
    from assessment.content.audience import size_words_in
    from assessment.content.cases import run_cases
    from assessment.content.pack import load_pack, mark_translation_checked, stale_translation
    from assessment.content.wording import lint_wording
    from assessment.engine.evaluate import Engine

    try:
        loaded = load_pack(pack)
    except PivotpointError as exc:
        count = exc.total
        _fail(
            [str(p) for p in exc.problems] + [f"{count} problem{'s' if count != 1 else ''} found"]
        )
        raise  # unreachable: _fail exits
    engine = Engine(loaded)
    report = run_cases(loaded, engine)
    problems = lint_wording(loaded) + report.problems
    marking = list(dict.fromkeys(checked or []))
    unlinted: list[str] = []
    for lang in marking:
        if lang == loaded.language or lang not in loaded.info.languages:
            others = [x for x in loaded.info.languages if x != loaded.language]
            _fail(
                [
                    f"--checked {lang}: not a translation of the pack; its translations: "
                    f"{', '.join(others) or 'none'}"
                ]
            )
    for lang in loaded.info.languages:  # each translation: every key, and nothing else
        if lang != loaded.language:
            try:
                translated = load_pack(pack, with_cases=False, lang=lang)
            except PivotpointError as exc:
                problems.extend(exc.problems)
                continue
            # its wording fits each size as the English does
            if size_words_in(lang):
                problems.extend(lint_wording(translated))
            else:
                unlinted.append(lang)
            if lang not in marking:  # and no text behind its English
                problems.extend(stale_translation(pack, lang))
    if problems:  # nothing is recorded as checked while anything else is wrong
        _fail(
            [str(p) for p in capped(problems)]
            + [
                f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
                f"in pack {loaded.info.id}"
            ]
        )
    for lang in marking:
        recorded = mark_translation_checked(pack, lang)
        typer.echo(f"{lang}: {recorded} texts recorded as checked against the English")
    questions = len(loaded.questions)
    typer.echo(
        f"pack {loaded.info.id} {loaded.info.version}: {questions} questions, "
        f"{report.rules} rules, {report.cases} cases, {report.checks} checks passed"
    )
    for lang in unlinted:
        typer.echo(
            f"note: no words that assume a size are listed for '{lang}', so its wording was not "
            "checked against each size: add them to ASSUMPTIONS (assessment/content/audience.py)"
        )
    if report.pending:
        # expectations the rules do not meet yet: listed, never a failure
        cases = f"{report.pending} case{'s' if report.pending != 1 else ''}"
        typer.echo(f"{cases} pending; what the rules do not meet yet:")
        for note in capped(report.notes):
            typer.echo(f"note: {note}")


@app.command()
@handled
def score(
    answers: Annotated[Path, typer.Argument(help="Answers file (YAML or JSON).")],
    pack: PackOption = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
    no_trace: Annotated[
        bool, typer.Option("--no-trace", help="Leave the rule trace out of JSON.")
    ] = False,
    previous: PreviousOption = None,
    lang: LangOption = None,
) -> None:
    """Score one answers file and print the assessment."""
    from assessment.report.progress import progress_text
    from assessment.report.text import format_text
    from assessment.services.answers import load_answers
    from assessment.services.scoring import Scorer

    scorer = Scorer(pack, lang=_speak(lang))
    loaded = load_answers(scorer.engine, answers)
    for warning in loaded.warnings:
        typer.echo(f"warning: {warning}", err=True)
    result = scorer.assess(loaded)
    progress = None if previous is None else _since(scorer, previous, answers)
    if format is Format.json:
        data: dict[str, Any] = result.model_dump(mode="json")
        if no_trace:
            data.pop("trace")
        if progress is not None:
            data["progress"] = progress.model_dump(mode="json")
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = format_text(result, pack=scorer.pack)
        if progress is not None:
            from assessment.i18n import _

            # translators: the heading of what changed since an earlier assessment (terminal)
            text += "\n" + _("Progress") + "\n" + progress_text(progress, scorer.pack)
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text.encode("utf-8"))


def _since(scorer: Any, previous: Path, answers: Path) -> Any:
    """The progress from an earlier answers file or assessment to these answers (warnings
    about the earlier file printed)."""
    from assessment.services.history import compare, load_side

    earlier = load_side(scorer, previous)
    for warning in earlier.warnings:
        typer.echo(f"warning: {warning}", err=True)
    return compare(scorer.pack, earlier, load_side(scorer, answers))


def _start_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail([f"--start: {excerpt(text)} is not a date (YYYY-MM-DD)"])
        raise  # unreachable: _fail exits


@app.command()
@handled
def plan(
    answers: Annotated[
        Path,
        typer.Argument(help="Answers file (YAML or JSON), or an assessment JSON (score -f json)."),
    ],
    pack: PackOption = None,
    format: Annotated[
        PlanFormat,
        typer.Option(
            "--format",
            "-f",
            help="jira or azure: a CSV for the tracker's importer; markdown: checklists by "
            "horizon; json: the steps with their due dates.",
        ),
    ] = PlanFormat.markdown,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            help="The day the plan starts, YYYY-MM-DD (default: today); 30, 60 and "
            "90 days from it are the due dates.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Export the action plan for a tracker (Jira, Azure DevOps) or as a checklist."""
    from assessment.services.history import load_side
    from assessment.services.plan_export import export
    from assessment.services.scoring import Scorer

    begins = _start_date(start)
    scorer = Scorer(pack, lang=_speak(lang))
    side = load_side(scorer, answers)
    for warning in side.warnings:
        typer.echo(f"warning: {warning}", err=True)
    text = export(side.scored, scorer.pack, format.value, begins)
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text.encode("utf-8"))


@app.command()
@handled
def compare(
    before: Annotated[
        Path,
        typer.Argument(help="The earlier answers file, or an assessment JSON (score -f json)."),
    ],
    after: Annotated[Path, typer.Argument(help="The later answers file or assessment JSON.")],
    pack: PackOption = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    plan_status: Annotated[
        Path | None,
        typer.Option(
            "--plan-status",
            help="The earlier plan as your tracker exports it after you marked steps done "
            "(Jira: Status; Azure DevOps: State), or a CSV of rule,done.",
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """What changed between two assessments: stage, readiness, findings, answers and the
    earlier plan. Both are scored under today's rules; where the earlier one is an assessment
    scored under another version of the questionnaire, what the rules alone changed is shown
    apart."""
    from assessment.report.progress import progress_text
    from assessment.services.history import compare as compare_sides
    from assessment.services.history import load_side
    from assessment.services.plan_export import read_plan_status
    from assessment.services.scoring import Scorer

    scorer = Scorer(pack, lang=_speak(lang))
    sides = load_side(scorer, before), load_side(scorer, after)
    for warning in (w for side in sides for w in side.warnings):
        typer.echo(f"warning: {warning}", err=True)
    marked = (
        read_plan_status(plan_status, [s.rule for s in sides[0].scored.next_steps])
        if plan_status is not None
        else None
    )
    progress = compare_sides(scorer.pack, *sides, plan_status=marked)
    if format is Format.json:
        data = progress.model_dump(mode="json")
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(progress_text(progress, scorer.pack))


@app.command()
@handled
def applicability(
    answers: Annotated[
        Path,
        typer.Argument(help="Answers file (YAML or JSON), or an assessment JSON (score -f json)."),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="FILE.csv or FILE.xlsx: the format follows it.")
    ],
    pack: PackOption = None,
    lang: LangOption = None,
) -> None:
    """Write the applicability table: every item of the pack's catalogue (EU AI Act, ISO/IEC
    42001, NIST AI RMF, OWASP SAMM), whether it applies and why, its status and the planned
    action. Not legal advice."""
    from assessment.services.applicability import export
    from assessment.services.history import load_side
    from assessment.services.scoring import Scorer

    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise typer.BadParameter("the output file must end in .csv or .xlsx", param_hint="-o")
    scorer = Scorer(pack, lang=_speak(lang))
    side = load_side(scorer, answers)
    for warning in side.warnings:
        typer.echo(f"warning: {warning}", err=True)
    _write(output, export(side.scored, scorer.pack, suffix[1:]))
    typer.echo(f"wrote {output}")


@app.command()
@handled
def crosswalk(
    output: Annotated[Path, typer.Option("--output", "-o", help="The library file (YAML).")],
    pack: PackOption = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="ciso-assistant: a library of requirement mapping sets CISO Assistant imports.",
        ),
    ] = "ciso-assistant",
) -> None:
    """Export the pack's crosswalk (its findings and practices mapped to the EU AI Act,
    ISO/IEC 42001 and NIST AI RMF) as a CISO Assistant library."""
    from assessment.content.pack import load_pack
    from assessment.services.ciso_assistant import to_yaml

    if format != "ciso-assistant":
        raise typer.BadParameter("the only format is ciso-assistant", param_hint="--format")
    _write(output, to_yaml(load_pack(pack, with_cases=False)).encode("utf-8"))
    typer.echo(f"wrote {output}")


@app.command()
@handled
def report(
    answers: Annotated[Path, typer.Argument(help="Answers file (YAML or JSON).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The PDF to write.")],
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the report's HTML here.")
    ] = None,
    paper: PaperOption = Paper.a4,
    brand: BrandOption = None,
    pack: PackOption = None,
    annex: AnnexOption = False,
    previous: PreviousOption = None,
    lang: LangOption = None,
) -> None:
    """Render the readiness report of one answers file as a PDF (at most 12 pages without
    the annex); with --previous, a page on what changed since comes after the summary."""
    from dataclasses import replace

    from assessment.report.brand import load_brand
    from assessment.report.context import ReportOptions
    from assessment.report.render import Renderer
    from assessment.services.scoring import Scorer

    options = ReportOptions(brand=load_brand(brand), paper=paper.value, annex=annex)
    scorer = Scorer(pack, lang=_speak(lang))
    result = scorer.assess_file(answers)
    if previous is not None:
        options = replace(options, progress=_since(scorer, previous, answers))
    renderer = Renderer(scorer.pack)
    rendered = renderer.render(result, options)
    _write(output, rendered.pdf)
    if html is not None:
        _write(html, rendered.html.encode("utf-8"))
    for warning in rendered.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"wrote {output} ({rendered.pages} pages)")


@app.command()
@handled
def batch(
    responses: Annotated[Path, typer.Argument(help="CSV: one row a respondent or team.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the PDFs.")],
    paper: PaperOption = Paper.a4,
    brand: BrandOption = None,
    pack: PackOption = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes (default: cores, max 4).")
    ] = None,
    lang: LangOption = None,
) -> None:
    """Render one PDF a row of a CSV, and a summary.csv of the key results."""
    from assessment.report.brand import load_brand
    from assessment.services.batch import read_responses, render_all, write_summary
    from assessment.services.scoring import Scorer

    load_brand(brand)  # fail on a bad brand file before any work
    lang = _speak(lang)
    scorer = Scorer(pack, lang=lang)
    batch_input = read_responses(scorer, responses)
    for problem in batch_input.warnings + batch_input.problems:
        typer.echo(str(problem), err=True)
    rows = batch_input.rows
    if not rows:
        _fail([f"{responses}: no valid rows to render"])
    with typer.progressbar(length=len(rows), label="Rendering", file=sys.stderr) as bar:
        summary = render_all(
            rows,
            output,
            pack=str(pack) if pack else None,
            paper=paper.value,
            brand=str(brand) if brand else None,
            jobs=jobs,
            progress=bar.update,
            lang=lang,
        )
    skipped = sorted({p.line for p in batch_input.problems if p.line})
    for line in skipped:
        reason = next(p for p in batch_input.problems if p.line == line)
        summary.append(
            {
                "row": line,
                "file": "",
                "status": "skipped",
                "error": f"{reason.where}: {reason.message}".strip(": "),
            }
        )
    summary.sort(key=lambda r: int(r["row"]))
    for item in summary:
        item.setdefault("status", "ok")
        item.setdefault("error", "")
    write_summary(output / "summary.csv", summary)
    typer.echo(
        f"wrote {len(rows)} reports and summary.csv to {output}"
        + (f"; skipped {len(skipped)} row{'s' if len(skipped) != 1 else ''}" if skipped else "")
    )
    if skipped:
        raise typer.Exit(1)


@app.command()
@handled
def portfolio(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="A responses CSV with a 'team' column (one row a respondent), answers files "
            "(one team each) or assessment JSON files (score -f json), in any mix."
        ),
    ],
    k: Annotated[
        int,
        typer.Option(
            "--k",
            help="A team from a CSV is shown from this many respondents on (at least 3).",
        ),
    ] = 5,
    format: Annotated[
        PortfolioFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PortfolioFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option("--pdf", help="Also write a short PDF: the heatmap and each team's status."),
    ] = None,
    paper: PaperOption = Paper.a4,
    pack: PackOption = None,
) -> None:
    """Which teams are where: each team's stage, status by pivot point and practices, a
    heatmap across the teams and where they disagree. A team with fewer than k respondents
    shows nothing but that."""
    from assessment.services.portfolio import build_portfolio, render_pdf
    from assessment.services.scoring import Scorer

    scorer = Scorer(pack)
    result = build_portfolio(scorer, inputs, k=k)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if format is PortfolioFormat.json:
        text = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif format is PortfolioFormat.csv:
        text = result.to_csv()
    else:
        text = result.text()
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text.encode("utf-8"))
    if pdf is not None:
        from assessment.report.render import Renderer

        rendered = render_pdf(result, Renderer(scorer.pack), paper=paper.value)
        _write(pdf, rendered.pdf)
        for warning in rendered.warnings:
            typer.echo(f"warning: {warning}", err=True)
        typer.echo(f"wrote {pdf} ({rendered.pages} pages)", err=output is None)


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        _fail([f"{path}: cannot write: {exc.strerror or exc}"])


@app.command()
@handled
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder for one schema file a pack file kind."),
    ] = None,
) -> None:
    """Write the JSON Schemas of pack files (for editor autocompletion)."""
    from assessment.content.schema.json_schema import schemas

    all_schemas = schemas()
    if output is None:
        sys.stdout.write(json.dumps(all_schemas, indent=2) + "\n")
        return
    for name, body in all_schemas.items():
        _write(output / f"{name}.schema.json", (json.dumps(body, indent=2) + "\n").encode())
    typer.echo(f"wrote {len(all_schemas)} schemas to {output}")


@app.command(
    "app",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def app_(ctx: typer.Context) -> None:
    """Start the web app (Streamlit) on http://localhost:8501, from any folder.

    Further options go to `streamlit run` as they are, e.g. `--server.port 8600`.
    """
    from assessment.cli import serve

    serve.run(list(ctx.args))


# Typer bundles its own click; its public BadParameter leads to the classes we catch.
_CLICK = {cls.__name__: cls for cls in typer.BadParameter.__mro__}
UsageError: type[Exception] = _CLICK["UsageError"]
ClickException: type[Exception] = _CLICK["ClickException"]


def _workshops() -> None:
    from assessment.cli import workshop as workshop_cli

    for command in workshop_cli.app.registered_commands:
        if command.callback is not None:
            command.callback = handled(command.callback)
    app.add_typer(workshop_cli.app, name="workshop")


_workshops()


def main() -> None:
    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except UsageError as exc:
        # one line, not a boxed panel: "assessment score: no such option: --fromat"
        ctx = getattr(exc, "ctx", None)
        command = ctx.command_path if ctx else "assessment"
        message = _lower_first(exc.format_message())  # type: ignore[attr-defined]
        if not message:  # `assessment` alone: the help was shown
            sys.exit(0)
        typer.echo(f"{command}: {message} (see --help)", err=True)
        sys.exit(2)
    except ClickException as exc:
        typer.echo(f"error: {exc.format_message()}", err=True)  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", 1))
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except PivotpointError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if settings.debug():
            raise
        typer.echo(
            f"internal error: {type(exc).__name__}: {exc} "
            "(this is a bug in Pivotpoint; rerun with PIVOTPOINT_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(2)
