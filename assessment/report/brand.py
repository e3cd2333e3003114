"""An optional brand for the report: firm or advisor name, a local logo, an accent colour.

    # brand.yaml
    name: Northbound Advisory
    advisor: Dana Whitfield
    logo: logo.png          # relative to this file; PNG, JPEG or SVG, at most 512 kB
    accent: "#0b5394"

The logo is read here and embedded as a data: URI, so the PDF renderer never opens a file
outside its own assets. A PNG or JPEG must be one (the renderer would otherwise try it as SVG)
of at most `MAX_PIXELS`; an SVG goes through `svg_logo.sanitise`, a bounded parser that keeps
only what a logo needs. The default brand is neutral.

The logo sits on a panel of its own, white or dark, whichever more of its drawn pixels stand
out from, so a white logo and a dark one both stay visible whatever the accent. An accent too
pale to carry the cover's white text is darkened until it does (`colours.readable`); the same
accent colours the headings, the journey and, when it stays apart from the other status
colours, the "ready" bars.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assessment.content.schema.errors import problems_from
from assessment.content.yaml_io import YamlLoadError, load_yaml, read_bytes
from assessment.errors import ContentError, Problem
from assessment.report.colours import DEFAULT_ACCENT, INK, MIN_GRAPHIC, WHITE, contrast, readable
from assessment.report.svg_logo import SvgLogoError, sanitise

MAX_LOGO = 512_000
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}
# what Pillow calls them; a camera's JPEG may be a multi-picture one (MPO)
RASTER_FORMATS = {"image/png": ("PNG",), "image/jpeg": ("JPEG", "MPO")}
MAX_PIXELS = 25_000_000  # a 5000 x 5000 logo; more only costs memory when it is drawn
PANELS = (WHITE, INK)  # the logo's panel: the first that most of the logo stands out from


class BrandFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(default=None, max_length=120)
    advisor: str | None = Field(default=None, max_length=120)
    logo: str | None = Field(default=None, max_length=500)
    accent: str = Field(default=DEFAULT_ACCENT, pattern=r"^#[0-9a-fA-F]{6}$")


class Brand(BaseModel):
    """A checked brand, ready for the templates."""

    model_config = ConfigDict(frozen=True)

    name: str | None = None
    advisor: str | None = None
    logo_uri: str | None = None
    logo_panel: str = WHITE
    accent: str = DEFAULT_ACCENT


def load_brand(path: Path | str | None) -> Brand:
    if path is None:
        return Brand()
    file = Path(path)
    try:
        doc = load_yaml(file)
    except YamlLoadError as exc:
        raise ContentError([exc.problem]) from None
    try:
        spec = BrandFile.model_validate(doc.data or {})
    except ValidationError as exc:
        problems = problems_from(exc, doc, BrandFile)
        fixed = [
            Problem(p.file, p.line, p.where, "expected a colour such as '#0b5394'")
            if p.where == "accent"
            else p
            for p in problems
        ]
        raise ContentError(fixed) from None
    logo_uri, panel = None, WHITE
    if spec.logo:
        logo = (file.parent / spec.logo).resolve()
        where = Problem(doc.file, doc.line(("logo",)), "logo", "")
        mime = LOGO_TYPES.get(logo.suffix.lower())
        if mime is None:
            raise ContentError([_with(where, "the logo must be a .png, .jpg or .svg file")])
        if not logo.exists():
            raise ContentError([_with(where, f"no such file: {spec.logo}")])
        try:
            # a regular file only, read non-blocking and at most one byte past the limit
            raw = read_bytes(logo, spec.logo, MAX_LOGO)
        except YamlLoadError as exc:
            raise ContentError([_with(where, f"{spec.logo} {exc.problem.message}")]) from None
        if len(raw) > MAX_LOGO:
            raise ContentError([_with(where, f"the logo is larger than {MAX_LOGO // 1000} kB")])
        try:
            data = _checked(raw, mime)
        except ValueError as exc:
            raise ContentError([_with(where, f"{spec.logo}: {exc}")]) from None
        logo_uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        panel = logo_panel(data, mime)
    return Brand(
        name=spec.name,
        advisor=spec.advisor,
        logo_uri=logo_uri,
        logo_panel=panel,
        accent=readable(spec.accent),
    )


def logo_panel(data: bytes, mime: str) -> str:
    """The panel colour the logo stands out from: of `PANELS`, the one that the largest share
    of the logo's drawn pixels contrast with by 3:1 or more (the first on a tie). A logo with
    an opaque edge brings its own background and goes on white."""
    image = _pixels(data, mime)
    width, height = image.size
    alpha = image.getchannel("A")
    edge = [(x, 0) for x in range(width)] + [(x, height - 1) for x in range(width)]
    edge += [(0, y) for y in range(height)] + [(width - 1, y) for y in range(height)]
    if sum(1 for xy in edge if alpha.getpixel(xy) == 255) >= 0.9 * len(edge):
        return WHITE
    drawn: list[tuple[int, str]] = []
    for n, rgba in image.getcolors(width * height) or []:
        assert isinstance(rgba, tuple)  # an RGBA image's colours are tuples
        if rgba[3] >= 128:
            drawn.append((n, "#{:02x}{:02x}{:02x}".format(*rgba[:3])))
    total = sum(n for n, _ in drawn) or 1

    def seen(panel: str) -> float:
        return sum(n for n, c in drawn if contrast(c, panel) >= MIN_GRAPHIC) / total

    return max(PANELS, key=lambda panel: (seen(panel), -PANELS.index(panel)))


def _pixels(data: bytes, mime: str) -> Image.Image:
    """The logo as at most 160 x 160 RGBA pixels, colours rounded to 32 steps a channel."""
    if mime == "image/svg+xml":
        import vl_convert

        data = vl_convert.svg_to_png(data.decode("utf-8"))
    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGBA")
    image.thumbnail((160, 160))
    return image.point(lambda v: v // 8 * 8 + 4 if v not in (0, 255) else v)


def _checked(data: bytes, mime: str) -> bytes:
    """The logo as the renderer may see it: SVG rewritten by the bounded parser, a raster
    image checked to be what its name says and of a sensible size."""
    if mime == "image/svg+xml":
        try:
            return sanitise(data)
        except SvgLogoError as exc:
            raise ValueError(str(exc)) from None
    try:
        with Image.open(io.BytesIO(data)) as image:
            found, (width, height) = image.format, image.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        found, width, height = None, 0, 0
    if found not in RASTER_FORMATS[mime]:
        raise ValueError(f"not a {RASTER_FORMATS[mime][0]} image")
    if width * height > MAX_PIXELS:
        raise ValueError(f"{width} x {height} pixels is too large; at most 5000 x 5000")
    return data


def _with(problem: Problem, message: str) -> Problem:
    return Problem(problem.file, problem.line, problem.where, message)
