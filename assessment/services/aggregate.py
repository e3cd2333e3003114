"""Many respondents, one picture: consensus answers, distributions, disagreement, role
comparison and the spread of individual readiness.

Nothing is aggregated below the anonymity threshold `k` (never below 3), for the whole group
and for each role: `aggregate` then says how many answers are still needed instead.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from assessment.content.schema.questionnaire import Question
from assessment.engine.result import Assessment
from assessment.services.answers import Answers
from assessment.services.scoring import Scorer

MIN_K = 3
_NUMERIC = ("number", "scale")


@dataclass
class QuestionSummary:
    question: str
    text: str
    type: str
    answered: int
    # choice id (or number, as text) -> how many gave it; in choice order for choices
    distribution: dict[str, int]
    consensus: Any
    # 0 when everyone agrees, 1 at the most disagreement the question allows
    disagreement: float
    # the group divides evenly around its typical answer (ordered choices and scales: the two
    # middle answers differ; unordered choices and yes/no: a tie for the most
    # frequent, which leaves no consensus; multiple choice: a choice exactly half picked)
    split: bool = False
    # two or more answers share the highest count (2/2/2, 3/3): the team's answer then comes
    # from how ties are resolved, not from a majority
    tie: bool = False


def unfit_counts(unfit: Mapping[str, list[str]]) -> dict[str, int]:
    """How many respondents had an answer left out, per question id, in id order. Counts, not
    the respondents' numbers: whose answers predate a change of the questionnaire would tell
    export rows that answered early from those that answered late."""
    counts: dict[str, int] = {}
    for questions in unfit.values():
        for q in questions:
            counts[q] = counts.get(q, 0) + 1
    return dict(sorted(counts.items()))


@dataclass
class RoleSummary:
    role: str
    respondents: int
    shown: bool
    stage: str | None = None
    readiness_median: float | None = None
    statuses: dict[str, str | None] = field(default_factory=dict)


OTHER_ROLES = "other roles"


@dataclass
class GroupAnswer:
    """One role group's answers to one question."""

    group: str  # a role at least k people chose, or OTHER_ROLES
    respondents: int  # people in the group
    answered: int
    distribution: dict[str, int]
    # the group's typical answer, worked out as the team's (None: a tie left it open)
    typical: Any


@dataclass
class RoleGap:
    """A question the role groups answer differently: the two groups furthest apart."""

    question: str
    text: str
    type: str
    # 0 when the two groups answered alike, 1 when they sit at opposite ends of the question
    gap: float
    groups: tuple[GroupAnswer, GroupAnswer]


@dataclass
class Comment:
    text: str
    question: str
    # the writer's role when at least k people chose it; None: withheld (or none given)
    role: str | None


@dataclass
class Aggregate:
    respondents: int
    k: int
    shown: bool
    questions: list[QuestionSummary] = field(default_factory=list)
    consensus: dict[str, Any] = field(default_factory=dict)
    team: Assessment | None = None
    readiness: list[float] = field(default_factory=list)
    roles: list[RoleSummary] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    # the same comments by question id, in the order asked, for quoting each under the findings
    # its section bears on (`assessment.report.quotes`)
    comments_by_question: dict[str, list[str]] = field(default_factory=dict)
    # respondents (as their export's P-number) -> questions whose stored answers no longer fit
    # the pack (a newer version of it, say) and were left out; the rest of them still counts
    unfit: dict[str, list[str]] = field(default_factory=dict)
    # the questions the role groups (k people or more each) answer most differently, largest
    # gap first; empty without roles or with fewer than two such groups
    role_gaps: list[RoleGap] = field(default_factory=list)
    # the questions two or more role groups answered with k or more answers each: the only ones
    # their answers are compared on (a question none of `role_gaps` names was answered alike)
    role_compared: set[str] = field(default_factory=set)
    # people whose roles fewer than k chose, and who together are still fewer than k: counted
    # in everything else; no role group is shown then, since the groups shown would single
    # them out (see `role_groups`)
    roles_left_out: int = 0
    # every comment with its role where the role may be named, in the order of `comments`
    comment_roles: list[Comment] = field(default_factory=list)

    @property
    def missing(self) -> int:
        """How many more respondents are needed before anything is shown."""
        return max(self.k - self.respondents, 0)

    def most_disputed(self, limit: int = 10) -> list[QuestionSummary]:
        """The questions people disagree on most, at most `limit`; none that all answered alike
        nor any whose disagreement rounds to 0 of 100, and none fewer than k people answered
        (a question only some were asked would show their answers below the threshold)."""
        return [
            q
            for q in self.questions
            if q.answered >= max(2, self.k) and round(q.disagreement * 100) > 0
        ][:limit]

    def ties(self) -> list[QuestionSummary]:
        """The questions whose team answer comes from a tie or an even split."""
        return [q for q in self.questions if q.tie or q.split]


def _mode(values: list[Any], order: Sequence[Any]) -> tuple[Any, bool]:
    """The most frequent value and whether it is shared: a tie for the most frequent leaves no
    consensus (None), since picking one would follow the list's order, not the group."""
    counts = Counter(values)
    best = max(counts.values())
    top = [v for v in order if counts.get(v) == best]
    return (top[0], False) if len(top) == 1 else (None, True)


def _spread(values: Sequence[Any], order: Sequence[Any]) -> float:
    """How far ordered answers sit from their median, 0 when all agree and 1 when the group is
    polarised: half at each end of the scale. The mean distance of the answers from their
    median, in steps of the scale, over the most it can be (half the scale's length), so two
    camps far apart rank above answers spread evenly (1/1/1 over three choices gives 0.67)."""
    if len(order) < 2 or not values:
        return 0.0
    ranks = sorted(order.index(v) for v in values)
    median = ranks[(len(ranks) - 1) // 2]
    mean = sum(abs(r - median) for r in ranks) / len(ranks)
    return min(mean / ((len(order) - 1) / 2), 1.0)


def _ordered_median(
    values: list[Any], order: Sequence[Any], readiness: Sequence[float] | None = None
) -> tuple[Any, bool]:
    """The median of answers on an ordered list, and whether the group is split evenly.

    With an even count the two middle answers can differ. When a choice lies between them it is
    the team's answer (three "not in place" and three "fully" give "partly"). When they are
    neighbours the team takes the less ready of the two, as an advisor would until the room
    settles it: `readiness` gives each choice's place on the readiness scale (from the
    dimension the question feeds, inverted for symptoms); without one, the lower in the list's
    order. Either way the question is marked split, so nobody reads it as agreement."""
    ranks = sorted(order.index(v) for v in values)
    n = len(ranks)
    if n % 2:
        return order[ranks[n // 2]], False
    lo, hi = ranks[n // 2 - 1], ranks[n // 2]
    if lo == hi:
        return order[lo], False
    if hi - lo > 1:
        return order[(lo + hi) // 2], True
    if readiness is not None and readiness[hi] < readiness[lo]:
        return order[hi], True
    return order[lo], True


def readiness_scale(scorer: Scorer, question: Question) -> list[float] | None:
    """Each choice's place on the readiness scale (0 least ready), from the first dimension
    that scores the question; None when no dimension does."""
    from assessment.content.pack import choice_value

    for dim in scorer.pack.dimensions.dimensions:
        for item in dim.items:
            if item.q == question.id:
                choices = scorer.pack.choices(question)
                values = [choice_value(choices, i) for i in range(len(choices))]
                return [1 - v for v in values] if item.invert else values
    return None


def _summary(scorer: Scorer, question: Question, values: list[Any]) -> QuestionSummary:
    given = [v for v in values if v is not None and v != []]
    pack = scorer.pack
    t = question.type
    consensus: Any = None
    split = False
    tie = False
    disagreement = 0.0
    distribution: dict[str, int] = {}
    if t in ("single", "yes_no"):
        order: list[Any] = (
            [c.id for c in pack.choices(question)] if t == "single" else [True, False]
        )
        counts = Counter(given)
        # "don't know" answers are counted in the distribution (a "don't know" nobody gave is
        # not drawn), but the team's answer comes from those who knew; only when nobody knew
        # is the team's answer "don't know"
        unknown = {c.id for c in pack.choices(question) if c.unknown} if t == "single" else set()
        distribution = {
            str(v).lower() if isinstance(v, bool) else str(v): counts.get(v, 0)
            for v in order
            if v not in unknown or counts.get(v, 0)
        }
        known = [v for v in given if v not in unknown]
        scale = [v for v in order if v not in unknown]
        if known:
            if t == "single" and question.ordered:
                readiness = readiness_scale(scorer, question)
                if readiness is not None:
                    readiness = [
                        x for v, x in zip(order, readiness, strict=True) if v not in unknown
                    ]
                consensus, split = _ordered_median(known, scale, readiness)
            else:
                consensus, split = _mode(known, scale)
            tie = _tied(Counter(known))
        elif given:
            consensus = Counter(given).most_common(1)[0][0]
        if known and t == "single" and question.ordered:
            disagreement = _spread(known, scale)
        elif given:
            share = max(counts.values()) / len(given)
            drawn = len(distribution)
            disagreement = (1 - share) / (1 - 1 / drawn) if drawn > 1 else 0.0
    elif t == "multi":
        ids = [c.id for c in pack.choices(question)]
        counts = Counter(item for answer in given for item in answer)
        distribution = {c: counts.get(c, 0) for c in ids}
        if given:
            consensus = [c for c in ids if counts.get(c, 0) * 2 >= len(given)]
            # a choice that exactly half the group picked is in the team's answer, but split
            split = any(counts.get(c, 0) * 2 == len(given) for c in ids)
            # "none of these" is the team's answer only when no other choice is
            alone = {c.id for c in pack.choices(question) if c.exclusive}
            if any(c not in alone for c in consensus):
                split = split or any(c in alone for c in consensus)
                consensus = [c for c in consensus if c not in alone]
            # for each choice, 1 when the group splits evenly on it, 0 when all agree
            splits = [
                2 * min(counts.get(c, 0), len(given) - counts.get(c, 0)) / len(given) for c in ids
            ]
            disagreement = sum(splits) / len(splits) if splits else 0.0
    elif t in ("number", "scale"):
        numbers = [float(v) for v in given]
        distribution = {_num(v): c for v, c in sorted(Counter(numbers).items())}
        if numbers:
            median = statistics.median(numbers)
            if t == "scale":
                # the lower of two middle points, as for ordered choices; split when they differ
                consensus = int(statistics.median_low(numbers))
                split = statistics.median_low(numbers) != statistics.median_high(numbers)
                tie = _tied(Counter(numbers))
            else:
                consensus = int(round(median)) if question.integer else median
            if t == "scale":
                points = [p.value for p in question.points or []]
                disagreement = _spread(numbers, sorted(float(p) for p in points))
            else:
                q1, q3 = _quartiles(numbers)
                disagreement = min((q3 - q1) / median, 1.0) if median > 0 else 0.0
    return QuestionSummary(
        question.id,
        question.text,
        t,
        len(given),
        distribution,
        consensus,
        round(disagreement, 3),
        split,
        tie,
    )


def _tied(counts: Counter[Any]) -> bool:
    """Whether two or more answers share the highest count."""
    best = max(counts.values())
    return sum(1 for c in counts.values() if c == best) > 1


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _quartiles(numbers: list[float]) -> tuple[float, float]:
    if len(numbers) < 2:
        return numbers[0], numbers[0]
    q = statistics.quantiles(numbers, n=4, method="inclusive")
    return q[0], q[2]


def aggregate(
    scorer: Scorer,
    answers: Sequence[Mapping[str, Any]],
    *,
    k: int = 5,
    roles: Sequence[str | None] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Aggregate:
    """Aggregate checked answer sets (one mapping a respondent, as `Scorer.check` returns)."""
    return _aggregate(scorer, [answers], k=k, roles=[roles], metas=[meta])[0]


def aggregate_many(
    scorer: Scorer,
    groups: Sequence[Sequence[Mapping[str, Any]]],
    *,
    k: int = 5,
    metas: Sequence[Mapping[str, Any] | None] | None = None,
    trace: bool = True,
) -> list[Aggregate]:
    """Several groups at once (the teams of a portfolio), each exactly as `aggregate` gives it
    without roles, and each held to `k` on its own. Everyone's answers are scored in one frame
    and the groups' team answers in another: fifty teams cost little more than one. Without
    `trace`, the team assessments leave out their rule trace."""
    return _aggregate(
        scorer,
        groups,
        k=k,
        roles=[None] * len(groups),
        metas=list(metas) if metas is not None else [None] * len(groups),
        trace=trace,
    )


def _aggregate(
    scorer: Scorer,
    groups: Sequence[Sequence[Mapping[str, Any]]],
    *,
    k: int,
    roles: Sequence[Sequence[str | None] | None],
    metas: Sequence[Mapping[str, Any] | None],
    trace: bool = True,
) -> list[Aggregate]:
    k = max(k, MIN_K)
    results = [Aggregate(respondents=len(a), k=k, shown=len(a) >= k) for a in groups]
    shown = [i for i, r in enumerate(results) if r.shown]
    if not shown:
        return results
    pack = scorer.pack
    everyone = [a for i in shown for a in groups[i]]
    shown_to = scorer.shown_rows(everyone)
    # only the answers of people who were asked: one given before a later answer hid its
    # question counts nowhere, as in each person's own assessment
    asked = [
        {q: v for q, v in a.items() if q not in shown_to or shown_to[q][i]}
        for i, a in enumerate(everyone)
    ]
    table = scorer.score_frame(_frame(pack.questions, asked))
    place = {qid: i for i, qid in enumerate(pack.questions)}
    teams: list[Answers] = []
    start = 0
    for i in shown:
        result = results[i]
        n = result.respondents
        answers, part = asked[start : start + n], table.iloc[start : start + n]
        start += n
        for qid, question in pack.questions.items():
            values = [a.get(qid) for a in answers]
            if question.type == "text":
                texts = sorted(str(v) for v in values if v)
                result.comments += texts
                if texts:
                    result.comments_by_question[qid] = texts
                continue
            summary = _summary(scorer, question, values)
            result.questions.append(summary)
            if summary.consensus is not None and summary.consensus != []:
                result.consensus[qid] = summary.consensus
        # most disputed first; among equals, the question more people answered, then the
        # questionnaire's order (never the ids' alphabet)
        result.questions.sort(key=lambda s: (-s.disagreement, -s.answered, place[s.question]))
        team_values = scorer.check(dict(result.consensus), require=False)
        teams.append(Answers(values=team_values, meta=dict(metas[i] or {})))
        result.readiness = sorted(float(x) for x in part["readiness"].dropna())
        _roles_and_comments(scorer, result, answers, part, roles[i], k)
    for i, team in zip(shown, scorer.assess_many(teams, trace=trace), strict=True):
        results[i].team = team
        team.respondents = results[i].respondents
    return results


def _roles_and_comments(
    scorer: Scorer,
    result: Aggregate,
    answers: Sequence[Mapping[str, Any]],
    table: pd.DataFrame,
    roles: Sequence[str | None] | None,
    k: int,
) -> None:
    pack = scorer.pack
    if roles is not None:
        groups, result.roles_left_out = role_groups(roles, k)
        for role, rows in groups.items():
            part = table.iloc[rows]
            role_summary = RoleSummary(role=role, respondents=len(rows), shown=True)
            role_summary.stage = (
                part["stage"].mode().iloc[0] if part["stage"].notna().any() else None
            )
            ready = part["readiness"].dropna()
            role_summary.readiness_median = float(ready.median()) if len(ready) else None
            role_summary.statuses = {
                pp: (
                    part[f"{pp}.status"].mode().iloc[0]
                    if part[f"{pp}.status"].notna().any()
                    else None
                )
                for pp in pack.pivot_point_ids
            }
            result.roles.append(role_summary)
        result.role_gaps, result.role_compared = role_gaps(scorer, answers, groups, k)
    # a comment names its writer's role only when that role is a group of its own
    named = {r.role for r in result.roles if r.role != OTHER_ROLES}
    for qid, question in pack.questions.items():
        if question.type != "text":
            continue
        written = sorted((str(a.get(qid)), i) for i, a in enumerate(answers) if a.get(qid))
        for text, i in written:
            writer = _role(roles[i]) if roles is not None else None
            result.comment_roles.append(Comment(text, qid, writer if writer in named else None))


NO_ROLE = "no role given"


def _role(role: str | None) -> str:
    return role or NO_ROLE


def role_groups(roles: Sequence[str | None], k: int) -> tuple[dict[str, list[int]], int]:
    """The role groups shown for a group of people: each role at least `k` people chose, by
    name, then everyone else merged as OTHER_ROLES when they are `k` or more together. Returns
    the groups (respondent indexes by group, roles in name order) and how many people are in
    roles too small to show even merged.

    When such people exist (fewer than `k` of them), no group is shown at all, as the export
    leaves every role blank then: the whole group's answers less those of the groups shown
    would be the answers of those few people."""
    by_role: dict[str, list[int]] = {}
    for i, role in enumerate(roles):
        by_role.setdefault(_role(role), []).append(i)
    groups = {role: rows for role, rows in sorted(by_role.items()) if len(rows) >= k}
    rest = sorted(i for role, rows in by_role.items() if role not in groups for i in rows)
    if not rest:
        return groups, 0
    if len(rest) >= k:
        groups[OTHER_ROLES] = rest
        return groups, 0
    return {}, len(rest)


def _positions(scorer: Scorer, question: Question) -> dict[Any, float] | None:
    """Where each answer sits on the question's scale, from 0 to 1, for questions whose answers
    run in order (ordered choices by their readiness, or their order; yes/no; scales)."""
    t = question.type
    if t == "yes_no":
        return {True: 1.0, False: 0.0}
    if t == "single" and question.ordered:
        ids = [c.id for c in scorer.pack.choices(question)]
        scale = readiness_scale(scorer, question)
        if scale is None:
            scale = [i / (len(ids) - 1) if len(ids) > 1 else 0.0 for i in range(len(ids))]
        return dict(zip(ids, scale, strict=True))
    if t == "scale":
        points = [p.value for p in question.points or []]
        low, high = min(points), max(points)
        return {p: (p - low) / (high - low) if high > low else 0.0 for p in points}
    return None


def _gap(scorer: Scorer, question: Question, a: list[Any], b: list[Any]) -> float:
    """How far apart two groups' answers are, from 0 (alike) to 1 (opposite ends): the
    distance between their average places on the question's scale where answers run in order;
    otherwise the share of answers that would have to change for the two to match (for
    multiple choice, averaged over the choices)."""
    positions = _positions(scorer, question)
    if positions is not None:

        def mean(values: list[Any]) -> float:
            return statistics.fmean(positions[v] for v in values)

        return abs(mean(a) - mean(b))
    if question.type == "multi":
        ids = [c.id for c in scorer.pack.choices(question)]
        if not ids:
            return 0.0
        return statistics.fmean(
            abs(sum(c in v for v in a) / len(a) - sum(c in v for v in b) / len(b)) for c in ids
        )
    ca, cb = Counter(a), Counter(b)
    return sum(abs(ca[v] / len(a) - cb[v] / len(b)) for v in set(ca) | set(cb)) / 2


def role_gaps(
    scorer: Scorer, answers: Sequence[Mapping[str, Any]], groups: Mapping[str, list[int]], k: int
) -> tuple[list[RoleGap], set[str]]:
    """For every question two or more role groups answered (number questions aside: a
    headcount is not a view), the two groups furthest apart, largest gap first, and the
    questions compared. A group is compared on a question only when k or more of its people
    answered it: a group of six of whom one answered would show that one person's answer.
    Questions all groups answered alike are left out of the gaps."""
    if len(groups) < 2:
        return [], set()
    gaps = []
    compared: set[str] = set()
    for qid, question in scorer.pack.questions.items():
        if question.type in ("text", "number"):
            continue
        given = {
            group: [
                answers[i][qid]
                for i in rows
                if answers[i].get(qid) is not None and answers[i].get(qid) != []
            ]
            for group, rows in groups.items()
        }
        answered = [g for g, values in given.items() if len(values) >= k]
        if len(answered) >= 2:
            compared.add(qid)
        best: tuple[float, str, str] | None = None
        for x, first in enumerate(answered):
            for second in answered[x + 1 :]:
                gap = _gap(scorer, question, given[first], given[second])
                if best is None or gap > best[0]:
                    best = (gap, first, second)
        if best is None or round(best[0], 3) <= 0:
            continue
        pair = []
        for group in best[1:]:
            summary = _summary(scorer, question, given[group])
            pair.append(
                GroupAnswer(
                    group=group,
                    respondents=len(groups[group]),
                    answered=summary.answered,
                    distribution=summary.distribution,
                    typical=summary.consensus,
                )
            )
        gaps.append(
            RoleGap(qid, question.text, question.type, round(best[0], 3), (pair[0], pair[1]))
        )
    gaps.sort(key=lambda g: (-g.gap, g.question))
    return gaps, compared


def _frame(questions: Mapping[str, Question], answers: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    rows = []
    for a in answers:
        rows.append(
            {
                q: _cell(questions[q], v)
                for q, v in a.items()
                if q in questions and v is not None and v != []
            }
        )
    return pd.DataFrame(rows, columns=list(questions))


def _cell(question: Question, value: Any) -> Any:
    """A checked answer as a cell of the scoring frame. Rules see of a text answer only whether
    it was given, so its words stay out of the frame: a comment stored before a tighter length
    or line limit then still counts as given instead of failing the whole group's scores."""
    if question.type == "text":
        return "given" if str(value).strip() else None
    return value  # a multiple-choice answer stays a list of choice ids


@dataclass
class QuestionDetail:
    """One question across the group: its summary counts only the answers of people to whom
    it applied; everyone else either skipped it or did not see it."""

    summary: QuestionSummary
    skipped: int
    # hidden by a condition on earlier answers (or on the section) for this many people
    not_applicable: int
    # number and scale questions that someone answered: lowest, lower quartile, median,
    # upper quartile and highest answer
    spread: tuple[float, float, float, float, float] | None = None

    @property
    def answered(self) -> int:
        return self.summary.answered


def section_details(
    scorer: Scorer, answers: Sequence[Mapping[str, Any]], section_id: str, *, k: int = 5
) -> list[QuestionDetail]:
    """Every question of one section across the group, in the order asked; nothing (an empty
    list) below the anonymity threshold `k`."""
    if len(answers) < max(k, MIN_K):
        return []
    pack = scorer.pack
    section = next((s for s in pack.questionnaire.sections if s.id == section_id), None)
    if section is None:
        raise KeyError(section_id)
    shown_to = scorer.shown_rows(answers)
    details = []
    for question in section.questions:
        shown = shown_to.get(question.id, [True] * len(answers))
        values = [a.get(question.id) if s else None for a, s in zip(answers, shown, strict=True)]
        summary = _summary(scorer, question, values)
        not_applicable = shown.count(False)
        spread = None
        numbers = [float(v) for v in values if v is not None] if question.type in _NUMERIC else []
        if numbers:
            q1, q3 = _quartiles(numbers)
            spread = (min(numbers), q1, statistics.median(numbers), q3, max(numbers))
        details.append(
            QuestionDetail(
                summary=summary,
                skipped=len(answers) - summary.answered - not_applicable,
                not_applicable=not_applicable,
                spread=spread,
            )
        )
    return details
