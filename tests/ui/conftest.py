from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT

APP = str(ROOT / "streamlit_app.py")


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    """Each test gets its own embedded SQLite store."""
    monkeypatch.setenv("PIVOTPOINT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PIVOTPOINT_DATABASE_URL", raising=False)
    from assessment.ui import resources

    resources._store.clear()  # a store opened by an earlier test points elsewhere
    return tmp_path


def example_answers(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text())
