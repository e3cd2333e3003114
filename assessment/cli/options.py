"""Options that several commands share, so that each reads the same in every --help."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Paper(StrEnum):
    a4 = "a4"
    letter = "letter"


BrandOption = Annotated[
    Path | None,
    typer.Option("--brand", help="Brand file (YAML): name, advisor, logo, accent colour."),
]
PaperOption = Annotated[Paper, typer.Option("--paper", help="Paper size.")]
AnnexOption = Annotated[
    bool,
    typer.Option(
        "--annex",
        help="Add the annex: every answer, the steps for later and the rule trace.",
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        help="Language of the output: en (English, the default) or de (German). The answers "
        "are the same in every language.",
    ),
]


def language(lang: str | None) -> str:
    """The language `--lang` names; an unknown one stops the command with a message."""
    from assessment import i18n

    if lang is not None and not i18n.known(lang):
        choices = ", ".join(f"{code} ({name})" for code, name in i18n.LANGUAGES.items())
        typer.echo(
            f"--lang {lang}: not a language Pivotpoint speaks; choose one of {choices}", err=True
        )
        raise typer.Exit(1)
    return i18n.normalise(lang)
