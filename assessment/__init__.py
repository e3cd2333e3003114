"""Pivotpoint: readiness assessment for scaling AI-assisted software development."""

__version__ = "0.1.0"
