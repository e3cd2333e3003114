"""`assessment workshop ...`: the facilitator's actions from the command line. The rules they
share with the app (key checked, pack matched, threshold k held, formulas neutralised in
exports) live in `assessment.services.workshops`; these commands call it and print."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assessment import i18n
from assessment.cli.options import (
    AnnexOption,
    BrandOption,
    LangOption,
    Paper,
    PaperOption,
    language,
)
from assessment.errors import AnswerError, Problem
from assessment.services import workshops

if TYPE_CHECKING:
    from assessment.services.scoring import Scorer
    from assessment.store import Response, Store, Workshop

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


def _store() -> Store:
    """The store the app uses (`PIVOTPOINT_DATABASE_URL`, else the SQLite file)."""
    from assessment.store import Store

    return Store()


def _open(code: str, key: str) -> tuple[Store, Workshop]:
    store = _store()
    return store, workshops.open_workshop(store, code, key)


def _sent(
    code: str, key: str, refusal: str, lang: str | None = None
) -> tuple[Workshop, Scorer, list[Response], list[Response]]:
    """The workshop, its pack's scorer (texts in `lang`), everyone who joined and the sent
    responses; refused below k sent with `refusal` followed by k."""
    store, workshop = _open(code, key)
    scorer = workshops.pack_scorer(workshop, lang)
    responses = store.responses(workshop.id)
    finished = workshops.finished_responses(responses, workshop, f"{refusal} {workshop.k}")
    return workshop, scorer, responses, finished


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
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="The participants' language (en, de); each may switch on their phone.",
        ),
    ] = None,
) -> None:
    """Create a workshop; prints its join code, participant link and facilitator key."""

    scorer = workshops.pack_scorer()
    role_list = workshops.parse_roles(roles)
    refused = workshops.role_problems(role_list, "--roles")
    if refused:
        raise AnswerError(refused)
    workshop, key = workshops.create_workshop(
        _store(),
        scorer,
        name,
        organization=org,
        k=k,
        roles=role_list,
        own_results=own_results,
        language=lang,
    )
    _print_new(workshop.code, key, format, workshop.language)


def _print_new(code: str, key: str, format: Format, language: str | None = None) -> None:
    url = workshops.join_url(code, language)
    if format is Format.json:
        typer.echo(json.dumps({"code": code, "key": key, "url": url}))
    else:
        typer.echo(
            f"join code: {code}\nparticipant link: {url}\n"
            f"facilitator key: {key}  (shown once: keep it safe)"
        )


@app.command(name="follow-up")
def follow_up(
    code: CodeArgument,
    key: KeyOption,
    name: Annotated[
        str, typer.Option("--name", help="Its name (default: the earlier name, follow-up).")
    ] = "",
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """Start a workshop that follows up this one (same organisation, threshold and roles);
    prints its join code, link and key. `workshop compare` then says what changed."""
    store, earlier = _open(code, key)
    workshop, new_key = workshops.follow_up(store, workshops.pack_scorer(), earlier, name=name)
    _print_new(workshop.code, new_key, format, workshop.language)


@app.command()
def compare(
    code: CodeArgument,
    key: KeyOption,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """What changed since the workshop this one follows up: both teams' assessments compared,
    as `assessment compare` compares two answers files."""
    from assessment.report.progress import progress_text

    store, workshop = _open(code, key)
    scorer = workshops.pack_scorer(workshop)
    since = workshops.since_earlier(store, scorer, workshop)
    if since is None or since.progress is None:
        reason = "it follows up no earlier workshop" if since is None else since.reason
        raise AnswerError([Problem("workshop", None, workshop.code, reason)])
    if format is Format.json:
        typer.echo(json.dumps(since.progress.model_dump(mode="json"), indent=2))
    else:
        sys.stdout.write(progress_text(since.progress, scorer.pack))


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
    outcome = workshops.import_responses(
        store, workshops.pack_scorer(workshop), workshop, responses
    )
    for problem in outcome.warnings + outcome.problems:
        typer.echo(str(problem), err=True)
    skipped = len(outcome.skipped)
    typer.echo(
        f"{workshop.code}: imported {outcome.imported} responses"
        + (f", skipped {skipped} rows" if skipped else "")
    )
    if skipped:
        raise typer.Exit(1)


@app.command()
def export(
    code: CodeArgument,
    key: KeyOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.csv or .json")],
) -> None:
    """Export pseudonymous responses (CSV) or the team assessment (JSON), from k respondents."""

    workshop, scorer, responses, finished = _sent(code, key, "nothing is exported before")
    suffix = output.suffix.lower()
    if suffix in (".csv", ".xlsx", ".json"):
        _warn_unfit(workshop, workshops.check_responses(scorer, finished)[1])
    if suffix == ".csv":
        output.write_text(
            workshops.responses_csv_text(scorer, finished, workshop.k), encoding="utf-8"
        )
    elif suffix == ".xlsx":
        output.write_bytes(workshops.responses_xlsx(scorer, finished, workshop.k))
    elif suffix == ".json":
        team = workshops.team(scorer, workshop, finished)
        actions = _store().actions(workshop.id)
        said = workshops.room_remarks(_store(), workshop, responses).remarks
        output.write_text(workshops.team_json(team, actions, said), encoding="utf-8")
    else:
        raise AnswerError([Problem(str(output), None, "", "export to a .csv, .xlsx or .json file")])
    typer.echo(f"wrote {output}", file=sys.stdout)


@app.command()
def report(
    code: CodeArgument,
    key: KeyOption,
    output: Annotated[Path, typer.Option("--output", "-o", help="The PDF to write.")],
    paper: PaperOption = Paper.a4,
    brand: BrandOption = None,
    annex: AnnexOption = False,
    lang: LangOption = None,
) -> None:
    """The team report: the consensus assessment and a part on the workshop itself."""
    from dataclasses import replace

    from assessment.report.brand import load_brand
    from assessment.report.render import Renderer

    firm = load_brand(brand)  # a bad brand file fails before any work
    lang = language(lang)
    with i18n.using(lang):
        workshop, scorer, responses, finished = _sent(code, key, "the team report needs", lang)
        result = workshops.team(scorer, workshop, finished)
        _warn_unfit(workshop, result.unfit)
        actions = _store().actions(workshop.id)
        assessed, options = workshops.team_report(scorer, workshop, responses, result, actions)
        rendered = Renderer(scorer.pack).render(
            assessed, replace(options, annex=annex, paper=paper.value, brand=firm)
        )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(rendered.pdf)
    typer.echo(f"wrote {output} ({rendered.pages} pages)")


def _warn_unfit(workshop: Workshop, unfit: dict[str, list[str]]) -> None:
    if unfit:
        typer.echo(f"{workshop.code}: {workshops.unfit_note(unfit)}", err=True)
