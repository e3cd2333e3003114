"""SVG brand logos: a bounded parser refuses what could multiply the drawing or load anything,
and what it accepts is the tree it checked, written anew (issue 9, item 5)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from assessment.errors import ContentError
from assessment.report.brand import load_brand
from assessment.report.context import ReportOptions
from assessment.report.render import Renderer
from assessment.report.svg_logo import MAX_ELEMENTS, sanitise
from tests.conftest import EXAMPLES, TESTDATA

SVG = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
RECT = '<rect width="1" height="1"/>'


def use_amplifier(levels: int = 10, fan: int = 4) -> bytes:
    """The kind of 881-byte logo that took 253 s and 1 GB: each level draws the one below
    `fan` times, so ten levels of four ask for a million rectangles."""
    ids = "abcdefghijklmnopqrstuvwxyz"
    groups = ['<g id="a"><rect width="1" height="1"/></g>']
    for level in range(1, levels + 1):
        uses = f'<use href="#{ids[level - 1]}"/>' * fan
        groups.append(f'<g id="{ids[level]}">{uses}</g>')
    top = f'<use href="#{ids[levels]}"/>'
    return f'<svg xmlns="http://www.w3.org/2000/svg">{"".join(groups)}{top}</svg>'.encode()


ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>'
)


def mask_chain(levels: int = 12) -> bytes:
    """Masks that apply masks: each level draws the one below twice."""
    masks = ['<mask id="m0"><rect width="9" height="9" fill="#fff"/></mask>']
    for level in range(1, levels + 1):
        inner = f'<rect width="9" height="9" mask="url(#m{level - 1})"/>' * 2
        masks.append(f'<mask id="m{level}">{inner}</mask>')
    body = f'<rect width="9" height="9" mask="url(#m{levels})"/>'
    return f"<svg {SVG}><defs>{''.join(masks)}</defs>{body}</svg>".encode()


def wide_clip(users: int = 1_500, paths: int = 400) -> bytes:
    """One clip path of many elements applied to many: within the element cap, but far more
    drawn."""
    clip = "".join(f'<rect x="{i}" width="1" height="1"/>' for i in range(paths))
    body = '<rect width="9" height="9" clip-path="url(#c)"/>' * users
    return f'<svg {SVG}><clipPath id="c">{clip}</clipPath>{body}</svg>'.encode()


HOSTILE = [
    # (name, logo bytes, the message after 'brand.yaml:1: logo: logo.svg: ')
    (
        "use-amplifier",
        use_amplifier(),
        "line 1: <use> is not accepted in a logo (allowed: shapes, paths, text, groups, "
        "gradients, clip paths and masks); simplify the drawing or use a PNG",
    ),
    (
        "entity-bomb",
        ENTITY_BOMB,
        "a DOCTYPE or entity declaration is not allowed in an SVG logo",
    ),
    (
        "doctype-in-utf16",
        ENTITY_BOMB.replace(b'<?xml version="1.0"?>', b"").decode().encode("utf-16"),
        "an SVG logo must be UTF-8 text",
    ),
    (
        "external-image",
        f'<svg {SVG}><image href="http://127.0.0.1:9/x.png" width="9" height="9"/></svg>'.encode(),
        "line 1: <image> is not accepted in a logo (allowed: shapes, paths, text, groups, "
        "gradients, clip paths and masks); simplify the drawing or use a PNG",
    ),
    (
        "external-gradient",
        f'<svg {SVG}><linearGradient id="g" xlink:href="file:///etc/passwd"/></svg>'.encode(),
        "line 1: <linearGradient> refers to 'file:///etc/passwd'; a logo may refer only to "
        "gradients inside its own file",
    ),
    (
        "external-fill",
        f'<svg {SVG}>\n<rect width="9" height="9" fill="url(http://127.0.0.1:9/p#a)"/></svg>'.encode(),
        "line 2: <rect> refers to 'http://127.0.0.1:9/p#a'; a logo may refer only to parts "
        "of its own file",
    ),
    (
        "style-import",
        f'<svg {SVG}><style>@import url("http://127.0.0.1:9/x.css");</style></svg>'.encode(),
        "line 1: a logo's style may not use at-rules such as @import or @font-face",
    ),
    # found in review: CSS escapes spelt what the plain-text checks look for
    (
        "style-escaped-import",
        f'<svg {SVG}><style>@\\69mport "http://127.0.0.1:9/x.css";</style></svg>'.encode(),
        "line 1: a logo's style may not use at-rules such as @import or @font-face",
    ),
    (
        "style-escaped-url",
        f"<svg {SVG}><style>rect {{fill: u\\72l(http://127.0.0.1:9/p)}}</style></svg>".encode(),
        "line 1: a logo's style may not use CSS escapes (\\)",
    ),
    (
        "attribute-escaped-url",
        f'<svg {SVG}><rect style="fill: u\\72l(http://127.0.0.1:9/p)"/></svg>'.encode(),
        "line 1: a logo's style may not use CSS escapes (\\)",
    ),
    (
        "script",
        f"<svg {SVG}><script>alert(1)</script></svg>".encode(),
        "line 1: <script> is not accepted in a logo (allowed: shapes, paths, text, groups, "
        "gradients, clip paths and masks); simplify the drawing or use a PNG",
    ),
    (
        "foreign-object",
        f"<svg {SVG}><foreignObject><p>x</p></foreignObject></svg>".encode(),
        "line 1: <foreignObject> is not accepted in a logo (allowed: shapes, paths, text, "
        "groups, gradients, clip paths and masks); simplify the drawing or use a PNG",
    ),
    (
        "many-elements",
        f"<svg {SVG}>{RECT * (MAX_ELEMENTS + 1)}</svg>".encode(),
        "line 1: the logo has more than 2,000 elements",
    ),
    (
        "deep-nesting",
        f"<svg {SVG}>{'<g>' * 40}{'</g>' * 40}</svg>".encode(),
        "line 1: the logo nests elements more than 32 deep",
    ),
    (
        "mask-chain",
        mask_chain(),
        "line 1: <rect> mask: clip paths and masks are applied by attribute, and not inside "
        "another clip path or mask",
    ),
    (
        "wide-clip",
        wide_clip(),
        "line 1: <rect> clip-path: the logo draws more than 10,000 elements once its clip "
        "paths and masks are applied; simplify it or use a PNG",
    ),
    (
        "gradient-loop",
        f'<svg {SVG}><linearGradient id="a" xlink:href="#b"/>'
        f'<linearGradient id="b" xlink:href="#a"/></svg>'.encode(),
        "line 1: <linearGradient> href: a gradient may build on one that builds on none",
    ),
    (
        "not-xml",
        b"<svg><g></svg>",
        "line 1: not well-formed SVG (mismatched tag)",
    ),
]


def write_brand(tmp_path: Path, logo: bytes, name: str = "logo.svg") -> Path:
    (tmp_path / name).write_bytes(logo)
    brand = tmp_path / "brand.yaml"
    brand.write_text(f"logo: {name}\n")
    return brand


@pytest.mark.parametrize(("name", "logo", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_svg_logos_are_refused_quickly_with_a_reason(
    tmp_path: Path, monkeypatch, name: str, logo: bytes, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_brand(tmp_path, logo)
    started = time.perf_counter()
    with pytest.raises(ContentError) as err:
        load_brand(Path("brand.yaml"))
    assert time.perf_counter() - started < 1.0
    assert [str(p) for p in err.value.problems] == [f"brand.yaml:1: logo: logo.svg: {message}"]


def test_the_use_amplifier_is_as_small_as_the_one_reported() -> None:
    assert len(use_amplifier()) <= 900


def test_an_svg_named_png_is_refused_since_the_renderer_would_read_it_as_svg(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_brand(tmp_path, use_amplifier(), name="logo.png")
    with pytest.raises(ContentError) as err:
        load_brand(Path("brand.yaml"))
    assert [str(p) for p in err.value.problems] == ["brand.yaml:1: logo: logo.png: not a PNG image"]


def test_a_raster_logo_of_too_many_pixels_is_refused(tmp_path: Path, monkeypatch) -> None:
    out = io.BytesIO()
    Image.new("1", (6000, 6000)).save(out, "PNG")  # a few kB of PNG, 36 million pixels
    monkeypatch.chdir(tmp_path)
    write_brand(tmp_path, out.getvalue(), name="logo.png")
    with pytest.raises(ContentError) as err:
        load_brand(Path("brand.yaml"))
    assert [str(p) for p in err.value.problems] == [
        "brand.yaml:1: logo: logo.png: 6000 x 6000 pixels is too large; at most 5000 x 5000"
    ]


def test_an_editor_made_svg_logo_is_kept_drawn_and_stripped_of_what_draws_nothing(
    scorer,
) -> None:
    raw = (TESTDATA / "brand" / "logo.svg").read_bytes()
    clean = sanitise(raw).decode()
    for kept in (
        "<linearGradient",
        'xlink:href="#stops"',
        'clip-path="url(#round)"',
        ">Northbound<",
    ):
        assert kept in clean
    for dropped in ("inkscape", "sodipodi", "metadata", "rdf:", "<!--"):
        assert dropped not in clean and dropped in raw.decode()
    assert sanitise(clean.encode()).decode() == clean  # what it writes, it accepts as is

    brand = load_brand(TESTDATA / "brand" / "brand-svg.yaml")
    assert brand.logo_uri and brand.logo_uri.startswith("data:image/svg+xml;base64,")
    renderer = Renderer(scorer.pack)
    result = renderer.render(
        scorer.assess_file(EXAMPLES / "solo-developer.yaml"), ReportOptions(brand=brand)
    )
    assert result.warnings == [] and renderer.fetcher.refused == []
    cover = PdfReader(io.BytesIO(result.pdf)).pages[0]
    assert "/XObject" in cover["/Resources"]  # the logo is drawn as a vector form


def test_a_jpeg_logo_is_accepted_and_a_png_named_jpg_is_not(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "#0b5394").save(out, "JPEG")
    write_brand(tmp_path, out.getvalue(), name="logo.jpg")
    assert load_brand(Path("brand.yaml")).logo_uri.startswith("data:image/jpeg;base64,")
    write_brand(tmp_path, (TESTDATA / "brand" / "logo.png").read_bytes(), name="logo.jpg")
    with pytest.raises(ContentError) as err:
        load_brand(Path("brand.yaml"))
    assert [str(p) for p in err.value.problems] == [
        "brand.yaml:1: logo: logo.jpg: not a JPEG image"
    ]


def test_a_fifo_logo_is_refused_at_once_instead_of_hanging(tmp_path: Path, monkeypatch) -> None:
    import os

    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "logo.svg")
    (tmp_path / "brand.yaml").write_text("logo: logo.svg\n")
    started = time.perf_counter()
    with pytest.raises(ContentError) as err:
        load_brand(Path("brand.yaml"))
    assert time.perf_counter() - started < 1.0
    assert [str(p) for p in err.value.problems] == [
        "brand.yaml:1: logo: logo.svg is a named pipe (FIFO), not a regular file; give a file"
    ]
