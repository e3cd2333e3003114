"""The workshop part of a team report: where the role groups differ, ties and how they were
resolved, where people disagree, roles, spread and comments.

Roles fewer than k people chose are never named: they are merged into "other roles" when that
makes k, and otherwise left out of every role group; a comment shows its writer's role only
when that role is a group of its own.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assessment import i18n
from assessment.content.audience import counted
from assessment.content.pack import Pack
from assessment.i18n import N_, _, ngettext
from assessment.kinds.pivot_points import status_label
from assessment.kinds.stage import stage_label
from assessment.report import freetext
from assessment.report.context import MAX_NAME, STATUS_LABELS
from assessment.report.names import join_and
from assessment.services.aggregate import (
    NO_ROLE,
    OTHER_ROLES,
    Aggregate,
    GroupAnswer,
    QuestionSummary,
    RoleGap,
    unfit_counts,
)

# (English, marked: the report's data translates them; the app reads the English names)
WITHHELD = N_("[role withheld]")
# how many role gaps lead the workshop part, and the smallest gap worth leading with
TOP_GAPS = 3
MIN_GAP = 0.25
GAP_DEFINITION = N_(
    "The gap runs from 0, both groups answered alike, to 100, they sit at opposite ends of "
    "the question's answers."
)
DISAGREEMENT_DEFINITION = N_(
    "The disagreement index runs from 0, everyone gave the same answer, to 100. Where the "
    "answers run in order (a scale, how far a practice is in place, how often something "
    "happens) it is how far they sit from the middle answer, so 100 is two camps at opposite "
    "ends and an even spread scores less; elsewhere 100 is answers spread as evenly over the "
    "choices as the question allows."
)


def answer_labels(pack: Pack, qid: str) -> dict[str, str]:
    """How each answer value of a question reads, for distributions."""
    q = pack.questions[qid]
    if q.type in ("single", "multi"):
        return {c.id: c.label for c in pack.choices(q)}
    if q.type == "yes_no":
        return {"true": _("Yes"), "false": _("No")}
    if q.type == "scale":
        return {str(p.value): f"{p.value}: {p.label}" for p in q.points or []}
    return {}


def value_key(value: Any) -> str:
    """An answer value as a key of a distribution."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def in_sentence(label: str) -> str:
    """An answer's label inside a sentence: "Not in place" reads "not in place", "A one-time
    training" reads "a one-time training"; a label that starts with an abbreviation ("AI ...",
    "CI gates") keeps its capitals."""
    first = label.split(" ", 1)[0]
    if first[:1].isupper() and (first[1:].islower() or (len(first) == 1 and first != "I")):
        return i18n.lower_first(label)
    return label


def quoted(text: str) -> str:
    """An answer quoted in running text, in the language's marks: labels that hold a comma
    ("Most changes, but not all") stay told apart in a list."""
    open_mark, close_mark = i18n.quote_marks()
    return f"{open_mark}{text}{close_mark}"


def group_label(group: str) -> str:
    """A role group as a row label."""
    if group == OTHER_ROLES:
        return _("Other roles")
    if group == NO_ROLE:
        return _("No role given")
    return freetext.one_line(group, MAX_NAME)


def bars(
    distribution: dict[str, int],
    labels: dict[str, str],
    marked: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """A distribution as rows of a bar chart: label, count, share, bar length (0 to 100 on a
    fixed scale, the share of those who answered: a 1/1/1 split draws three bars a third
    long, not three full ones) and a mark such as "consensus"; answers nobody gave are kept,
    so the scale reads whole."""
    total = sum(distribution.values()) or 1
    return [
        {
            "label": labels.get(key, key),
            "count": count,
            "share": round(100 * count / total),
            "length": round(100 * count / total),
            "mark": (marked or {}).get(key),
        }
        for key, count in distribution.items()
    ]


# a number question with more different answers than this is drawn as ranges
MANY_VALUES = 10
# the most ranges a number question is drawn in
MAX_RANGES = 8


@dataclass(frozen=True)
class NumberRange:
    """Answers from `low` up to (not including) `high`, and how many gave one; a range of one
    value (a number drawn as itself) has `high` None."""

    low: float
    high: float | None
    count: int
    label: str

    def holds(self, value: float) -> bool:
        if self.high is None:
            return value == self.low
        return self.low <= value < self.high


def _nice_steps(lo: float, hi: float) -> list[float]:
    """Widths 1, 2 and 5 times a power of ten, from the narrowest that could matter (a
    thousandth of the span of the answers, which differ: more than `MANY_VALUES` of them)."""
    first = 10.0 ** math.floor(math.log10((hi - lo) / 1000))
    return [round(m * first * 10**e, 12) for e in range(8) for m in (1, 2, 5)]


def _linear_edges(lo: float, hi: float, integral: bool) -> list[float]:
    """Equal ranges of a readable width (1, 2 or 5 times a power of ten), at most
    MAX_RANGES of them, starting at a multiple of that width."""
    for step in _nice_steps(lo, hi):
        if integral and step < 1:
            continue
        start = math.floor(lo / step)
        n = math.floor(hi / step) - start + 1
        if n <= MAX_RANGES:
            return [round((start + i) * step, 12) for i in range(n + 1)]
    raise AssertionError("a width of 10**7 times the span always fits")  # pragma: no cover


def _growing_edges(lo: float, hi: float) -> list[float] | None:
    """Ranges that grow with the numbers, as headcounts do (1, 2–4, 5–9, 10–19, 20–49 ...,
    or by powers of ten when those are too many); None for answers at or below 0."""
    if lo <= 0:
        return None
    low, high = math.floor(math.log10(lo)), math.floor(math.log10(hi)) + 1
    for mantissas in ((1, 2, 5), (1,)):
        seq = [round(m * 10.0**e, 12) for e in range(low, high + 1) for m in mantissas]
        start = max(i for i, edge in enumerate(seq) if edge <= lo)
        end = min(i for i, edge in enumerate(seq) if edge > hi)
        if end - start <= MAX_RANGES:
            return seq[start : end + 1]
    return None


def _figure(x: float) -> str:
    """A number as a range's label writes it: 1,000 and 2.5, never 1e+03."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


def _range_label(low: float, high: float, integral: bool, unit: str | None) -> str:
    """'5–9 developers' for whole numbers (the last one given), '2.5 to under 3' otherwise."""
    if integral:
        last = high - 1
        if last == low:
            return counted(_figure(low), unit)
        dash = "–" if low >= 0 else " to "
        return counted(f"{_figure(low)}{dash}{_figure(last)}", unit)
    return counted(f"{_figure(low)} to under {_figure(high)}", unit)


def number_ranges(
    distribution: Mapping[str, int], unit: str | None = None, many: int = MANY_VALUES
) -> list[NumberRange]:
    """A number question's answers (value as text -> how many gave it) as ordered ranges with
    their counts, as every view draws them: up to `many` different answers each stay a range
    of their own; more are grouped into at most MAX_RANGES ranges of readable edges, equal
    ones (10–19, 20–29 ...) or, when the answers spread over orders of magnitude, ranges that
    grow with the numbers (1, 2–4, 5–9, 10–19 ...), whichever leaves fewer ranges empty.
    Ranges run from the lowest answer's to the highest's without a gap, an empty one between
    them kept at 0 so the scale reads true; whole numbers read as whole numbers, each range
    with the question's unit."""
    values = sorted((float(v), n) for v, n in distribution.items() if n)
    if not values:
        return []
    if len(values) <= many:
        return [NumberRange(v, None, n, counted(_figure(v), unit)) for v, n in values]
    lo, hi = values[0][0], values[-1][0]
    integral = all(v.is_integer() for v, _ in values)
    candidates = [_linear_edges(lo, hi, integral)]
    growing = _growing_edges(lo, hi)
    if growing is not None:
        candidates.append(growing)

    def counts(edges: list[float]) -> list[int]:
        out = [0] * (len(edges) - 1)
        for v, n in values:
            out[bisect.bisect_right(edges, v) - 1] += n
        return out

    # the fewest empty ranges; equal widths on a tie, as they read most plainly
    edges = min(candidates, key=lambda e: counts(e).count(0))
    integral = integral and all(float(e).is_integer() for e in edges)
    return [
        NumberRange(low, high, n, _range_label(low, high, integral, unit))
        for low, high, n in zip(edges, edges[1:], counts(edges), strict=False)
    ]


@dataclass
class Drawn:
    """A question's answers as every view draws them: each bar's label and count, in order,
    and the team's answer marked on the bar that holds it."""

    counts: dict[str, int]
    marks: dict[str, str]


def drawn(pack: Pack, q: QuestionSummary) -> Drawn:
    """The bars of `q`'s answers: one an answer, but a number question's in ranges
    (`number_ranges`), the same on the dashboard, on the projector and in the team report."""
    marks = team_marks(q)
    if q.type == "number":
        ranges = number_ranges(q.distribution, pack.questions[q.question].unit)
        mark = next(iter(marks.values()), None)
        return Drawn(
            {r.label: r.count for r in ranges},
            {r.label: mark for r in ranges if mark is not None and r.holds(float(q.consensus))},
        )
    labels = answer_labels(pack, q.question)
    return Drawn(
        {labels.get(k, k): n for k, n in q.distribution.items()},
        {labels.get(k, k): m for k, m in marks.items()},
    )


def team_marks(q: QuestionSummary) -> dict[str, str]:
    """The team's answer in a distribution: "consensus", or how it was reached from a tie."""
    if q.consensus is None or q.consensus == []:
        return {}
    # translators: beside the answer everyone in the group gave
    mark = _("consensus")
    if q.tie:
        mark = _("team answer, from a tie")
    elif q.split:
        mark = _("team answer, from an even split")
    values = q.consensus if isinstance(q.consensus, list) else [q.consensus]
    return {value_key(v): mark for v in values}


def tie_sentence(q: QuestionSummary, pack: Pack) -> str:
    """What the tie or even split on `q` was and how the report resolved it."""
    question = pack.questions[q.question]
    labels = answer_labels(pack, q.question)
    given = [(key, n) for key, n in q.distribution.items() if n]
    if q.type == "multi":
        half = [labels.get(key, key) for key, n in given if n * 2 == q.answered]
        return ngettext(
            "Exactly half the group picked {answers}; the report counts it in the team's answer.",
            "Exactly half the group picked {answers}; the report counts them in the team's answer.",
            len(half),
        ).format(answers=_join(half))
    best = max(n for _v, n in given)
    tied = [labels.get(key, key) for key, n in given if n == best]
    what = (
        ngettext(
            "A tie: {answers} drew {n} person each",
            "A tie: {answers} drew {n} people each",
            best,
        ).format(answers=_join(tied), n=best)
        if q.tie
        else ngettext(
            "An even split: {n} person on each side",
            "An even split: {n} people on each side",
            q.answered // 2,
        ).format(n=q.answered // 2)
    )
    if q.consensus is None:
        return _(
            "{what}. The report leaves the team's answer open, so what it feeds is not judged."
        ).format(what=what)
    answer = quoted(in_sentence(labels.get(value_key(q.consensus), value_key(q.consensus))))
    ordered = q.type == "scale" or (q.type == "single" and question.ordered)
    if not ordered:
        return _("{what}. The report takes {answer}.").format(what=what, answer=answer)
    if q.split:
        # the two middle answers differ: the team's answer is the more cautious of two
        # neighbours, or the answer between two distant ones
        expanded = [key for key, n in q.distribution.items() for _ in range(n)]
        lo, hi = expanded[len(expanded) // 2 - 1], expanded[len(expanded) // 2]
        if value_key(q.consensus) in (lo, hi):
            how = (
                _("{what}. The report takes the lower of the two middle answers, {answer}.")
                if q.type == "scale"
                else _(
                    "{what}. The report takes the more cautious of the two middle answers, "
                    "{answer}."
                )
            )
        else:
            how = _("{what}. The report takes the answer between the two middle ones, {answer}.")
        return how.format(what=what, answer=answer)
    return _("{what}. The report takes the middle answer, {answer}.").format(
        what=what, answer=answer
    )


def _join(items: list[str]) -> str:
    return join_and([quoted(in_sentence(i)) for i in items])


def gap_sentence(gap: RoleGap, pack: Pack) -> str:
    """A role gap in words, with counts: "In the developer group, 2 of 3 say not in place; in
    the other roles, 2 of 3 say fully in place." The count is of the group's own answer, worked
    out as the team's (its median where answers run in order)."""
    labels = answer_labels(pack, gap.question)
    if gap.type == "multi":
        first, second = gap.groups

        def share(g: GroupAnswer, key: str) -> float:
            return g.distribution.get(key, 0) / (g.answered or 1)

        key = max(
            first.distribution,
            key=lambda c: (abs(share(first, c) - share(second, c)), -list(labels).index(c)),
        )
        parts = [
            # translators: "2 of 3 in the developer group"
            _("{n} of {total} {where}").format(
                n=g.distribution.get(key, 0), total=g.answered, where=_in_group(g.group)
            )
            for g in gap.groups
        ]
        return _("{answer}: picked by {first}, and by {second}.").format(
            answer=labels.get(key, key), first=parts[0], second=parts[1]
        )
    said = []
    for g in gap.groups:
        where = _in_group(g.group)
        if g.typical is None:
            counts = ", ".join(
                f"{in_sentence(labels.get(k, k))} {n}" for k, n in g.distribution.items() if n
            )
            # translators: "in the developer group, the answers tie (not in place 2, ...)"
            said.append(_("{where}, the answers tie ({counts})").format(where=where, counts=counts))
        else:
            key = value_key(g.typical)
            n = g.distribution.get(key, 0)
            said.append(
                ngettext(
                    "{where}, {n} of {total} says {answer}",
                    "{where}, {n} of {total} say {answer}",
                    n,
                ).format(
                    where=where,
                    n=n,
                    total=g.answered,
                    answer=in_sentence(labels.get(key, key)),
                )
            )
    text = "; ".join(said) + "."
    return text[0].upper() + text[1:]


ANSWERED_ALIKE = N_("The role groups answered this alike.")


def role_line(result: Aggregate, pack: Pack, q: QuestionSummary) -> str | None:
    """How the role groups of k or more people answered `q`, as the walk-through and the
    dashboard say it under the question: the two groups furthest apart, in words with counts
    (`gap_sentence`), or that they answered alike. None when there are not two groups of k
    or more who answered it to compare, and for number questions, which the groups are not
    compared on (a headcount is not a view: see `aggregate.role_gaps`). Roles fewer than k
    chose are merged or left out by the aggregate, never named here."""
    if len(result.roles) < 2 or q.question not in result.role_compared:
        return None  # fewer than two groups of k or more answered it (or a number, a text)
    gap = next((g for g in result.role_gaps if g.question == q.question), None)
    return _(ANSWERED_ALIKE) if gap is None else gap_sentence(gap, pack)


def discussion_prompt(pack: Pack, q: QuestionSummary) -> str:
    """The question a facilitator puts to the room on a split answer: the pack's own
    (`discuss`), else one made from the answers given, naming the two that lie furthest
    apart ("Some of you said “not in place”, others “fully in place”: ...")."""
    question = pack.questions[q.question]
    if question.discuss:
        return question.discuss
    labels = answer_labels(pack, q.question)
    given = [k for k, n in q.distribution.items() if n]
    if q.type == "multi":
        picked = [k for k in given if 0 < q.distribution[k] < q.answered]
        if picked:
            name = in_sentence(labels.get(picked[0], picked[0]))
            return _(
                "Only some of you chose “{name}”: what do those who chose it see that the "
                "others do not?"
            ).format(name=name)
    elif len(given) >= 2:
        low, high = (in_sentence(labels.get(k, k)) for k in (given[0], given[-1]))
        return _(
            "Some of you said “{low}”, others “{high}”: what does each of you see that the "
            "other does not, and what would settle it?"
        ).format(low=low, high=high)
    return _("What would the team need to know to answer this alike?")


def _in_group(group: str) -> str:
    """ "in the developer group" and the like, to open a clause."""
    if group == OTHER_ROLES:
        return _("in the other roles")
    if group == NO_ROLE:
        return _("among those who gave no role")
    return _("in the {role} group").format(role=freetext.one_line(group, MAX_NAME))


def role_gaps(result: Aggregate, pack: Pack, limit: int = TOP_GAPS) -> list[dict[str, Any]]:
    """The largest gaps between role groups, as the report and the dashboard show them."""
    out: list[dict[str, Any]] = []
    for gap in result.role_gaps:
        if gap.gap < MIN_GAP or len(out) >= limit:
            break
        labels = answer_labels(pack, gap.question)
        out.append(
            {
                "question": gap.question,
                "text": gap.text,
                "short": pack.questions[gap.question].short,
                "gap": round(gap.gap * 100),
                "sentence": gap_sentence(gap, pack),
                "groups": [
                    {
                        "label": group_label(g.group),
                        "respondents": g.respondents,
                        "answered": g.answered,
                        "bars": bars(g.distribution, labels),
                    }
                    for g in gap.groups
                ],
            }
        )
    return out


def role_groups_note(result: Aggregate) -> str | None:
    """One sentence on which role groups were compared, or why none were; None when nobody
    gave a role."""
    left = result.roles_left_out
    if left:
        return ngettext(
            "No role group is shown: {n} person is in roles chosen by fewer than {k} people, "
            "even taken together, and the groups shown beside the whole team's answers would "
            "give their answers away.",
            "No role group is shown: {n} people are in roles chosen by fewer than {k} people, "
            "even taken together, and the groups shown beside the whole team's answers would "
            "give their answers away.",
            left,
        ).format(n=left, k=result.k)
    if not result.roles or [r.role for r in result.roles] == [NO_ROLE]:
        return None  # no roles, or nobody gave one: nothing to compare, nothing to say
    merged = any(r.role == OTHER_ROLES for r in result.roles)
    if len(result.roles) < 2:
        return (
            _(
                "The roles cannot be compared: only one group has {k} or more people; roles "
                'chosen by fewer than {k} people are merged into "other roles".'
            )
            if merged
            else _("The roles cannot be compared: only one group has {k} or more people.")
        ).format(k=result.k)
    return (
        _(
            "Each role group has at least {k} people; roles chosen by fewer than {k} people "
            'are merged into "other roles".'
        )
        if merged
        else _("Each role group has at least {k} people.")
    ).format(k=result.k)


# the most disputed questions a team report draws, and the most ties it lists apart from them,
# when its pages allow
DISPUTED = 3
TIES = 8
# each shorter than the one before, for a report that runs over its pages: (disputed questions
# drawn, role gaps drawn, other ties listed). Charts go first, the most disputed kept; then
# ties, those that feed a finding kept; last, the disputed question and then the role gap left
# are counted, not drawn. The dashboard shows the rest.
SHORTER = (
    (2, TOP_GAPS, TIES),
    (1, TOP_GAPS, TIES),
    (1, 2, 5),
    (1, 1, 3),
    (1, 1, 1),
    (0, 1, 1),
    (0, 0, 1),
)


def workshop_part(
    result: Aggregate,
    pack: Pack,
    *,
    name: str,
    joined: int,
    limit: int = DISPUTED,
    gaps: int = TOP_GAPS,
    ties: int = TIES,
) -> dict[str, Any]:
    """Plain data for the template; only called once the group reached its threshold. `limit`:
    the most disputed questions drawn, `gaps`: the largest role gaps drawn, `ties`: the most
    other ties listed; the dashboard and the export have the others. Written in the pack's
    language, whatever language the caller speaks: it is part of the report."""
    with i18n.using(pack.language):
        return _workshop_part(
            result, pack, name=name, joined=joined, limit=limit, gaps=gaps, ties=ties
        )


def shorter_parts(
    result: Aggregate, pack: Pack, full: dict[str, Any], *, name: str, joined: int
) -> list[dict[str, Any]]:
    """The workshop part with fewer charts than `full` (`workshop_part` as drawn when the
    pages allow), step by step (`SHORTER`), for a report that runs over its pages; a step that
    would show what the one before showed is left out."""

    def shown(part: dict[str, Any]) -> tuple[int, int, int]:
        return len(part["disputed"]), len(part["gaps"]), len(part["ties"])

    shown_before = shown(full)
    out = []
    for limit, gaps, ties in SHORTER:
        part = workshop_part(
            result, pack, name=name, joined=joined, limit=limit, gaps=gaps, ties=ties
        )
        if shown(part) != shown_before:
            out.append(part)
            shown_before = shown(part)
    return out


def feeding(result: Aggregate) -> set[str]:
    """The questions a finding of the team's assessment was decided on: those the conditions
    of its fired rules test. A tie on one of them can change what the report says."""
    if result.team is None:
        return set()
    return {
        c.question
        for t in result.team.trace
        if t.fired
        for c in t.conditions
        if c.question is not None
    }


def _workshop_part(
    result: Aggregate, pack: Pack, *, name: str, joined: int, limit: int, gaps: int, ties: int
) -> dict[str, Any]:
    # every question people disagree on, most disputed first: the first `limit` are drawn
    every = result.most_disputed(len(result.questions))
    disputed = []
    for q in every[:limit]:
        shown = drawn(pack, q)
        disputed.append(
            {
                "text": q.text,
                "disagreement": round(q.disagreement * 100),
                "tie": q.tie or q.split,
                "bars": bars(shown.counts, {}, shown.marks),
                # how a tie or an even split gave the team's answer, said here once
                "tie_sentence": tie_sentence(q, pack) if q.tie or q.split else None,
            }
        )
    order = list(pack.questions)
    charted = {q.question for q in every[:limit]}
    # ties among the questions drawn are resolved under their bars; these are the others:
    # those that feed a finding first, each group in the order asked
    fed = feeding(result)
    other_ties = sorted(
        (q for q in result.ties() if q.question not in charted),
        key=lambda q: (q.question not in fed, order.index(q.question)),
    )
    listed = other_ties[:ties]
    readiness = result.readiness
    return {
        "name": freetext.one_line(name, MAX_NAME),
        "joined": joined,
        "finished": result.respondents,
        "k": result.k,
        "gaps": role_gaps(result, pack, gaps),
        # gaps the dashboard shows and this report has no room for
        "gaps_more": len(role_gaps(result, pack)) - len(role_gaps(result, pack, gaps)),
        "gap_definition": _(GAP_DEFINITION),
        "groups_note": role_groups_note(result),
        "compared": len(result.roles) >= 2,
        "disputed": disputed,
        "disputed_more": len(every) - len(disputed),
        "disagreement_definition": _(DISAGREEMENT_DEFINITION),
        # one group is the whole team again: a table of it compares nothing
        "roles": []
        if role_groups_note(result) is None or len(result.roles) < 2
        else [
            {
                "role": group_label(r.role),
                "respondents": r.respondents,
                "stage": stage_label(r.stage, _("n/a")),
                "readiness": None if r.readiness_median is None else round(r.readiness_median),
                "statuses": {
                    pp: status_label(s) if s in STATUS_LABELS else None
                    for pp, s in r.statuses.items()
                },
            }
            for r in result.roles
        ],
        "roles_left_out": result.roles_left_out,
        "team_readiness": None if result.team is None else result.team.readiness.overall,
        # questions whose team answer comes from a tie or an even split, in the order asked
        "ties": [
            {"text": q.text, "sentence": tie_sentence(q, pack), "feeds": q.question in fed}
            for q in listed
        ],
        # ties the dashboard lists and this report has no room for
        "ties_more": len(other_ties) - len(listed),
        "spread": None
        if not readiness
        else {
            "low": round(min(readiness)),
            "median": round(statistics.median(readiness)),
            "high": round(max(readiness)),
        },
        **_comments(result),
        "unfit_respondents": len(result.unfit),
        # by the question's name, as a reader knows it (the export has the ids)
        "unfit": [
            {"question": pack.questions[q].short if q in pack.questions else q, "count": n}
            for q, n in unfit_counts(result.unfit).items()
        ],
    }


def _comments(result: Aggregate) -> dict[str, Any]:
    """The comments as the report prints them, each with its role or "[role withheld]": each
    cut, the whole part bounded."""
    written = [c for c in result.comment_roles if freetext.cut(c.text).text]
    shown, more = freetext.bound([c.text for c in written])
    roles = [_(WITHHELD) if c.role is None else group_label(c.role) for c in written[: len(shown)]]
    return {
        "comments": [
            {"text": c.text, "cut_after": c.cut_after, "role": role}
            for c, role in zip(shown, roles, strict=True)
        ],
        "comments_more": more,
    }
