"""Brand files: name, advisor, a local logo embedded as data, an accent colour."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessment.errors import ContentError
from assessment.report.brand import DEFAULT_ACCENT, load_brand
from assessment.report.context import ReportOptions
from assessment.report.render import Renderer
from tests.conftest import EXAMPLES, TESTDATA

BRAND = TESTDATA / "brand" / "brand.yaml"


def test_the_default_brand_is_neutral() -> None:
    brand = load_brand(None)
    assert (brand.name, brand.advisor, brand.logo_uri, brand.accent) == (
        None,
        None,
        None,
        DEFAULT_ACCENT,
    )


def test_a_brand_reaches_cover_colours_and_metadata(scorer) -> None:
    brand = load_brand(BRAND)
    assert brand.accent == "#0b5394" and brand.logo_uri.startswith("data:image/png;base64,")
    renderer = Renderer(scorer.pack)
    result = renderer.render(
        scorer.assess_file(EXAMPLES / "solo-developer.yaml"), ReportOptions(brand=brand)
    )
    assert "--accent: #0b5394" in result.html
    assert result.warnings == [] and renderer.fetcher.refused == []
    reader = PdfReader(io.BytesIO(result.pdf))
    cover = reader.pages[0]
    assert "Prepared by Northbound Advisory" in cover.extract_text()
    assert "Dana Whitfield" in cover.extract_text()
    assert len(cover.images) == 1
    assert reader.metadata.author == "Northbound Advisory"


@pytest.mark.parametrize(
    ("text", "files", "message"),
    [
        ('accent: "blue"\n', {}, "brand.yaml:1: accent: expected a colour such as '#0b5394'"),
        ("logo: missing.png\n", {}, "brand.yaml:1: logo: no such file: missing.png"),
        (
            "logo: logo.gif\n",
            {"logo.gif": b"GIF89a"},
            "brand.yaml:1: logo: the logo must be a .png, .jpg or .svg file",
        ),
        (
            "logo: big.png\n",
            {"big.png": b"\x89PNG" + b"0" * 600_000},
            "brand.yaml:1: logo: the logo is larger than 512 kB",
        ),
        (
            "colour: red\n",
            {},
            "brand.yaml:1: colour: unknown field 'colour'; allowed here: "
            "accent, advisor, logo, name",
        ),
    ],
)
def test_bad_brand_files_say_what_is_wrong(
    tmp_path: Path, monkeypatch, text, files, message
) -> None:
    (tmp_path / "brand.yaml").write_text(text)
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as err:
        load_brand(Path("brand.yaml"))
    assert [str(p) for p in err.value.problems] == [message]
