"""A pack in another language: one translation file per language, keyed by the pack's ids.

English is the source. Every field a reader sees is typed `Text` (or carries `TRANSLATABLE`),
and `texts` walks a file's parsed YAML along its model to name each such text by the ids around
it, never by its position:

    questionnaire.questions.developers.text
    questionnaire.choice_sets.frequency.weekly.label
    next_steps.steps.step-prompt-library.action.one_team     (a text with a version per size)
    pack.changes.2.1.0.notes.0

`translations/<lang>.yaml` beside `pack.yaml` maps those keys to the language's text, flat, one
key a line. `load_pack(lang=...)` puts them in place before the models are built, so everything
downstream (engine, results, reports) reads the language and the ids stay the same;
`check` names every key missing or extra, every empty text and every placeholder (`{name}`)
that differs from the source, with the translation file's line.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from assessment.content.schema.common import TRANSLATABLE
from assessment.content.yaml_io import Document, Path_
from assessment.errors import Problem

SOURCE_LANGUAGE = "en"
FOLDER = "translations"
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


@dataclass(frozen=True)
class Found:
    """One translatable text of a file: its key, its place in the file and the source text."""

    key: str
    path: Path_
    text: str


def _segment(item: Any, index: int) -> str:
    """How a list item is named in a key: by its id, never by its position when it has one."""
    if isinstance(item, dict):
        for name in ("id", "version", "value"):
            if name in item and isinstance(item[name], (str, int, float)):
                return str(item[name])
        if "source" in item and "target" in item:  # a crosswalk mapping
            return f"{item['source']}->{item['target']}"
    return str(index)


def _marked(annotation: Any, metadata: list[Any] | tuple[Any, ...] = ()) -> bool:
    if any(m is TRANSLATABLE for m in metadata):
        return True
    if get_origin(annotation) is Annotated:
        return any(m is TRANSLATABLE for m in get_args(annotation)[1:])
    return False


def _members(annotation: Any) -> tuple[Any, ...]:
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        return get_args(annotation)
    return (annotation,)


def _bare(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _walk(annotation: Any, metadata: Any, data: Any, key: str, path: Path_) -> Iterator[Found]:
    """Every translatable text in `data`, read as a value of `annotation`."""
    if data is None:
        return
    members = _members(annotation)
    if isinstance(data, str):
        if any(_marked(m, metadata if len(members) == 1 else ()) for m in members):
            yield Found(key, path, data)
        return
    for member in members:
        bare = _bare(member)
        origin = get_origin(bare)
        if isinstance(data, dict) and isinstance(bare, type) and issubclass(bare, BaseModel):
            yield from walk_model(bare, data, key, path)
            return
        if isinstance(data, dict) and origin is dict:
            value_type = get_args(bare)[1]
            for name, value in data.items():
                yield from _walk(value_type, (), value, f"{key}.{name}", (*path, name))
            return
        if isinstance(data, list) and origin is list:
            item_type = get_args(bare)[0]
            for i, value in enumerate(data):
                yield from _walk(item_type, (), value, f"{key}.{_segment(value, i)}", (*path, i))
            return


# where a key starts afresh: a question is named by its id alone, whichever section holds it
_RESTART = {("Section", "questions"): "questionnaire.questions"}


def walk_model(model: type[BaseModel], data: Any, key: str, path: Path_ = ()) -> Iterator[Found]:
    """Every translatable text of `data`, a mapping that `model` validates."""
    if not isinstance(data, dict):
        return
    hints = typing.get_type_hints(model, include_extras=True)
    for name, field in model.model_fields.items():
        if name not in data:
            continue
        annotation = hints.get(name, field.annotation)
        restart = _RESTART.get((model.__name__, name))
        if restart is not None:
            for i, value in enumerate(data[name] or []):
                item_key = f"{restart}.{_segment(value, i)}"
                yield from _walk(
                    get_args(_bare(annotation))[0], (), value, item_key, (*path, name, i)
                )
            continue
        yield from _walk(annotation, field.metadata, data[name], f"{key}.{name}", (*path, name))


def texts(model: type[BaseModel], data: Any, prefix: str) -> list[Found]:
    return list(walk_model(model, data, prefix))


def apply(data: Any, found: list[Found], translation: dict[str, str]) -> Any:
    """A copy of `data` with each found text that `translation` gives replaced by it."""
    if not found:
        return data
    out = _copy(data)
    for item in found:
        text = translation.get(item.key)
        if not text:
            continue
        target = out
        for step in item.path[:-1]:
            target = target[step]
        target[item.path[-1]] = text
    return out


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


def read(doc: Document) -> tuple[dict[str, str], list[Problem]]:
    """The keys and texts of a translation file, and what is wrong with its shape."""
    problems: list[Problem] = []
    if not isinstance(doc.data, dict):
        return {}, [Problem(doc.file, 1, "", "a translation file is one mapping of keys to texts")]
    out: dict[str, str] = {}
    for key, value in doc.data.items():
        line = doc.line((key,))
        if not isinstance(value, str):
            problems.append(
                Problem(doc.file, line, str(key), "the translation must be text, on one key")
            )
            continue
        out[str(key)] = value.strip()
    return out, problems


def check(doc: Document, translation: dict[str, str], source: dict[str, str]) -> list[Problem]:
    """Every key the source has and the translation lacks or leaves empty, every key it has
    that the source lacks, and every placeholder that differs from the source's."""
    problems: list[Problem] = []
    for key, text in translation.items():
        line = doc.line((key,))
        if key not in source:
            problems.append(
                Problem(
                    doc.file,
                    line,
                    key,
                    "no text of the pack has this key: the id may have been renamed or removed",
                )
            )
            continue
        if not text:
            problems.append(Problem(doc.file, line, key, "the translation is empty"))
            continue
        want = sorted(_PLACEHOLDER.findall(source[key]))
        have = sorted(_PLACEHOLDER.findall(text))
        if want != have:
            problems.append(
                Problem(
                    doc.file,
                    line,
                    key,
                    f"placeholders differ from the source: it has {', '.join(want) or 'none'}, "
                    f"the translation {', '.join(have) or 'none'}",
                )
            )
    missing = [key for key in source if key not in translation]
    for key in missing:
        problems.append(
            Problem(
                doc.file,
                None,
                key,
                f"missing: add the translation of {_quote(source[key])}",
            )
        )
    return problems


def _quote(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return f"'{flat}'" if len(flat) <= width else f"'{flat[: width - 1]}…'"


def _ends(where: str, path: Path_) -> bool:
    """Whether a problem's place (`sections[0].questions[1].help`, `steps.x.title`) ends with
    the last name of `path` (the text's field, or its audience)."""
    last = str(path[-1])
    return where == last or where.endswith(("." + last, "]" + last))


class Language:
    """One translation being put in place while a pack loads: the texts it gives, and every
    source text met so far, so that `finish` can name what it lacks and what it has too many."""

    def __init__(self, lang: str, doc: Document, given: dict[str, str]) -> None:
        self.lang = lang
        self.doc = doc
        self.given = given
        self.source: dict[str, str] = {}
        # (source file, line) -> the keys of the texts on it, to name the translation's line
        # in a validation problem (a flow mapping holds several texts on one line)
        self._lines: dict[tuple[str, int], list[Found]] = {}
        # (source file, the text's path in it) -> the text, to name a problem whose path is known
        self._paths: dict[tuple[str, Path_], Found] = {}

    def put(self, model: type[BaseModel], doc: Document, prefix: str) -> Any:
        """`doc`'s data with this language's texts in place."""
        found = texts(model, doc.data, prefix)
        for item in found:
            self.source[item.key] = item.text
            line = doc.line(item.path)
            if line is not None:
                self._lines.setdefault((doc.file, line), []).append(item)
            self._paths[(doc.file, tuple(item.path))] = item
        return apply(doc.data, found, self.given)

    def blame_at(self, problem: Problem, path: Path_) -> Problem:
        """A problem with the text at `path` of its file, named at the translation's line when
        the translation gives that text; otherwise as `blame` names it."""
        item = self._paths.get((problem.file, tuple(path)))
        if item is None or item.key not in self.given:
            return self.blame([problem])[0]
        return Problem(self.doc.file, self.doc.line((item.key,)), item.key, problem.message)

    def blame(self, problems: list[Problem]) -> list[Problem]:
        """Problems with a translated text, named at the translation file's line."""
        out = []
        for p in problems:
            on_line = [f for f in self._lines.get((p.file, p.line or 0), []) if f.key in self.given]
            # the text the problem names: its path ends the problem's place
            named = [f for f in on_line if _ends(p.where, f.path)] or on_line[:1]
            if named:
                key = named[0].key
                p = Problem(self.doc.file, self.doc.line((key,)), key, p.message)
            out.append(p)
        return out

    def finish(self, info: Any) -> list[Problem]:
        """What is wrong with the translation as a whole, once every file has been read."""
        problems = check(self.doc, self.given, self.source)
        languages = list(getattr(info, "languages", []) or [])
        if info is not None and self.lang not in languages:
            problems.append(
                Problem(
                    self.doc.file,
                    None,
                    "",
                    f"pack.yaml does not list '{self.lang}' in its languages "
                    f"({', '.join(languages)}): add it there",
                )
            )
        return problems


# -- staleness: the English each translated text was last checked against ---------------------
# `translations/<lang>.checked.yaml` maps each key to a fingerprint of the English text its
# translation was last checked against. A key keeps its name when its English text changes, so
# without this record a translation could fall behind its source unseen: `stale` names each
# text whose English has changed since, and `mark_checked` records the English of today.
CHECKED = "{lang}.checked.yaml"
_CHECKED_HEADER = """\
# The English text each {lang} translation was last checked against, as a fingerprint (the
# first 12 hex digits of the SHA-256 of the text, its spaces collapsed). Written by
# `assessment validate --checked {lang}`; never edited by hand. `assessment validate` names each
# text whose English has changed since its translation was last checked.
"""


def fingerprint(text: str) -> str:
    """A source text's fingerprint: reflowing it (a YAML line broken elsewhere) keeps it."""
    import hashlib

    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def stale(
    lang: str,
    doc: Document,
    translation: dict[str, str],
    source: dict[str, str],
    checked: dict[str, str] | None,
    checked_file: str,
) -> list[Problem]:
    """Each translated text whose English has changed since it was last checked (or was never
    checked), at the translation file's line. `checked`: the record, None when there is none."""
    if checked is None:
        return [
            Problem(
                checked_file,
                None,
                "",
                "no record of the English this translation was checked against: once every "
                f"text is up to date, run `assessment validate --checked {lang}`",
            )
        ]
    problems = []
    for key, text in translation.items():
        if key not in source or not text:
            continue  # `check` names these
        if checked.get(key) != fingerprint(source[key]):
            problems.append(
                Problem(
                    doc.file,
                    doc.line((key,)),
                    key,
                    (
                        "the English has changed since this translation was checked"
                        if key in checked
                        else "this translation was never checked against the English"
                    )
                    + f"; the English reads {_quote(source[key])}: bring the translation up to "
                    f"date, then run `assessment validate --checked {lang}`",
                )
            )
    return problems


def checked_text(lang: str, translation: dict[str, str], source: dict[str, str]) -> str:
    """The record of the English each text of `translation` is checked against today, in the
    translation file's order."""
    import json

    lines = [_CHECKED_HEADER.format(lang=lang)]
    for key in translation:
        if key in source:
            # quoted as JSON (which is YAML): neither a key nor a fingerprint is misread
            lines.append(f'{json.dumps(key)}: "{fingerprint(source[key])}"\n')
    return "".join(lines)
