"""What the report templates see: the assessment, read for a person who never opens the app.

Everything here is plain data; wording that depends on the answers (the reading of the chart,
the strategy sentence) is worked out here so the templates stay simple. Page one's conclusion
comes from `assessment.report.summary`, which the results page shares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from assessment import i18n
from assessment.content.audience import BySize, audience_of, counted, headcount, pick
from assessment.content.pack import Pack
from assessment.engine.result import Assessment
from assessment.i18n import N_, _, lower, ngettext
from assessment.kinds.next_steps import HORIZONS_REPORT, LATER, effort_labels, horizons_report
from assessment.kinds.patterns import PATTERN_LABELS
from assessment.kinds.pivot_points import STATUS_LABELS, status_label, status_labels
from assessment.kinds.registry import KINDS
from assessment.kinds.stage import STAGE_LABELS, STAGE_NOTES, stage_label, stage_note
from assessment.report import freetext, quotes
from assessment.report.brand import Brand
from assessment.report.charts import GETTING_THERE, READY
from assessment.report.colours import DEFAULT_ACCENT, status_colours
from assessment.report.evidence import BasedOn, Once
from assessment.report.evidence import value_labels as fact_values
from assessment.report.method import method_note
from assessment.report.practice_grid import grid_summary, practice_grid
from assessment.report.progress import progress_view
from assessment.report.summary import summarise
from assessment.report.undecided import nothing_found, strategy_undecided_text, undecided_text

if TYPE_CHECKING:
    from assessment.engine.progress import Progress

# the labels live with the kind that owns them; these names stay for the app and the team report
__all__ = ["HORIZONS", "PATTERN_LABELS", "STAGE_LABELS", "STAGE_NOTES", "STATUS_LABELS"]
HORIZONS = HORIZONS_REPORT
MAX_NAME = 200  # characters of an organisation or advisor name the report prints
MAX_HEADER = 60  # characters of the organisation name in the running header
# what AI is used for in each of the four adoption phases, in words that fit the reader's size
# (English, marked: `build_context` translates them)
PHASE_USES: tuple[str | BySize, ...] = (
    N_(
        "Tests, documentation and boilerplate: low risk, and it builds the habits the later "
        "phases need."
    ),
    BySize(
        solo=N_(
            "Feature work, with every generated change read and checked before it is merged, "
            "its generation context at hand."
        ),
        other=N_(
            "Feature work, with every change reviewed by a person who sees how it was generated."
        ),
    ),
    BySize(
        solo=N_(
            "Exploring architecture options, with a deliberate second look, or an outside "
            "reviewer, before any of it is adopted."
        ),
        other=N_(
            "Exploring architecture options, with oversight from the people who own the "
            "architecture."
        ),
    ),
    N_("Agents that work on their own inside constraints the build enforces."),
)

# the four phases in a few words each, for the strategy part's one line (the annex has PHASE_USES)
PHASE_WORDS = (
    N_("tests, documentation and boilerplate"),
    N_("reviewed feature work"),
    N_("architecture exploration under oversight"),
    N_("agents inside enforced constraints"),
)


@dataclass
class ReportOptions:
    brand: Brand = field(default_factory=Brand)
    paper: str = "a4"
    generated: date | None = None
    # the workshop part of a team report (`assessment.report.workshop_part`), if any
    workshop: dict[str, Any] | None = None
    # the workshop part with fewer charts, each shorter than the one before
    # (`workshop_part.shorter_parts`): the renderer takes the first that keeps the report
    # within its pages
    workshop_shorter: list[dict[str, Any]] = field(default_factory=list)
    # a team report's comments by question, from the group's aggregate: quoted under the
    # findings they bear on (`assessment.report.quotes`), without who wrote them
    comments: dict[str, list[str]] | None = None
    # the annex: every answer, the steps for later, the rules not judged and the rule trace
    # (the only place rule ids appear); without it the report keeps to at most 12 pages
    annex: bool = False
    # a team report's actions agreed in the workshop, as {text, owner, horizon, about}
    # (about: a question or finding id, or None); the action plan lists them beside the
    # generated steps, marked as the team's own
    actions: list[dict[str, Any]] = field(default_factory=list)
    # what changed since an earlier assessment (`services.history.compare`): a part of its own
    # after the executive summary
    progress: Progress | None = None


def _answer_text(pack: Pack, qid: str, value: Any) -> str:
    q = pack.questions[qid]
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if q.type in ("single", "multi"):
        labels = {c.id: c.label for c in pack.choices(q)}
        if isinstance(value, list):
            return "; ".join(labels.get(v) or str(v) for v in value) or _("None of these")
        return labels.get(value, str(value))
    if q.type == "scale":
        points = {p.value: p.label for p in q.points or []}
        return f"{value}: {points[value]}" if value in points else str(value)
    if q.type == "number":
        return counted(f"{value:g}" if isinstance(value, float) else value, q.unit)
    return str(value)


def plan_view(a: Assessment) -> dict[str, Any]:
    """The action plan as the report shows it: the steps of each window, the steps left for
    later, and how a step is named where another depends on it ('step 2, its title')."""
    planned = [s for s in a.next_steps if s.horizon != LATER]
    # translators: how a step is named where another depends on it: "step 2, Write the norms"
    named = _("step {n}, {title}")
    names = {s.rule: named.format(n=n, title=s.title) for n, s in enumerate(planned, 1)}
    names.update({s.rule: s.title for s in a.next_steps if s.horizon == LATER})
    return {
        "windows": [
            (h, label, [s for s in planned if s.horizon == h])
            for h, label in horizons_report()
            if h != LATER
        ],
        "planned": planned,
        "later": [s for s in a.next_steps if s.horizon == LATER],
        "titles": names,
        "efforts": effort_labels(),
    }


# the agreed actions a team report prints in full: at most this many, taking about this many
# printed lines (a third of a page; the report keeps to 12 pages), the earliest windows first;
# the team assessment's JSON export (`meta.agreed_actions`) keeps every one
MAX_ACTIONS = 10
MAX_ACTION_LINES = 30
ACTION_LINE_WIDTH = 100  # characters a printed line of an action holds, across the page
WINDOWS = ("30d", "60d", "90d")


def action_lines(action: dict[str, Any]) -> int:
    """About how many lines an agreed action takes in the plan: its text, then its owner and
    what it is about on the same line, and the gap to the next."""
    about = action.get("about") or ""
    said = len(action["text"]) + len(action.get("owner") or "not named") + len(about) + 70
    return -(-said // ACTION_LINE_WIDTH) + 1


def bound_actions(
    actions: list[dict[str, Any]],
    *,
    max_actions: int = MAX_ACTIONS,
    max_lines: int = MAX_ACTION_LINES,
) -> tuple[list[dict[str, Any]], int]:
    """The agreed actions the report prints in full, by window (the first 30 days first) and
    in the order agreed within each, and how many more it leaves to the exports."""
    ranked = sorted(
        actions, key=lambda x: WINDOWS.index(x["horizon"]) if x["horizon"] in WINDOWS else 3
    )
    shown: list[dict[str, Any]] = []
    used = 0
    for x in ranked:
        cost = action_lines(x)
        if len(shown) >= max_actions or used + cost > max_lines:
            break
        shown.append(x)
        used += cost
    return shown, len(actions) - len(shown)


def team_actions(pack: Pack, actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The actions agreed in the room, with what each is about as a reader knows it: a
    finding's name or a question's short label."""
    from assessment.report.names import finding_names

    names = finding_names(pack)
    out = []
    for x in actions:
        about = x.get("about")
        if about in pack.questions:
            about = pack.questions[about].short
        elif about:
            about = names.get(about, about)
        out.append({**x, "about": about})
    return out


def chart_reading(a: Assessment) -> list[str]:
    """Two or three sentences a reader can take from the readiness chart."""
    scored = [d for d in a.readiness.dimensions if d.score is not None]
    if not scored:
        return [_("Too few questions were answered to score any dimension.")]
    ordered = sorted(scored, key=lambda d: (-(d.score or 0), d.label))
    best, worst = ordered[0], ordered[-1]
    below = [d for d in scored if (d.score or 0) < READY]
    lines = [
        _(
            "The strongest dimension is {best} ({best_score} of 100); the weakest is {worst} "
            "({worst_score})."
        ).format(
            best=lower(best.label),
            best_score=best.score,
            worst=lower(worst.label),
            worst_score=worst.score,
        )
    ]
    if not below:
        lines.append(
            _(
                "Every dimension is at or above {ready}, the level at which practices hold under "
                "growth."
            ).format(ready=READY)
        )
    elif len(below) == len(scored):
        lines.append(
            _(
                "Every dimension is below {ready}, the level at which practices hold under "
                "growth: expect the pivot points to hurt until the basics are in place."
            ).format(ready=READY)
        )
    else:
        names = ", ".join(lower(d.label) for d in sorted(below, key=lambda d: d.score or 0))
        lines.append(
            ngettext(
                "{n} of {total} dimensions are below {ready}, the level at which practices hold "
                "under growth: {names}.",
                "{n} of {total} dimensions are below {ready}, the level at which practices hold "
                "under growth: {names}.",
                len(below),
            ).format(n=len(below), total=len(scored), ready=READY, names=names)
        )
    unscored = [lower(d.label) for d in a.readiness.dimensions if d.score is None]
    if unscored:
        lines.append(
            _("Not scored, because its questions did not apply or were skipped: {names}.").format(
                names=", ".join(unscored)
            )
        )
    return lines


def strategy_sentence(a: Assessment) -> str:
    s = a.strategy
    undecided = strategy_undecided_text(s)
    if undecided is not None:
        return undecided
    reason = s.rationale[0].text if s.rationale else ""
    first = reason.split(". ")[0].rstrip(".")
    if s.phase_title:
        # translators: the strategy chosen and its phase: "Gradual rollout, working in phase 2
        # (reviewed feature work)"
        head = _("{strategy}, working in phase {phase} ({phase_title})").format(
            strategy=s.title, phase=s.phase, phase_title=lower(s.phase_title)
        )
    else:
        head = s.title or ""
    # translators: the strategy (and its phase), then the first sentence of its reason
    return _("{head}. {reason}.").format(head=head, reason=first) if first else f"{head}."


def strategy_reasons(a: Assessment) -> list[tuple[str, Any]]:
    """The strategy's reasons with the evidence of each, less the sentence the summary already
    quotes (`strategy_sentence`); a reason left empty by that keeps only its evidence."""
    said = strategy_sentence(a)
    out = []
    for i, r in enumerate(a.strategy.rationale):
        text = r.text
        first = text.split(". ")[0].rstrip(".")
        if i == 0 and first and f"{first}." in said:
            text = text[len(first) :].lstrip(". ").strip()
        out.append((text, r.evidence))
    return out


def journey(a: Assessment, pack: Pack, accent: str = DEFAULT_ACCENT) -> dict[str, Any]:
    """Positions for the solo -> team -> teams -> organisation picture: each pivot point sits
    just before the stage at which it is crossed, drawn in its status's colour and shape."""
    stages = list(pack.stages)
    x = {s: 70 + i * 180 for i, s in enumerate(stages)}
    y = {s: 40 + i * 120 for i, s in enumerate(stages)}  # the tall picture, for phones
    reached: dict[str, str] = {pp.id: pp.reached_at for pp in pack.pivot_points.pivot_points}
    current = stages.index(a.stage.id) if a.stage.id in stages else None
    planned = stages.index(a.stage.planned) if a.stage.planned in stages else None
    colours = status_colours(accent)
    return {
        "stages": [{"id": s, "label": stage_label(s), "x": x[s], "y": y[s]} for s in stages],
        "points": [
            {
                "id": pp.id,
                "status": pp.status or "unknown",
                "label": status_label(pp.status),
                "colour": colours[pp.status or "unknown"],
                "readiness": pp.readiness,
                "x": x[reached[pp.id]] - 90,
                "y": y[reached[pp.id]] - 60,
            }
            for pp in a.pivot_points
        ],
        "legend": [(status, status_label(status), colours[status]) for status in LEGEND],
        "current": current,
        "planned": planned if planned is not None and planned != current else None,
        "alt": journey_text(a, pack),
    }


# the statuses the journey's legend explains, in the order a reader meets them
LEGEND = ("crossed-unprepared", "approaching", "crossed-ready", "ahead")


def journey_text(a: Assessment, pack: Pack) -> str:
    """The journey picture in words, every figure in it included: its alt text."""
    stages = [lower(stage_label(s)) for s in pack.stages]
    where = [_("The journey from {first} to {last}").format(first=stages[0], last=stages[-1])]
    if a.stage.id:
        where.append(_("you are at the {stage} stage").format(stage=lower(stage_label(a.stage.id))))
    if a.stage.planned and a.stage.planned != a.stage.id:
        where.append(
            _("planned growth reaches {stage} in a year").format(
                stage=lower(stage_label(a.stage.planned))
            )
        )
    points = []
    for pp in a.pivot_points:
        head, _sep, tail = pp.title.partition(": ")
        # translators: a pivot point's name: "Pivot point 2 (From one team to several)"
        name = _("{head} ({title})").format(head=head, title=tail) if tail else head
        score = (
            _("readiness {readiness}").format(readiness=pp.readiness_shown)
            if pp.readiness is None
            else _("readiness {readiness} of 100").format(readiness=pp.readiness)
        )
        # translators: a pivot point in the journey's alt text: "<name>: approaching, readiness
        # 54 of 100"
        points.append(
            _("{name}: {status}, {readiness}").format(
                name=name, status=lower(status_label(pp.status)), readiness=score
            )
        )
    # translators: the journey picture's alt text: where you are, then each pivot point
    return _("{where}. {points}.").format(where="; ".join(where), points="; ".join(points))


def answers_by_section(
    pack: Pack, a: Assessment, comments: Mapping[str, Sequence[str]] | None = None
) -> list[dict[str, Any]]:
    """Every answer by section; free text is cut (`freetext.cut`) and marked as text. The
    questions skipped, but not an optional comment left empty. `comments`: a team report's
    comments by question, whose team assessment holds no free text: a comment question the
    group answered reads as answered, pointing at the workshop part that prints them."""
    out = []
    for section in pack.questionnaire.sections:
        rows: list[dict[str, Any]] = []
        for q in section.questions:
            written = (comments or {}).get(q.id) if q.type == "text" else None
            if q.id not in a.answers and written:
                n = len(written)
                rows.append(
                    {
                        "id": q.id,
                        "text": q.text,
                        "answer": ngettext(
                            "{n} comment from the group, printed under Comments in the workshop "
                            "part",
                            "{n} comments from the group, printed under Comments in the "
                            "workshop part",
                            n,
                        ).format(n=n),
                        "free": None,
                    }
                )
                continue
            if q.id not in a.answers:
                continue
            text = _answer_text(pack, q.id, a.answers[q.id])
            if q.type == "text":
                comment = freetext.cut(text)
                rows.append({"id": q.id, "text": q.text, "answer": comment.text, "free": comment})
            else:
                rows.append({"id": q.id, "text": q.text, "answer": text, "free": None})
        # an optional comment left empty is nothing missing: only questions are listed
        skipped = [
            q.text
            for q in section.questions
            if q.id in a.unanswered
            and (q.type != "text" or q.required)
            and not (comments or {}).get(q.id)
        ]
        if rows or skipped:
            out.append({"title": section.title, "rows": rows, "skipped": skipped})
    return out


def shown_date(text: str) -> str:
    """An ISO date in the reader's words; anything else as it was typed."""
    try:
        return i18n.date(date.fromisoformat(text[:10]))
    except ValueError:
        return text


def build_context(
    a: Assessment, pack: Pack, options: ReportOptions | None = None
) -> dict[str, Any]:
    opts = options or ReportOptions()
    brand = opts.brand
    generated = opts.generated or date.today()
    stage = a.stage.id or ""
    fired = [t for t in a.trace if t.fired]
    organization = freetext.one_line(str(a.meta.get("organization") or ""), MAX_NAME)
    advisor = brand.advisor or a.meta.get("advisor")
    audience = audience_of(a.stage.developers, a.stage.teams)
    grid = practice_grid(pack, a)
    value_labels = fact_values(pack)
    said = quotes.place(
        pack,
        a,
        (opts.comments or {}) if opts.workshop is not None else None,
        team=opts.workshop is not None,
        annex=opts.annex,
    )
    printed_actions, more_actions = bound_actions(opts.actions)
    return {
        "a": a,
        "brand": brand,
        "paper": opts.paper,
        "organization": organization or _("Your organisation"),
        # the running header is one line beside the part's title
        "header_organization": freetext.one_line(organization, MAX_HEADER),
        "date": a.meta.get("date") or generated.isoformat(),
        # the date as the reader's language writes it ("25 November 2026", "25. November 2026")
        "date_shown": shown_date(str(a.meta.get("date") or generated.isoformat())),
        "advisor": freetext.one_line(str(advisor), MAX_NAME) if advisor else None,
        "stage_label": stage_label(stage),
        "stage_note": stage_note(stage, audience),
        "headcount": headcount(a.stage.developers, a.stage.teams),
        "phase_uses": [_(pick(text, audience)) for text in PHASE_USES],
        "phase_words": [_(words) for words in PHASE_WORDS],
        "planned_label": stage_label(a.stage.planned) if a.stage.planned else None,
        "status_labels": status_labels(),
        "value_labels": value_labels,
        # each finding's answers as one line, an answer quoted once a part
        "based_on": BasedOn(value_labels),
        # a comment or a list of findings printed once a report
        "once": Once(),
        "strategy_reasons": strategy_reasons(a),
        "pattern_labels": {k: _(v) for k, v in PATTERN_LABELS.items()},
        # page one: status, score and band, constraint, findings, decision (`summary`)
        "summary": summarise(
            a, pack, said, _("the annex") if opts.annex else _("the annex of the full version")
        ),
        "strategy_sentence": strategy_sentence(a),
        "chart_reading": chart_reading(a),
        "bands": {"getting_there": GETTING_THERE, "ready": READY},
        "journey": journey(a, pack, brand.accent),
        # each status's colour, for the stylesheet (a brand's accent may be "ready")
        "status_colours": status_colours(brand.accent),
        "patterns_by_status": {
            s: [p for p in a.patterns if p.status == s]
            for s in ("anti-pattern", "recommended", "in-place")
        },
        "plan": plan_view(a),
        # the agreed actions printed in full (`bound_actions`) and how many more the exports hold
        "team_actions": team_actions(pack, printed_actions),
        "team_actions_more": more_actions,
        "grid": grid,
        "grid_summary": grid_summary(grid),
        "answers_by_section": answers_by_section(
            pack, a, (opts.comments or {}) if opts.workshop is not None else None
        ),
        "method": method_note(pack, a),
        "undecided_text": undecided_text,
        "strategy_undecided_text": strategy_undecided_text,
        "nothing_found": nothing_found,
        "comment": a.answers.get("comment"),
        "quotes": said,
        "fired_rules": fired,
        "rule_count": len(a.trace),
        # the PDF's title is the cover's: its heading, then the organisation below it
        "cover_title": a.pack.title,
        "title": f"{a.pack.title}: {organization}" if organization else a.pack.title,
        # every page's footer names the firm that prepared the report, when a brand says so
        "footer": (
            _("Prepared by {firm}").format(firm=freetext.one_line(brand.name, MAX_HEADER))
            if brand.name
            else _("Pivotpoint readiness report")
        ),
        "workshop": opts.workshop,
        "progress": None if opts.progress is None else progress_view(opts.progress),
        "annex": opts.annex,
        # each table kind's part of the report, in the registry's order
        "kind_parts": [kind.template for kind in KINDS if kind.part],
    }
