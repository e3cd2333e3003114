"""Parts of the facilitator's dashboard: every question of one section at a time, and
responses collected elsewhere imported from a CSV file (the same import as the command line).

Both are called from the dashboard fragment, which reruns every few seconds: the section picked
and the import's outcome live in the session, and a file is imported only when the button is
pressed, once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import streamlit as st

from assessment.content.audience import counted
from assessment.errors import AnswerError, Problem
from assessment.i18n import _, ngettext
from assessment.report.charts import answer_bars
from assessment.report.text import markdown_literal
from assessment.report.workshop_part import answer_labels, drawn
from assessment.services.aggregate import QuestionDetail, section_details
from assessment.services.scoring import Scorer
from assessment.services.workshops import ImportOutcome, import_responses
from assessment.store import StoreError, Workshop
from assessment.ui import resources

SECTION = "dashboard_section"  # the section whose questions are shown
UPLOADER = "dashboard_upload_round"  # a new uploader key after each import empties it
IMPORTED = "dashboard_imported_files"  # file ids imported in this session
OUTCOME = "dashboard_import_outcome"  # what the last import did, shown until the next file
MAX_UPLOAD_MB = 1  # as server.maxUploadSize


# -- every question -----------------------------------------------------------------------------


def every_question(scorer: Scorer, answers: Sequence[Mapping[str, Any]], k: int) -> None:
    """The answers to each question of the section the facilitator picks; nothing below k."""
    if len(answers) < k:
        return
    sections = scorer.pack.questionnaire.sections
    titles = {s.id: s.title for s in sections}
    if st.session_state.get(SECTION) not in titles:
        st.session_state.pop(SECTION, None)  # not a section of this pack
    st.subheader(_("Every question"))
    chosen = st.selectbox(
        _("Section of the questionnaire"),
        list(titles),
        format_func=titles.__getitem__,
        key=SECTION,
    )
    for detail in section_details(scorer, answers, chosen, k=k):
        _question(scorer, detail, len(answers))


def _question(scorer: Scorer, detail: QuestionDetail, people: int) -> None:
    summary = detail.summary
    st.markdown(f"**{summary.text}**")
    counts = _(
        "Answered: {answered} · skipped: {skipped} · did not apply: {not_applicable}"
    ).format(answered=detail.answered, skipped=detail.skipped, not_applicable=detail.not_applicable)
    note, chart = _note_and_chart(scorer, detail, people)
    st.caption(counts + (f"  \n{note}" if note else ""))
    if chart is not None:
        st.altair_chart(chart, width="stretch")


def _note_and_chart(
    scorer: Scorer, detail: QuestionDetail, people: int
) -> tuple[str, alt.Chart | alt.LayerChart | None]:
    """A line under the counts, and the chart of the answers (None when there is nothing to
    draw)."""
    summary = detail.summary
    if detail.answered == 0:
        if detail.not_applicable == people:
            return _("This question did not apply to anyone, so nobody saw it."), None
        return _("Nobody answered this question."), None
    if summary.type == "text":
        return _("The answers are listed under Comments, without names."), None
    if summary.type == "number":
        return _numbers(scorer, detail)
    labels = answer_labels(scorer.pack, summary.question)
    counts = dict(summary.distribution)
    note = ""
    if summary.type == "scale":  # every point of the scale, also those nobody chose
        counts = {value: counts.get(value, 0) for value in labels}
        if detail.spread is not None:
            median = _number(detail.spread[2])
            note = _("Median {answer}.").format(answer=labels.get(median, median))
    elif summary.type == "multi":
        note = _("People could choose more than one answer.")
    names = [labels.get(value, value) for value in counts]
    return note, answer_bars(names, list(counts.values()), detail.answered)


def _numbers(scorer: Scorer, detail: QuestionDetail) -> tuple[str, alt.Chart | alt.LayerChart]:
    assert detail.spread is not None
    low, q1, median, q3, high = (_number(v) for v in detail.spread)
    unit = scorer.pack.questions[detail.summary.question].unit
    note = _("Median {median} · middle half {q1} to {q3} · lowest {low}, highest {high}").format(
        median=counted(median, unit), q1=q1, q3=q3, low=low, high=high
    )
    # one bar for each answer given, or ranges when there are many: as everywhere
    shown = drawn(scorer.pack, detail.summary)
    return note, answer_bars(list(shown.counts), list(shown.counts.values()), detail.answered)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


# -- importing responses ------------------------------------------------------------------------


def import_csv(workshop: Workshop) -> None:
    """Add responses collected elsewhere, as sent answers, from an uploaded CSV file."""
    with st.expander(_("Import responses from a CSV file"), key="dashboard_import_box"):
        st.caption(
            _(
                "One row a person: question ids as column names, and an optional role column. "
                "The Responses (CSV) download and the command `workshop import` use the same "
                "layout. Each row counts as answers sent; a row with mistakes is skipped and "
                "listed with its line number."
            )
        )
        closed = workshop.status != "open"
        if closed:
            st.info(
                _(
                    "The workshop is closed and takes no more answers; reopen it to import "
                    "responses."
                ),
                icon=":material/lock:",
            )
        round_ = st.session_state.setdefault(UPLOADER, 0)
        upload = st.file_uploader(
            _("A CSV file, up to {mb} MB").format(mb=MAX_UPLOAD_MB),
            type=["csv"],
            max_upload_size=MAX_UPLOAD_MB,
            key=f"dashboard_upload_{round_}",
            disabled=closed,
        )
        if upload is not None:
            st.session_state.pop(OUTCOME, None)  # a new file: the last import's report goes
        pressed = st.button(
            _("Import the responses"),
            key="dashboard_import",
            type="primary",
            disabled=closed or upload is None,
        )
        if pressed and upload is not None:
            st.session_state[OUTCOME] = _import(
                workshop, upload.file_id, upload.name, upload.getvalue()
            )
            st.session_state[UPLOADER] = round_ + 1  # a new, empty uploader
            st.rerun()  # the whole dashboard, with the new responses
        _outcome(st.session_state.get(OUTCOME, {}))


def _import(workshop: Workshop, file_id: str, name: str, data: bytes) -> dict[str, Any]:
    imported: list[str] = st.session_state.setdefault(IMPORTED, [])
    if file_id in imported:
        return {"refused": _("This file has already been imported; nothing was imported again.")}
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        return {
            "refused": _("The file is larger than {mb} MB; nothing was imported.").format(
                mb=MAX_UPLOAD_MB
            )
        }
    try:
        outcome = import_responses(resources.store(), resources.scorer(), workshop, data, name=name)
    except AnswerError as exc:
        reasons = "; ".join(markdown_literal(_reason(p)) for p in exc.problems)  # they quote cells
        return {"refused": _("Nothing was imported: {reasons}.").format(reasons=reasons)}
    except StoreError:
        return {"refused": _("The responses cannot be saved right now; nothing was imported.")}
    imported.append(file_id)
    return _report(outcome)


def _reason(problem: Problem) -> str:
    if not problem.line:
        return problem.message
    return _("line {line}: {message}").format(line=problem.line, message=problem.message)


def _report(outcome: ImportOutcome) -> dict[str, Any]:
    lines = []
    for problem in outcome.problems:
        if problem.where:
            line = _("line {line}: {where}: {message}").format(
                line=problem.line, where=problem.where, message=problem.message
            )
        else:
            line = _("line {line}: {message}").format(line=problem.line, message=problem.message)
        lines.append(line)
    return {
        "imported": outcome.imported,
        "skipped": outcome.skipped,
        "problems": lines,
        "ignored": [p.where for p in outcome.warnings],
    }


def _outcome(outcome: dict[str, Any]) -> None:
    if "refused" in outcome:
        st.error(outcome["refused"], icon=":material/block:")
        return
    if "imported" not in outcome:
        return
    people = outcome["imported"]
    st.success(
        ngettext(
            "Imported {n} response as sent answers.",
            "Imported {n} responses as sent answers.",
            people,
        ).format(n=people),
        icon=":material/task_alt:",
    )
    skipped = outcome["skipped"]
    if skipped:
        st.warning(
            ngettext(
                "Line {lines} was skipped, and nothing from it was imported:",
                "Lines {lines} were skipped, and nothing from them was imported:",
                len(skipped),
            ).format(lines=_and(skipped)),
            icon=":material/warning:",
        )
        st.code("\n".join(outcome["problems"]), language=None, wrap_lines=True)
        st.caption(
            ngettext(
                "Correct this row and import a file that holds only it: the whole file again "
                "would add the other responses twice.",
                "Correct these rows and import a file that holds only them: the whole file "
                "again would add the other responses twice.",
                len(skipped),
            )
        )
    if outcome["ignored"]:
        st.caption(_("These columns are not questions of this questionnaire and were ignored:"))
        st.code(", ".join(outcome["ignored"]), language=None, wrap_lines=True)


def _and(numbers: list[int]) -> str:
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return words[0]
    return _("{items} and {last}").format(items=", ".join(words[:-1]), last=words[-1])
