"""What the app loads once per process: the pack and its engine, the renderer, the store,
the queue that renders PDFs in worker processes.

`st.cache_resource` keeps them across reruns and sessions, so a rerun does no file I/O.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import streamlit as st

from assessment import i18n, settings
from assessment.engine.result import Assessment
from assessment.report.render import Renderer
from assessment.services.answers import Answers
from assessment.services.render_queue import PdfQueue
from assessment.services.render_queue import shared as shared_render_queue
from assessment.services.scoring import Scorer
from assessment.store import Store, StoreError


@st.cache_resource(show_spinner=False)
def _scorer(lang: str) -> Scorer:
    return Scorer(settings.pack(), lang=lang)


def scorer(lang: str | None = None) -> Scorer:
    """The pack and its engine in `lang`, by default the language this run reads
    (`assessment.ui.language`); the ids are the same in every language."""
    return _scorer(lang or i18n.language())


@st.cache_resource(show_spinner=False)
def _renderer(lang: str) -> Renderer:
    return Renderer(_scorer(lang).pack)


def renderer(lang: str | None = None) -> Renderer:
    return _renderer(lang or i18n.language())


def database_url() -> str | None:
    """PIVOTPOINT_DATABASE_URL, else `database_url` in the app's secrets, else SQLite."""
    url = settings.database_url()
    if url:
        return url
    try:
        secret = st.secrets.get("database_url")
    except Exception:  # no secrets file at all
        secret = None
    return str(secret) if secret else None


@st.cache_resource(show_spinner=False)
def _store() -> Store:
    store = Store(database_url())
    days = settings.retention_days()
    if days is not None:  # delete workshops older than this many days, once per process start
        store.purge_workshops(days)
    return store


def store() -> Store:
    """The store; raises `StoreError` with a plain sentence when it cannot be opened. A failed
    open is not cached, so the next rerun tries again."""
    try:
        return _store()
    except StoreError:
        raise
    except Exception as exc:  # pragma: no cover - the store wraps its own errors
        raise StoreError("The answers cannot be saved right now.") from exc


def _key(values: dict[str, Any], meta: dict[str, Any]) -> str:
    return json.dumps([values, meta], sort_keys=True, default=str)


@lru_cache(maxsize=256)
def _assess(key: str, lang: str) -> Assessment:
    values, meta = json.loads(key)
    return scorer(lang).assess(Answers(values=values, meta=meta))


def assess(values: dict[str, Any], meta: dict[str, Any]) -> Assessment:
    """The assessment of an answer set in this run's language, cached per answer set."""
    return _assess(_key(values, meta), i18n.language())


def render_queue() -> PdfQueue:
    """The process's PDF queue: reports render in worker processes, never in a page's run
    (`assessment.ui.pdf_download` shows one)."""
    return shared_render_queue()


STATIC = Path(__file__).resolve().parent
