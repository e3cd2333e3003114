"""The app's pages are declared once (assessment/ui/sitemap.py) and no page reads a table that
only exists after app.main ran."""

from __future__ import annotations

import ast
from pathlib import Path

from streamlit.testing.v1 import AppTest

from assessment.ui import sitemap
from tests.conftest import ROOT

UI = ROOT / "assessment" / "ui"
# The main scripts: the only modules that may import the app's frame.
ENTRIES = {ROOT / "streamlit_app.py", ROOT / "assessment" / "entry.py"}


def test_every_destination_names_an_existing_page_file_and_its_own_url() -> None:
    assert {d.path for d in sitemap.NAVIGATION} == set(sitemap.PAGE_FILES.glob("*.py"))
    urls = [d.url_path for d in sitemap.NAVIGATION]
    assert len(set(urls)) == len(urls)
    assert [d for d in sitemap.NAVIGATION if d.default] == [sitemap.START]


def _imports_app(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module == "assessment.ui.app":
            return True
        if isinstance(node, ast.ImportFrom) and node.module == "assessment.ui":
            if any(alias.name == "app" for alias in node.names):
                return True
        if isinstance(node, ast.Import) and any(a.name == "assessment.ui.app" for a in node.names):
            return True
    return False


def test_only_the_main_scripts_import_the_apps_frame() -> None:
    scripts = [*(ROOT / "assessment").rglob("*.py"), ROOT / "streamlit_app.py"]
    importers = {p for p in scripts if _imports_app(p)}
    assert importers == ENTRIES


def test_no_main_script_sits_beside_a_pages_folder() -> None:
    """Streamlit takes a `pages` folder beside the main script for its own automatic pages: a
    deep link such as /results?r=... opened first on a freshly started server then ran that page
    alone, without the app around it, and failed. The main scripts stand where there is none."""
    from assessment.cli.serve import ENTRY

    assert ENTRY in ENTRIES
    for script in ENTRIES:
        assert not (script.parent / "pages").exists(), script


def _pages_in_a_run() -> None:
    import streamlit as st

    from assessment.ui import sitemap

    for destination in sitemap.NAVIGATION:
        page = destination.page()
        st.write(f"/{page.url_path} {page.title} {page.icon}")


def test_each_destination_makes_a_complete_page_inside_a_run() -> None:
    at = AppTest.from_function(_pages_in_a_run, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    # Streamlit serves the default page at the root.
    assert [m.value for m in at.markdown] == [
        f"/{'' if d.default else d.url_path} {d.title} {d.icon}" for d in sitemap.NAVIGATION
    ]
