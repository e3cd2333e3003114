"""Answers: read an answers file and check every value against the questionnaire.

Every problem is reported at once, each naming the question and what is wrong with the value
(quoting it only as a short excerpt). `check_value` is the one place a value is judged, for the
app, answers files, CSV imports and the CLI alike:

- numbers are plain decimals (`17`, `0.5`); the forms YAML 1.1 would reread (`017`, `0x10`,
  `1_000`, `+1`, `1:20`, `.inf`) are refused with the way to write them;
- yes/no questions take true/false, yes/no (any case) and 1/0; not on/off or y/n;
- text is at most the question's `max_length` characters and `max_lines` lines, after runs of
  blank lines are collapsed to one.

Answers files may not use anchors and aliases (`&name`, `*name`): they are refused before they
expand.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assessment.content.changes import carry_over, changes_since
from assessment.content.schema.questionnaire import Question
from assessment.content.yaml_io import FLOAT, NO_ALIASES, Document, YamlLoadError, load_yaml
from assessment.errors import AnswerError, Problem, closest, escape, excerpt
from assessment.i18n import _, ngettext, number_g
from assessment.services.visibility import shown

META_FIELDS = ("organization", "respondent", "role", "date", "advisor", "team", "notes")
TOP_FIELDS = ("meta", "answers", "pack")


@dataclass
class Answers:
    """Answers checked against a pack: question id -> Python value (None when skipped)."""

    values: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)
    source: str = "answers"
    # things worth saying that do not stop scoring, one line each
    warnings: list[str] = field(default_factory=list)


Locate = Callable[[tuple[str | int, ...]], int | None]


def _suggest(word: str, options: list[str]) -> str:
    """ "; did you mean 'x'?" for the closest of `options`, or "" if none is close."""
    match = closest(word, options)
    if match is None:
        return ""
    # translators: added to a problem with a question id, field or choice id the user wrote;
    # {choice} is the closest valid one, quoted
    return _("; did you mean {choice}?").format(choice=f"'{match}'")


def _as_number(value: Any) -> float | None:
    """A finite number from a number or from text in plain decimal digits, else None."""
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            number = float(value)
        elif isinstance(value, str) and len(value) < 40 and FLOAT.match(value.strip()):
            number = float(value.strip())
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


_LEADING_ZERO = re.compile(r"^([-+]?)0+([0-9]+(?:\.[0-9]*)?)$")
_BASED = re.compile(r"^[-+]?0(?:[xX][0-9a-fA-F_]+|[oO][0-7_]+|[bB][01_]+)$")
_UNDERSCORES = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?$")
_BASE_60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_SPECIAL = {".inf", "-.inf", "+.inf", ".nan"}
_YES_NO_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def number_hint(value: Any) -> str:
    """How to write a number given in one of YAML 1.1's other forms, or ''."""
    if not isinstance(value, str) or len(value) > 40:
        return ""
    text = value.strip()
    plain = text.replace("_", "")
    if match := _LEADING_ZERO.match(text):
        sign = "-" if match.group(1) == "-" else ""
        # translators: the hints ": write ..." follow "expected a number ..., got '017'" and say
        # how to write the number instead; {number} is the number as it should be written
        return _(": write {number}, without the leading zero").format(
            number=f"{sign}{match.group(2)}"
        )
    if _BASED.match(text):
        return _(": write {number}, in decimal digits").format(number=int(plain, 0))
    if "_" in text and _UNDERSCORES.match(text):
        return _(": write {number}, without '_'").format(number=plain.lstrip("+"))
    if text.startswith("+") and FLOAT.match(text[1:]):
        return _(": write {number}, without '+'").format(number=text[1:])
    if _BASE_60.match(text):
        return _(": write a plain decimal number (YAML 1.1 would read this as base 60)")
    if text.lower() in _SPECIAL:
        return _(": write a finite number")
    if text.lower() in _YES_NO_WORDS:
        return _(": write a number, not yes/no")
    return ""


_YES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
MAX_ANSWERS_BYTES = 1_000_000  # the app's upload limit too (1 MB)


def split_choices(text: str) -> list[str]:
    """A multiple-choice answer written as text: ids separated by commas, semicolons or bars.

    The one reader of that form: a CSV cell (batch, workshop import) and a text where an answers
    file or a frame cell gives one instead of a list. Everything inside passes lists."""
    return [part.strip() for part in re.split(r"[,;|]", text) if part.strip()]


def bad_text(text: str, *, single_line: bool) -> str | None:
    """Why text cannot be kept as it is (control characters, lone surrogates), as a problem
    message ("the text contains ..."), or None."""
    allowed = "" if single_line else "\t\n\r"
    for char in text:
        code = ord(char)
        if (code < 32 and char not in allowed) or code == 0x7F:
            return (
                _("the text contains a line break or control character")
                if single_line
                else _("the text contains a control character")
            )
        if 0xD800 <= code <= 0xDFFF:
            return _("the text contains an invalid character (a lone surrogate)")
    return None


def _unknown_choice(value: str, choices: list[str], labels: dict[str, str]) -> str:
    by_label = {label.lower(): cid for cid, label in labels.items()}
    label_of = by_label.get(value.strip().lower())
    if label_of is not None:
        # translators: {value} is an answer the user wrote, quoted; {id} the choice id to write
        return _("{value} is a label; answer with its id {id}").format(
            value=excerpt(value), id=f"'{label_of}'"
        )
    hint = _suggest(value, choices) if len(value) <= 200 else ""
    # translators: {hint} is empty or "; did you mean 'x'?"; {choices} lists the choice ids
    return _("unknown choice {value}{hint} (choices: {choices})").format(
        value=excerpt(value), hint=hint, choices=", ".join(choices)
    )


_BLANK_RUN = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")


def tidy_text(text: str) -> str:
    """Line breaks as `\\n`, and every run of blank lines collapsed to one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _BLANK_RUN.sub("\n\n", text).strip("\n")


def _check_text(question: Question, value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None, _("expected text, got {value}").format(value=excerpt(value))
    text = str(value)
    problem = bad_text(text, single_line=False)
    if problem:
        return None, problem
    text = tidy_text(text)
    lines = text.count("\n") + 1
    if lines > question.max_lines:
        return None, _(
            "text has {lines} lines; at most {most} allowed (shorten it or join lines)"
        ).format(lines=lines, most=question.max_lines)
    if len(text) > question.max_length:
        return None, _("text is {length} characters long; at most {most} allowed").format(
            length=len(text), most=question.max_length
        )
    return (text if text.strip() else None), None


def check_answer(pack: Any, question: Question, value: Any) -> tuple[Any, str | None]:
    """`check_value` with the question's choices as the pack gives them."""
    options = pack.choices(question)
    return check_value(
        question,
        [c.id for c in options],
        value,
        {c.id: c.label for c in options},
        {c.id for c in options if c.exclusive},
    )


def check_value(
    question: Question,
    choices: list[str],
    value: Any,
    labels: dict[str, str] | None = None,
    exclusive: Collection[str] = (),
) -> tuple[Any, str | None]:
    """The value as the engine wants it, or an error message saying what is wrong.
    `exclusive`: a multi question's choices that can only be chosen alone ("none of these")."""
    t = question.type
    if t == "number":
        number = _as_number(value)
        lo, hi = question.min, question.max
        assert lo is not None and hi is not None
        if number is None:
            return None, (
                _("expected a number between {low} and {high}, got {value}").format(
                    low=number_g(lo), high=number_g(hi), value=excerpt(value)
                )
                + number_hint(value)
            )
        if question.integer and not number.is_integer():
            return None, _("expected a whole number, got {value}").format(value=excerpt(value))
        if not lo <= number <= hi:
            return None, _("{value} is out of range: expected {low} to {high}").format(
                value=number_g(number), low=number_g(lo), high=number_g(hi)
            )
        return (int(number) if number.is_integer() else number), None
    if t == "scale":
        points = [p.value for p in question.points or []]
        number = _as_number(value)
        if number is None or not number.is_integer() or int(number) not in points:
            return None, (
                _("expected one of the scale points {points}, got {value}").format(
                    points=points, value=excerpt(value)
                )
                + number_hint(value)
            )
        return int(number), None
    if t == "yes_no":
        if isinstance(value, bool):
            return value, None
        key = (
            value.strip().lower()
            if isinstance(value, str)
            else (str(int(value)) if isinstance(value, int | float) and value in (0, 1) else None)
        )
        if key in _YES:
            return _YES[key], None
        if key in _YES_NO_WORDS:
            # translators: "on", "off", "y" or "n" given to a yes/no question
            return None, _("expected yes or no (true/false), got {value}: write yes or no").format(
                value=excerpt(value)
            )
        return None, _("expected yes or no (true/false), got {value}").format(value=excerpt(value))
    if t == "single":
        if not isinstance(value, str):
            return None, _("expected one choice id ({choices}), got {value}").format(
                choices=", ".join(choices), value=excerpt(value)
            )
        if value not in choices:
            return None, _unknown_choice(value, choices, labels or {})
        return value, None
    if t == "multi":
        items = split_choices(value) if isinstance(value, str) else value
        if isinstance(value, str) and not items:
            return None, None  # an empty cell: not answered
        if not isinstance(items, list):
            return None, _("expected a list of choice ids, got {value}").format(
                value=excerpt(value)
            )
        bad = [v for v in items if not isinstance(v, str) or v not in choices]
        if bad:
            distinct = list(
                dict.fromkeys((True, b) if isinstance(b, str) else (False, excerpt(b)) for b in bad)
            )
            shown = [
                _unknown_choice(text, choices, labels or {})
                if is_text
                else _("expected a choice id, got {value}").format(value=text)
                for is_text, text in distinct[:3]
            ]
            more = len(distinct) - len(shown)
            rest = (
                ngettext(
                    "; and {n} more not in the choices", "; and {n} more not in the choices", more
                ).format(n=more)
                if more > 0
                else ""
            )
            return None, "; ".join(shown) + rest
        picked = list(dict.fromkeys(items))
        if question.max_choices is not None and len(picked) > question.max_choices:
            return None, _("at most {most} choices, got {count}").format(
                most=question.max_choices, count=len(picked)
            )
        alone = [c for c in picked if c in exclusive]
        if alone and len(picked) > 1:
            others = ", ".join(c for c in picked if c != alone[0])
            name = (labels or {}).get(alone[0], alone[0])
            # translators: {choice} is a choice id such as 'none', quoted; {label} its label
            return None, _(
                "{choice} ({label}) cannot be chosen together with other choices "
                "({others}): keep it alone or drop it"
            ).format(choice=f"'{alone[0]}'", label=name, others=others)
        return [c for c in choices if c in picked], None
    return _check_text(question, value)


def check_answers(
    engine: Any,
    raw: Mapping[str, Any],
    *,
    file: str = "answers",
    locate: Locate | None = None,
    prefix: tuple[str | int, ...] = ("answers",),
    require: bool = True,
) -> tuple[dict[str, Any], list[Problem]]:
    """Check raw answers against the pack of `engine`; returns clean values and problems, each
    naming the `question` it is about.

    A required question counts as missing only when it is visible for these answers (see
    `services.visibility`).
    """
    pack = engine.pack
    where = ".".join(str(p) for p in prefix)
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    line = locate or (lambda path: None)
    # answers to questions since merged into others go to the questions that ask them now
    raw = carry_over(pack, raw).answers
    for qid, value in raw.items():
        key = str(qid)
        question = pack.questions.get(key)
        if question is None:
            problems.append(
                Problem(
                    file,
                    line((*prefix, qid)),
                    f"{where}.{escape(key)}",
                    _("unknown question {id}").format(id=excerpt(key))
                    + (_suggest(key, list(pack.questions)) if len(key) <= 200 else ""),
                    question=key,
                )
            )
            continue
        if value is None:
            values[key] = None
            continue
        clean, message = check_answer(pack, question, value)
        if message:
            problems.append(
                Problem(file, line((*prefix, qid)), f"{where}.{key}", message, question=key)
            )
        else:
            values[key] = clean
    if require and not problems:
        from assessment.services.visibility import missing

        problems.extend(
            Problem(
                file,
                line(prefix),
                f"{where}.{qid}",
                _("missing required answer: {question}").format(question=pack.questions[qid].text),
                question=qid,
            )
            for qid in missing(engine, values)
        )
    return values, problems


def _unknown_field(key: str, allowed: tuple[str, ...]) -> str:
    # translators: {hint} is empty or "; did you mean 'x'?"; {allowed} lists the field names
    return _("unknown field {field}{hint} (allowed: {allowed})").format(
        field=excerpt(key), hint=_suggest(key[:200], list(allowed)), allowed=", ".join(allowed)
    )


def _check_meta(meta: Any, doc: Document) -> tuple[dict[str, Any], list[Problem]]:
    if meta is None:
        return {}, []
    if not isinstance(meta, dict):
        return {}, [
            Problem(
                doc.file,
                doc.line(("meta",)),
                "meta",
                _("expected a mapping such as {example}").format(example="{organization: Acme}"),
            )
        ]
    problems = []
    out: dict[str, Any] = {}
    for key, value in meta.items():
        if key not in META_FIELDS:
            problems.append(
                Problem(
                    doc.file,
                    doc.line(("meta", key)),
                    f"meta.{escape(str(key))}",
                    _unknown_field(str(key), META_FIELDS),
                )
            )
        elif isinstance(value, date):
            out[key] = value.isoformat()
        elif value is not None and (
            isinstance(value, bool) or not isinstance(value, str | int | float)
        ):
            problems.append(
                Problem(doc.file, doc.line(("meta", key)), f"meta.{key}", _("expected text"))
            )
        elif value is not None:
            text = str(value)
            problem = bad_text(text, single_line=True)
            if problem:
                problems.append(Problem(doc.file, doc.line(("meta", key)), f"meta.{key}", problem))
            else:
                out[key] = text[:500]
    return out, problems


def parse_answers(engine: Any, doc: Document) -> Answers:
    """Check a loaded answers document; raise `AnswerError` with every problem."""
    data = doc.data
    if doc.alias_line is not None:
        raise AnswerError([Problem(doc.file, doc.alias_line, "", NO_ALIASES)])
    if not isinstance(data, dict):
        raise AnswerError(
            [Problem(doc.file, doc.line(()), "", _("expected a mapping with 'meta' and 'answers'"))]
        )
    problems: list[Problem] = []
    for key in data:
        if key not in TOP_FIELDS:
            problems.append(
                Problem(
                    doc.file,
                    doc.line((key,)),
                    escape(str(key)),
                    _unknown_field(str(key), TOP_FIELDS),
                )
            )
    meta, meta_problems = _check_meta(data.get("meta"), doc)
    problems += meta_problems
    raw = data.get("answers")
    if raw is None:
        problems.append(
            Problem(
                doc.file,
                doc.line(()),
                "answers",
                _("missing 'answers': a mapping of question id to answer"),
            )
        )
        raise AnswerError(problems)
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                doc.file,
                doc.line(("answers",)),
                "answers",
                _("expected a mapping of question id to answer"),
            )
        )
        raise AnswerError(problems)
    pack_ref = data.get("pack")
    warnings: list[str] = []
    info = engine.pack.info
    if pack_ref is not None and not (
        isinstance(pack_ref, dict) and set(pack_ref) <= {"id", "version"}
    ):
        problems.append(
            Problem(
                doc.file,
                doc.line(("pack",)),
                "pack",
                # translators: {example} is the form expected, written in YAML
                _("expected {example}").format(example="{id: <pack id>, version: <version>}"),
            )
        )
    elif isinstance(pack_ref, dict):
        if pack_ref.get("id") not in (None, info.id):
            problems.append(
                Problem(
                    doc.file,
                    doc.line(("pack", "id")),
                    "pack.id",
                    # translators: {given} and {pack} are pack ids, quoted; --pack is an option
                    _("answers are for pack {given}, not {pack}; pass --pack").format(
                        given=excerpt(pack_ref.get("id")), pack=f"'{info.id}'"
                    ),
                )
            )
    values, answer_problems = check_answers(engine, raw, file=doc.file, locate=doc.line)
    problems += answer_problems
    if problems:
        raise AnswerError(problems)
    given = pack_ref.get("version") if isinstance(pack_ref, dict) else None
    version = None if given is None else escape(str(given), 50)
    asked = shown(engine, values)
    aside = [q for q, v in values.items() if v is not None and not asked.get(q, True)]
    if aside:
        labels = ", ".join(engine.pack.questions[q].short for q in aside)
        # translators: {questions} lists the questions' short names
        aside_note = ngettext(
            "{n} answer was set aside because the other answers do not lead to its question: "
            "{questions}",
            "{n} answers were set aside because the other answers do not lead to them: {questions}",
            len(aside),
        ).format(n=len(aside), questions=labels)
        warnings.append(f"{doc.file}:{doc.line(('answers', aside[0]))}: {aside_note}")
    carried = carry_over(engine.pack, raw).notes
    if carried:
        warnings.append(f"{doc.file}:{doc.line(('answers',))}: " + " ".join(carried))
    note = changes_since(engine.pack, version, values, asked)
    if note:
        where = doc.line(("pack", "version")) if given is not None else doc.line(("answers",))
        warnings.append(f"{doc.file}:{where}: {note}")
    return Answers(values=values, meta=meta, source=doc.file, warnings=warnings)


def load_answers(engine: Any, path: Path | str) -> Answers:
    try:
        doc = load_yaml(path, max_bytes=MAX_ANSWERS_BYTES, aliases=False)
    except YamlLoadError as exc:
        raise AnswerError([exc.problem]) from None
    return parse_answers(engine, doc)
