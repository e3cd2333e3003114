"""A link to continue later, shown in full and with a button that copies it.

Streamlit has no clipboard call, so a small `st.components.v2` component (it runs in the app
page) draws a real button that copies the link with the browser's clipboard API and says so in a
live region; where the clipboard is refused (a page served over plain HTTP from another host),
it selects the link's text instead, for the person to copy by hand. The link is built from the
address the browser reached the app at, so it works behind any host name or path. Its words
come in with its data, in the session's language.
"""

from __future__ import annotations

from streamlit.components.v2.types import ComponentRenderer

from assessment import i18n
from assessment.i18n import _
from assessment.ui import sitemap
from assessment.ui.components import component

_HTML = """
<div class="pp-copy">
  <input class="pp-copy-url" type="text" readonly>
  <button type="button" class="pp-copy-button"></button>
  <span class="pp-copy-said" role="status" aria-live="polite"></span>
</div>
"""

_CSS = """
.pp-copy { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; font: inherit; }
.pp-copy-url { flex: 1 1 18rem; min-height: 2.5rem; padding: 0 0.6rem; font: inherit;
  border: 1px solid #8a909c; border-radius: 0.5rem; color: #1d2433; background: #fff; }
.pp-copy-button { min-height: 2.5rem; min-width: 6rem; padding: 0 1rem; font: inherit;
  border: 1px solid #1f3a68; border-radius: 0.5rem; background: #1f3a68; color: #fff;
  cursor: pointer; }
.pp-copy-button:focus-visible, .pp-copy-url:focus-visible { outline: 2px solid #1f3a68;
  outline-offset: 2px; }
.pp-copy-said { color: #1d2433; }
"""

_JS = r"""
export default function (component) {
  const root = component.parentElement;
  const url = root.querySelector(".pp-copy-url");
  const button = root.querySelector(".pp-copy-button");
  const said = root.querySelector(".pp-copy-said");
  const data = component.data || {};
  const words = data.words || {};
  url.setAttribute("aria-label", words.link || "");
  button.textContent = words.copy || "";
  // the address this browser reached the app at, so the link works from here whatever the host
  const base = window.location.pathname.replace(/\/[^/]*$/, "");
  const token = encodeURIComponent(data.token || "");
  const lang = data.lang ? "&lang=" + encodeURIComponent(data.lang) : "";
  url.value = window.location.origin + base + "/" + data.page + "?r=" + token + lang;
  button.onclick = async () => {
    try {
      await navigator.clipboard.writeText(url.value);
      said.textContent = words.copied || "";
    } catch (e) {
      url.focus();
      url.select();
      said.textContent = words.selected || "";
    }
  };
}
"""


def _mount() -> ComponentRenderer:
    return component("pivotpoint_copy_link", html=_HTML, css=_CSS, js=_JS)


def show(token: str) -> None:
    """The resume link of `token` (the survey page's address with `?r=`), with its copy
    button."""
    lang = i18n.language()
    _mount()(
        key="pivotpoint_copy_link",
        data={
            "page": sitemap.SURVEY.url_path,
            "token": token,
            # the link opens in the language it was given out in
            "lang": "" if lang == i18n.SOURCE else lang,
            "words": {
                "link": _("Your link to continue later"),
                "copy": _("Copy link"),
                "copied": _("Copied."),
                "selected": _("Selected: copy it with your keyboard or menu."),
            },
        },
    )
