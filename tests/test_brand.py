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
    # the firm is named in every footer, not only on the cover
    for page in reader.pages[1:]:
        text = page.extract_text()
        assert "Prepared by Northbound Advisory" in text and "Pivotpoint readiness" not in text


def drawn_share(logo: Path, panel: str) -> float:
    """The share of a logo's drawn pixels that stand out from `panel` by 3:1 or more, worked
    out from the file itself."""
    import numpy as np
    import vl_convert
    from PIL import Image

    data = logo.read_bytes()
    if logo.suffix == ".svg":
        data = vl_convert.svg_to_png(data.decode())
    image = Image.open(io.BytesIO(data)).convert("RGBA")
    pixels = [tuple(p) for p in np.asarray(image).reshape(-1, 4) if p[3] >= 128]

    def lum(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    def luminance(rgb) -> float:
        return 0.2126 * lum(rgb[0]) + 0.7152 * lum(rgb[1]) + 0.0722 * lum(rgb[2])

    back = luminance(tuple(int(panel[i : i + 2], 16) for i in (1, 3, 5)))
    seen = [
        p
        for p in pixels
        if (max(luminance(p), back) + 0.05) / (min(luminance(p), back) + 0.05) >= 3
    ]
    return len(seen) / len(pixels)


@pytest.mark.parametrize(
    ("file", "logo", "panel"),
    [
        ("brand.yaml", "logo.png", "#1d2433"),  # a white logo goes on a dark panel
        ("brand-dark.yaml", "logo-dark.png", "#ffffff"),  # a dark one on white
        ("brand-svg.yaml", "logo.svg", "#1d2433"),  # pale blue and white: dark
    ],
)
def test_the_logo_sits_on_a_panel_it_stands_out_from(scorer, file, logo, panel) -> None:
    brand = load_brand(TESTDATA / "brand" / file)
    assert brand.logo_panel == panel
    assert drawn_share(TESTDATA / "brand" / logo, panel) >= 0.6
    other = "#ffffff" if panel != "#ffffff" else "#1d2433"
    assert drawn_share(TESTDATA / "brand" / logo, panel) > drawn_share(
        TESTDATA / "brand" / logo, other
    )
    html = Renderer(scorer.pack).html(
        scorer.assess_file(EXAMPLES / "solo-developer.yaml"), ReportOptions(brand=brand)
    )
    assert f'<div class="logo-panel" style="background: {panel}"><img class="logo"' in html


def test_the_accent_reaches_headings_and_charts_and_stays_readable(scorer, tmp_path) -> None:
    from assessment.report.colours import contrast

    renderer = Renderer(scorer.pack)
    a = scorer.assess_file(EXAMPLES / "regulated-enterprise.yaml")
    html = renderer.html(a, ReportOptions(brand=load_brand(BRAND)))
    chart = html.split('<figure class="chart">', 1)[1].split("</figure>", 1)[0]
    assert 'fill="#0b5394"' in chart  # the ready bars
    assert "--accent: #0b5394" in html and "--ready: #0b5394" in html
    # a pale accent is darkened until the cover's white text and the headings read on it
    (tmp_path / "brand.yaml").write_text('name: Pale\naccent: "#9FC5F8"\n')
    pale = load_brand(tmp_path / "brand.yaml")
    assert contrast(pale.accent) >= 4.5 and pale.accent != "#9fc5f8"


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
