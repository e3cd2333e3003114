"""Imports point down the pipeline (docs/architecture.md): a module that reaches back fails here.

Every `import` in the package counts, those inside functions too. The few crossings that are
allowed are named below with the reason, so that a new one is a decision, not an accident.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "assessment"

CORE = {
    "content",
    "kinds",
    "engine",
    "services",
    "report",
    "store",
    "errors",
    "resources",
    "settings",
    "i18n",
}

# the layers each layer may import (besides itself); the package root's foundation modules
# (errors, resources, settings, i18n) import nothing of the package
ALLOWED: dict[str, set[str]] = {
    "": set(),  # assessment/__init__.py
    "errors": set(),
    "resources": set(),
    "settings": set(),
    "i18n": set(),
    "content": {"errors", "resources", "kinds", "i18n"},
    "kinds": {"content", "engine", "errors", "i18n"},
    "engine": {"content", "kinds", "errors", "i18n"},
    "report": {"content", "engine", "kinds", "errors", "resources", "i18n"},
    "store": {"errors", "settings", "i18n"},
    "services": {
        "content",
        "engine",
        "kinds",
        "report",
        "store",
        "errors",
        "resources",
        "settings",
        "i18n",
    },
    # the two front doors may use every layer below them, and never each other
    "cli": CORE,
    "ui": CORE,
    "__main__": {"cli"},
    # the script `assessment app` runs: the app, from where no `pages` folder sits beside it
    "entry": {"ui"},
}

# (importing module, imported module prefix): why the crossing is allowed
CROSSINGS: dict[tuple[str, str], str] = {
    # checking a condition needs the condition language's own types: the variable a question or
    # fact becomes, and what a test may compare it with
    ("assessment.content.pack", "assessment.engine.variables"): "the condition language's types",
    ("assessment.content.pack", "assessment.engine.conditions"): "the condition language's types",
    ("assessment.content.model", "assessment.engine.variables"): "the condition language's types",
    # a pack's rule cases are part of `validate`: they run the engine on the cases' answers
    ("assessment.content.cases", "assessment.engine"): "validate runs the rule cases",
    ("assessment.content.cases", "assessment.services.answers"): "cases are answers files",
    ("assessment.content.schema.json_schema", "assessment.services.answers"): "answers' meta keys",
    ("assessment.content.pack", "assessment.services.answers"): "merged answers are answers",
    ("assessment.content.crosswalk", "assessment.services.answers"): "scope answers",
    # the team report's workshop part shows an Aggregate, which the service computes
    ("assessment.report.workshop_part", "assessment.services.aggregate"): "shows an Aggregate",
}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "assessment":
                yield from (f"assessment.{alias.name}" for alias in node.names)
            elif node.module.startswith("assessment."):
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("assessment."))


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        yield ".".join(p for p in parts if p != "__init__"), path


def test_imports_point_down_the_pipeline() -> None:
    wrong = []
    for module, path in _modules():
        src = _layer(module)
        assert src in ALLOWED, f"{module}: a new top-level part; give it a row in ALLOWED"
        for target in _imports(path):
            dst = _layer(target)
            if dst == src or dst in ALLOWED[src]:
                continue
            if any(
                module == m and (target == t or target.startswith(t + ".")) for m, t in CROSSINGS
            ):
                continue
            wrong.append(f"{module} imports {target} ({src} -> {dst})")
    assert not wrong, "\n".join(wrong)


def test_every_named_crossing_still_exists() -> None:
    """A crossing that no import needs any more is taken off the list."""
    used = {(module, target) for module, path in _modules() for target in _imports(path)}
    for m, t in CROSSINGS:
        assert any(
            module == m and (target == t or target.startswith(t + ".")) for module, target in used
        ), f"{m} no longer imports {t}: remove it from CROSSINGS"


def test_the_check_sees_a_wrong_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from assessment.ui import state\n")
    assert list(_imports(sample)) == ["assessment.ui"]
    assert "ui" not in ALLOWED["services"] and "cli" not in ALLOWED["ui"]
