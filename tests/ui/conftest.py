from __future__ import annotations

from typing import Any

import pytest
import yaml
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from tests.conftest import EXAMPLES, ROOT

APP = str(ROOT / "streamlit_app.py")


def example_answers(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text())


@pytest.fixture
def offered(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The files a page hands to Streamlit for download, by file name."""
    files: dict[str, bytes] = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def recording(self: Any, data: Any, mimetype: str, kind: Any, filename: Any = None) -> str:
        if filename:
            files[filename] = data if isinstance(data, bytes) else str(data).encode()
        return load(self, data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return files
