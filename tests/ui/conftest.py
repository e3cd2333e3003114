from __future__ import annotations

import yaml

from tests.conftest import EXAMPLES, ROOT

APP = str(ROOT / "streamlit_app.py")


def example_answers(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text())
