"""Charts: one Altair spec serves the app (interactive) and the PDF (SVG via vl-convert).

Colours are one blue hue in three lightness steps, and every bar carries its number, so the
charts read the same when printed in greyscale.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from typing import Any

import altair as alt

from assessment.engine.result import Assessment
from assessment.report.assets import FONTS_DIR

FONT = "Inter"
READY = 60  # the readiness at which a pivot point counts as ready
BANDS = [("Needs work", "#c9d6ea"), ("Getting there", "#6f8fbf"), ("Ready", "#1f3a68")]


def band(score: int | None) -> str:
    if score is None:
        return "Not judged"
    if score < 40:
        return BANDS[0][0]
    if score < READY:
        return BANDS[1][0]
    return BANDS[2][0]


def readiness_chart(
    assessment: Assessment, accent: str | None = None, width: int = 420
) -> alt.LayerChart:
    """Horizontal bars, one a dimension, with the ready line at 60."""
    rows = [
        {
            "dimension": d.label,
            "score": d.score if d.score is not None else 0,
            "shown": "n/a" if d.score is None else str(d.score),
            "band": band(d.score),
            "order": i,
        }
        for i, d in enumerate(assessment.readiness.dimensions)
    ]
    colours = [c for _, c in BANDS]
    if accent:
        colours[-1] = accent
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    y = alt.Y(
        "dimension:N",
        sort=[str(r["dimension"]) for r in rows],
        title=None,
        axis=alt.Axis(labelLimit=200, ticks=False, domain=False, labelPadding=6),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(height=14, cornerRadiusEnd=2)
        .encode(
            x=alt.X(
                "score:Q",
                scale=alt.Scale(domain=[0, 100]),
                title="Readiness (0-100)",
                axis=alt.Axis(values=[0, 20, 40, 60, 80, 100], grid=True, gridColor="#e4e7ec"),
            ),
            y=y,
            color=alt.Color(
                "band:N",
                title=None,
                scale=alt.Scale(domain=[b for b, _ in BANDS], range=colours),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
        )
    )
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=4, fontSize=10, color="#1d2433")
        .encode(x="score:Q", y=y, text="shown:N")
    )
    rule = (
        alt.Chart(alt.Data(values=[{"ready": READY}]))  # type: ignore[no-untyped-call]
        .mark_rule(strokeDash=[4, 3], color="#1d2433", strokeWidth=1)
        .encode(x="ready:Q")
    )
    layered: alt.LayerChart = (bars + labels + rule).properties(width=width, height=alt.Step(22))
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
            "labelColor": "#1d2433",
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
    return svg.replace("<svg ", '<svg role="img" ', 1)
