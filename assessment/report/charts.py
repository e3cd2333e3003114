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
import pandas as pd

from assessment.content.schema.common import SEVERITIES
from assessment.engine.result import Assessment
from assessment.i18n import N_, SOURCE, _, language, lower, ngettext
from assessment.kinds.next_steps import LATER, effort_label, finding_severities, horizon_label
from assessment.report.assets import FONTS_DIR
from assessment.report.colours import (
    AHEAD,
    APPROACHING,
    DEFAULT_ACCENT,
    INK,
    UNPREPARED,
    WHITE,
    ready_colour,
)

FONT = "Inter"
GETTING_THERE = 40  # below it a dimension needs work
READY = 60  # the readiness at which a pivot point counts as ready
# the bands' names, in English: the keys of the colours and ranges; `band_label` translates one
NEEDS_WORK, ON_THE_WAY, IS_READY = N_("Needs work"), N_("Getting there"), N_("Ready")
BAND_NAMES = (NEEDS_WORK, ON_THE_WAY, IS_READY)
NO_BAND = N_("Not judged")
# what each band covers, for the legend and the alt text (in English; `band_range` translates)
BAND_RANGES = {
    NEEDS_WORK: f"below {GETTING_THERE}",
    ON_THE_WAY: f"{GETTING_THERE} to {READY - 1}",
    IS_READY: f"{READY} and above",
}
INSIDE_FROM = 10


def band_label(name: str) -> str:
    """A band's name (one of `BAND_NAMES`, or "Not judged") in the current language."""
    return _(name)


def band_range(name: str) -> str:
    """What a band covers ("40 to 59") in the current language; empty for no band."""
    if name == NEEDS_WORK:
        return _("below {low}").format(low=GETTING_THERE)
    if name == ON_THE_WAY:
        return _("{low} to {high}").format(low=GETTING_THERE, high=READY - 1)
    if name == IS_READY:
        return _("{low} and above").format(low=READY)
    return ""


def band(score: int | None) -> str:
    """The band of a score, by its English name (a key of `BAND_RANGES`); `band_label` words
    it for a reader."""
    if score is None:
        return NO_BAND
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
            # translators: a dimension's bar in the chart's alt text: "Delivery: 54 (getting there)"
            parts.append(
                _("{dimension}: {score} ({band})").format(
                    dimension=d.label, score=d.score, band=lower(band_label(band(d.score)))
                )
            )
    # translators: a band and what it covers, in the chart's alt text: "getting there 40 to 59"
    named = _("{band} {range}")
    bands = "; ".join(
        named.format(band=lower(band_label(name)), range=band_range(name)) for name in BAND_NAMES
    )
    return _("Bar chart of readiness by dimension, from 0 to 100 ({bands}). {dimensions}.").format(
        bands=bands, dimensions="; ".join(parts)
    )


def readiness_chart(
    assessment: Assessment, accent: str | None = None, width: int = 380
) -> alt.LayerChart:
    """Horizontal bars, one a dimension, with the band boundaries at 40 and 60."""
    rows = [
        {
            "dimension": d.label,
            "score": d.score if d.score is not None else 0,
            # translators: a chart's bar with no score
            "shown": _("n/a") if d.score is None else str(d.score),
            "band": band_label(band(d.score)) if d.score is not None else _("Not scored"),
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
        title=_("Readiness (0-100)"),
        axis=alt.Axis(values=[0, 20, 40, 60, 80, 100], grid=True, gridColor="#e4e7ec"),
    )
    # translators: a band in the chart's legend: "Getting there (40 to 59)"
    in_legend = _("{band} ({range})")
    ranges = json.dumps(
        {
            band_label(name): in_legend.format(band=band_label(name), range=band_range(name))
            for name in BAND_NAMES
        }
    )
    limits = alt.Data(  # type: ignore[no-untyped-call]
        values=[
            {
                "at": GETTING_THERE,
                # translators: the name of a boundary line on the readiness chart
                "name": _("{at}: getting there").format(at=GETTING_THERE),
                "dash": "dot",
            },
            {
                "at": READY,
                # translators: the name of a boundary line on the readiness chart
                "name": _("{at}: ready").format(at=READY),
                "dash": "dash",
            },
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
                scale=alt.Scale(
                    domain=[band_label(name) for name in BAND_NAMES], range=list(colours.values())
                ),
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


# -- the action plan: effort against impact -------------------------------------------------------
# a finding answered counts by its severity; one not among the severities (a metric or pattern
# recommended) counts as low
IMPACT_WEIGHTS = {"low": 1, "medium": 2, "high": 3}
EFFORT_ORDER = ("S", "M", "L")
# the plan's windows, each drawn in its own shape as well as named
WINDOW_SHAPES = {"30d": "circle", "60d": "square", "90d": "triangle-up"}


def step_impacts(assessment: Assessment) -> dict[str, int]:
    """Each planned step's impact: the findings it answers, weighted by their severity."""
    severities = finding_severities(
        {
            "pivot_points": assessment.pivot_points,
            "mistakes": assessment.mistakes,
            "compliance": assessment.compliance,
            "patterns": assessment.patterns,
        }
    )
    weight = [IMPACT_WEIGHTS[s] for s in SEVERITIES]
    return {
        s.rule: sum(weight[severities[f]] if f in severities else 1 for f in s.addresses)
        for s in assessment.next_steps
        if s.horizon != LATER
    }


def plan_points(assessment: Assessment) -> list[dict[str, Any]]:
    """One point a planned step, numbered as in the plan; steps sharing a place share a label."""
    impacts = step_impacts(assessment)
    planned = [s for s in assessment.next_steps if s.horizon != LATER]
    points: list[dict[str, Any]] = []
    for n, s in enumerate(planned, 1):
        points.append(
            {
                "step": n,
                "title": s.title,
                "effort": s.effort,
                "effort_name": effort_label(s.effort),
                "impact": impacts[s.rule],
                "window": horizon_label(s.horizon),
                "horizon": s.horizon,
            }
        )
    for p in points:
        same = [
            q["step"] for q in points if (q["effort"], q["impact"]) == (p["effort"], p["impact"])
        ]
        p["label"] = ", ".join(str(n) for n in same)
        p["first"] = p["step"] == same[0]
    return points


def plan_description(assessment: Assessment) -> str:
    """The effort and impact picture in words, every step included: its alt text."""
    points = plan_points(assessment)
    # translators: one step in the effort and impact chart's alt text
    step = _("step {n}, {title}: effort {effort}, impact {impact}")
    steps = "; ".join(
        step.format(n=p["step"], title=p["title"], effort=p["effort_name"], impact=p["impact"])
        for p in points
    )
    return ngettext(
        "Chart of the {n} planned step by effort (small, medium, large) and impact (the "
        "findings each answers, weighted by severity: high 3, medium 2, low 1). {steps}.",
        "Chart of the {n} planned steps by effort (small, medium, large) and impact (the "
        "findings each answers, weighted by severity: high 3, medium 2, low 1). {steps}.",
        len(points),
    ).format(n=len(points), steps=f"{steps[0].upper()}{steps[1:]}")


EFFORT_UNITS = {"S": 1, "M": 2, "L": 3}
# a plan of fewer steps needs no picture
PLAN_CHART_FROM = 2


def plan_reading(assessment: Assessment) -> str:
    """What to take from the picture: the step that answers most, and the best value for effort
    when that is another step."""
    points = plan_points(assessment)
    if len(points) < PLAN_CHART_FROM:
        return ""
    most = max(points, key=lambda p: (p["impact"], -p["step"]))
    value = max(points, key=lambda p: (p["impact"] / EFFORT_UNITS[p["effort"]], -p["step"]))
    said = _("Step {n}, “{title}”, answers the most ({effort} effort).").format(
        n=most["step"], title=most["title"], effort=most["effort_name"]
    )
    if value is most:
        return _("{said} No other step gives more for its effort.").format(said=said)
    return _("{said} Step {n}, “{title}”, gives the most for its effort ({effort}).").format(
        said=said, n=value["step"], title=value["title"], effort=value["effort_name"]
    )


def plan_chart(
    assessment: Assessment, accent: str | None = None, width: int = 300
) -> alt.LayerChart:
    """Effort across, impact up: the steps worth most for the least effort sit top left.
    Each point carries its step number; its shape says its window."""
    points = plan_points(assessment)
    top = max([p["impact"] for p in points], default=1) + 1
    data = alt.Data(values=points)  # type: ignore[no-untyped-call]
    x = alt.X(
        "effort:O",
        scale=alt.Scale(domain=list(EFFORT_ORDER), padding=0.5),
        title=_("Effort (S small, M medium, L large)"),
        axis=alt.Axis(labelAngle=0, ticks=False, domain=False),
    )
    y = alt.Y(
        "impact:Q",
        scale=alt.Scale(domain=[0, top], nice=False),
        title=_("Impact (by severity)"),
        axis=alt.Axis(tickMinStep=1, format="d", grid=True, gridColor="#e4e7ec"),
    )
    windows = [horizon_label(h) for h in WINDOW_SHAPES]
    dots = (
        alt.Chart(data)
        .mark_point(size=120, filled=True, opacity=1, color=ready_colour(accent or DEFAULT_ACCENT))
        .encode(
            x=x,
            y=y,
            shape=alt.Shape(
                "window:N",
                title=None,
                scale=alt.Scale(domain=windows, range=list(WINDOW_SHAPES.values())),
                legend=alt.Legend(orient="bottom", direction="horizontal", symbolFillColor=INK),
            ),
            tooltip=_plan_tooltip(),
        )
    )
    labels = (
        alt.Chart(data)
        .transform_filter("datum.first")
        .mark_text(align="left", dx=9, fontSize=10, fontWeight=600, color=INK)
        .encode(x=x, y=y, text="label:N")
    )
    layered: alt.LayerChart = (dots + labels).properties(
        width=width, height=130, description=plan_description(assessment)
    )
    return layered


def _plan_tooltip() -> list[Any]:
    """The plan chart's tooltip: its fields by name in English (the spec, and so the chart's
    SVG, stays as it was), each titled in the reader's language otherwise."""
    fields = ["step:Q", "title:N", "effort_name:N", "impact:Q", "window:N"]
    if language() == SOURCE:
        return list(fields)
    # translators: the titles of the plan chart's tooltip: a step's number, title, effort,
    # impact and window
    titles = [_("step"), _("title"), _("effort"), _("impact"), _("window")]
    return [alt.Tooltip(f, title=t) for f, t in zip(fields, titles, strict=True)]


def answer_bars(
    names: list[str], people: list[int], answered: int, title: str | None = None
) -> alt.LayerChart:
    """How many people gave each answer: one bar an answer, in the question's order, on a
    fixed scale from 0 to everyone who answered (so a 1/1/1 split draws three short bars, not
    three full ones), each with its count beside it, readable without colour. One spec for
    the facilitator's dashboard wherever it draws a distribution."""
    data = pd.DataFrame({"answer": names, "people": people})
    x_scale = alt.Scale(domain=[0, max(answered, max(people, default=0), 1)], nice=False)
    y = alt.Y("answer:N", sort=names, title=title, axis=alt.Axis(labelLimit=260))
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            # translators: the axis of a chart of how many people gave each answer
            x=alt.X("people:Q", title=_("people"), scale=x_scale, axis=alt.Axis(tickMinStep=1)),
            y=y,
            tooltip=_answer_tooltip(),
        )
    )
    counts = (
        alt.Chart(data)
        .mark_text(align="left", dx=4, color=INK)
        .encode(x=alt.X("people:Q", scale=x_scale), y=y, text="people:Q")
    )
    layered: alt.LayerChart = (bars + counts).properties(
        # translators: an answer and how many of those who answered gave it: "Yes: 3 of 5"
        description="; ".join(
            _("{answer}: {people} of {answered}").format(answer=n, people=p, answered=answered)
            for n, p in zip(names, people, strict=True)
        )
    )
    return layered


def _answer_tooltip() -> list[Any]:
    """The answer chart's tooltip, as `_plan_tooltip`."""
    if language() == SOURCE:
        return ["answer", "people"]
    return [alt.Tooltip("answer", title=_("answer")), alt.Tooltip("people", title=_("people"))]


# -- a portfolio of teams: teams against pivot points and practices ---------------------------
# a cell's tone, in the status colours, and what it means in the legend; the cell's text says the
# same in words, so the heatmap reads without colour
# (English, marked: `heat_tones` translates them)
HEAT_TONES = {
    "ready": N_("crossed, ready / fully in place"),
    "approaching": N_("approaching / partly"),
    "unprepared": N_("crossed, unprepared / not in place"),
    # translators: a pivot point's status in the portfolio heatmap's legend
    "ahead": N_("ahead"),
    "open": N_("not judged / no answer / not asked"),
    # translators: a team with fewer people than the anonymity threshold, in the heatmap legend
    "hidden": N_("below the threshold"),
}


def heat_tones() -> dict[str, str]:
    """`HEAT_TONES` in the current language."""
    return {tone: _(words) for tone, words in HEAT_TONES.items()}


PALE = "#eef0f4"


def heatmap_description(
    teams: list[str], columns: list[tuple[str, str, str]], cells: list[dict[str, Any]]
) -> str:
    """Every cell in words: the heatmap's alt text."""
    labels = {c[0]: c[1] for c in columns}
    by_team: dict[str, list[str]] = {t: [] for t in teams}
    for cell in cells:
        value = "" if cell["value"] is None or cell["tone"] == "hidden" else f" {cell['value']}"
        by_team[cell["team"]].append(f"{labels[cell['column']]} {cell['text']}{value}")
    rows = "; ".join(f"{team}: {', '.join(parts)}" for team, parts in by_team.items())
    return ngettext(
        "Heatmap of {n} teams (rows) against each pivot point's status and its practices "
        "(columns), each cell in words. {rows}.",
        "Heatmap of {n} teams (rows) against each pivot point's status and its practices "
        "(columns), each cell in words. {rows}.",
        len(teams),
    ).format(n=len(teams), rows=rows)


def heatmap_chart(
    teams: list[str],
    columns: list[tuple[str, str, str]],
    cells: list[dict[str, Any]],
    accent: str | None = None,
) -> alt.LayerChart:
    """Teams as rows; each pivot point's status, then its practices, as columns (`columns`
    holds each column's id, label and kind). A cell is coloured by its tone and says its status
    word, or how fully the team has the practice ("fully", "partly", "not"); a team below the
    anonymity threshold reads "fewer than k" in every cell."""
    labels = {c[0]: c[1] for c in columns}
    kinds = {c[0]: c[2] for c in columns}
    rows = [
        {
            **cell,
            "label": labels[cell["column"]],
            "strong": kinds[cell["column"]] == "pivot point",
        }
        for cell in cells
    ]
    colours = {
        "ready": ready_colour(accent or DEFAULT_ACCENT),
        "approaching": APPROACHING,
        "unprepared": UNPREPARED,
        "ahead": AHEAD,
        "open": WHITE,
        "hidden": PALE,
    }
    data = alt.Data(values=rows)  # type: ignore[no-untyped-call]
    x = alt.X(
        "label:N",
        sort=[c[1] for c in columns],
        title=None,
        axis=alt.Axis(
            orient="top", labelAngle=-40, labelLimit=170, labelFontSize=9, ticks=False, domain=False
        ),
    )
    y = alt.Y(
        "team:N",
        sort=teams,
        title=None,
        axis=alt.Axis(labelLimit=150, labelFontSize=9, ticks=False, domain=False),
    )
    boxes = (
        alt.Chart(data)
        .mark_rect(stroke="#c3c8d1", strokeWidth=0.5)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "tone:N",
                title=None,
                scale=alt.Scale(domain=list(HEAT_TONES), range=list(colours.values())),
                legend=alt.Legend(
                    orient="bottom",
                    direction="horizontal",
                    columns=3,
                    labelExpr=f"{json.dumps(heat_tones())}[datum.label]",
                    labelLimit=220,
                    symbolStrokeColor="#c3c8d1",
                ),
            ),
        )
    )
    ink = alt.condition(
        "datum.tone == 'open' || datum.tone == 'hidden'", alt.value(INK), alt.value(WHITE)
    )
    # a pivot point's status in bold, its practices in regular weight
    statuses = (
        alt.Chart(data)
        .transform_filter("datum.strong")
        .mark_text(fontSize=8.5, fontWeight=600)
        .encode(x=x, y=y, text="text:N", color=ink)
    )
    practices = (
        alt.Chart(data)
        .transform_filter("!datum.strong")
        .mark_text(fontSize=8.5, fontWeight=400)
        .encode(x=x, y=y, text="text:N", color=ink)
    )
    layered: alt.LayerChart = (boxes + statuses + practices).properties(
        width=alt.Step(54),
        height=alt.Step(17),
        description=heatmap_description(teams, columns, cells),
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
    alt_text = escape(str(json.loads(spec).get("description") or _("Chart")), {'"': "&quot;"})
    svg = re.sub(r"<svg\b[^>]*>", lambda m: f"{m.group(0)}<title>{alt_text}</title>", svg, count=1)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{alt_text}" ', 1)
