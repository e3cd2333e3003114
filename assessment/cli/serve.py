"""`assessment app`: start the Streamlit app of the installed package, from any folder.

Streamlit reads `.streamlit/config.toml` from the working folder only, so an installed package
passes its own settings (assessment/ui/streamlit_config.toml, the file that the checkout's
`.streamlit/config.toml` links to) as command-line options. Options given after `app` are handed
to `streamlit run` as they are and win over the packaged ones.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Any

from assessment.resources import package_path

# beside no `pages` folder: Streamlit would take one for its own automatic pages, and a deep
# link (/results?r=...) opened first on a fresh server would run that page without the app
ENTRY = package_path("entry.py")
CONFIG = package_path("ui", "streamlit_config.toml")


def _flag(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def streamlit_options(config: Path = CONFIG) -> list[str]:
    """Every setting of `config` as `--section.option=value`, in the file's order."""
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    return [
        f"--{section}.{name}={_flag(value)}"
        for section, options in data.items()
        for name, value in options.items()
    ]


def command(extra: list[str]) -> list[str]:
    """The `streamlit run` command line for the packaged app."""
    return [sys.executable, "-m", "streamlit", "run", str(ENTRY), *streamlit_options(), *extra]


def run(extra: list[str]) -> None:
    """Replace this process with the app server (no Python process left waiting around it)."""
    argv = command(extra)
    os.execv(argv[0], argv)
