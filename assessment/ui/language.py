"""The language a browser session reads: chosen on the start page, carried by `?lang=` in every
link the app gives out (the resume link, the workshop's join link), a workshop's own language
for a participant who chose none, English otherwise.

`begin_run` sets it once at the top of each run (`assessment.i18n.set_language`), so every
page, the pack it shows and the report it prepares read the same language.
"""

from __future__ import annotations

import streamlit as st

from assessment import i18n

QUERY = "lang"
CHOSEN = "language_chosen"  # the session's own choice, once it made one
DEFAULT = "language_default"  # a workshop's language, for a participant who chose none
WIDGET = "language_widget"


def offered() -> list[str]:
    """The languages this app can speak: the product's that the running pack has too."""
    from assessment.ui import resources

    languages = resources.scorer(i18n.SOURCE).pack.info.languages
    return [code for code in i18n.LANGUAGES if code in languages]


def _usable(lang: str | None) -> str | None:
    if not lang or not i18n.known(lang):
        return None
    code = i18n.normalise(lang)
    return code if code in offered() else None


def current() -> str:
    ss = st.session_state
    asked = _usable(st.query_params.get(QUERY))
    if asked:
        ss[CHOSEN] = asked
    chosen = _usable(ss.get(CHOSEN)) or _usable(ss.get(DEFAULT))
    return chosen or i18n.SOURCE


def _session_language() -> str | None:
    """This session's language, for a fragment or a callback, which run in threads of their
    own that `begin_run` never reached."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    if get_script_run_ctx() is None:
        return None
    ss = st.session_state
    return ss.get(CHOSEN) or ss.get(DEFAULT)


i18n.set_resolver(_session_language)


def begin_run() -> str:
    """Set this run's language; keep it in the address bar when it is not English, so that the
    address (a bookmark, the resume link) keeps it."""
    lang = i18n.set_language(current())
    if lang != i18n.SOURCE:
        st.query_params[QUERY] = lang
    elif QUERY in st.query_params:
        del st.query_params[QUERY]
    return lang


def follow_workshop(lang: str | None) -> None:
    """A participant joining a workshop reads its language unless they chose their own."""
    if lang and i18n.known(lang):
        st.session_state[DEFAULT] = i18n.normalise(lang)


def _choose() -> None:
    """The person's own choice: it wins over the address and a workshop's language."""
    lang = i18n.normalise(st.session_state[WIDGET])
    st.session_state[CHOSEN] = lang
    st.query_params[QUERY] = lang  # the address said otherwise until now
    i18n.set_language(lang)


def chooser() -> None:
    """The language choice: each language named in itself (none when only one is offered)."""
    codes = offered()
    if len(codes) < 2:
        return
    lang = current()
    st.session_state[WIDGET] = lang
    st.selectbox(
        "Language · Sprache",
        codes,
        format_func=lambda code: i18n.LANGUAGES[code],
        key=WIDGET,
        on_change=_choose,
    )
