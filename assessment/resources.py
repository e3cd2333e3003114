"""Where the package's own data lives: the default pack, the report's templates and fonts.

Found with `importlib.resources`, so an installed wheel finds them wherever it was installed and
from whatever folder it runs. The package must be installed as files (a wheel or an editable
checkout), not imported from a zip archive: WeasyPrint, the font loader and the pack loader read
real paths.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_path(*parts: str) -> Path:
    """The path of `parts` inside the installed `assessment` package."""
    place = files("assessment").joinpath(*parts)
    if not isinstance(place, Path):  # pragma: no cover - only a zip import gets here
        raise RuntimeError(
            "the assessment package must be installed as files, not imported from a zip archive"
        )
    return place


DEFAULT_PACK = package_path("questionnaires", "ai-scaling")
TEMPLATES_DIR = package_path("report", "templates")
FONTS_DIR = package_path("report", "templates", "fonts")
