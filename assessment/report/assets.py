"""Where the bundled report assets live (inside the package, see `assessment.resources`)."""

from __future__ import annotations

from assessment.resources import FONTS_DIR, TEMPLATES_DIR

__all__ = ["FONTS_DIR", "TEMPLATES_DIR"]
