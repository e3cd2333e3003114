"""Workshops as both front doors run them: the facilitator's dashboard in the app and
`assessment workshop ...` on the command line call these functions, so the rules hold alike
(the key checked, the pack matched, threshold k held, formulas neutralised in exports).

Heavy modules (the store, the engine, openpyxl) are imported where they are used, so the
command line starts quickly for commands that never need them.

What a facilitator reads in the app (a note, a reason, a refusal, a name made up for them) is
written in the current language (`assessment.i18n`); the command line runs in English. A
refusal only the command line gives stays English.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assessment import i18n, settings
from assessment.errors import AnswerError, Problem
from assessment.i18n import _, ngettext

if TYPE_CHECKING:
    from assessment.engine.progress import Progress
    from assessment.engine.result import Assessment
    from assessment.report.context import ReportOptions
    from assessment.services.aggregate import Aggregate
    from assessment.services.portfolio import Portfolio
    from assessment.services.scoring import Scorer
    from assessment.store import Action, Remark, Response, Store, Workshop

MAX_ROLE = 100  # characters, as the store keeps them
# Rows one import takes: checking them and writing them in one transaction stays within a few
# seconds, so an import from the dashboard never holds it (or the database) for minutes.
MAX_IMPORT_ROWS = 5_000

# What `check_responses` gives: each response's fitting answers, and who has answers left out
Checked = tuple[list[dict[str, Any]], dict[str, list[str]]]


# -- opening and creating -----------------------------------------------------------------------


def open_workshop(store: Store, code: str, key: str) -> Workshop:
    """The workshop with this join code and facilitator key; `AnswerError` when none has both."""
    workshop = store.check_key(code, key)
    if workshop is None:
        raise AnswerError(
            [Problem("workshop", None, code, "no workshop with this code and key (check both)")]
        )
    return workshop


def join_url(code: str, language: str | None = None) -> str:
    """The participant link of a workshop, at the app's public address (`PIVOTPOINT_APP_URL`):
    what the command line prints and the dashboard shows beside its QR code; with the workshop's
    language, when it has one other than English."""
    lang = f"&lang={language}" if language and language != "en" else ""
    return f"{settings.app_url()}/?join={code}{lang}"


def parse_roles(text: str) -> list[str]:
    """The roles typed as 'a, b, c': each trimmed, blanks dropped, in the order typed."""
    return [r.strip() for r in text.split(",") if r.strip()]


def role_problems(roles: list[str], where: str) -> list[Problem]:
    """A problem for each role that cannot be a role as typed (see `role_problem`), naming it
    by its place in the list, as the command line reports them."""
    from assessment.store.workshops import role_problem

    return [
        Problem(where, None, f"role {n}", problem)
        for n, role in enumerate(roles, start=1)
        if (problem := role_problem(role)) is not None
    ]


def create_workshop(
    store: Store,
    scorer: Scorer,
    name: str,
    *,
    organization: str,
    k: int,
    roles: list[str],
    own_results: bool,
    owner: str | None = None,
    language: str | None = None,
) -> tuple[Workshop, str]:
    """A new open workshop on the pack `scorer` runs, and its facilitator key (shown once).
    `language`: the one participants read unless they choose another; one of the pack's."""
    info = scorer.pack.info
    if language is not None and language not in info.languages:
        raise AnswerError(
            [
                Problem(
                    "workshop",
                    None,
                    "language",
                    f"'{language}' is not a language of the questionnaire; choose one of "
                    + ", ".join(info.languages),
                )
            ]
        )
    return store.create_workshop(
        name,
        info.id,
        info.version,
        organization=organization,
        k=k,
        roles=roles,
        own_results=own_results,
        owner=owner,
        language=language,
    )


def _version(text: str) -> tuple[int, ...]:
    """A pack version as numbers ("2.0.0" -> (2, 0, 0)); parts that are not numbers count 0."""
    return tuple(int(p) if p.isdigit() else 0 for p in text.split("."))


def follow_up(
    store: Store,
    scorer: Scorer,
    earlier: Workshop,
    *,
    name: str = "",
    owner: str | None = None,
) -> tuple[Workshop, str]:
    """A new open workshop that follows up `earlier`: the same organisation, threshold, roles
    and own-results setting, on the pack `scorer` runs (the same pack, same or newer version),
    and its facilitator key. `owner`: the signed-in facilitator starting it (else the earlier
    one's). Its dashboard and `workshop compare` say what changed since `earlier`."""
    info = scorer.pack.info
    if earlier.pack_id != info.id or _version(earlier.pack_version) > _version(info.version):
        raise AnswerError(
            [
                Problem(
                    "workshop",
                    None,
                    earlier.code,
                    _(
                        "it ran the questionnaire '{pack}' {version}; a follow-up needs the same "
                        "questionnaire at that version or newer (this app runs '{app_pack}' "
                        "{app_version})"
                    ).format(
                        pack=earlier.pack_id,
                        version=earlier.pack_version,
                        app_pack=info.id,
                        app_version=info.version,
                    ),
                )
            ]
        )
    return store.create_workshop(
        # translators: the name a follow-up workshop gets unless the facilitator gives one
        (name.strip() or _("{name} (follow-up)").format(name=earlier.name))[:200],
        info.id,
        info.version,
        organization=earlier.organization,
        k=earlier.k,
        roles=earlier.roles,
        own_results=earlier.own_results,
        language=earlier.language,
        owner=owner if owner is not None else earlier.owner,
        follows=earlier.id,
    )


@dataclass(frozen=True)
class Since:
    """What a follow-up workshop can say about the workshop it follows: the progress, or why
    there is none yet (`reason`)."""

    progress: Progress | None
    reason: str = ""


def since_earlier(store: Store, scorer: Scorer, workshop: Workshop) -> Since | None:
    """What changed since the workshop this one follows up (None when it follows none): both
    team assessments from their sent answers, scored under the pack in use, compared as
    `assessment compare` compares. Nothing is compared before both have k answers sent."""
    from assessment.services.history import Side, compare

    if workshop.follows is None:
        return None
    earlier = store.workshop_by_id(workshop.follows)
    if earlier is None:
        return Since(None, _("The workshop this one follows up has been deleted."))
    then_sent, now_sent = sent(store.responses(earlier.id)), sent(store.responses(workshop.id))
    if len(then_sent) < earlier.k or len(now_sent) < workshop.k:
        # translators: {then} of {then_k} answers sent in the earlier workshop, {now} of
        # {now_k} in this one
        waits = _(
            "The comparison with {name} waits until both workshops have enough answers ({then} "
            "of {then_k} there, {now} of {now_k} here)."
        )
        return Since(
            None,
            waits.format(
                name=earlier.name,
                then=len(then_sent),
                then_k=earlier.k,
                now=len(now_sent),
                now_k=workshop.k,
            ),
        )
    then = team(scorer, earlier, then_sent).team
    now = team(scorer, workshop, now_sent).team
    assert then is not None and now is not None
    label = f"{earlier.name} ({earlier.created.date().isoformat()})"
    return Since(compare(scorer.pack, Side(label, then, then, False), Side("now", now, now, False)))


def portfolio_of_workshops(store: Store, scorer: Scorer, chosen: Sequence[Workshop]) -> Portfolio:
    """The portfolio of several workshops, each one team (named by the workshop), from their
    sent answers; every team is held to the strictest threshold of those chosen, so that no
    workshop is shown below its own. Workshops of another pack are refused (`AnswerError`)."""
    from assessment.services.portfolio import TeamInput, portfolio_of

    problems = [
        Problem("workshop", None, w.code, _("it ran another questionnaire than this app runs"))
        for w in chosen
        if pack_mismatch(scorer, w) is not None
    ]
    if problems:
        raise AnswerError(problems)
    names = Counter(w.name for w in chosen)
    inputs = []
    for w in chosen:
        answers, _unfit = check_responses(scorer, sent(store.responses(w.id)))
        # two workshops of one name are told apart by their dates
        if names[w.name] == 1:
            name = w.name
        else:
            # translators: a workshop's name, told apart from another of the same name by the
            # day it was created and its join code
            name = _("{name} ({date}, {code})").format(
                name=w.name, date=i18n.short_date(w.created), code=w.code
            )
        inputs.append(TeamInput(name, f"workshop {w.code}", None, answers=answers))
    k = max((w.k for w in chosen), default=3)
    return portfolio_of(scorer, inputs, k=k)


# -- the pack a workshop was created with -------------------------------------------------------


@dataclass(frozen=True)
class PackMismatch:
    """A workshop created with another pack than the one this process runs: it is followed,
    joined and exported only with its own pack. Each front door says so in its own words."""

    code: str
    workshop_pack: str
    app_pack: str

    def error(self) -> AnswerError:
        """The refusal as the command line reports it."""
        return AnswerError(
            [
                Problem(
                    "workshop",
                    None,
                    self.code,
                    f"this workshop uses the pack '{self.workshop_pack}', not "
                    f"'{self.app_pack}'; set PIVOTPOINT_PACK to that pack's folder, as the app "
                    "that runs it does",
                )
            ]
        )


def pack_mismatch(scorer: Scorer, workshop: Workshop) -> PackMismatch | None:
    """None when `workshop` was created with the pack `scorer` runs, else what differs."""
    app_pack = scorer.pack.info.id
    if workshop.pack_id == app_pack:
        return None
    return PackMismatch(workshop.code, workshop.pack_id, app_pack)


def pack_scorer(workshop: Workshop | None = None, lang: str | None = None) -> Scorer:
    """The engine for the pack this process runs (`PIVOTPOINT_PACK`, else the shipped one), its
    texts in `lang`; for a workshop, refused (`AnswerError`) unless it is the pack the workshop
    was created with."""
    from assessment.services.scoring import Scorer

    scorer = Scorer(settings.pack(), lang=lang)
    if workshop is not None and (mismatch := pack_mismatch(scorer, workshop)) is not None:
        raise mismatch.error()
    return scorer


# -- responses ----------------------------------------------------------------------------------


def sent(responses: list[Response]) -> list[Response]:
    """The responses whose answers were sent: the only ones counted, shown or exported."""
    return [r for r in responses if r.finished]


def finished_responses(
    responses: list[Response], workshop: Workshop, refusal: str
) -> list[Response]:
    """The sent responses; `AnswerError` when there are fewer than the anonymity threshold,
    ending with `refusal` (what is not done before k)."""
    finished = sent(responses)
    if len(finished) < workshop.k:
        raise AnswerError(
            [
                Problem(
                    "workshop",
                    None,
                    workshop.code,
                    f"{len(finished)} finished responses; {refusal} (the anonymity threshold)",
                )
            ]
        )
    return finished


@dataclass
class ImportOutcome:
    """What an import did: how many responses went in, and which rows were skipped and why."""

    imported: int
    problems: list[Problem] = field(default_factory=list)  # one or more a skipped row
    warnings: list[Problem] = field(default_factory=list)  # columns that were ignored

    @property
    def skipped(self) -> list[int]:
        """The line numbers of the rows that were skipped."""
        return sorted({p.line for p in self.problems if p.line is not None})


def import_responses(
    store: Store,
    scorer: Scorer,
    workshop: Workshop,
    source: Path | bytes,
    *,
    name: str = "responses.csv",
) -> ImportOutcome:
    """Add responses collected elsewhere to an open workshop as sent answers; the command line
    and the facilitator's dashboard both import through here.

    `source` is a CSV file, or a file's content (an upload) that `name` stands for in problems.
    The CSV is read as for `batch`: one row a respondent, question ids as columns, an optional
    `role` column; other meta columns are not kept. A row that does not validate (a role with
    a control character included) is skipped and reported with the line of the file it starts
    on; the valid rows go in together, in one transaction. Raises `AnswerError`, with nothing
    imported, when the workshop is closed or gone, the file cannot be read as CSV (an unclosed
    quote, a column named twice) or holds more than `MAX_IMPORT_ROWS` rows, and `StoreError`,
    with nothing imported either, when the store fails.
    """
    from assessment.services.batch import parse_responses, read_responses
    from assessment.store.errors import WorkshopClosedError
    from assessment.store.text import CONTROL
    from assessment.store.workshops import role_problem

    current = store.workshop_by_id(workshop.id)
    if current is None:
        raise AnswerError(
            [Problem("workshop", None, workshop.code, _("the workshop has been deleted"))]
        )
    closed = AnswerError(
        [
            Problem(
                "workshop",
                None,
                workshop.code,
                _("the workshop is closed and takes no more answers; reopen it to import"),
            )
        ]
    )
    if current.status != "open":
        raise closed
    if isinstance(source, Path):
        batch = read_responses(scorer, source, max_rows=MAX_IMPORT_ROWS)
        name = str(source)
    else:
        batch = parse_responses(scorer, source, name, max_rows=MAX_IMPORT_ROWS)
    people: list[tuple[str | None, dict[str, Any]]] = []
    problems = list(batch.problems)
    for row in batch.rows:
        typed = str(row.meta.get("role") or "")
        role = " ".join(typed.split()) or None
        if role is not None and len(role) > MAX_ROLE:  # roles elsewhere need not be on the list
            problems.append(
                Problem(
                    name,
                    row.line,
                    "role",
                    _("a role has at most {n} characters").format(n=MAX_ROLE),
                )
            )
            continue
        if role_problem(typed) is not None:
            # the store's reason (`role_problem`), in the reader's language
            found = CONTROL.search(typed)
            problem = _("a role cannot hold control characters (found {character})").format(
                character=repr(found.group() if found else typed)
            )
            # translators: why an imported row was skipped; {problem} says what is wrong with it
            skipped = _("{problem}; row skipped").format(problem=problem)
            problems.append(Problem(name, row.line, "role", skipped))
            continue
        people.append((role, row.values))
    try:
        imported = store.add_finished_respondents(
            current.id, current.pack_id, current.pack_version, people
        )
    except WorkshopClosedError:  # closed while the file was being read
        raise closed from None
    return ImportOutcome(imported, problems, batch.warnings)


# -- exports ------------------------------------------------------------------------------------


def exported_roles(finished: list[Response], k: int) -> dict[int, str]:
    """The role each response carries in an export: only roles that at least `k` people chose.

    A role fewer than k people chose would point at those people's own rows, so it is left
    blank. When the rows left blank (small roles and no role) are themselves fewer than k,
    every role is left blank: each role in the export, blank included, then covers k people
    or more.
    """
    counts = Counter(r.role or "" for r in finished)
    kept = {role for role, n in counts.items() if role and n >= k}
    blank = sum(n for role, n in counts.items() if role not in kept)
    if 0 < blank < k:
        kept = set()
    return {i: (r.role if r.role in kept else "") or "" for i, r in enumerate(finished)}


def export_order(finished: list[Response]) -> list[int]:
    """The indexes of `finished` in the order P1, P2, ... of an export.

    Not the order people joined, which a facilitator watching the count could match to faces,
    nor anything worked out from it: the key comes from each respondent's random token (see
    `Response.order_key`). The order is the same in every export of the same responses."""
    return sorted(range(len(finished)), key=lambda i: (finished[i].order_key, i))


def export_rows(scorer: Scorer, finished: list[Response], k: int) -> list[list[Any]]:
    """The pseudonymous table both exports write: a header, then P1, P2, ... in the order of
    `export_order`, each with its role (see `exported_roles`) and its answers as plain values:
    None when unanswered (or no longer fitting the pack, see `check_responses`), a number as a
    number, everything else as text."""
    questions = list(scorer.pack.questions)
    roles = exported_roles(finished, k)
    _answers, unfit = check_responses(scorer, finished)
    table: list[list[Any]] = [["respondent", "role", *questions]]
    for n, i in enumerate(export_order(finished), start=1):
        answers = finished[i].answers
        left_out = unfit.get(f"P{n}", [])  # as the team assessment leaves them out
        cells = [None if q in left_out else _value(answers.get(q)) for q in questions]
        table.append([f"P{n}", roles[i], *cells])
    return table


def responses_csv_text(scorer: Scorer, finished: list[Response], k: int) -> str:
    """Pseudonymous responses (P1, P2, ... in no telling order) as CSV that `import` and `batch`
    accept; cells a spreadsheet would run as formulas are neutralised, and roles fewer than `k`
    people chose are left out (see `exported_roles`)."""
    from assessment.services.batch import safe_cell

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in export_rows(scorer, finished, k):
        writer.writerow([safe_cell("" if v is None else str(v)) for v in row])
    return buffer.getvalue()


def responses_xlsx(scorer: Scorer, finished: list[Response], k: int) -> bytes:
    """The same pseudonymous table as the CSV, as an Excel workbook: numbers are numbers, text
    is text with formulas neutralised, and characters a workbook cannot hold (control
    characters, from answers given before roles and comments were checked for them) are
    dropped rather than failing the whole export."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from assessment.services.batch import safe_cell

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "responses"
    for row in export_rows(scorer, finished, k):
        sheet.append(
            [
                v
                if v is None or isinstance(v, int | float)
                else safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(v)))
                for v in row
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _value(value: Any) -> Any:
    """An answer as an export cell: None, a number, or text (choices joined by ';')."""
    if value is None:
        return None
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    return str(value)


# -- the team assessment ------------------------------------------------------------------------


def team(
    scorer: Scorer,
    workshop: Workshop,
    finished: list[Response],
    checked: Checked | None = None,
) -> Aggregate:
    """The group's aggregate, with the team assessment of its consensus answers; answers that
    no longer fit the pack are left out and named in its `unfit`. `checked`: what
    `check_responses` already gave for `finished`, so a caller that needs it too checks once."""
    from assessment.services.aggregate import aggregate

    answers, unfit = checked if checked is not None else check_responses(scorer, finished)
    result = aggregate(
        scorer,
        answers,
        k=workshop.k,
        roles=[r.role for r in finished],
        meta={"organization": workshop.organization or workshop.name},
    )
    result.unfit = unfit
    return result


def team_report(
    scorer: Scorer,
    workshop: Workshop,
    responses: list[Response],
    result: Aggregate,
    actions: Sequence[Action] = (),
) -> tuple[Assessment, ReportOptions]:
    """What the team report renders, for both front doors: the team's assessment, the part
    on the workshop, which counts everyone who joined (`responses`), not only who sent, and
    the actions the room agreed, for the action plan."""
    from assessment.report.context import ReportOptions
    from assessment.report.workshop_part import shorter_parts, workshop_part

    if result.team is None:
        raise ValueError("the team report needs the team assessment: k answers sent")
    part = workshop_part(result, scorer.pack, name=workshop.name, joined=len(responses))
    agreed = [
        {"text": x.text, "owner": x.owner, "horizon": x.horizon, "about": x.about} for x in actions
    ]
    shorter = shorter_parts(result, scorer.pack, part, name=workshop.name, joined=len(responses))
    return result.team, ReportOptions(
        workshop=part,
        workshop_shorter=shorter,
        comments=result.comments_by_question,
        actions=agreed,
    )


@dataclass(frozen=True)
class RoomRemarks:
    """The remarks participants put to the room, as one reader may see them."""

    # whether the room's remarks may be shown: k or more people have sent their answers
    shown: bool
    # the remarks to show, most votes first: every one not hidden once `shown`; before that,
    # only the reader's own
    remarks: list[Remark]
    # remarks held back until k people have sent (the reader's own aside)
    held: int


def room_remarks(
    store: Store, workshop: Workshop, responses: list[Response], token: str | None = None
) -> RoomRemarks:
    """The remarks one reader sees: the facilitator and the projector (no token) or a
    participant (their token). Like the comments in the answers, nobody sees the room's remarks
    before k people have sent their answers, so that a remark cannot be told apart by who was
    there; a participant always sees their own. Hidden remarks are shown to nobody."""
    shown = len(sent(responses)) >= workshop.k
    every = [r for r in store.remarks(workshop.id, token) if not r.hidden]
    if shown:
        return RoomRemarks(True, every, 0)
    mine = [r for r in every if r.mine]
    return RoomRemarks(False, mine, len(every) - len(mine))


def check_responses(scorer: Scorer, finished: list[Response]) -> Checked:
    """Each response's answers checked against the pack, and the answers that no longer fit it.

    Answers stored under an older version of the pack may not fit a newer one (a shortened
    maximum length, a removed choice or question). Such an answer is left out, and the rest of
    that person's answers still count, so one stale answer never stops the team assessment,
    the report or an export. The second value names who and what, as the export's P-number
    of each respondent concerned and the question ids, never anything that identifies them."""
    from assessment.services.answers import check_answers

    pseudonym = {i: f"P{n}" for n, i in enumerate(export_order(finished), start=1)}
    answers: list[dict[str, Any]] = []
    unfit: dict[str, list[str]] = {}
    for i, response in enumerate(finished):
        values, problems = check_answers(scorer.engine, response.answers, require=False)
        if problems:
            unfit[pseudonym[i]] = sorted({p.question for p in problems if p.question})
        answers.append(values)
    return answers, dict(sorted(unfit.items(), key=lambda item: int(item[0][1:])))


def team_json(
    result: Aggregate, actions: Sequence[Action] = (), remarks: Sequence[Remark] = ()
) -> str:
    """The team assessment of an aggregate (`team`) as the JSON text `export` writes and the
    dashboard offers; the actions agreed in the room go in its `meta` as `agreed_actions`, the
    questions participants put to the room (as `room_remarks` gives them) as `room_remarks`,
    each with its votes."""
    assert result.team is not None
    data = result.team.model_dump(mode="json")
    if remarks:
        data["meta"]["room_remarks"] = [{"text": r.text, "votes": r.votes} for r in remarks]
    if actions:
        data["meta"]["agreed_actions"] = [
            {"text": x.text, "owner": x.owner, "horizon": x.horizon, "about": x.about}
            for x in actions
        ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def unfit_note(unfit: dict[str, list[str]]) -> str:
    """One sentence on the answers `check_responses` left out ("" when there are none)."""
    from assessment.services.aggregate import unfit_counts

    if not unfit:
        return ""
    per_question = [f"{q} ({n})" for q, n in unfit_counts(unfit).items()]
    # translators: {questions} lists question ids, each with how many answers were left out
    note = ngettext(
        "{n} respondent has answers that no longer fit this version of the questionnaire; "
        "those answers are left out and the rest are counted. Answers left out, by question: "
        "{questions}.",
        "{n} respondents have answers that no longer fit this version of the questionnaire; "
        "those answers are left out and the rest are counted. Answers left out, by question: "
        "{questions}.",
        len(unfit),
    )
    return note.format(n=len(unfit), questions=", ".join(per_question))
