"""What a person sees when a page fails in a way nobody foresaw: the product's own plain
message, never Streamlit's error box, and the traceback in the server's log."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from assessment.i18n import N_, _

LOG = logging.getLogger("pivotpoint.app")
P = ParamSpec("P")
FAILED = "unexpected_failure"  # set by a callback that failed, shown on the page it leads to
MESSAGE = N_(
    "Something went wrong on this page. Everything you saved is kept: each answer was stored "
    "when you gave it. Reload the page to carry on; if this keeps happening, tell the person "
    "who runs this app (the details are in its log)."
)


def show() -> None:
    st.error(_(MESSAGE), icon=":material/error:")


def run(body: Callable[[], None]) -> None:
    """Run the app's frame and page; an unexpected exception is logged and the plain message
    shown instead. Streamlit's own control flow (st.rerun, st.stop, st.switch_page) passes
    through."""
    try:
        body()
    except ScriptControlException:
        raise
    except Exception:
        LOG.exception("unexpected error while drawing a page")
        show()


def callback(action: Callable[P, None]) -> Callable[P, None]:
    """A widget callback that never lets an exception reach Streamlit's error box: it is
    logged, and the page drawn next shows the plain message."""

    @functools.wraps(action)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            action(*args, **kwargs)
        except ScriptControlException:
            raise
        except Exception:
            LOG.exception("unexpected error in %s", getattr(action, "__qualname__", action))
            st.session_state[FAILED] = True

    return guarded


def show_callback_failure() -> None:
    """Show the plain message once if a callback before this run failed."""
    if st.session_state.pop(FAILED, False):
        show()
