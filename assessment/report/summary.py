"""Page one: the conclusion of an assessment, for the PDF's executive summary and the results
page alike (one home, so the two never disagree).

It holds five things, conclusion first:

- a status in words, read from the pivot points' statuses: a pivot point crossed unprepared
  means the organisation is not ready for the size it already is; one approaching below the
  ready line means it is ready now, with work to do before the next step; otherwise it is ready
  for the size it is and plans to be. Where a pivot point could not be judged and none is
  crossed unprepared, the status says that too little was answered to judge.
- the overall readiness with its band (the chart's bands: below 40 needs work, 40 to 59 getting
  there, 60 and above ready);
- the one constraint that matters: the weakest pivot point crossed unprepared, else the nearest
  one approaching unprepared, with compliance named beside it when a compliance gap is high;
- the three findings that matter most, across kinds, ranked by severity, then by when they bite
  (now before within the year), then by kind. A pivot point crossed unprepared or approaching
  is one finding, as severe as the worst of its symptoms (without symptoms: medium when crossed,
  low when approaching); one in another status is a finding only where symptoms show. All
  compliance gaps together are one finding, as severe as the worst gap; an anti-pattern counts
  as medium. Each links to its part of the report and carries the respondent's words where a comment
  bears on it (`assessment.report.quotes`), cut to `MAX_QUOTE` characters;
- the one decision asked of the reader: the first planned step of the action plan that answers
  the top finding (the plan never holds a step whose practices are all in place already);
- what is open: how many rules could not be judged, and where they are listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from assessment.content.pack import Pack
from assessment.engine.result import Assessment, NextStep, PivotPoint
from assessment.kinds.next_steps import EFFORTS, HORIZON_LABELS, LATER
from assessment.report import freetext
from assessment.report.charts import BAND_RANGES, READY, band
from assessment.report.quotes import Quote, Quotes, place
from assessment.report.undecided import DONT_KNOW, not_known

SEVERITIES = ("high", "medium", "low")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
MAX_FINDINGS = 3
MAX_QUOTE = 200  # characters of a comment quoted on page one: about two printed lines

# the status words, worst first
NOT_READY = "Not ready for the size you already are"
NOT_JUDGED = "Not judged: too little is answered to say how ready you are"
READY_WITH_WORK = "Ready now, with work to do before the next step"
READY_ALL = "Ready for the size you are and plan to be"
# no pivot point holds the organisation back, but its readiness is below the ready line
READY_BASICS = "No pivot point holds you back, but the basics need work"

# a pivot point not crossed unprepared or approaching whose symptoms show, by its status
SYMPTOMS_ONLY: dict[str | None, str] = {
    "crossed-ready": "Its practices are in place, yet symptoms already show.",
    "ahead": "Growth has not reached it yet, but symptoms already show.",
    "approaching": "Growth reaches it within the year and its practices are ready, yet symptoms "
    "already show.",
    None: "Its status could not be judged, but symptoms show.",
}

# when a finding bites
NOW, WITHIN_YEAR = 0, 1
# the kinds of finding, in the order they are listed at equal severity and timing
KIND_ORDER = (
    "Pivot point",
    "Compliance",
    "Scaling mistake",
    "Anti-pattern",
    "Symptoms",
)


@dataclass(frozen=True)
class Finding:
    """One of the findings page one lists."""

    kind: str
    title: str
    text: str
    # the id of the part of the report it is explained in
    ref: str
    severity: str
    when: int
    # the finding ids a step may address to answer it (a pivot point, its symptoms, ...)
    ids: frozenset[str]
    quote: Quote | None = None
    # a pivot point's readiness, to put the weaker first among equals
    readiness: int | None = None
    # framework names the finding lists after its text (symptoms, gaps), and how they are
    # introduced: "Symptoms: lost generation context, inconsistent AI output."
    names: tuple[str, ...] = ()
    names_intro: str = ""

    @property
    def line(self) -> str:
        """The finding's text with the names it lists, as page one prints it."""
        if not self.names:
            return self.text
        if not self.names_intro:  # the text introduces them: "5 of the 6 are high: ..."
            return f"{self.text}: {', '.join(self.names)}."
        return f"{self.text} {self.names_intro}: {', '.join(self.names)}."

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (
            SEVERITY_RANK[self.severity],
            self.when,
            KIND_ORDER.index(self.kind),
            self.readiness if self.readiness is not None else 101,
        )


@dataclass(frozen=True)
class Decision:
    """The decision asked of the reader: to fund and staff the first planned step."""

    sentence: str
    step: NextStep
    # the step's number in the action plan (its planned steps, counted from 1)
    number: int


@dataclass(frozen=True)
class Summary:
    status: str
    status_note: str
    score: int | None
    # the score as a reader sees it: "54 of 100" or why there is none
    score_shown: str
    band: str
    # what the band covers: "40 to 59"; empty when there is no score
    band_range: str
    constraint: str
    findings: list[Finding] = field(default_factory=list)
    # how many findings were made in all (page one shows `MAX_FINDINGS`)
    found: int = 0
    decision: Decision | None = None
    open: str = ""
    # the label of a quote: the respondent's or a participant's words
    quote_label: str = "In your words"


def summarise(
    a: Assessment, pack: Pack, quotes: Quotes | None = None, listed_in: str = "the annex"
) -> Summary:
    """Page one of `a`. `quotes`: the comments placed under the findings, by default the
    respondent's own answers (a team report passes the group's). `listed_in`: where the rules
    not judged are listed."""
    said = quotes if quotes is not None else place(pack, a)
    found = ranked(a, said)
    top = found[:MAX_FINDINGS]
    overall = a.readiness.overall
    return Summary(
        status=status(a),
        status_note=_status_note(a),
        score=overall,
        score_shown=f"{overall} of 100" if overall is not None else "not judged",
        band=band(overall),
        band_range=BAND_RANGES.get(band(overall), ""),
        constraint=constraint(a),
        findings=top,
        found=len(found),
        decision=decision(a, top[0] if top else None),
        open=open_line(a, listed_in),
        quote_label=said.label,
    )


def _unprepared(pp: PivotPoint) -> bool:
    return pp.readiness is None or pp.readiness < READY


def status(a: Assessment) -> str:
    statuses = [pp.status for pp in a.pivot_points]
    if "crossed-unprepared" in statuses:
        return NOT_READY
    if None in statuses or a.readiness.overall is None:
        return NOT_JUDGED
    if any(pp.status == "approaching" and _unprepared(pp) for pp in a.pivot_points):
        return READY_WITH_WORK
    if a.readiness.overall < READY:
        return READY_BASICS
    return READY_ALL


def _status_note(a: Assessment) -> str:
    """One sentence under the status: what it rests on."""
    crossed = [pp for pp in a.pivot_points if pp.status == "crossed-unprepared"]
    if crossed:
        names = _names(crossed)
        verb = "is" if len(crossed) == 1 else "are"
        return (
            f"{names} {verb} already behind you, and the practices {_it(crossed)} needs are "
            "not in place."
        )
    unjudged = [pp for pp in a.pivot_points if pp.status is None]
    if unjudged or a.readiness.overall is None:
        if unjudged:
            return (
                f"The answers leave {_names(unjudged)} open; answering the questions that "
                "would decide them gives a status."
            )
        return "No dimension could be scored from the answers given."
    approaching = [pp for pp in a.pivot_points if pp.status == "approaching" and _unprepared(pp)]
    if approaching:
        return (
            f"Planned growth reaches {_names(approaching)} within the year, and the practices "
            f"{_it(approaching)} needs are not yet in place."
        )
    if a.readiness.overall < READY:
        return (
            "No pivot point is crossed unprepared or close, but the overall readiness is below "
            f"{READY}: the basics are worth shoring up before any growth."
        )
    return "No pivot point is crossed unprepared or close, and the overall readiness is good."


def _names(pps: list[PivotPoint]) -> str:
    ids = [_head(pp) for pp in pps]
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


def _it(pps: list[PivotPoint]) -> str:
    return "it" if len(pps) == 1 else "each"


def _high_gaps(a: Assessment) -> int:
    return sum(1 for g in a.compliance.gaps if g.severity == "high")


def constraint(a: Assessment) -> str:
    """The one constraint that matters, in a sentence."""
    crossed = [pp for pp in a.pivot_points if pp.status == "crossed-unprepared"]
    approaching = [pp for pp in a.pivot_points if pp.status == "approaching" and _unprepared(pp)]
    high = _high_gaps(a)
    gaps = f"{high} high gap{'s' if high != 1 else ''}"
    if crossed:
        pp = min(crossed, key=lambda p: (p.readiness if p.readiness is not None else -1, p.id))
        head = f"{_name(pp)}: crossed without its practices, readiness {pp.readiness_shown}"
        head += " of 100" if pp.readiness is not None else ""
    elif approaching:
        pp = approaching[0]  # the pivot points come in the order growth meets them
        head = f"{_name(pp)}: approaching with growth, readiness {pp.readiness_shown}"
        head += " of 100" if pp.readiness is not None else ""
    elif any(pp.status is None for pp in a.pivot_points):
        unjudged = [pp for pp in a.pivot_points if pp.status is None]
        head = f"Not known yet: the answers leave {_names(unjudged)} open"
    elif high:
        return f"Compliance, with {gaps} in a regulated setting."
    else:
        return "No pivot point holds you back now or within the year."
    return f"{head}; and compliance, with {gaps}." if high else f"{head}."


def _head(pp: PivotPoint) -> str:
    """A pivot point's short name: "Pivot point 3"."""
    return pp.title.partition(": ")[0]


def _in_text(label: str) -> str:
    """A label inside a sentence: "Auditability gaps" reads "auditability gaps", "AI" stays."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def _name(pp: PivotPoint) -> str:
    head, _, tail = pp.title.partition(": ")
    return f"{head} ({_in_text(tail)})" if tail else head


def ranked(a: Assessment, said: Quotes) -> list[Finding]:
    """Every finding page one may list, most pressing first."""
    return sorted(_findings(a, said), key=lambda f: f.key)


def _findings(a: Assessment, said: Quotes) -> Iterator[Finding]:
    for pp in a.pivot_points:
        worst = _worst([s.severity for s in pp.symptoms])
        ids = frozenset({pp.id, *(s.id for s in pp.symptoms)})
        quote = _first(said.under(pp.id, pp.id))
        symptoms = tuple(_in_text(s.label) for s in pp.symptoms)
        # an approaching pivot point whose practices are ready is no finding: page one's status
        # and constraint pass over it too
        if pp.status == "crossed-unprepared" or (pp.status == "approaching" and _unprepared(pp)):
            crossed = pp.status == "crossed-unprepared"
            state = "crossed without its practices" if crossed else "approaching, not yet prepared"
            title = f"{_head(pp)} {state}"
            yield Finding(
                "Pivot point",
                title,
                _first_sentence(pp.why or ""),
                f"part-{pp.id}",
                worst or ("medium" if crossed else "low"),
                NOW if crossed else WITHIN_YEAR,
                ids,
                quote,
                pp.readiness,
                symptoms,
                "Symptoms",
            )
        elif pp.symptoms and worst:
            yield Finding(
                "Symptoms",
                f"{_head(pp)}: symptoms show",
                SYMPTOMS_ONLY.get(pp.status, SYMPTOMS_ONLY[None]),
                f"part-{pp.id}",
                worst,
                NOW,
                ids,
                quote,
                pp.readiness,
                symptoms,
                "Symptoms",
            )
    if a.compliance.applicable and a.compliance.gaps:
        gaps = a.compliance.gaps
        high = [g for g in gaps if g.severity == "high"]
        worst = _worst([g.severity for g in gaps]) or "medium"
        if high:
            text = f"{len(high)} of the {len(gaps)} {'are' if len(high) != 1 else 'is'} high"
        else:
            text = f"{'All are' if len(gaps) != 1 else 'It is'} {worst}"
        yield Finding(
            "Compliance",
            f"{len(gaps)} compliance gap{'s' if len(gaps) != 1 else ''}",
            text,
            "part-compliance",
            worst,
            NOW,
            frozenset(g.id for g in gaps),
            _first(q for g in gaps for q in said.under("compliance", g.id)),
            names=tuple(_in_text(g.title) for g in (high or gaps)),
        )
    for m in a.mistakes:
        yield Finding(
            "Scaling mistake",
            f"{m.id}: {m.title}",
            _first_sentence(m.why[0]) if m.why else m.summary,
            "part-mistakes",
            m.severity,
            NOW,
            frozenset({m.id}),
            _first(said.under("mistakes", m.id)),
        )
    for p in a.patterns:
        if p.status == "anti-pattern":
            yield Finding(
                "Anti-pattern",
                f"{p.title}, working against you",
                _first_sentence(p.why),
                "part-patterns",
                "medium",
                NOW,
                frozenset({p.id}),
                _first(said.under("patterns", p.id)),
            )


def _worst(severities: list[str]) -> str | None:
    known = [s for s in severities if s in SEVERITY_RANK]
    return min(known, key=SEVERITY_RANK.__getitem__) if known else None


def _first(quotes: Iterable[Quote]) -> Quote | None:
    """The first of `quotes`, cut to `MAX_QUOTE` characters for page one (the whole comment
    stays under the finding in its part and in the annex)."""
    for q in quotes:
        cut = freetext.cut(q.text.removesuffix(" …"), max_chars=MAX_QUOTE, max_lines=3)
        return Quote(cut.text, q.cut or cut.cut_after is not None, q.question, q.section)
    return None


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def decision(a: Assessment, top: Finding | None) -> Decision | None:
    """The first planned step that answers the top finding, else the plan's first step."""
    planned = [s for s in a.next_steps if s.horizon != LATER]
    if not planned:
        return None
    answering = [s for s in planned if top is not None and top.ids & set(s.addresses)]
    step = (answering or planned)[0]
    window = HORIZON_LABELS[step.horizon][1].lower()
    effort = f"{EFFORTS[step.effort]} effort"
    if step.owner.strip().lower() == "you":
        sentence = (
            f"Decide to set aside time in the {window} for “{step.title}”, which you own "
            f"({effort})."
        )
    else:
        sentence = (
            f"Decide to fund and staff the {window}, starting with “{step.title}”, owned by "
            f"{_lower_first(step.owner)} ({effort})."
        )
    return Decision(sentence, step, planned.index(step) + 1)


def _lower_first(text: str) -> str:
    """A role in running text: "Platform team" reads "the platform team"."""
    words = text.split(" ", 1)
    first = words[0]
    if first.lower() in ("the", "you", "your"):
        return text[:1].lower() + text[1:]
    return "the " + first.lower() + (" " + words[1] if len(words) > 1 else "")


def open_line(a: Assessment, where: str = "the annex") -> str:
    """What is open, and `where` the questions that would decide it are listed."""
    n = len(a.not_judged)
    if n == 0:
        return "Nothing is open: every finding was judged from the answers."
    found = "finding" if n == 1 else "findings"
    them = "it" if n == 1 else "them"
    waiting = sum(1 for nj in a.not_judged if not_known(a) & set(nj.missing))
    if waiting == n:
        return (
            f"Open: {n} {found} could not be judged, because you answered {DONT_KNOW} to "
            f"questions {'it rests' if n == 1 else 'they rest'} on; {where} lists those questions."
        )
    why = f", {waiting} of them because of a {DONT_KNOW}" if waiting else ""
    return (
        f"Open: {n} {found} could not be judged for lack of answers{why}; {where} lists the "
        f"questions that would decide {them}."
    )
