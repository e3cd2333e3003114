"""Command line: `python -m assessment validate | score | schema`.

User mistakes print one line each on stderr and exit 1; a bug prints one line too (set
PIVOTPOINT_DEBUG=1 to see the traceback).
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from assessment.errors import PivotpointError

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


F = TypeVar("F", bound=Callable[..., Any])


def handled(command: F) -> F:
    """Report user mistakes as one line each on stderr and exit 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except PivotpointError as exc:
            _fail([str(p) for p in exc.problems])

    return wrapper  # type: ignore[return-value]


def _fail(lines: list[str]) -> None:
    for line in lines:
        typer.echo(line, err=True)
    raise typer.Exit(1)


PackOption = Annotated[
    Path | None,
    typer.Option("--pack", "-p", help="Questionnaire pack folder (default: the ai-scaling pack)."),
]


@app.command()
@handled
def validate(
    pack: Annotated[Path | None, typer.Argument(help="Pack folder (default: ai-scaling).")] = None,
) -> None:
    """Check a pack: schema, references, rule lint, and every rule case."""
    from assessment.cases import run_cases
    from assessment.engine.evaluate import Engine
    from assessment.pack import load_pack

    try:
        loaded = load_pack(pack)
    except PivotpointError as exc:
        count = len(exc.problems)
        _fail(
            [str(p) for p in exc.problems]
            + [
                f"{count} problem{'s' if count != 1 else ''} found; "
                "the rule cases run once they are fixed"
            ]
        )
        raise  # unreachable: _fail exits
    engine = Engine(loaded)
    report = run_cases(loaded, engine)
    if report.problems:
        _fail(
            [str(p) for p in report.problems]
            + [
                f"{len(report.problems)} problem{'s' if len(report.problems) != 1 else ''} "
                f"in pack {loaded.info.id}"
            ]
        )
    questions = len(loaded.questions)
    typer.echo(
        f"pack {loaded.info.id} {loaded.info.version}: {questions} questions, "
        f"{report.rules} rules, {report.cases} cases, {report.checks} checks passed"
    )


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
) -> None:
    """Score one answers file and print the assessment."""
    from assessment.scoring import Scorer
    from assessment.text import format_text

    scorer = Scorer(pack)
    result = scorer.assess_file(answers)
    if format is Format.json:
        data: dict[str, Any] = result.model_dump(mode="json")
        if no_trace:
            data.pop("trace")
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = format_text(result)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
@handled
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder for one schema file a pack file kind."),
    ] = None,
) -> None:
    """Write the JSON Schemas of pack files (for editor autocompletion)."""
    from assessment.schema.json_schema import schemas

    all_schemas = schemas()
    if output is None:
        sys.stdout.write(json.dumps(all_schemas, indent=2) + "\n")
        return
    output.mkdir(parents=True, exist_ok=True)
    for name, body in all_schemas.items():
        (output / f"{name}.schema.json").write_text(json.dumps(body, indent=2) + "\n")
    typer.echo(f"wrote {len(all_schemas)} schemas to {output}")


def main() -> None:
    try:
        app()
    except PivotpointError as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("PIVOTPOINT_DEBUG"):
            raise
        typer.echo(
            f"internal error: {type(exc).__name__}: {exc} "
            "(this is a bug in Pivotpoint; rerun with PIVOTPOINT_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(2)
