"""Charts: one Altair spec serves the app (interactive) and the PDF (SVG via vl-convert).

A bar's colour says its band (needs work, getting there, ready) in the report's status colours
(`assessment.report.colours`): each stands out from the page by at least 3:1 and stays apart
for colour-blind readers, and every bar also carries its number and its band in words, so the
chart reads the same in greyscale. The band boundaries, 40 and 60, are drawn and named. The
chart's description, with every figure it shows, is its alt text in the app and the PDF.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from typing import Any
from xml.sax.saxutils import escape

import altair as alt

from assessment.engine.result import Assessment
from assessment.report.assets import FONTS_DIR
from assessment.report.colours import APPROACHING, DEFAULT_ACCENT, INK, UNPREPARED, ready_colour

FONT = "Inter"
GETTING_THERE = 40  # below it a dimension needs work
READY = 60  # the readiness at which a pivot point counts as ready
NEEDS_WORK, ON_THE_WAY, IS_READY = "Needs work", "Getting there", "Ready"
BAND_NAMES = (NEEDS_WORK, ON_THE_WAY, IS_READY)
# what each band covers, for the legend and the alt text
BAND_RANGES = {
    NEEDS_WORK: f"below {GETTING_THERE}",
    ON_THE_WAY: f"{GETTING_THERE} to {READY - 1}",
    IS_READY: f"{READY} and above",
}
INSIDE_FROM = 10


def band(score: int | None) -> str:
    if score is None:
        return "Not judged"
    if score < GETTING_THERE:
        return NEEDS_WORK
    if score < READY:
        return ON_THE_WAY
    return IS_READY


def band_colours(accent: str = DEFAULT_ACCENT) -> dict[str, str]:
    """The colour of each band: the statuses' colours, "ready" in the accent when it is safe."""
    return {NEEDS_WORK: UNPREPARED, ON_THE_WAY: APPROACHING, IS_READY: ready_colour(accent)}


def readiness_description(assessment: Assessment) -> str:
    """The chart in words, every figure included: its alt text."""
    parts = []
    for d in assessment.readiness.dimensions:
        if d.score is None:
            parts.append(f"{d.label}: {d.shown}")
        else:
            parts.append(f"{d.label}: {d.score} ({band(d.score).lower()})")
    bands = "; ".join(f"{name.lower()} {BAND_RANGES[name]}" for name in BAND_NAMES)
    return (
        f"Bar chart of readiness by dimension, from 0 to 100 ({bands}). " + "; ".join(parts) + "."
    )


def readiness_chart(
    assessment: Assessment, accent: str | None = None, width: int = 380
) -> alt.LayerChart:
    """Horizontal bars, one a dimension, with the band boundaries at 40 and 60."""
    rows = [
        {
            "dimension": d.label,
            "score": d.score if d.score is not None else 0,
            "shown": "n/a" if d.score is None else str(d.score),
            "band": band(d.score) if d.score is not None else "Not scored",
            # a number fits inside its bar from this length on, in white
            "inside": d.score is not None and d.score >= INSIDE_FROM,
        }
        for d in assessment.readiness.dimensions
    ]
    colours = band_colours(accent or DEFAULT_ACCENT)
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    y = alt.Y(
        "dimension:N",
        sort=[str(r["dimension"]) for r in rows],
        title=None,
        axis=alt.Axis(labelLimit=200, ticks=False, domain=False, labelPadding=6),
    )
    x = alt.X(
        "score:Q",
        scale=alt.Scale(domain=[0, 100]),
        title="Readiness (0-100)",
        axis=alt.Axis(values=[0, 20, 40, 60, 80, 100], grid=True, gridColor="#e4e7ec"),
    )
    ranges = json.dumps({name: f"{name} ({BAND_RANGES[name]})" for name in BAND_NAMES})
    limits = alt.Data(  # type: ignore[no-untyped-call]
        values=[
            {"at": GETTING_THERE, "name": f"{GETTING_THERE}: getting there", "dash": "dot"},
            {"at": READY, "name": f"{READY}: ready", "dash": "dash"},
        ]
    )
    # the boundaries first, so the bars are drawn over them and no number is struck through
    rules = (
        alt.Chart(limits)
        .mark_rule(color=INK, strokeWidth=1)
        .encode(
            x=alt.X("at:Q", scale=alt.Scale(domain=[0, 100])),
            strokeDash=alt.StrokeDash(
                "dash:N",
                scale=alt.Scale(domain=["dot", "dash"], range=[[1, 3], [4, 3]]),
                legend=None,
            ),
        )
    )
    rule_names = (
        alt.Chart(limits)
        .mark_text(align="left", dx=3, dy=-3, baseline="bottom", fontSize=9, color=INK)
        .encode(x="at:Q", y=alt.value(0), text="name:N")
    )
    bars = (
        alt.Chart(data)
        .mark_bar(height=14, cornerRadiusEnd=2)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "band:N",
                title=None,
                scale=alt.Scale(domain=list(BAND_NAMES), range=list(colours.values())),
                legend=alt.Legend(
                    orient="bottom",
                    direction="horizontal",
                    labelExpr=f"{ranges}[datum.label]",
                    labelLimit=200,
                ),
            ),
        )
    )
    inside = (
        alt.Chart(data)
        .transform_filter("datum.inside")
        .mark_text(align="right", dx=-4, fontSize=10, fontWeight=600, color="#ffffff")
        .encode(x="score:Q", y=y, text="shown:N")
    )
    outside = (
        alt.Chart(data)
        .transform_filter("!datum.inside")
        .mark_text(align="left", dx=4, fontSize=10, color=INK)
        .encode(x="score:Q", y=y, text="shown:N")
    )
    # the band in words beside each bar, right of the scale: colour is never the only sign
    names = (
        alt.Chart(data)
        .mark_text(align="left", dx=8, fontSize=10, color=INK)
        .encode(x=alt.datum(100), y=y, text="band:N")
    )
    layered: alt.LayerChart = (rules + rule_names + bars + inside + outside + names).properties(
        width=width, height=alt.Step(22), description=readiness_description(assessment)
    )
    return layered


def theme_config() -> dict[str, Any]:
    return {
        "font": FONT,
        "background": None,
        "view": {"stroke": None},
        "axis": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 10,
            "titleFontSize": 10,
            "labelColor": INK,
            "titleColor": "#4a5468",
        },
        "legend": {"labelFont": FONT, "labelFontSize": 10, "symbolType": "square"},
    }


@functools.lru_cache(maxsize=1)
def _fonts_registered() -> bool:
    import vl_convert

    vl_convert.register_font_directory(str(FONTS_DIR))
    return True


def to_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as an inline SVG element; text stays text, nothing is fetched."""
    spec = chart.to_dict()
    spec["config"] = {**theme_config(), **spec.get("config", {})}
    return _svg(json.dumps(spec, sort_keys=True))


@functools.lru_cache(maxsize=128)
def _svg(spec: str) -> str:
    """Converting takes about 0.1 s; the same scores give the same chart, so it is cached."""
    import vl_convert

    _fonts_registered()
    svg: str = vl_convert.vegalite_to_svg(json.loads(spec), allowed_base_urls=[])
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    # vl-convert numbers clip paths per process (clip0, clip1, ...): make the ids depend on
    # the chart alone, so the same scores give the same SVG and two charts never collide.
    prefix = hashlib.sha256(spec.encode()).hexdigest()[:8]
    order: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        return order.setdefault(match.group(0), f"clip-{prefix}-{len(order)}")

    svg = re.sub(r"\bclip\d+\b", rename, svg)
    # the description is the alt text: a screen reader reads the title, and so does the PDF's
    # structure tree (WeasyPrint takes a figure's alternate text from its SVG title)
    alt_text = escape(str(json.loads(spec).get("description") or "Chart"), {'"': "&quot;"})
    svg = re.sub(r"<svg\b[^>]*>", lambda m: f"{m.group(0)}<title>{alt_text}</title>", svg, count=1)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{alt_text}" ', 1)
