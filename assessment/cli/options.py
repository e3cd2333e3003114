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
