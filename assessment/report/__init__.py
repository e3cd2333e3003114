"""The readiness report: Assessment -> HTML (Jinja2, autoescaped) -> PDF (WeasyPrint, locked)."""
