"""Where the bundled report assets live."""

from __future__ import annotations

from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "report_templates"
FONTS_DIR = TEMPLATES_DIR / "fonts"
