"""The report's colours and charts: contrast against the page, colour-blind readers, shapes as
well as colours, alt text that gives the figures.

The colour-vision check here is written independently of `assessment.report.colours`, from the
published matrices (Machado, Oliveira and Fernandes 2009, severity 1.0), so a slip in the
product's copy does not hide itself."""

from __future__ import annotations

import re
from typing import Any

import jinja2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.report.assets import TEMPLATES_DIR
from assessment.report.charts import (
    BAND_NAMES,
    band_colours,
    readiness_chart,
    readiness_description,
    to_svg,
)
from assessment.report.colours import (
    DEFAULT_ACCENT,
    INK,
    contrast,
    readable,
    ready_colour,
    status_colours,
)
from tests.conftest import EXAMPLES

MACHADO = {
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.01182, 0.04294, 0.968881],
        ]
    ),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
}
ACCENTS = [DEFAULT_ACCENT, "#0b5394", "#9fc5f8", "#c0392b", "#2e7d32", "#ffd400"]
hexes = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


def _linear(colour: str) -> np.ndarray:
    c = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(rgb: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_apart(a: str, b: str, vision: str | None) -> float:
    """CIE76 distance of two colours as a person with `vision` sees them."""
    la, lb = _linear(a), _linear(b)
    if vision:
        la, lb = MACHADO[vision] @ la, MACHADO[vision] @ lb
    return float(np.linalg.norm(_lab(la) - _lab(lb)))


def wcag(a: str, b: str = "#ffffff") -> float:
    def lum(c: str) -> float:
        return float(np.dot([0.2126, 0.7152, 0.0722], _linear(c)))

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def assessments(scorer) -> dict[str, Any]:
    return {p.stem: scorer.assess_file(p) for p in sorted(EXAMPLES.glob("*.yaml"))}


def spec_colours(spec: Any, key: str = "") -> list[tuple[str, str]]:
    """Every (where, colour) the chart's layers draw with: mark colours and scale ranges. The
    grid is left out: it is a guide, not a mark."""
    found: list[tuple[str, str]] = []
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k in ("config", "gridColor"):
                continue
            found += spec_colours(v, k)
    elif isinstance(spec, list):
        for v in spec:
            found += spec_colours(v, key)
    elif isinstance(spec, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", spec):
        found.append((key, spec.lower()))
    return found


# -- contrast ------------------------------------------------------------------------------------


@pytest.mark.parametrize("accent", ACCENTS)
def test_every_mark_of_the_readiness_chart_stands_out_from_the_page(assessments, accent) -> None:
    chart = readiness_chart(assessments["regulated-enterprise"], accent=accent).to_dict()
    colours = spec_colours(chart["layer"])
    bars = set(band_colours(accent).values())
    assert bars <= {c for _, c in colours}, "the bands' colours are not the bars' colours"
    for where, colour in colours:
        if colour == "#ffffff":  # the numbers written inside the bars, white on the bar
            assert all(wcag(colour, bar) >= 4.5 for bar in bars), where
        else:
            assert wcag(colour) >= 3.0, f"{where} {colour} is {wcag(colour):.2f}:1 on white"


def test_the_band_boundaries_are_drawn_and_named(assessments) -> None:
    chart = readiness_chart(assessments["solo-developer"]).to_dict()
    datas = [chart.get("data", {}), *(layer.get("data", {}) for layer in chart["layer"])]
    drawn = [row["at"] for data in datas for row in data.get("values", []) if "at" in row]
    assert sorted(set(drawn)) == [40, 60]
    svg = to_svg(readiness_chart(assessments["solo-developer"]))
    assert "40: getting there" in svg and "60: ready" in svg
    assert "Needs work (below 40)" in svg and "Ready (60 and above)" in svg


# -- colour-blind readers ------------------------------------------------------------------------


@pytest.mark.parametrize("accent", ACCENTS)
@pytest.mark.parametrize("vision", [None, "deuteranopia", "protanopia"])
def test_status_colours_stay_apart_for_colour_blind_readers(accent, vision) -> None:
    colours = sorted(set(status_colours(accent).values()))
    assert len(colours) == 4
    for i, a in enumerate(colours):
        for b in colours[i + 1 :]:
            assert seen_apart(a, b, vision) >= 20, f"{a} and {b} look alike ({vision})"


@given(hexes)
def test_any_accent_gives_a_safe_palette(accent: str) -> None:
    """Whatever accent a brand brings: headings and the cover readable, every status colour
    readable as text, and the four still apart for colour-blind readers."""
    assert contrast(readable(accent)) >= 4.5
    if contrast(accent) >= 4.5:
        assert readable(accent) == accent.lower()
    ready = ready_colour(accent)
    assert ready in (accent.lower(), DEFAULT_ACCENT)
    colours = sorted(set(status_colours(accent).values()))
    assert all(wcag(c) >= 4.5 for c in colours)
    for i, a in enumerate(colours):
        for b in colours[i + 1 :]:
            for vision in (None, *MACHADO):
                assert seen_apart(a, b, vision) >= 19.5  # the product's own CIELAB rounds


def test_each_status_marker_has_its_own_shape() -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)))
    marker = env.get_template("partials/marker.html.j2").module.marker  # type: ignore[attr-defined]
    shapes = {}
    for status in ("crossed-unprepared", "approaching", "crossed-ready", "ahead"):
        svg = str(marker(status, 100, 50, "#123456"))
        shapes[status] = (tuple(re.findall(r"<(\w+)", svg)), "rotate(" in svg)
    assert len(set(shapes.values())) == 4, shapes


# -- alt text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["regulated-enterprise", "small-team-losing-context"])
def test_the_charts_alt_text_gives_every_figure(assessments, renderer_for, name) -> None:
    a = assessments[name]
    svg = to_svg(readiness_chart(a))
    title = re.search(r"<title>(.*?)</title>", svg, re.S)
    assert title and title.group(1) == readiness_description(a).replace("&", "&amp;")
    for d in a.readiness.dimensions:
        shown = d.shown
        assert f"{d.label}: {shown}" in title.group(1)
    for name_ in BAND_NAMES:
        assert name_.lower() in title.group(1)
    journey = renderer_for.journey_svg(a)
    for tall in (False, True):
        journey = renderer_for.journey_svg(a, tall=tall)
        alt = re.search(r"<title>(.*?)</title>", journey, re.S)
        assert alt is not None
        for pp in a.pivot_points:
            assert f"readiness {pp.readiness} of 100" in alt.group(1)
        assert a.stage.id is None or "you are at the" in alt.group(1)


@pytest.fixture(scope="module")
def renderer_for(scorer):
    from assessment.report.render import Renderer

    return Renderer(scorer.pack)


def test_the_ink_of_labels_is_readable() -> None:
    assert wcag(INK) >= 4.5
