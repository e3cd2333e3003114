"""Report: the PDF (rendered on click, once per answer set), the answers as a file, and a
file upload that restores answers."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st
import yaml

from assessment.content.yaml_io import YamlLoadError, load_text
from assessment.errors import AnswerError
from assessment.report.text import markdown_literal
from assessment.services.answers import MAX_ANSWERS_BYTES, parse_answers
from assessment.store.errors import CLOSED_TO_PARTICIPANTS
from assessment.ui import resources, state
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
        "# Answers to the Pivotpoint readiness assessment; score with\n"
        "#   python -m assessment score this-file.yaml\n"
    )
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def render() -> None:
    st.title("Report and answers")
    a = current_assessment() if st.session_state[state.TOKEN] else None
    if a is not None:
        values = dict(a.answers)
        meta = dict(st.session_state[state.META])
        st.write(
            "The PDF stands on its own: executive summary, the pivot points, every finding "
            "with the answers behind it, the strategy and a 30 / 60 / 90 day plan."
        )
        st.download_button(
            "Download the PDF report",
            data=lambda: resources.pdf(values, meta),
            file_name="pivotpoint-report.pdf",
            mime="application/pdf",
            type="primary",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
        )
        st.caption(
            "This is the full version: after the report, an annex lists every answer and the "
            "rules behind each finding. `python -m assessment report` prints the report "
            "alone, in at most 12 pages, unless asked for `--annex`."
        )
    if st.session_state[state.TOKEN]:
        st.download_button(
            "Download your answers (YAML)",
            data=answers_yaml(),
            file_name="pivotpoint-answers.yaml",
            mime="application/x-yaml",
            icon=":material/description:",
            on_click="ignore",
        )
        st.caption(
            "Keep this file to score again later with `python -m assessment score`, or "
            "upload it below to restore your answers."
        )
    st.subheader("Restore answers from a file")
    upload = st.file_uploader(
        "An answers file (YAML or JSON, up to 256 kB)",
        type=["yaml", "yml", "json"],
        max_upload_size=1,
    )
    if upload is not None and st.session_state.get("restored") != upload.file_id:
        _restore(upload.name, upload.getvalue())
        st.session_state["restored"] = upload.file_id


SHOWN_PROBLEMS = 20  # problems of a refused file listed; the rest are counted


def _restore(upload_name: str, data: bytes) -> None:
    name = markdown_literal(upload_name)  # a file name is anything its owner typed
    if state.workshop_closed():  # the store refuses it too; this says so before anything moves
        st.error(f"The file was not loaded; nothing was changed. {CLOSED_TO_PARTICIPANTS}")
        return
    if len(data) > MAX_ANSWERS_BYTES:
        st.error(f"{name}: the file is larger than {MAX_ANSWERS_BYTES // 1000} kB.")
        return
    try:
        text = data.decode("utf-8-sig")
        # aliases are refused before anything expands, as for an answers file on the CLI
        doc = load_text(text, upload_name, aliases=False)
        answers = parse_answers(resources.scorer().engine, doc)
    except UnicodeDecodeError:
        st.error(f"{name}: the file is not UTF-8 text.")
        return
    except YamlLoadError as exc:
        st.error(markdown_literal(str(exc.problem)))
        return
    except AnswerError as exc:
        st.error(
            "The file was not loaded; nothing was changed:\n\n"
            + "\n".join(f"- {markdown_literal(str(p))}" for p in exc.problems[:SHOWN_PROBLEMS])
            + (
                f"\n- and {len(exc.problems) - SHOWN_PROBLEMS} more"
                if len(exc.problems) > SHOWN_PROBLEMS
                else ""
            )
        )
        return
    if not st.session_state[state.TOKEN]:
        state.start_new()
        if not st.session_state[state.TOKEN]:
            return
    meta = {k: v for k, v in answers.meta.items() if k == "organization"}
    problem = state.replace_answers(dict(answers.values), meta)
    if problem is not None:
        st.error(f"The file was not loaded; nothing was changed. {problem}")
        return
    state.forget_widgets()
    st.success(f"Restored {len(answers.values)} answers from {name}.", icon=":material/task_alt:")
