"""Report: the PDF (prepared on click in the render queue, once per answer set), the answers
as a file, and a file upload that restores answers."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import streamlit as st
import yaml

from assessment.content.yaml_io import YamlLoadError, load_text
from assessment.errors import AnswerError
from assessment.i18n import _, ngettext
from assessment.report.context import ReportOptions
from assessment.report.text import markdown_literal
from assessment.services.answers import MAX_ANSWERS_BYTES, parse_answers
from assessment.store.errors import CLOSED_TO_PARTICIPANTS
from assessment.ui import copy_link, milestones, pdf_download, resources, sitemap, state
from assessment.ui.results import current_assessment


def answers_yaml() -> str:
    """This session's answers as a file that `python -m assessment score` accepts."""
    visible = state.visible_questions()
    answers = {q: v for q, v in st.session_state[state.ANSWERS].items() if visible.get(q)}
    return answers_file(resources.scorer().pack, answers, st.session_state[state.META])


def answers_file(pack: Any, answers: dict[str, Any], meta: dict[str, Any]) -> str:
    meta = {k: v for k, v in meta.items() if v}
    meta.setdefault("date", date.today().isoformat())
    document: dict[str, Any] = {
        "pack": {"id": pack.info.id, "version": pack.info.version},
        "meta": meta,
        "answers": {q: answers[q] for q in pack.questions if answers.get(q) is not None},
    }
    header = (
        "# Answers to the Pivotpoint readiness assessment. Restore them on the app's Report\n"
        "# page, or score them with: python -m assessment score this-file.yaml\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def file_stem(meta: dict[str, Any], today: date | None = None) -> str:
    """The start of a download's file name: the organisation and the date, in letters, digits
    and hyphens only ("pivotpoint-harbour-crane-bank-2026-12-04")."""
    org = re.sub(r"[^a-z0-9]+", "-", str(meta.get("organization") or "").lower()).strip("-")
    parts = ["pivotpoint", org[:MAX_NAME_IN_FILE].strip("-"), (today or date.today()).isoformat()]
    return "-".join(p for p in parts if p)


RESTORED = "restored_note"
PDF_KEY = "report_pdf"  # the session remembers the report it asked for under this key


def render() -> None:
    st.title(_("Report and answers"))
    restored = st.session_state.pop(RESTORED, None)
    if restored:
        st.success(restored, icon=":material/task_alt:")
    a = current_assessment() if st.session_state[state.TOKEN] else None
    meta = dict(st.session_state[state.META])
    if a is not None:
        st.write(
            _(
                "The PDF stands on its own: executive summary, the pivot points, every finding "
                "with the answers behind it, the strategy and a 30 / 60 / 90 day plan."
            )
        )
        # the app's download is the full version: the annex lists every answer and the trace
        since = milestones.chosen_progress(a)
        pdf_download.offer(
            a,
            ReportOptions(annex=True, progress=since),
            key=PDF_KEY,
            file_name=f"{file_stem(meta)}.pdf",
        )
        caption = _(
            "The full version: after the report, an annex lists every answer and the rule "
            "behind each finding."
        )
        if since is not None:
            caption += " " + _("After the summary, a part says what changed since {since}.").format(
                since=markdown_literal(since.since)
            )
        st.caption(caption)
        st.page_link(sitemap.RESULTS.page(), label=_("See the results"), icon=":material/insights:")
        milestones.keep(a)
    if st.session_state[state.TOKEN]:
        st.subheader(_("Continue later"))
        st.write(
            _(
                "Every answer is saved as you give it. This link opens them again, on any device; "
                "keep it to yourself, as anyone with it can read and change your answers."
            )
        )
        copy_link.show(st.session_state[state.TOKEN])
        st.download_button(
            _("Download your answers (YAML)"),
            data=answers_yaml(),
            file_name=f"{file_stem(meta)}-answers.yaml",
            mime="application/x-yaml",
            icon=":material/description:",
            on_click="ignore",
        )
        st.caption(
            _(
                "A copy of your answers to keep: upload it below, here or on another installation, "
                "to restore them."
            )
        )
    st.subheader(_("Restore answers from a file"))
    upload = st.file_uploader(
        _("An answers file (YAML or JSON, up to {mb} MB)").format(
            mb=MAX_ANSWERS_BYTES // 1_000_000
        ),
        type=["yaml", "yml", "json"],
        max_upload_size=MAX_ANSWERS_BYTES // 1_000_000,
    )
    if upload is not None and st.session_state.get("restored") != upload.file_id:
        st.session_state["restored"] = upload.file_id
        if _restore(upload.name, upload.getvalue()):
            st.rerun()  # draw the downloads for the restored answers


MAX_NAME_IN_FILE = 40  # characters of the organisation's name in a file name
SHOWN_PROBLEMS = 20  # problems of a refused file listed; the rest are counted


def _restore(upload_name: str, data: bytes) -> bool:
    """Load an uploaded answers file; True when the answers were replaced (a note of it waits
    for the next run), False with a message on the page when nothing changed."""
    name = markdown_literal(upload_name)  # a file name is anything its owner typed
    if state.workshop_closed():  # the store refuses it too; this says so before anything moves
        st.error(
            _("The file was not loaded; nothing was changed.") + " " + _(CLOSED_TO_PARTICIPANTS)
        )
        return False
    if len(data) > MAX_ANSWERS_BYTES:
        st.error(
            _("{file}: the file is larger than {mb} MB.").format(
                file=name, mb=MAX_ANSWERS_BYTES // 1_000_000
            )
        )
        return False
    try:
        text = data.decode("utf-8-sig")
        # aliases are refused before anything expands, as for an answers file on the CLI
        doc = load_text(text, upload_name, aliases=False)
        answers = parse_answers(resources.scorer().engine, doc)
    except UnicodeDecodeError:
        st.error(_("{file}: the file is not UTF-8 text.").format(file=name))
        return False
    except YamlLoadError as exc:
        st.error(markdown_literal(str(exc.problem)))
        return False
    except AnswerError as exc:
        lines = [f"- {markdown_literal(str(p))}" for p in exc.problems[:SHOWN_PROBLEMS]]
        more = len(exc.problems) - SHOWN_PROBLEMS
        if more > 0:
            lines.append("- " + ngettext("and {n} more", "and {n} more", more).format(n=more))
        st.error(_("The file was not loaded; nothing was changed:") + "\n\n" + "\n".join(lines))
        return False
    if not st.session_state[state.TOKEN]:
        state.start_new()
        if not st.session_state[state.TOKEN]:
            return False
    meta = {k: v for k, v in answers.meta.items() if k == "organization"}
    problem = state.replace_answers(dict(answers.values), meta)
    if problem is not None:
        st.error(_("The file was not loaded; nothing was changed.") + " " + problem)
        return False
    state.forget_widgets()
    n = len(answers.values)
    st.session_state[RESTORED] = ngettext(
        "Restored {n} answer from {file}.", "Restored {n} answers from {file}.", n
    ).format(n=n, file=name)
    return True
