"""Load a questionnaire pack folder: parse, validate, cross-check and lint, all problems at once.

Only what lies inside the pack folder is read: a file or folder that is a symbolic link leading
out of it, a link loop, a FIFO or a device is reported (`file: message`) and never opened.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import stat
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from assessment.content import crosswalk, length, translations
from assessment.content.model import (
    Crosswalk,
    Pack,
    Where,
    all_question_ids,
    choice_value,
    unknown_question,
)
from assessment.content.schema.cases import CasesFile
from assessment.content.schema.conditions import All, Any_, Leaf, Not, leaves
from assessment.content.schema.crosswalk import Catalogue, MappingFile
from assessment.content.schema.errors import problems_from
from assessment.content.schema.questionnaire import (
    Choice,
    Merge,
    PackInfo,
    Question,
    Questionnaire,
)
from assessment.content.schema.rules import RuleTable
from assessment.content.translations import Language
from assessment.content.yaml_io import Document, YamlLoadError, load_yaml, not_a_file
from assessment.engine.conditions import check_leaf
from assessment.engine.variables import MAX_SET, Var
from assessment.errors import ContentError, Problem
from assessment.kinds.base import Checks
from assessment.kinds.registry import (
    BY_NAME,
    CONTEXTS,
    KINDS,
    TABLE_ORDER,
    iter_rules,
    iter_rules_at,
)
from assessment.resources import DEFAULT_PACK

# the pack and its places live in content/model.py; callers may keep importing them from here
__all__ = [
    "CONTEXTS",
    "Pack",
    "Where",
    "choice_value",
    "iter_rules",
    "load_pack",
]

M = TypeVar("M", bound=BaseModel)
_TABLE = TypeAdapter(RuleTable)


def _rel(root: Path, path: Path) -> str:
    """A file name for messages: relative to the working folder when inside it.

    Only the pack folder itself is resolved, never the file: a link is named as the link, not
    as the file outside the pack it points at.
    """
    try:
        inner = path.relative_to(root)
    except ValueError:
        return str(path)
    try:
        real_root = root.resolve()
    except (OSError, RuntimeError):
        return str(path)
    for base in (Path.cwd(), real_root.parent):
        try:
            return str(real_root.relative_to(base.resolve()) / inner)
        except ValueError:
            continue
    return str(path)


def _outside(root: Path, path: Path, *, folder: bool = False) -> str | None:
    """Why `path` (a file, or a `folder` such as rules/) is not read, or None when it may be.

    It must exist, resolve to a place inside the pack folder (links within the pack are fine),
    and be no link loop; files must be regular files (see `not_a_file`).
    """
    try:
        real = path.resolve(strict=True)
        mode = os.stat(real).st_mode
    except RuntimeError:  # Python before 3.13 raises this for a link loop
        return "is a symbolic link loop; point the link at a file inside the pack"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a symbolic link loop; point the link at a file inside the pack"
        if exc.errno == errno.ENOENT:
            return (
                "is a symbolic link to nothing; point it at a file inside the pack"
                if os.path.lexists(path)
                else "file is missing"
            )
        return f"cannot read file: {exc.strerror}"
    try:
        real.relative_to(root.resolve())
    except ValueError:
        return (
            "is a symbolic link that leads out of the pack folder; copy what it points at into the "
            "pack instead"
        )
    if folder:
        return None if stat.S_ISDIR(mode) else "is a file, not a folder"
    return not_a_file(mode)


def _readable(root: Path, paths: list[Path], problems: list[Problem]) -> list[Path]:
    """The paths that may be read; a problem for each of the others."""
    kept = []
    for path in paths:
        why = _outside(root, path)
        if why is None:
            kept.append(path)
        else:
            problems.append(Problem(_rel(root, path), None, "", why))
    return kept


def _folder_files(root: Path, name: str, problems: list[Problem]) -> list[Path]:
    """The `*.yaml` files of the pack's folder `name` (rules, cases) that may be read."""
    folder = root / name
    if not os.path.lexists(folder):
        return []
    why = _outside(root, folder, folder=True)
    if why is not None:
        problems.append(Problem(_rel(root, folder), None, "", why))
        return []
    return _readable(root, sorted(folder.glob("*.yaml")), problems)


def _parse(
    path: Path,
    root: Path,
    model: type[M] | TypeAdapter[Any],
    problems: list[Problem],
    language: Language | None = None,
    prefix: str = "",
) -> tuple[Document | None, Any]:
    try:
        doc = load_yaml(path, _rel(root, path))
    except YamlLoadError as exc:
        problems.append(exc.problem)
        return None, None
    if doc.data is None:
        problems.append(Problem(doc.file, 1, "", "file is empty"))
        return doc, None
    if isinstance(model, TypeAdapter):
        if not isinstance(doc.data, dict):
            problems.append(
                Problem(
                    doc.file,
                    1,
                    "",
                    "a rules file holds one table: a mapping that starts with 'table: <kind>'",
                )
            )
            return doc, None
        if "table" not in doc.data:
            problems.append(
                Problem(
                    doc.file,
                    1,
                    "table",
                    "missing 'table:', which names the "
                    "kind of table (" + ", ".join(TABLE_ORDER) + ")",
                )
            )
            return doc, None
    base: type[BaseModel] = model if isinstance(model, type) else _table_model(doc.data)
    data = doc.data
    if language is not None:
        data = language.put(base, doc, prefix or str(doc.data.get("table", "")))
    try:
        if isinstance(model, TypeAdapter):
            return doc, model.validate_python(data)
        return doc, model.model_validate(data)
    except ValidationError as exc:
        found = problems_from(exc, doc, base)
        problems.extend(language.blame(found) if language is not None else found)
        return doc, None


def _table_model(data: Any) -> type[BaseModel]:
    kind = data.get("table") if isinstance(data, dict) else None
    return BY_NAME.get(str(kind), KINDS[0]).model


def load_pack(
    path: Path | str | None = None, *, with_cases: bool = True, lang: str | None = None
) -> Pack:
    """Load and check a pack folder; raise `ContentError` listing every problem found.

    `lang` names one of the pack's languages: its texts then come from the pack's translation
    file for it (`assessment.content.translations`), checked key by key; the ids, rules and
    cases are the same in every language.
    """
    root = Path(path) if path is not None else DEFAULT_PACK
    problems: list[Problem] = []
    if not root.is_dir():
        why = (
            "is a file; give the folder that holds pack.yaml"
            if root.exists()
            else ("no such folder")
        )
        raise ContentError([Problem(str(path), None, "", f"not a pack folder: {why}")])
    _readable(root, [root / "pack.yaml", root / "questionnaire.yaml"], problems)
    if problems:
        raise ContentError(problems)

    language = _language(root, lang, problems)
    if problems:
        raise ContentError(problems)
    info_doc, info = _parse(root / "pack.yaml", root, PackInfo, problems, language, "pack")
    qdoc, questionnaire = _parse(
        root / "questionnaire.yaml", root, Questionnaire, problems, language, "questionnaire"
    )
    tables: dict[str, Any] = {}
    table_docs: dict[str, Document] = {}
    rule_files = _folder_files(root, "rules", problems)
    for file in rule_files:
        doc, table = _parse(file, root, _TABLE, problems, language)
        if table is None or doc is None:
            continue
        if table.table in tables:
            other = table_docs[table.table].file
            problems.append(
                Problem(
                    doc.file,
                    doc.line(("table",)),
                    "table",
                    f"a '{table.table}' table is already defined in {other}",
                )
            )
            continue
        tables[table.table] = table
        table_docs[table.table] = doc
    walk = _load_crosswalk(root, problems, language)
    case_files: list[tuple[Document, CasesFile]] = []
    if with_cases:
        for file in _folder_files(root, "cases", problems):
            doc, cases = _parse(file, root, CasesFile, problems)
            if doc is not None and cases is not None:
                case_files.append((doc, cases))
    if language is not None:
        problems.extend(language.finish(info))
    if problems or info is None or info_doc is None or questionnaire is None or qdoc is None:
        raise ContentError(problems)
    for kind in TABLE_ORDER:
        if kind not in tables:
            problems.append(
                Problem(
                    _rel(root, root / "rules"),
                    None,
                    "",
                    f"no '{kind}' table: add a rules/*.yaml file with 'table: {kind}'",
                )
            )
    if problems:
        raise ContentError(problems)

    pack = Pack(root=root, info=info, questionnaire=questionnaire, tables=tables, docs=table_docs)
    pack.language = lang or translations.SOURCE_LANGUAGE
    pack.translation = language
    if walk is not None:
        pack.crosswalk = walk
        problems.extend(crosswalk.index(walk))
    problems.extend(_index_questions(pack, qdoc))
    problems.extend(_check_profile(pack, root))
    problems.extend(_check_changes(pack, info_doc))
    if language is None:  # the reading time is the source's; a translation keeps its figure
        problems.extend(_check_minutes(pack, info_doc))
    problems.extend(_define_facts(pack))
    problems.extend(_check_tables(pack, table_docs))
    for doc, cases_file in case_files:
        for i, case in enumerate(cases_file.cases):
            pack.cases.append((Where(doc, ("cases", i), f"cases.{case.id}"), case))
    if problems:
        raise ContentError(sorted(set(problems), key=_problem_order))
    return pack


def _load_crosswalk(
    root: Path, problems: list[Problem], language: Language | None = None
) -> Crosswalk | None:
    """The pack's `crosswalk/` folder, when it has one: its catalogue and its mapping."""
    folder = root / "crosswalk"
    if not os.path.lexists(folder):
        return None
    why = _outside(root, folder, folder=True)
    if why is not None:
        problems.append(Problem(_rel(root, folder), None, "", why))
        return None
    files = _readable(root, [folder / "catalogue.yaml", folder / "mapping.yaml"], problems)
    if len(files) < 2:
        return None
    cat_doc, catalogue = _parse(files[0], root, Catalogue, problems, language, "catalogue")
    map_doc, mapping = _parse(files[1], root, MappingFile, problems, language, "mapping")
    if cat_doc is None or catalogue is None or map_doc is None or mapping is None:
        return None
    return Crosswalk(catalogue, mapping, cat_doc, map_doc)


def source_texts(path: Path | str | None = None) -> dict[str, str]:
    """Every text of a pack a translation gives, by key, in the source language: what a new
    translation file starts from (`docs/translating.md`)."""
    root = Path(path) if path is not None else DEFAULT_PACK
    problems: list[Problem] = []
    collect = Language("", Document("", {}), {})
    _parse(root / "pack.yaml", root, PackInfo, problems, collect, "pack")
    _parse(root / "questionnaire.yaml", root, Questionnaire, problems, collect, "questionnaire")
    for file in _folder_files(root, "rules", problems):
        _parse(file, root, _TABLE, problems, collect)
    _load_crosswalk(root, problems, collect)
    if problems:
        raise ContentError(problems)
    return collect.source


def _language(root: Path, lang: str | None, problems: list[Problem]) -> Language | None:
    """The translation of the pack into `lang`, read and checked for shape; None for the
    source language."""
    if lang is None or lang == translations.SOURCE_LANGUAGE:
        return None
    file = root / translations.FOLDER / f"{lang}.yaml"
    if not os.path.lexists(file):
        problems.append(
            Problem(
                _rel(root, file),
                None,
                "",
                f"no translation into '{lang}': copy another language's file to this name and "
                "translate each text",
            )
        )
        return None
    if not _readable(root, [file], problems):
        return None
    try:
        doc = load_yaml(file, _rel(root, file))
    except YamlLoadError as exc:
        problems.append(exc.problem)
        return None
    texts, shape = translations.read(doc)
    problems.extend(shape)
    return Language(lang, doc, texts)


def _problem_order(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.line or 0, p.where, p.message)


# -- questions ----------------------------------------------------------------------------------
def _index_questions(pack: Pack, doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    q = pack.questionnaire
    for name, choices in q.choice_sets.items():
        problems.extend(
            _check_choices(Where(doc, ("choice_sets", name), f"choice_sets.{name}"), choices)
        )
    sections: set[str] = set()
    for si, section in enumerate(q.sections):
        swhere = Where(doc, ("sections", si), f"sections.{section.id}")
        if section.id in sections:
            problems.append(swhere.problem(f"duplicate section id '{section.id}'", "id"))
        sections.add(section.id)
        if section.visible_if is not None:
            problems.extend(
                _check_condition(
                    pack,
                    section.visible_if,
                    Where(doc, (*swhere.path, "visible_if"), f"{swhere.label}.visible_if"),
                    "visible_if",
                )
            )
        for qi, question in enumerate(section.questions):
            where = Where(
                doc,
                ("sections", si, "questions", qi),
                f"sections.{section.id}.questions.{question.id}",
            )
            pack.places[question.id] = where
            if question.id in pack.questions:
                problems.append(where.problem(f"duplicate question id '{question.id}'", "id"))
                continue
            if question.visible_if is not None:
                problems.extend(
                    _check_condition(
                        pack,
                        question.visible_if,
                        Where(doc, (*where.path, "visible_if"), f"{where.label}.visible_if"),
                        "visible_if",
                    )
                )
            if isinstance(question.choices, str):
                if question.choices not in q.choice_sets:
                    known = ", ".join(q.choice_sets) or "none defined"
                    close = difflib.get_close_matches(question.choices, list(q.choice_sets), n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else f" (choice sets: {known})"
                    problems.append(
                        where.problem(f"unknown choice set '{question.choices}'{hint}", "choices")
                    )
                    pack.broken.add(question.id)
                    continue
            elif question.choices is not None:
                problems.extend(
                    _check_choices(
                        Where(doc, (*where.path, "choices"), f"{where.label}.choices"),
                        question.choices,
                    )
                )
            problems.extend(_check_exclusive(where, question, pack.choices(question)))
            if question.type == "multi" and len(pack.choices(question)) > MAX_SET:
                problems.append(
                    where.problem(f"a multi question allows at most {MAX_SET} choices", "choices")
                )
            pack.questions[question.id] = question
            pack.section_of[question.id] = section.id
            pack.variables[question.id] = _question_var(pack, question)
    return problems


def _check_changes(pack: Pack, doc: Document) -> list[Problem]:
    """The change log names questions that exist, and its newest entry is this version."""
    problems = []
    changes = pack.info.changes
    if changes and changes[0].version != pack.info.version:
        problems.append(
            Problem(
                doc.file,
                doc.line(("changes", 0, "version")),
                "changes[0].version",
                f"the newest change is for version '{changes[0].version}', but the pack is "
                f"version '{pack.info.version}': add an entry for it first",
            )
        )
    for ci, change in enumerate(changes):
        for qi, qid in enumerate(change.questions_added):
            if qid not in pack.questions:
                problems.append(
                    Problem(
                        doc.file,
                        doc.line(("changes", ci, "questions_added", qi)),
                        f"changes[{ci}].questions_added[{qi}]",
                        unknown_question(pack, qid),
                    )
                )
        for mi, merge in enumerate(change.questions_merged):
            problems.extend(_check_merge(pack, doc, ci, mi, merge))
    return problems


def _check_merge(pack: Pack, doc: Document, ci: int, mi: int, merge: Merge) -> list[Problem]:
    """A merged question is no longer asked, the question it went into is, and every answer
    it carries over is one that question takes."""
    from assessment.services.answers import check_answer

    at = ("changes", ci, "questions_merged", mi)
    where = f"changes[{ci}].questions_merged[{mi}]"
    if merge.question in pack.questions:
        return [
            Problem(
                doc.file,
                doc.line((*at, "question")),
                f"{where}.question",
                f"'{merge.question}' is still a question of the pack: a merged question is one "
                "no longer asked",
            )
        ]
    into = pack.questions.get(merge.into)
    if into is None:
        return [
            Problem(
                doc.file,
                doc.line((*at, "into")),
                f"{where}.into",
                unknown_question(pack, merge.into),
            )
        ]
    problems = []
    for old, new in merge.values.items():
        _, message = check_answer(pack, into, new)
        if message:
            problems.append(
                Problem(
                    doc.file,
                    doc.line((*at, "values", old)),
                    f"{where}.values.{old}",
                    f"'{old}' is carried over as an answer '{merge.into}' does not take: {message}",
                )
            )
    return problems


def _check_minutes(pack: Pack, doc: Document) -> list[Problem]:
    """The minutes the start page promises are the minutes the whole questionnaire takes."""
    if pack.broken:
        return []
    needed = length.longest(pack)
    stated = pack.info.minutes
    if abs(stated - needed) <= max(1, needed // 10):
        return []
    return [
        Problem(
            doc.file,
            doc.line(("minutes",)),
            "minutes",
            f"the pack promises {stated} minutes, but reading and answering every question takes "
            f"about {needed} (at {length.WORDS_PER_MINUTE} words a minute and "
            f"{length.SECONDS_PER_ANSWER} seconds an answer): write {needed}, or shorten the "
            "questions",
        )
    ]


def _check_profile(pack: Pack, root: Path) -> list[Problem]:
    problems = []
    for key, qid in pack.info.profile.model_dump().items():
        if qid is None:
            continue
        q = pack.questions.get(qid)
        if q is None or q.type != "number":
            what = "no question" if q is None else f"a {q.type} question"
            problems.append(
                Problem(
                    _rel(root, root / "pack.yaml"),
                    None,
                    f"profile.{key}",
                    f"'{qid}' is {what}; name the number question that counts "
                    f"this, or set it to null",
                )
            )
    return problems


def _check_choices(where: Where, choices: list[Choice]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    if not choices:
        problems.append(where.problem("a choice list needs at least one choice"))
    for i, choice in enumerate(choices):
        if choice.id in seen:
            problems.append(where.problem(f"duplicate choice id '{choice.id}'", i))
        seen.add(choice.id)
    valued = [c.value is not None for c in choices if not c.unknown]
    if any(valued) and not all(valued):
        missing = [c.id for c in choices if c.value is None and not c.unknown]
        problems.append(
            where.problem(
                f"give every choice a 'value' or none: {', '.join(missing)} "
                f"{'has' if len(missing) == 1 else 'have'} none"
            )
        )
    return problems


# a choice that says "none of the others", by its id or its label
_NONE_CHOICE = re.compile(r"^none\b", re.IGNORECASE)


def _check_exclusive(where: Where, question: Question, choices: list[Choice]) -> list[Problem]:
    """A multi question's "none of these" must be `exclusive` (chosen alone), and only a multi
    question can have an exclusive choice."""
    problems = []
    for i, c in enumerate(choices):
        at = ("choices", i) if not isinstance(question.choices, str) else ("choices",)
        if c.exclusive and question.type != "multi":
            problems.append(
                where.problem(
                    f"choice '{c.id}' is exclusive, but only a multi question's choices can be",
                    *at,
                )
            )
        elif (
            question.type == "multi"
            and not c.exclusive
            and (_NONE_CHOICE.match(c.id) or _NONE_CHOICE.match(c.label))
        ):
            problems.append(
                where.problem(
                    f"choice '{c.id}' says none of the others: mark it 'exclusive: true' so it "
                    "cannot be chosen with them",
                    *at,
                )
            )
    if sum(c.exclusive for c in choices) > 1:
        problems.append(where.problem("at most one choice can be exclusive", "choices"))
    unknown = [c.id for c in choices if c.unknown]
    if unknown and question.type != "single":
        problems.append(
            where.problem(
                f"choice '{unknown[0]}' is a 'don't know' (unknown: true), which only a single "
                "question's choices can be",
                "choices",
            )
        )
    return problems


def _question_var(pack: Pack, q: Question) -> Var:
    if q.type == "number":
        return Var(q.id, "number", lo=q.min, hi=q.max)
    if q.type == "scale":
        points = q.points or []
        return Var(q.id, "number", lo=points[0].value, hi=points[-1].value)
    if q.type == "single":
        choices = pack.choices(q)
        return Var(
            q.id,
            "choice",
            tuple(c.id for c in choices),
            ordered=q.ordered,
            unknown=tuple(c.id for c in choices if c.unknown),
        )
    if q.type == "multi":
        return Var(q.id, "set", tuple(c.id for c in pack.choices(q)))
    if q.type == "yes_no":
        return Var(q.id, "bool")
    return Var(q.id, "text")


# -- facts --------------------------------------------------------------------------------------
def _define_facts(pack: Pack) -> list[Problem]:
    """The engine's variable space beyond the questions: the facts each kind derives."""
    for kind in KINDS:
        for fact in kind.facts(kind.table(pack), pack):
            name = f"fact:{fact.name}"
            pack.variables[name] = Var(name, fact.kind, fact.domain, fact.lo, fact.hi)
            pack.fact_context[fact.name] = fact.context
            pack.fact_label[fact.name] = fact.label
            if fact.subject:
                pack.fact_subject[fact.name] = fact.subject
    problems: list[Problem] = []
    for name, var in pack.variables.items():
        if var.kind == "set" and len(var.domain) > MAX_SET:
            # a set fact is one bit a value: a pack may define at most MAX_SET of its ids
            problems.append(
                Problem(
                    _rel(pack.root, pack.root / "rules"),
                    None,
                    name,
                    f"the pack defines {len(var.domain)} ids for this fact; at most {MAX_SET} "
                    "fit: merge or remove some",
                )
            )
    return problems


# -- rule tables --------------------------------------------------------------------------------
def _check_tables(pack: Pack, docs: dict[str, Document]) -> list[Problem]:
    """Each rule's id and conditions, then each kind's own checks."""
    problems: list[Problem] = []
    seen_rules: dict[str, Where] = {}
    for kind, at in iter_rules_at(pack):
        r = at.rule
        where = Where(docs[kind.name], at.path, f"{kind.name}.{r.id}")
        if r.id in seen_rules:
            other = seen_rules[r.id]
            at_line = f"{other.doc.file}:{other.doc.line(other.path)}"
            problems.append(where.problem(f"duplicate rule id '{r.id}' (also at {at_line})", "id"))
        else:
            seen_rules[r.id] = where
            pack.places[f"rule:{r.id}"] = where
        for key in ("when", "escalate"):
            cond = getattr(r, key, None)
            if cond is not None:
                problems.extend(
                    _check_condition(
                        pack,
                        cond,
                        Where(where.doc, (*at.path, key), f"{where.label}.{key}"),
                        at.context,
                    )
                )
    finding_ids = frozenset(fid for kind in KINDS for fid in kind.finding_ids(kind.table(pack)))
    checks = Checks(pack, docs, finding_ids)
    for kind in KINDS:
        problems.extend(kind.check(kind.table(pack), checks))
    problems.extend(crosswalk.check(pack, finding_ids))
    problems.extend(_unused_questions(pack))
    return problems


def _unused_questions(pack: Pack) -> list[Problem]:
    """A question no rule, dimension or pivot point reads is asked for nothing. Free-text
    questions are exempt: they are for people, not rules."""
    used: set[str] = set()
    for _, rule in iter_rules(pack):
        for cond in (rule.when, getattr(rule, "escalate", None)):
            used.update(leaf.q for leaf in leaves(cond) if leaf.q)
    for section in pack.questionnaire.sections:
        for cond in (section.visible_if, *(q.visible_if for q in section.questions)):
            used.update(leaf.q for leaf in leaves(cond) if leaf.q)
    for kind in KINDS:
        used.update(kind.questions_read(kind.table(pack)))
    used.update(crosswalk.scope_questions(pack))
    return [
        pack.places[qid].problem(
            f"question '{qid}' is not used by any rule, dimension or pivot point; "
            "use it in a rule or remove it"
        )
        for qid, q in pack.questions.items()
        if qid not in used and q.type != "text" and qid not in pack.broken
    ]


def _check_condition(pack: Pack, cond: Any, where: Where, context: str) -> list[Problem]:
    problems: list[Problem] = []

    def walk(node: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(node, All):
            for i, c in enumerate(node.all):
                walk(c, (*path, "all", i))
        elif isinstance(node, Any_):
            for i, c in enumerate(node.any):
                walk(c, (*path, "any", i))
        elif isinstance(node, Not):
            walk(node.not_, (*path, "not"))
        elif isinstance(node, Leaf):
            problems.extend(_check_leaf(pack, node, where, path, context))

    walk(cond, ())
    return problems


def _check_leaf(
    pack: Pack, leaf: Leaf, where: Where, path: tuple[str | int, ...], context: str
) -> list[Problem]:
    def problem(message: str) -> Problem:
        return Problem(where.doc.file, where.doc.line((*where.path, *path)), where.label, message)

    if leaf.q is not None:
        if leaf.q in pack.broken:
            return []
        if leaf.q not in pack.variables:
            if context == "visible_if" and leaf.q in all_question_ids(pack):
                return [
                    problem(
                        f"'{leaf.q}' is asked later or here; visible_if may only "
                        "depend on earlier questions"
                    )
                ]
            return [problem(unknown_question(pack, leaf.q))]
        var = pack.variables[leaf.q]
    else:
        name = leaf.fact or ""
        if context == "visible_if":
            return [problem("visible_if may test earlier questions only, not facts")]
        if name not in pack.fact_context:
            close = difflib.get_close_matches(name, list(pack.fact_context), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            return [problem(f"unknown fact '{name}'{hint}")]
        available = pack.fact_context[name]
        if CONTEXTS.index(available) > CONTEXTS.index(context):
            return [
                problem(
                    f"fact '{name}' is derived later (in {available}); "
                    f"a {context} rule cannot test it"
                )
            ]
        var = pack.variables[f"fact:{name}"]
    message = check_leaf(leaf, var)
    return [problem(message)] if message else []


# -- a translation against today's English ------------------------------------------------------
def _translation_and_record(
    root: Path, lang: str, problems: list[Problem]
) -> tuple[Language | None, dict[str, str] | None, Path]:
    """A translation of the pack, and its record of the English each text was checked against
    (None when it has none); problems with either go to `problems`."""
    checked_file = root / translations.FOLDER / translations.CHECKED.format(lang=lang)
    language = _language(root, lang, problems)
    if language is None or not os.path.lexists(checked_file):
        return language, None, checked_file
    if not _readable(root, [checked_file], problems):
        return language, None, checked_file
    try:
        doc = load_yaml(checked_file, _rel(root, checked_file))
    except YamlLoadError as exc:
        problems.append(exc.problem)
        return language, None, checked_file
    record, shape = translations.read(doc)
    problems.extend(shape)
    return language, record, checked_file


def stale_translation(path: Path | str | None, lang: str) -> list[Problem]:
    """Each text of the `lang` translation whose English has changed since it was checked,
    named at the translation file's line (`translations.stale`)."""
    root = Path(path) if path is not None else DEFAULT_PACK
    problems: list[Problem] = []
    language, record, checked_file = _translation_and_record(root, lang, problems)
    if language is None:
        return problems
    source = source_texts(root)
    return problems + translations.stale(
        lang, language.doc, language.given, source, record, _rel(root, checked_file)
    )


def mark_translation_checked(path: Path | str | None, lang: str) -> int:
    """Record that each text of the `lang` translation is checked against today's English;
    the number of texts recorded."""
    root = Path(path) if path is not None else DEFAULT_PACK
    problems: list[Problem] = []
    language = _language(root, lang, problems)  # the record is written anew, never read
    if language is None or problems:
        raise ContentError(problems)
    checked_file = root / translations.FOLDER / translations.CHECKED.format(lang=lang)
    source = source_texts(root)
    text = translations.checked_text(lang, language.given, source)
    checked_file.write_text(text, encoding="utf-8")
    return sum(1 for key in language.given if key in source)
