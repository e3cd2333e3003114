"""The report's colours: the status palette, contrast and colour-blind checks.

Every colour that carries meaning (a status, a readiness band, the accent) stands out from the
white page by at least 3:1, the minimum for graphics, and status colours are at least 4.5:1 so
they also serve as text. The status colours stay apart for people with deuteranopia or
protanopia: compared after simulating those visions (Machado, Oliveira and Fernandes 2009, full
severity), every pair differs by at least `MIN_DIFFERENCE` in CIELAB. A brand's accent becomes
the colour of "ready" when it passes the same checks; otherwise the default accent does.
"""

from __future__ import annotations

import functools
import math
import re

WHITE = "#ffffff"
INK = "#1d2433"
DEFAULT_ACCENT = "#1f3a68"
MIN_GRAPHIC = 3.0  # WCAG 2.x non-text contrast
MIN_TEXT = 4.5  # WCAG 2.x contrast for body text
MIN_DIFFERENCE = 20.0  # CIELAB distance (CIE76) between two status colours, in every vision

# Machado et al. 2009, severity 1.0; they act on linear RGB
VISIONS: dict[str, tuple[tuple[float, float, float], ...]] = {
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
}

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
RGB = tuple[float, float, float]


def _linear(colour: str) -> RGB:
    if not _HEX.match(colour):
        raise ValueError(f"expected a colour such as '#0b5394', not {colour!r}")
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def _hex(rgb: RGB) -> str:
    def encode(c: float) -> int:
        c = min(1.0, max(0.0, c))
        s = c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
        return round(s * 255)

    return "#" + "".join(f"{encode(c):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """Relative luminance (WCAG)."""
    r, g, b = _linear(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str = WHITE) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def simulate(colour: str, vision: str) -> str:
    """The colour as a person with `vision` (deuteranopia or protanopia) sees it."""
    rgb = _linear(colour)
    m = VISIONS[vision]
    r, g, b = (sum(m[i][j] * rgb[j] for j in range(3)) for i in range(3))
    return _hex((r, g, b))


def _lab(colour: str) -> RGB:
    r, g, b = _linear(colour)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def difference(a: str, b: str, vision: str | None = None) -> float:
    """How far apart two colours look (CIE76), to normal vision or to `vision`."""
    if vision is not None:
        a, b = simulate(a, vision), simulate(b, vision)
    return math.dist(_lab(a), _lab(b))


def least_difference(colours: list[str]) -> float:
    """The smallest difference between any two of `colours`, in normal vision, deuteranopia
    and protanopia."""
    return min(
        difference(a, b, vision)
        for i, a in enumerate(colours)
        for b in colours[i + 1 :]
        for vision in (None, *VISIONS)
    )


def readable(colour: str, minimum: float = MIN_TEXT, against: str = WHITE) -> str:
    """`colour`, darkened just enough to reach `minimum` contrast against a light background:
    an accent too pale to carry white text or to stand out from the page."""
    colour = colour.lower()
    if contrast(colour, against) >= minimum:
        return colour
    rgb = _linear(colour)
    low, high = 0.0, 1.0  # scale of the linear channels: 0 is black
    for _ in range(30):
        mid = (low + high) / 2
        if contrast(_hex((rgb[0] * mid, rgb[1] * mid, rgb[2] * mid)), against) >= minimum:
            low = mid
        else:
            high = mid
    return _hex((rgb[0] * low, rgb[1] * low, rgb[2] * low))


# the colours of the statuses a pivot point can have; "crossed-ready" is the accent's
UNPREPARED = "#951b12"
APPROACHING = "#a86500"
AHEAD = "#6b7385"


@functools.lru_cache(maxsize=64)
def ready_colour(accent: str) -> str:
    """The colour of "ready": the accent when it stands out from the page and from the other
    status colours in every vision, else the default accent."""
    accent = accent.lower()
    others = [UNPREPARED, APPROACHING, AHEAD]
    if contrast(accent) >= MIN_TEXT and least_difference([*others, accent]) >= MIN_DIFFERENCE:
        return accent
    return DEFAULT_ACCENT


def status_colours(accent: str = DEFAULT_ACCENT) -> dict[str, str]:
    """The colour of each pivot point status; an unknown status is drawn as `ahead`."""
    return {
        "crossed-unprepared": UNPREPARED,
        "approaching": APPROACHING,
        "crossed-ready": ready_colour(accent),
        "ahead": AHEAD,
        "unknown": AHEAD,
    }
