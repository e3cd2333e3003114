"""The respondent's own words under the findings they bear on: one home for the report, the
team report and the results page.

A free-text question belongs to its section, and its answer may bear on the findings built from
that section's other questions: a pivot point from its practices and symptoms (and the answers
in its evidence), any other finding from the questions in its evidence. A comment in the pivot
point 2 section is thus never quoted under a finding made from other answers. A text question
in a section without other questions (the closing "anything else") bears on no finding in
particular and stays in the annex.

A section often feeds several findings of one part (six compliance gaps, five metrics), and a
comment is about one of them: "velocity is the one figure the board sees" is about velocity,
not recovery time. Each part of the report (a pivot point, the mistakes, the patterns, the
metrics, the compliance gaps) therefore quotes a comment once, under the finding that shares
the most words with it (its title, summary, reasons and the answers behind it; words are
compared by their first letters, so "approval" meets "approve"), the first in the part's order
on a tie. A part where the comment shares no word with any finding does not quote it, unless
the comment would otherwise be quoted nowhere: then it goes under the first finding it bears
on. Strategy and next steps are decisions built on the findings and quote nobody.

A quote is cut after `MAX_CHARS` characters or `MAX_LINES` lines; the whole text stays in the
annex (or, in a team report, under the workshop part's comments). In a team report the
comments come from the group's aggregate, which holds them only once the group has reached its
anonymity threshold, sorted and without who wrote them; each is placed on its own, at most
`MAX_TEAM_QUOTES` are quoted under one finding, and the rest are counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from assessment.content.pack import Pack
from assessment.engine.result import Assessment, Evidence
from assessment.i18n import N_, _
from assessment.report import freetext

MAX_CHARS = 300
MAX_LINES = 4
MAX_TEAM_QUOTES = 2
PATTERN_ORDER = ("anti-pattern", "recommended", "in-place")
# the heading of the comments that bear on no finding, wherever they are printed on their own
# (English, marked: `unplaced_title()` translates it)
UNPLACED_TITLE = N_("What else you asked us to consider")


def unplaced_title() -> str:
    """`UNPLACED_TITLE` in the current language."""
    return _(UNPLACED_TITLE)


Key = tuple[str, str]  # (part, finding id): ("PP2", "PP2"), ("mistakes", "M4"), ...


@dataclass(frozen=True)
class Quote:
    """A comment as quoted under a finding: tidied and cut, with where it was given."""

    text: str
    cut: bool
    question: str
    section: str
    # where the comment was cut, in characters of the whole text
    cut_after: int | None = None


@dataclass
class Quotes:
    """Which comments are quoted under which finding. `team`: the words are a participant's,
    quoted without name or role."""

    team: bool = False
    # the report carries the annex, where every answer is printed whole
    annex: bool = False
    placed: dict[Key, list[Quote]] = field(default_factory=dict)
    # comments on the same section that were not quoted under the finding (team reports)
    more: dict[Key, int] = field(default_factory=dict)
    # a respondent's comments that bear on no finding (the closing "anything else", say):
    # the report prints them once, on their own, so nothing the respondent wrote is lost
    unplaced: list[Quote] = field(default_factory=list)

    @property
    def label(self) -> str:
        return _("In a participant's words") if self.team else _("In your words")

    @property
    def whole_text_at(self) -> str:
        """Where the whole text of a cut quote is."""
        # translators: ends "The whole comment is in ..."
        if self.team:
            return _("the workshop part's comments")
        return _("the annex") if self.annex else _("the answers file")

    def under(self, part: str, finding: str) -> list[Quote]:
        """The quotes under one finding of a part (a pivot point's part is its id)."""
        return self.placed.get((part, finding), [])

    def more_under(self, part: str, finding: str) -> int:
        return self.more.get((part, finding), 0)

    def __bool__(self) -> bool:
        return bool(self.placed)

    def add(self, key: Key, quote: Quote, limit: int | None) -> None:
        """`quote` under the finding `key`, or counted when `limit` quotes are there already."""
        here = self.placed.setdefault(key, [])
        if limit is None or len(here) < limit:
            here.append(quote)
        else:
            self.more[key] = self.more.get(key, 0) + 1


def comments_of(pack: Pack, a: Assessment) -> dict[str, list[str]]:
    """One respondent's comments by question, from the answers the assessment used."""
    return {
        qid: [str(value)]
        for qid, value in a.answers.items()
        if qid in pack.questions
        and pack.questions[qid].type == "text"
        and value is not None
        and str(value).strip()
    }


@dataclass(frozen=True)
class Candidate:
    """A finding that may carry a quote: where it is, what it was built from, what it says."""

    key: Key
    questions: frozenset[str]
    words: frozenset[str]


def findings(a: Assessment) -> Iterator[Candidate]:
    """Every finding that may carry a quote, in the report's order."""
    for pp in a.pivot_points:
        asked = [*pp.practices_in_place, *pp.missing_practices, *pp.unanswered_practices]
        texts = [
            pp.title,
            pp.breaks,
            pp.why or "",
            *(p.label for p in [*asked, *pp.symptoms_asked]),
        ]
        texts += [t for sym in pp.symptoms for t in (sym.label, sym.why)]
        evidence = [*pp.evidence, *(e for sym in pp.symptoms for e in sym.evidence)]
        questions = {p.question for p in [*asked, *pp.symptoms_asked]}
        yield _candidate((pp.id, pp.id), evidence, texts, questions)
    for m in a.mistakes:
        yield _candidate(("mistakes", m.id), m.evidence, [m.title, m.summary, *m.why])
    for status in PATTERN_ORDER:
        for p in a.patterns:
            if p.status == status:
                yield _candidate(("patterns", p.id), p.evidence, [p.title, p.summary, p.why])
    for metric in [*a.metrics.recommended, *a.metrics.misleading_in_use]:
        texts = [metric.title, metric.summary, metric.why]
        yield _candidate(("metrics", metric.id), metric.evidence, texts)
    if a.compliance.applicable:
        for g in a.compliance.gaps:
            yield _candidate(("compliance", g.id), g.evidence, [g.title, g.summary, g.why])


def place(
    pack: Pack,
    a: Assessment,
    comments: Mapping[str, Sequence[str]] | None = None,
    *,
    team: bool = False,
    annex: bool = False,
) -> Quotes:
    """The quotes of `a`'s findings. `comments`: texts by question id, as the aggregate of a
    workshop holds them; by default the respondent's own answers."""
    texts = comments_of(pack, a) if comments is None else comments
    candidates = list(findings(a))
    quotes = Quotes(team=team, annex=annex)
    for section in pack.questionnaire.sections:
        read = {q.id for q in section.questions if q.type != "text"}
        bearing = [c for c in candidates if c.questions & read]
        for q in section.questions:
            if q.type != "text":
                continue
            for text in texts.get(q.id, ()):
                quote = _quote(text, q.id, section.title)
                if quote.text and bearing:
                    for key in _keys(bearing, _words(text)):
                        quotes.add(key, quote, MAX_TEAM_QUOTES if team else None)
                elif quote.text and not team:  # a team's comments have the workshop part
                    # printed on its own, so at the length the annex prints an answer
                    whole = freetext.cut(text)
                    quotes.unplaced.append(
                        Quote(
                            whole.text,
                            whole.cut_after is not None,
                            q.id,
                            section.title,
                            whole.cut_after,
                        )
                    )
    return quotes


def _keys(bearing: list[Candidate], words: frozenset[str]) -> list[Key]:
    """Where one comment is quoted: in each part, the finding sharing the most words with it
    (the first on a tie), if it shares any; else the first finding it bears on."""
    best: dict[str, tuple[int, Key]] = {}
    for c in bearing:
        shared = len(words & c.words)
        part = c.key[0]
        if shared and shared > best.get(part, (0, c.key))[0]:
            best[part] = (shared, c.key)
    return [key for _n, key in best.values()] or [bearing[0].key]


def _quote(text: str, question: str, section: str) -> Quote:
    comment = freetext.cut(text, max_chars=MAX_CHARS, max_lines=MAX_LINES)
    return Quote(comment.text, comment.cut_after is not None, question, section, comment.cut_after)


def _candidate(
    key: Key, evidence: Iterable[Evidence], texts: Iterable[str], questions: Iterable[str] = ()
) -> Candidate:
    """A finding's words are its own text and the labels of the questions behind it; not the
    answers, which other findings share (every metric's evidence lists what is tracked)."""
    evidence = list(evidence)
    return Candidate(
        key,
        frozenset({e.question for e in evidence if e.question} | set(questions)),
        _words(" ".join([*texts, *(e.label for e in evidence)])),
    )


_WORD = re.compile(r"[^\W\d_]{4,}")
STEM = 5  # letters that stand for a word: "approval" and "approve" meet at "appro"
# words too common in this questionnaire's findings, or in any sentence, to tie one to a finding
COMMON = frozenset(
    """about after also been before being both code could does done each even every from
    generated have into just like many more most much must only other over same should some
    such team teams than that their them then there these they this those today very were
    what when where which while will with would your""".split()
)


def _words(text: str) -> frozenset[str]:
    """The words of `text` that can tie it to a finding, each by its first `STEM` letters."""
    return frozenset(w[:STEM] for w in (m.lower() for m in _WORD.findall(text)) if w not in COMMON)
