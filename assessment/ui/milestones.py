"""Milestones in the app: keep today's results under a name, and see what changed since one.

A self-service respondent keeps a milestone on the report page; it is stored with their answers
(the resume link opens it again) as the assessment was scored, with the pack version. The
results page then says what changed since the milestone chosen (the latest by default) the
way `assessment compare` does, and the PDF gains its "Since" part. The comparison itself is
`services.history`, the same one the command line runs.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from typing import Any

import streamlit as st

from assessment.engine.progress import Progress
from assessment.engine.result import Assessment
from assessment.errors import AnswerError
from assessment.i18n import _
from assessment.report.text import markdown_literal
from assessment.services.history import Side, compare, milestone_side
from assessment.store import Milestone, StoreError
from assessment.store.milestones import MAX_NAME
from assessment.ui import resources, state

CHOSEN = "milestone_chosen"  # the id of the milestone compared with, or NONE
NONE = 0
KEPT = "milestone_kept_note"


def _keeps() -> str | None:
    """The token of a respondent who keeps milestones: one answering on their own (a
    workshop participant keeps none: the workshop is the record)."""
    token = st.session_state[state.TOKEN]
    return None if not token or st.session_state[state.WORKSHOP] else str(token)


def _mine() -> list[Milestone]:
    token = _keeps()
    if token is None:
        return []
    try:
        return resources.store().milestones(token)
    except StoreError:
        return []


def _when(m: Milestone) -> str:
    return m.created.date().isoformat()


def chosen_progress(a: Assessment) -> Progress | None:
    """What changed since the milestone chosen (the latest unless another or none was
    picked), for the results page and the PDF; None without milestones, and after saying so
    when the milestone cannot be compared."""
    kept = _mine()
    if not kept:
        return None
    chosen = st.session_state.get(CHOSEN, kept[0].id)
    if chosen == NONE:
        return None
    found = next((m for m in kept if m.id == chosen), kept[0])
    return _progress(found.id, a)


def _progress(milestone_id: int, a: Assessment) -> Progress | None:
    token = st.session_state[state.TOKEN]
    try:
        m = resources.store().milestone(token, milestone_id)
    except StoreError:
        st.warning(_("Your milestones cannot be read right now."), icon=":material/cloud_off:")
        return None
    if m is None:
        return None
    scorer = resources.scorer()
    try:
        earlier = milestone_side(scorer, m.name, _when(m), m.assessment)
    except AnswerError as exc:
        st.warning(
            _("The milestone {name} cannot be compared: {reason}").format(
                name=markdown_literal(m.name), reason=markdown_literal(exc.problems[0].message)
            ),
            icon=":material/history:",
        )
        return None
    return compare(scorer.pack, earlier, Side("now", a, a, False))


def choose() -> None:
    """Which milestone the results and the PDF compare with. The choice is kept apart from
    the widget, so that it holds on every page, also where this box is not shown."""
    kept = _mine()
    if not kept:
        return
    options = [m.id for m in kept] + [NONE]
    names = {m.id: f"{m.name} ({_when(m)})" for m in kept} | {NONE: _("Nothing: no comparison")}
    chosen = st.session_state.get(CHOSEN, kept[0].id)
    st.selectbox(
        _("Compare with the milestone"),
        options,
        index=options.index(chosen) if chosen in options else 0,
        format_func=names.__getitem__,
        key=f"{CHOSEN}_box",
        on_change=_chosen,
        help=_("The results page and the PDF say what changed since the milestone chosen."),
    )


def _chosen() -> None:
    st.session_state[CHOSEN] = st.session_state[f"{CHOSEN}_box"]


def _default_name() -> str:
    return _("Assessment of {date}").format(date=date.today().isoformat())


def keep(a: Assessment) -> None:
    """The report page's form to keep these results as a milestone, and the ones kept."""
    token = _keeps()
    if token is None:
        return
    st.subheader(_("Milestones"))
    note = st.session_state.pop(KEPT, None)
    if note:
        st.success(note, icon=":material/flag:")
    st.write(
        _(
            "Keep these results under a name, to see later what changed since: the results page "
            "and the PDF then compare with it. They are kept with your answers."
        )
    )
    with st.form("milestone", clear_on_submit=True, enter_to_submit=True):
        name = st.text_input(
            _("Name of the milestone"),
            max_chars=MAX_NAME,
            placeholder=_default_name(),
        )
        if st.form_submit_button(_("Keep as a milestone"), icon=":material/flag:"):
            _save(token, name or _default_name(), a)
    choose()
    kept = _mine()
    if kept:
        with st.expander(_("Milestones kept ({n})").format(n=len(kept))):
            st.caption(
                _(
                    "A milestone downloads as the assessment it was (JSON), which the command "
                    "line's compare takes as the earlier side."
                )
            )
            for m in kept:
                said, download, remove = st.columns([4, 1, 1], vertical_alignment="center")
                said.markdown(
                    _("{name} · {date} · questionnaire {version}").format(
                        name=markdown_literal(m.name), date=_when(m), version=m.pack_version
                    )
                )
                download.download_button(
                    _("JSON"),
                    data=functools.partial(_as_json, token, m.id),
                    file_name=f"milestone-{_slug(m.name)}-{_when(m)}.json",
                    mime="application/json",
                    key=f"milestone_json_{m.id}",
                    on_click="ignore",
                    help=_("Download {name} as an assessment JSON").format(name=m.name),
                )
                remove.button(
                    _("Delete"),
                    key=f"milestone_delete_{m.id}",
                    on_click=_delete,
                    args=(token, m.id),
                )


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "milestone"


def _as_json(token: str, milestone_id: int) -> str:
    """A milestone as the assessment JSON it was kept as; a file that says why when it is
    gone or cannot be read (handed over on the click, after the page was drawn)."""
    try:
        found = resources.store().milestone(token, milestone_id)
    except StoreError:
        return json.dumps({"error": _("The milestone could not be read; please try again.")})
    if found is None:
        return json.dumps({"error": _("This milestone has been deleted.")})
    return json.dumps(found.assessment, indent=2, ensure_ascii=False)


def _save(token: str, name: str, a: Assessment) -> None:
    data: dict[str, Any] = a.model_dump(mode="json")
    data["trace"] = []  # the answers are what a later comparison scores again
    data["meta"].setdefault("date", date.today().isoformat())  # what "since" names elsewhere
    try:
        kept = resources.store().save_milestone(token, name, data)
    except ValueError as exc:
        st.error(_("Not kept: {reason}.").format(reason=exc), icon=":material/error:")
        return
    except StoreError as exc:
        st.error(str(exc), icon=":material/cloud_off:")
        return
    st.session_state[KEPT] = _("Kept as the milestone {name}.").format(
        name=markdown_literal(kept.name)
    )
    st.session_state.pop(CHOSEN, None)  # the newest is compared with next
    st.rerun()


def _delete(token: str, milestone_id: int) -> None:
    try:
        resources.store().delete_milestone(token, milestone_id)
    except StoreError:
        st.warning(_("The milestone cannot be deleted right now; please try again."))
