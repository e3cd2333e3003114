"""Results: stage and journey, readiness chart, findings with the answers behind them,
strategy and phase, next steps."""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable
from typing import Any

import streamlit as st

# Streamlit's own Altair to Vega-Lite conversion, so that the cached chart is the very element
# st.altair_chart gives. Private, but Streamlit is pinned in constraints.txt, and
# tests/ui/test_results_cache.py fails if the two ever differ.
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from assessment import i18n
from assessment.content.audience import headcount
from assessment.engine.result import Assessment, Evidence
from assessment.errors import AnswerError
from assessment.i18n import N_, _, ngettext
from assessment.kinds.next_steps import EFFORTS
from assessment.kinds.patterns import PATTERN_LABELS
from assessment.kinds.registry import KINDS
from assessment.kinds.stage import stage_label
from assessment.report.charts import plan_chart, plan_reading, readiness_chart
from assessment.report.context import (
    HORIZONS,
    STATUS_LABELS,
    plan_view,
)
from assessment.report.evidence import value_labels
from assessment.report.method import method_note
from assessment.report.names import addressed, finding_names, severity_word
from assessment.report.quotes import UNPLACED_TITLE, Quote, Quotes, place
from assessment.report.summary import Summary, open_line, summarise
from assessment.report.text import markdown_literal
from assessment.report.undecided import (
    DONT_KNOW,
    not_known,
    strategy_undecided_text,
    undecided_text,
)
from assessment.store import StoreError
from assessment.ui import milestones, plan_downloads, resources, sitemap, state
from assessment.ui.since import show as show_since
from assessment.ui.widgets import svg_image

SEVERITY_ICON = {
    "high": ":material/priority_high:",
    "medium": ":material/warning:",
    "low": ":material/info:",
}


# how many steps "Your first 30 days" lists: the plan ranks them, so the first are the top ones,
# and any other step of the window is in the plan below
FIRST_SHOWN = 3


def current_assessment() -> Assessment | None:
    """The assessment of this session's answers, or None (with a message) if it cannot be made."""
    if not st.session_state[state.TOKEN]:
        st.info(_("Start the assessment to see results here."), icon=":material/info:")
        return None
    if st.session_state[state.WORKSHOP] and not own_results_allowed():
        st.info(
            _(
                "In a workshop, results are shared by the facilitator once enough people have "
                "answered; individual results are not shown."
            ),
            icon=":material/groups:",
        )
        return None
    scorer = resources.scorer()
    try:
        values = scorer.check(st.session_state[state.ANSWERS])
    except AnswerError as exc:
        texts = [scorer.pack.questions[q].text for q in exc.questions if q in scorer.pack.questions]
        st.warning(
            _("A few required questions still need an answer before results can be shown:")
            + "\n\n"
            + "\n".join(f"- {t}" for t in texts),
            icon=":material/edit:",
        )
        return None
    return resources.assess(values, dict(st.session_state[state.META]))


def own_results_allowed() -> bool:
    """A workshop participant sees their results only after sending, and only if allowed."""
    if not st.session_state[state.FINISHED]:
        return False
    try:
        respondent = resources.store().find(st.session_state[state.TOKEN])
        workshop = resources.store().workshop_by_id(respondent.workshop_id) if respondent else None
    except StoreError:
        return False
    return bool(workshop and workshop.own_results)


def picture_key(a: Assessment) -> str:
    """A stable hash of what the pictures are drawn from: the pack, the answers, meta and the
    language their words are in."""
    pack = resources.scorer().pack.info
    text = json.dumps(
        [pack.id, pack.version, a.answers, a.meta, i18n.language()],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# The journey picture and the readiness chart are built once per answer set, not every rerun;
# the assessment itself (`_a`) is not hashed: `key` stands for it.
@st.cache_data(show_spinner=False, max_entries=256)
def _journey(key: str, _a: Assessment) -> str:
    """The journey picture as the report draws it, and drawn top to bottom for phones: the
    screen's width decides which one shows."""
    renderer = resources.renderer()
    return (
        "<style>.pp-journey-tall{display:none}"
        "@media (max-width: 600px){.pp-journey-wide{display:none}.pp-journey-tall{display:block}}"
        "</style>"
        f'<div class="pp-journey-wide">{_img(renderer.journey_svg(_a))}</div>'
        f'<div class="pp-journey-tall">{_img(renderer.journey_svg(_a, tall=True))}</div>'
    )


def _img(svg: str) -> str:
    """The journey picture as an image, its text kept as the image's alt."""
    title = re.search(r"<title>(.*?)</title>", svg, re.S)
    # the title is already escaped by Jinja
    alt = title.group(1) if title else html.escape(_("The journey picture"))
    return svg_image(svg, alt)


@st.cache_data(show_spinner=False, max_entries=256)
def _chart_spec(key: str, _a: Assessment) -> dict[str, Any]:
    return _convert_altair_to_vega_lite_spec(readiness_chart(_a))


def _shown(e: Evidence) -> str:
    """An answer or a derived value as Markdown that shows it literally (a text answer is
    whatever its owner typed)."""
    return markdown_literal(_plain(e))


def _plain(e: Evidence) -> str:
    value = e.answer
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or _("none")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if e.fact and isinstance(value, str):
        # a stage, a status or a strategy by the name the report gives it, in this language
        return value_labels(resources.scorer().pack).get(value, value)
    return str(value)


def behind(a: Assessment, fact: str) -> list[str]:
    """What a derived fact (a stage, a status, a readiness) rests on, as lines the respondent
    recognises: their own answers, or the scores the fact was computed from."""
    if fact == "stage":
        return [f"{e.label}: **{_shown(e)}**" for e in a.stage.evidence if e.question]
    if fact == "planned_stage" and a.stage.planned_developers is not None:
        return [_("Developers expected in 12 months: **{n}**").format(n=a.stage.planned_developers)]
    pp_id, _dot, kind = fact.partition(".")
    pp = next((p for p in a.pivot_points if p.id == pp_id), None)
    if pp is not None and kind == "status":
        return [f"{e.label}: **{_shown(e)}**" for e in pp.evidence if e.question]
    if pp is not None and kind == "readiness":
        definition = next(
            (d for d in resources.scorer().pack.pivot_points.pivot_points if d.id == pp_id), None
        )
        used = {w.score for w in definition.readiness} if definition else set()
        return [
            f"{d.label}: **{_out_of_100(d.shown) if d.score is not None else d.shown}**"
            for d in a.readiness.dimensions
            if d.id in used
        ]
    pattern = next((p for p in a.patterns if f"pattern.{p.id}" == fact), None)
    if pattern is not None:
        return [f"{e.label}: **{_shown(e)}**" for e in pattern.evidence if e.question]
    return []


def _out_of_100(score: object) -> str:
    return _("{score} of 100").format(score=score)


def evidence(items: list[Evidence], a: Assessment | None = None) -> None:
    """The answers behind a finding, in words; what a derived value rests on is listed under
    it, leaving out answers the list already shows (the stage's headcount, say)."""
    lines = []
    listed = {f"{e.label}: **{_shown(e)}**" for e in items}
    for e in items:
        lines.append(f"- {e.label}: **{_shown(e)}**")
        if e.fact and a is not None:
            lines += [f"    - {line}" for line in behind(a, e.fact) if line not in listed]
    st.markdown("\n".join(lines))


def finding(
    a: Assessment,
    title: str,
    why: str | list[str],
    items: list[Evidence],
    rule: str,
    severity: str | None = None,
    said: list[Quote] | None = None,
) -> None:
    """One finding in a box; `said`: the respondent's words that bear on it."""
    with st.container(border=True):
        icon = SEVERITY_ICON.get(severity or "", "")
        st.markdown(f"{icon} **{title}**" + (f" · {severity_word(severity)}" if severity else ""))
        for line in [why] if isinstance(why, str) else why:
            st.write(line)
        for quote in said or []:
            in_your_words(quote)
        with st.expander(_("Why: the answers behind this")):
            evidence(items, a)


def in_your_words(quote: Quote, label: str | None = None) -> None:
    """A comment quoted under a finding, shown exactly as typed: Markdown and HTML in it are
    printed, never obeyed. `label`: "In your words" unless given."""
    label = label or _("In your words")
    cut = " " + _("(the whole comment is in the PDF's annex)") if quote.cut else ""
    opening, closing = i18n.quote_marks()  # „…“ in German
    st.markdown(
        f"> **{label}** · {markdown_literal(quote.section)}  \n"
        f"> {opening}{markdown_literal(quote.text)}{closing}{cut}"
    )


# what a rule table decides, in words, for the questions that would decide more
DECIDES = {
    "stage": N_("the stage"),
    "dimensions": N_("readiness"),
    "pivot_points": N_("the pivot points"),
    "symptoms": N_("symptoms"),
    "mistakes": N_("scaling mistakes"),
    "patterns": N_("patterns"),
    "metrics": N_("metrics"),
    "compliance": N_("compliance"),
    "strategy": N_("the strategy"),
    "next_steps": N_("the action plan"),
}


def waiting_questions(pack: Any, a: Assessment) -> list[str]:
    """Each unanswered question that findings wait for, in the questionnaire's order, with how
    many findings and of which kinds: no rule ids."""
    waiting: dict[str, list[str]] = {}
    for nj in a.not_judged:
        for q in nj.missing:
            waiting.setdefault(q, []).append(nj.table)
    lines = []
    unknown = not_known(a)
    for q in [q for q in pack.questions if q in waiting]:
        tables = waiting[q]
        kinds = ", ".join(
            dict.fromkeys(_(DECIDES[t]) if t in DECIDES else t.replace("_", " ") for t in tables)
        )
        n = len(tables)
        if q in unknown:
            detail = ngettext(
                "you answered {dont_know}; {n} finding: {kinds}",
                "you answered {dont_know}; {n} findings: {kinds}",
                n,
            ).format(dont_know=_(DONT_KNOW), n=n, kinds=kinds)
        else:
            detail = ngettext("{n} finding: {kinds}", "{n} findings: {kinds}", n).format(
                n=n, kinds=kinds
            )
        lines.append(f"{markdown_literal(pack.questions[q].text)} *({detail})*")
    return lines


def partial_note(pack: Any, a: Assessment) -> str | None:
    """Said first while questions that apply are unanswered: how much the results rest on."""
    shown = resources.scorer().shown(a.answers)
    asked = [q for q in pack.questions.values() if shown.get(q.id) and q.counts]
    answered = [q for q in asked if a.answers.get(q.id) is not None]
    if len(answered) == len(asked):
        return None
    open_ = len(a.not_judged)
    if open_:
        return ngettext(
            "**Based on partial answers:** {answered} of the {asked} questions that apply to you "
            "are answered, and {open} finding could not be judged. What is missing is never "
            "taken as a good answer or a bad one; answer the rest in the survey to complete the "
            "picture.",
            "**Based on partial answers:** {answered} of the {asked} questions that apply to you "
            "are answered, and {open} findings could not be judged. What is missing is never "
            "taken as a good answer or a bad one; answer the rest in the survey to complete the "
            "picture.",
            open_,
        ).format(answered=len(answered), asked=len(asked), open=open_)
    return _(
        "**Based on partial answers:** {answered} of the {asked} questions that apply to you "
        "are answered. What is missing is never taken as a good answer or a bad one; answer the "
        "rest in the survey to complete the picture."
    ).format(answered=len(answered), asked=len(asked))


def render() -> None:
    st.title(_("Your results"))
    a = current_assessment()
    if a is None:
        return
    pack = resources.scorer().pack
    partial = partial_note(pack, a)
    if partial:
        st.warning(partial, icon=":material/pending:")
        st.page_link(sitemap.SURVEY.page(), label=_("Answer the rest"), icon=":material/edit:")
    said = place(pack, a)
    summary = summarise(a, pack, said)
    st.markdown(f"### {summary.status}")
    st.write(summary.status_note)
    col1, col2, col3 = st.columns(3)
    col1.metric(
        _("Stage"),
        stage_label(a.stage.id),
        help=headcount(a.stage.developers, a.stage.teams),
    )
    col2.metric(
        _("Overall readiness"),
        _("n/a") if summary.score is None else f"{summary.score} / 100 · {summary.band}",
        help=method_note(pack, a).overall
        + (f" {summary.band}: {summary.band_range}." if summary.band_range else ""),
    )
    col3.metric(
        _("Strategy"),
        a.strategy.title or _("Not judged"),
        help=_("Phase {phase}: {title}").format(
            phase=a.strategy.phase, title=a.strategy.phase_title
        )
        if a.strategy.phase
        else None,
    )
    st.markdown(
        _("**The constraint that matters:** {constraint}").format(constraint=summary.constraint)
    )
    key = picture_key(a)
    st.html(_journey(key, a))
    _summary_findings(a, summary)
    since = milestones.chosen_progress(a)
    if since is not None:
        show_since(since)
    milestones.choose()  # also after "no comparison" was chosen: the way back
    st.subheader(_("Readiness by dimension"))
    # the same element st.altair_chart(readiness_chart(a)) gives, without rebuilding the chart
    st.vega_lite_chart(_chart_spec(key, a), width="stretch")
    _tabs(a, said)
    if said.unplaced:  # what bears on no finding is shown once, as the report prints it
        st.subheader(_(UNPLACED_TITLE))
        for quote in said.unplaced:
            in_your_words(quote, _("You also wrote"))
    if a.not_judged:
        n = len(a.not_judged)
        waiting = ngettext(
            "Not judged: {n} finding waits for an answer",
            "Not judged: {n} findings wait for an answer",
            n,
        ).format(n=n)
        with st.expander(waiting):
            for text in waiting_questions(pack, a):
                st.markdown(f"- {text}")
    st.page_link(
        sitemap.REPORT.page(),
        label=_("Download the PDF report and your answers"),
        icon=":material/download:",
    )
    plan_downloads.offer(a, pack)


# the heading above page one's findings on the results page
MOST = N_("The findings that matter most")


def summary_findings(summary: Summary, heading: str | None = MOST) -> None:
    """Page one's findings, each with the words quoted under it: one home for the results page
    and the facilitator's dashboard (which has a heading of its own above them)."""
    if summary.findings and heading:
        st.subheader(_(heading))
    for i, f in enumerate(summary.findings, start=1):
        kind = i18n.lower(f.kind)
        text = f"**{i}. {f.title}** ({kind}, {severity_word(f.severity)})  \n{f.line}"
        if f.quote:
            # typed by the respondent: printed, never obeyed
            opening, closing = i18n.quote_marks()  # „…“ in German
            text += (
                f"\n\n> *{summary.quote_label}* · {markdown_literal(f.quote.section)}  \n"
                f"> {opening}{markdown_literal(f.quote.text)}{closing}"
            )
        st.markdown(text)


def _summary_findings(a: Assessment, summary: Summary) -> None:
    """Page one's findings, the decision asked of the reader, and what is open."""
    summary_findings(summary)
    if summary.decision:
        st.info(
            _("**The decision asked of you.** {decision}").format(
                decision=summary.decision.sentence
            ),
            icon=":material/flag:",
        )
    planned = plan_view(a)["planned"]
    first = [s for s in planned if s.horizon == "30d"]
    if first:
        # the plan's first window before anything else: who does what, and how big it is; the
        # plan ranks its steps, so the first few are the ones to start with
        shown = first[:FIRST_SHOWN]
        st.subheader(_("Your first 30 days"))
        st.markdown(
            "\n".join(
                _("{n}. **{title}**: {owner}, effort {effort} ({effort_words})").format(
                    n=n,
                    title=s.title,
                    owner=s.owner,
                    effort=s.effort,
                    effort_words=_(EFFORTS[s.effort]),
                )
                for n, s in enumerate(shown, start=1)
            )
        )
        st.caption(_rest_of_plan(len(shown), len(first), len(planned)))
    st.caption(open_line(a, _("the “Not judged” list at the foot of this page")))


def _rest_of_plan(shown: int, first: int, planned: int) -> str:
    """Where the steps not listed under "Your first 30 days" are, by their numbers in the plan,
    and how many of them belong to the first 30 days too."""
    later = planned - shown
    if later > 1:
        caption = _(
            "Steps {first} to {last} and the reasons for each are under “Next steps” below."
        ).format(first=shown + 1, last=planned)
    elif later == 1:
        caption = _("Step {n} and the reasons for each are under “Next steps” below.").format(
            n=planned
        )
    else:
        caption = _("The reasons for each are under “Next steps” below.")
    more = first - shown
    if more == 1:
        caption += " " + _("1 more step for the first 30 days is among them: step {n}.").format(
            n=shown + 1
        )
    elif more == 2:
        caption += " " + ngettext(
            "{more} more step for the first 30 days is among them: steps {first} and {last}.",
            "{more} more steps for the first 30 days are among them: steps {first} and {last}.",
            more,
        ).format(more=more, first=shown + 1, last=first)
    elif more > 2:
        caption += " " + ngettext(
            "{more} more step for the first 30 days is among them: steps {first} to {last}.",
            "{more} more steps for the first 30 days are among them: steps {first} to {last}.",
            more,
        ).format(more=more, first=shown + 1, last=first)
    return caption


def _tabs(a: Assessment, said: Quotes) -> None:
    """One tab for each kind of finding, in the kinds' registry order."""
    kinds = [kind for kind in KINDS if kind.tab is not None and kind.shown(a)]
    for kind, tab in zip(kinds, st.tabs([_(str(kind.tab)) for kind in kinds]), strict=True):
        with tab:
            _TABS[kind.name](a, said)


def _pivot_points_tab(a: Assessment, said: Quotes) -> None:
    for pp in a.pivot_points:
        st.markdown(f"#### {pp.title}")
        if pp.readiness is not None:
            line = _("**{status}**, readiness {readiness} of 100. What stops working: {breaks}")
        else:
            line = _("**{status}**, readiness {readiness}. What stops working: {breaks}")
        st.markdown(
            line.format(
                status=_(STATUS_LABELS[pp.status]), readiness=pp.readiness_shown, breaks=pp.breaks
            )
        )
        if pp.why and pp.rule:
            finding(a, _("Status"), pp.why, pp.evidence, pp.rule, said=said.under(pp.id, pp.id))
        else:
            for quote in said.under(pp.id, pp.id):
                in_your_words(quote)
        undecided = undecided_text(pp)
        if undecided:
            st.info(undecided, icon=":material/help:")
        for sym in pp.symptoms:
            symptom = _("Symptom: {symptom}").format(symptom=sym.label)
            finding(a, symptom, sym.why, sym.evidence, sym.rule, sym.severity)
        _practices(pp.practices_in_place, pp.missing_practices)


def _mistakes_tab(a: Assessment, said: Quotes) -> None:
    if not a.mistakes:
        st.write(_("Your answers show none of the five scaling mistakes."))
    for m in a.mistakes:
        rules = ", ".join(m.rules)
        here = said.under("mistakes", m.id)
        finding(a, f"{m.id}: {m.title}", m.why, m.evidence, rules, m.severity, here)


def _patterns_tab(a: Assessment, said: Quotes) -> None:
    if not a.patterns:
        st.write(_("None of the four patterns is called for at your stage yet."))
    for p in a.patterns:
        # the status in the report's words, inside the title ("AI enablement team: recommended")
        status = PATTERN_LABELS.get(p.status)
        title = f"{p.title}: {i18n.lower(_(status)) if status else p.status.replace('-', ' ')}"
        finding(a, title, p.why, p.evidence, p.rule, said=said.under("patterns", p.id))


def _metrics_tab(a: Assessment, said: Quotes) -> None:
    for heading, metrics in (
        (N_("Adopt: {metric}"), a.metrics.recommended),
        (N_("Drop or reframe: {metric}"), a.metrics.misleading_in_use),
    ):
        for m in metrics:
            here = said.under("metrics", m.id)
            title = _(heading).format(metric=m.title)
            finding(a, title, m.why, m.evidence, m.rule, said=here)
    if not a.metrics.recommended and not a.metrics.misleading_in_use:
        st.write(_("Nothing to change in what you measure."))


def _compliance_tab(a: Assessment, said: Quotes) -> None:
    from assessment.services.applicability import XLSX_TYPE, export, has_crosswalk

    for why in a.compliance.why:
        st.write(why)
    scopes: dict[str, dict[str, list[str]]] = {}
    for g in a.compliance.gaps:
        here = said.under("compliance", g.id)
        finding(a, _("Gap: {gap}").format(gap=g.title), g.why, g.evidence, g.rule, g.severity, here)
        if g.references:
            named = ", ".join(f"{r.framework} {r.item} ({r.title})" for r in g.references)
            st.caption(markdown_literal(_("Relates to {references}.").format(references=named)))
        for r in g.references:
            if r.scope:
                items = scopes.setdefault(r.scope, {}).setdefault(r.framework, [])
                if r.item not in items:
                    items.append(r.item)
    for rule, frameworks in scopes.items():
        names = "; ".join(f"{fw} {', '.join(items)}" for fw, items in frameworks.items())
        st.caption(markdown_literal(f"{names}: {rule}"))
    pack = resources.scorer().pack
    if has_crosswalk(pack):
        st.caption(
            _(
                "The applicability table lists every article, control and practice Pivotpoint "
                "maps to, whether it applies to you and why, its status and the planned action. "
                "This is not legal advice."
            )
        )
        st.download_button(
            _("Download the applicability table (XLSX)"),
            data=export(a, pack, "xlsx"),
            file_name="applicability.xlsx",
            mime=XLSX_TYPE,
            icon=":material/table:",
            key="applicability-xlsx",
        )


def _strategy_tab(a: Assessment, _said: Quotes) -> None:
    s = a.strategy
    st.markdown(f"### {s.title or _('Not judged')}")
    undecided = strategy_undecided_text(s)
    if undecided:
        st.info(undecided, icon=":material/help:")
    if s.phase:
        st.markdown(
            _("Work in **phase {phase} of 4: {title}**.").format(phase=s.phase, title=s.phase_title)
        )
    for reason in s.rationale:
        finding(a, _("Reason"), reason.text, reason.evidence, reason.rule)


@st.cache_data(show_spinner=False, max_entries=256)
def _plan_spec(key: str, _a: Assessment) -> dict[str, Any]:
    return _convert_altair_to_vega_lite_spec(plan_chart(_a))


def _next_steps_tab(a: Assessment, _said: Quotes) -> None:
    plan = plan_view(a)
    reading = plan_reading(a)
    if reading:
        # the report's picture: numbered as the steps below, its alt text every figure
        st.vega_lite_chart(_plan_spec(picture_key(a), a), width="stretch")
        st.caption(
            reading
            + " "
            + _(
                "Each point is a numbered step below; its shape gives its window. Impact counts "
                "the findings a step answers, by severity (high 3, medium 2, low 1)."
            )
        )
    number = {s.rule: n for n, s in enumerate(plan["planned"], 1)}
    names = finding_names(resources.scorer().pack)
    for horizon, label in HORIZONS:
        steps = [x for x in a.next_steps if x.horizon == horizon]
        if steps:
            st.markdown(f"#### {_(label)}")
            for x in steps:
                after = "; ".join(plan["titles"][d] for d in x.depends_on)
                meta = _("Owner: {owner} · Effort: {effort} ({effort_words})").format(
                    owner=x.owner, effort=x.effort, effort_words=plan["efforts"][x.effort]
                )
                if after:
                    meta += " · " + _("After: {steps}").format(steps=after)
                lines = [x.action, x.why, meta]
                title = f"{number[x.rule]}. {x.title}" if x.rule in number else x.title
                success = _("Success: {success}").format(success=x.success)
                addresses = _("Addresses: {findings}.").format(
                    findings=addressed(names, x.addresses)
                )
                finding(a, title, [*lines, success, addresses], x.evidence, x.rule)
    if a.outside_help:
        st.markdown(_("#### Where outside help would pay"))
        st.caption(_("Optional, and not part of the plan."))
        for h in a.outside_help:
            finding(a, h.advice, h.why, h.evidence, h.rule)


# the tab of each kind that has one (`Kind.tab`), by the kind's name
# with the respondent's words placed under the findings they bear on (`report.quotes`)
_TABS: dict[str, Callable[[Assessment, Quotes], None]] = {
    "pivot_points": _pivot_points_tab,
    "mistakes": _mistakes_tab,
    "patterns": _patterns_tab,
    "metrics": _metrics_tab,
    "compliance": _compliance_tab,
    "strategy": _strategy_tab,
    "next_steps": _next_steps_tab,
}


def _practices(in_place: list[Any], missing: list[Any]) -> None:
    if in_place or missing:
        rows = [f"- :green[{_('In place')}] {p.label}" for p in in_place]
        rows += [f"- :orange[{p.answer}] {p.label}" for p in missing]
        st.markdown("\n".join(rows))
