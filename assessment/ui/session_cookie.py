"""The browser cookie that keeps a facilitator's dashboard open across app restarts.

Streamlit reads cookies (`st.context.cookies`, as sent when the browser connected) but cannot set
one, so a small `st.components.v2` component writes it from the page. The token travels to the
browser as the component's data, never in the page's markup or the address bar; the cookie is
`SameSite=Strict` (and `Secure` over HTTPS) and expires with the session it holds. It is no
facilitator key: the store keeps only its hash, and ending the session there ends it wherever
the cookie is.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from streamlit.components.v2.types import ComponentRenderer

from assessment.ui.components import component

NAME = "pivotpoint_facilitator"

# Sets the cookie, or clears it when it still holds the token given (so that a tab clearing an
# ended session does not clear one another tab has set since).
_JS = """
export default function (component) {
  const data = component.data;
  if (!data || !data.name || !data.token) return;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  const attributes = "; Path=/; SameSite=Strict" + secure;
  const current = document.cookie
    .split("; ")
    .find((part) => part.startsWith(data.name + "="));
  const held = current ? decodeURIComponent(current.slice(data.name.length + 1)) : null;
  if (data.clear) {
    if (held === data.token) {
      document.cookie = data.name + "=; Expires=Thu, 01 Jan 1970 00:00:00 GMT" + attributes;
    }
    return;
  }
  const expires = new Date(data.expires * 1000).toUTCString();
  document.cookie =
    data.name + "=" + encodeURIComponent(data.token) + "; Expires=" + expires + attributes;
}
"""


def _mount() -> ComponentRenderer:
    return component("pivotpoint_facilitator_cookie", js=_JS)


def token() -> str | None:
    """The session token this browser sent when it connected, if any."""
    try:
        value = st.context.cookies.get(NAME)
    except Exception:  # no browser behind this session (a bare script run)
        return None
    return value if isinstance(value, str) and value else None


def keep(token: str, expires: datetime) -> None:
    """Have the browser hold `token` until `expires`."""
    _mount()(
        key="facilitator_cookie_writer",
        data={"name": NAME, "token": token, "expires": expires.timestamp()},
    )


def forget(token: str) -> None:
    """Have the browser drop the cookie, if it still holds `token`."""
    _mount()(
        key="facilitator_cookie_writer",
        data={"name": NAME, "token": token, "clear": True},
    )
