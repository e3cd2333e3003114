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
from assessment.i18n import N_, SOURCE, _, language, lower, lower_first, ngettext
from assessment.kinds.next_steps import LATER, effort_label, horizon_label
from assessment.report import freetext
from assessment.report.charts import READY, band, band_label, band_range
from assessment.report.names import join_and
from assessment.report.quotes import Quote, Quotes, place
from assessment.report.undecided import dont_know, not_known

# (the words are also how a finding's severity reads: marked for the catalogue)
SEVERITIES = (N_("high"), N_("medium"), N_("low"))
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
MAX_FINDINGS = 3
MAX_QUOTE = 200  # characters of a comment quoted on page one: about two printed lines

# the status words, worst first (English, marked: `status` returns them translated)
NOT_READY = N_("Not ready for the size you already are")
NOT_JUDGED = N_("Not judged: too little is answered to say how ready you are")
READY_WITH_WORK = N_("Ready now, with work to do before the next step")
READY_ALL = N_("Ready for the size you are and plan to be")
# no pivot point holds the organisation back, but its readiness is below the ready line
READY_BASICS = N_("No pivot point holds you back, but the basics need work")

# a pivot point not crossed unprepared or approaching whose symptoms show, by its status
SYMPTOMS_ONLY: dict[str | None, str] = {
    "crossed-ready": N_("Its practices are in place, yet symptoms already show."),
    "ahead": N_("Growth has not reached it yet, but symptoms already show."),
    "approaching": N_(
        "Growth reaches it within the year and its practices are ready, yet symptoms already show."
    ),
    None: N_("Its status could not be judged, but symptoms show."),
}

# when a finding bites
NOW, WITHIN_YEAR = 0, 1
# the kinds of finding, in the order they are listed at equal severity and timing (English,
# marked: a finding's `kind` is the translated word)
KIND_ORDER = (
    N_("Pivot point"),
    N_("Compliance"),
    N_("Scaling mistake"),
    N_("Anti-pattern"),
    N_("Symptoms"),
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
            # translators: a finding's text, then the names it lists ("5 of the 6 are high: a, b.")
            return _("{text}: {names}.").format(text=self.text, names=", ".join(self.names))
        # translators: a finding's sentence, then the names it lists: "... Symptoms: a, b."
        return _("{text} {intro}: {names}.").format(
            text=self.text, intro=self.names_intro, names=", ".join(self.names)
        )

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (
            SEVERITY_RANK[self.severity],
            self.when,
            [_(k) for k in KIND_ORDER].index(self.kind),
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
    quote_label: str = N_("In your words")


def summarise(
    a: Assessment, pack: Pack, quotes: Quotes | None = None, listed_in: str | None = None
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
        score_shown=(
            _("{score} of 100").format(score=overall) if overall is not None else _("not judged")
        ),
        band=band_label(band(overall)),
        band_range=band_range(band(overall)),
        constraint=constraint(a),
        findings=top,
        found=len(found),
        decision=decision(a, top[0] if top else None),
        open=open_line(a, _("the annex") if listed_in is None else listed_in),
        quote_label=said.label,
    )


def _unprepared(pp: PivotPoint) -> bool:
    return pp.readiness is None or pp.readiness < READY


def status(a: Assessment) -> str:
    """The status in words, in the current language."""
    return _(_status(a))


def _status(a: Assessment) -> str:
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
        return ngettext(
            "{names} is already behind you, and the practices it needs are not in place.",
            "{names} are already behind you, and the practices each needs are not in place.",
            len(crossed),
        ).format(names=_names(crossed))
    unjudged = [pp for pp in a.pivot_points if pp.status is None]
    if unjudged or a.readiness.overall is None:
        if unjudged:
            return _(
                "The answers leave {names} open; answering the questions that would decide them "
                "gives a status."
            ).format(names=_names(unjudged))
        return _("No dimension could be scored from the answers given.")
    approaching = [pp for pp in a.pivot_points if pp.status == "approaching" and _unprepared(pp)]
    if approaching:
        return ngettext(
            "Planned growth reaches {names} within the year, and the practices it needs are not "
            "yet in place.",
            "Planned growth reaches {names} within the year, and the practices each needs are "
            "not yet in place.",
            len(approaching),
        ).format(names=_names(approaching))
    if a.readiness.overall < READY:
        return _(
            "No pivot point is crossed unprepared or close, but the overall readiness is below "
            "{ready}: the basics are worth shoring up before any growth."
        ).format(ready=READY)
    return _("No pivot point is crossed unprepared or close, and the overall readiness is good.")


def _names(pps: list[PivotPoint]) -> str:
    return join_and([_head(pp) for pp in pps])


def _high_gaps(a: Assessment) -> int:
    return sum(1 for g in a.compliance.gaps if g.severity == "high")


def constraint(a: Assessment) -> str:
    """The one constraint that matters, in a sentence."""
    crossed = [pp for pp in a.pivot_points if pp.status == "crossed-unprepared"]
    approaching = [pp for pp in a.pivot_points if pp.status == "approaching" and _unprepared(pp)]
    high = _high_gaps(a)
    if crossed:
        pp = min(crossed, key=lambda p: (p.readiness if p.readiness is not None else -1, p.id))
        if pp.readiness is not None:
            head = _("{name}: crossed without its practices, readiness {readiness} of 100").format(
                name=_name(pp), readiness=pp.readiness_shown
            )
        else:
            head = _("{name}: crossed without its practices, readiness {readiness}").format(
                name=_name(pp), readiness=pp.readiness_shown
            )
    elif approaching:
        pp = approaching[0]  # the pivot points come in the order growth meets them
        if pp.readiness is not None:
            head = _("{name}: approaching with growth, readiness {readiness} of 100").format(
                name=_name(pp), readiness=pp.readiness_shown
            )
        else:
            head = _("{name}: approaching with growth, readiness {readiness}").format(
                name=_name(pp), readiness=pp.readiness_shown
            )
    elif any(pp.status is None for pp in a.pivot_points):
        unjudged = [pp for pp in a.pivot_points if pp.status is None]
        head = _("Not known yet: the answers leave {names} open").format(names=_names(unjudged))
    elif high:
        return ngettext(
            "Compliance, with {n} high gap in a regulated setting.",
            "Compliance, with {n} high gaps in a regulated setting.",
            high,
        ).format(n=high)
    else:
        return _("No pivot point holds you back now or within the year.")
    if high:
        # translators: {head} is the constraint, "Pivot point 2 (...): crossed without ..."
        return ngettext(
            "{head}; and compliance, with {n} high gap.",
            "{head}; and compliance, with {n} high gaps.",
            high,
        ).format(head=head, n=high)
    # translators: {head} is the constraint, "Pivot point 2 (...): crossed without ..."
    return _("{head}.").format(head=head)


def _head(pp: PivotPoint) -> str:
    """A pivot point's short name: "Pivot point 3"."""
    return pp.title.partition(": ")[0]


def _in_text(label: str) -> str:
    """A label inside a sentence: "Auditability gaps" reads "auditability gaps", "AI" stays (in
    English; German keeps its capitals)."""
    return lower_first(label) if label[1:2].islower() else label


def _name(pp: PivotPoint) -> str:
    head, _sep, tail = pp.title.partition(": ")
    # translators: a pivot point's name: "Pivot point 2 (from one team to several)"
    return _("{head} ({title})").format(head=head, title=_in_text(tail)) if tail else head


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
            if crossed:
                title = _("{head} crossed without its practices").format(head=_head(pp))
            else:
                title = _("{head} approaching, not yet prepared").format(head=_head(pp))
            yield Finding(
                _("Pivot point"),
                title,
                _first_sentence(pp.why or ""),
                f"part-{pp.id}",
                worst or ("medium" if crossed else "low"),
                NOW if crossed else WITHIN_YEAR,
                ids,
                quote,
                pp.readiness,
                symptoms,
                # translators: introduces the symptoms a finding lists: "Symptoms: a, b."
                _("Symptoms"),
            )
        elif pp.symptoms and worst:
            yield Finding(
                _("Symptoms"),
                _("{head}: symptoms show").format(head=_head(pp)),
                _(SYMPTOMS_ONLY.get(pp.status, SYMPTOMS_ONLY[None])),
                f"part-{pp.id}",
                worst,
                NOW,
                ids,
                quote,
                pp.readiness,
                symptoms,
                _("Symptoms"),
            )
    if a.compliance.applicable and a.compliance.gaps:
        gaps = a.compliance.gaps
        high = [g for g in gaps if g.severity == "high"]
        worst = _worst([g.severity for g in gaps]) or "medium"
        if high:
            # translators: how many of the compliance gaps are of high severity
            text = ngettext(
                "{n} of the {total} is high", "{n} of the {total} are high", len(high)
            ).format(n=len(high), total=len(gaps))
        elif len(gaps) != 1:
            # translators: {severity} is a severity, "medium" or "low"
            text = _("All are {severity}").format(severity=_(worst))
        else:
            # translators: {severity} is a severity, "medium" or "low"
            text = _("It is {severity}").format(severity=_(worst))
        yield Finding(
            _("Compliance"),
            ngettext("{n} compliance gap", "{n} compliance gaps", len(gaps)).format(n=len(gaps)),
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
            _("Scaling mistake"),
            # translators: a scaling mistake's name, "M1: Assuming small-team practices scale"
            _("{id}: {title}").format(id=m.id, title=m.title),
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
                _("Anti-pattern"),
                _("{title}, working against you").format(title=p.title),
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
    head, dot, _rest = text.partition(". ")
    return head + "." if dot else text


def decision(a: Assessment, top: Finding | None) -> Decision | None:
    """The first planned step that answers the top finding, else the plan's first step."""
    planned = [s for s in a.next_steps if s.horizon != LATER]
    if not planned:
        return None
    answering = [s for s in planned if top is not None and top.ids & set(s.addresses)]
    step = (answering or planned)[0]
    window = lower(horizon_label(step.horizon))
    # translators: a step's effort, "small effort"
    effort = _("{effort} effort").format(effort=effort_label(step.effort))
    # translators: a step's owner when the reader owns it, as the pack writes it, lower case
    if step.owner.strip().lower() == _("you"):
        sentence = _(
            "Decide to set aside time in the {window} for “{title}”, which you own ({effort})."
        ).format(window=window, title=step.title, effort=effort)
    else:
        sentence = _(
            "Decide to fund and staff the {window}, starting with “{title}”, owned by {owner} "
            "({effort})."
        ).format(window=window, title=step.title, owner=_lower_first(step.owner), effort=effort)
    return Decision(sentence, step, planned.index(step) + 1)


def _lower_first(text: str) -> str:
    """A role in running text: "Platform team" reads "the platform team" (in English; other
    languages take the role as the pack words it)."""
    if language() != SOURCE:
        return text
    words = text.split(" ", 1)
    first = words[0]
    if first.lower() in ("the", "you", "your"):
        return text[:1].lower() + text[1:]
    return "the " + first.lower() + (" " + words[1] if len(words) > 1 else "")


def open_line(a: Assessment, where: str | None = None) -> str:
    """What is open, and `where` the questions that would decide it are listed (the annex by
    default)."""
    # translators: where the questions that would decide open findings are listed
    where = _("the annex") if where is None else where
    n = len(a.not_judged)
    if n == 0:
        return _("Nothing is open: every finding was judged from the answers.")
    waiting = sum(1 for nj in a.not_judged if not_known(a) & set(nj.missing))
    if waiting == n:
        # translators: {dont_know} is the quoted answer “Don't know”; {where} is where the
        # questions are listed ("the annex")
        return ngettext(
            "Open: {n} finding could not be judged, because you answered {dont_know} to "
            "questions it rests on; {where} lists those questions.",
            "Open: {n} findings could not be judged, because you answered {dont_know} to "
            "questions they rest on; {where} lists those questions.",
            n,
        ).format(n=n, dont_know=dont_know(), where=where)
    if waiting:
        # translators: {waiting} of the {n} findings wait for a “Don't know” answer
        return ngettext(
            "Open: {n} finding could not be judged for lack of answers, {waiting} of them "
            "because of a {dont_know}; {where} lists the questions that would decide it.",
            "Open: {n} findings could not be judged for lack of answers, {waiting} of them "
            "because of a {dont_know}; {where} lists the questions that would decide them.",
            n,
        ).format(n=n, waiting=waiting, dont_know=dont_know(), where=where)
    return ngettext(
        "Open: {n} finding could not be judged for lack of answers; {where} lists the "
        "questions that would decide it.",
        "Open: {n} findings could not be judged for lack of answers; {where} lists the "
        "questions that would decide them.",
        n,
    ).format(n=n, where=where)
