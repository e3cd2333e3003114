from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.store_fixtures"]

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = Path(__file__).resolve().parent / "testdata"
MINI = TESTDATA / "packs" / "mini"
DEFAULT_PACK = ROOT / "assessment" / "questionnaires" / "ai-scaling"
EXAMPLES = ROOT / "examples"


def mini_with_required_industry(folder: Path) -> Path:
    """A copy of the mini pack in `folder` whose conditional question regulated_industry (asked
    only of regulated organisations) is required."""
    import shutil

    pack = folder / "mini"
    shutil.copytree(MINI, pack)
    q = pack / "questionnaire.yaml"
    q.write_text(
        q.read_text().replace(
            "choices: [{id: finance, label: Finance}, {id: health, label: Health}]",
            "required: true\n        choices: [{id: finance, label: Finance}, "
            "{id: health, label: Health}]",
        )
    )
    return pack


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen",
        action="store_true",
        default=False,
        help="rewrite expected-output files (golden files) from the current behaviour",
    )


@pytest.fixture(scope="session")
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen"))


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch) -> Path:
    """Each test gets its own embedded SQLite store (the app's tests, in tests/ui and
    tests/security)."""
    monkeypatch.setenv("PIVOTPOINT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PIVOTPOINT_DATABASE_URL", raising=False)
    from assessment.ui import resources

    resources._store.clear()  # a store opened by an earlier test points elsewhere
    return tmp_path


@pytest.fixture(scope="session")
def mini_scorer():
    from assessment.services.scoring import Scorer

    return Scorer(MINI)


@pytest.fixture(scope="session")
def scorer():
    from assessment.services.scoring import Scorer

    return Scorer(DEFAULT_PACK)
