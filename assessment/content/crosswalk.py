"""Cross-checks of a pack's crosswalk: the catalogue of external items and the mapping to them.

`validate` reports, with file and line: a duplicate framework, item or scope id; an item whose
scope is not defined; a scope question the pack does not ask, or an answer it does not take; a
mapping whose target is not in the catalogue, whose source is not in the pack, whose relation is
not one of the four, or that repeats another; and a compliance gap that maps to no item.
"""

from __future__ import annotations

from collections.abc import Iterator

from assessment.content.model import Crosswalk, Pack, unknown_question
from assessment.content.schema.crosswalk import RELATIONS
from assessment.errors import Problem, did_you_mean


def index(cw: Crosswalk) -> Iterator[Problem]:
    """Index the catalogue's scopes and items; a problem for each duplicate id."""
    doc = cw.catalogue_doc
    for si, scope in enumerate(cw.catalogue.scopes):
        if scope.id in cw.scopes:
            yield Problem(
                doc.file,
                doc.line(("scopes", si, "id")),
                f"scopes.{scope.id}",
                f"duplicate scope id '{scope.id}'",
            )
        cw.scopes[scope.id] = scope
    frameworks: set[str] = set()
    for fi, fw in enumerate(cw.catalogue.frameworks):
        if fw.id in frameworks:
            yield Problem(
                doc.file,
                doc.line(("frameworks", fi, "id")),
                f"frameworks.{fw.id}",
                f"duplicate framework id '{fw.id}'",
            )
        frameworks.add(fw.id)
        for ii, item in enumerate(fw.items):
            at = ("frameworks", fi, "items", ii)
            where = f"frameworks.{fw.id}.items.{item.id}"
            if item.id in cw.items:
                other = cw.items[item.id][0].id
                yield Problem(
                    doc.file,
                    doc.line((*at, "id")),
                    where,
                    f"duplicate item id '{item.id}' (also in framework '{other}')",
                )
                continue
            cw.items[item.id] = (fw, item)
            if item.scope not in cw.scopes:
                hint = did_you_mean(item.scope, list(cw.scopes))
                yield Problem(
                    doc.file,
                    doc.line((*at, "scope")),
                    where,
                    f"unknown scope '{item.scope}'{hint}",
                )


def check(pack: Pack, finding_ids: frozenset[str]) -> Iterator[Problem]:
    cw = pack.crosswalk
    if cw is None:
        return
    yield from _check_scopes(pack, cw)
    yield from _check_mappings(pack, cw, finding_ids)
    yield from _check_gaps_mapped(pack, cw)


def _check_scopes(pack: Pack, cw: Crosswalk) -> Iterator[Problem]:
    from assessment.services.answers import check_answer

    doc = cw.catalogue_doc
    for si, scope in enumerate(cw.catalogue.scopes):
        where = f"scopes.{scope.id}"
        if scope.question is None:
            if scope.answers:
                yield Problem(
                    doc.file,
                    doc.line(("scopes", si, "answers")),
                    where,
                    "answers are given, but no question: name the question they answer",
                )
            continue
        question = pack.questions.get(scope.question)
        if question is None:
            yield Problem(
                doc.file,
                doc.line(("scopes", si, "question")),
                where,
                unknown_question(pack, scope.question),
            )
            continue
        if not scope.answers:
            yield Problem(
                doc.file,
                doc.line(("scopes", si, "question")),
                where,
                f"name the answers to '{scope.question}' that bring the scope into play",
            )
        for ai, answer in enumerate(scope.answers):
            _, message = check_answer(pack, question, answer)
            if message:
                yield Problem(
                    doc.file,
                    doc.line(("scopes", si, "answers", ai)),
                    where,
                    f"'{answer}' is not an answer '{scope.question}' takes: {message}",
                )


def source_ids(pack: Pack, finding_ids: frozenset[str]) -> dict[str, list[str]]:
    """The ids each kind of mapping source may name."""
    return {
        "gap": [g.id for g in pack.compliance.gaps],
        "question": list(pack.questions),
        "metric": [m.id for m in pack.metrics.metrics],
        "step": [s.id for s in pack.next_steps.steps],
        "finding": sorted(finding_ids),
    }


def _check_mappings(pack: Pack, cw: Crosswalk, finding_ids: frozenset[str]) -> Iterator[Problem]:
    doc = cw.mapping_doc
    known = source_ids(pack, finding_ids)
    seen: set[tuple[str, str]] = set()
    for mi, m in enumerate(cw.mapping.mappings):
        at = ("mappings", mi)
        where = f"mappings[{mi}]"
        if m.target not in cw.items:
            hint = did_you_mean(m.target, list(cw.items), cutoff=0.6)
            yield Problem(
                doc.file,
                doc.line((*at, "target")),
                where,
                f"target '{m.target}' is not an item of the catalogue{hint}",
            )
        kind, _, sid = m.source.partition(":")
        if sid not in known[kind]:
            hint = did_you_mean(sid, known[kind], cutoff=0.6)
            yield Problem(
                doc.file,
                doc.line((*at, "source")),
                where,
                f"source '{m.source}': the pack has no {kind} '{sid}'{hint}",
            )
        if m.relation not in RELATIONS:
            yield Problem(
                doc.file,
                doc.line((*at, "relation")),
                where,
                f"relation '{m.relation}' is not one of {', '.join(RELATIONS)}",
            )
        if (m.source, m.target) in seen:
            yield Problem(
                doc.file,
                doc.line(at),
                where,
                f"'{m.source}' is mapped to '{m.target}' twice",
            )
        seen.add((m.source, m.target))


def _check_gaps_mapped(pack: Pack, cw: Crosswalk) -> Iterator[Problem]:
    mapped = {m.source.partition(":")[2] for m in cw.mapping.mappings if m.source[:4] == "gap:"}
    doc = pack.docs["compliance"]
    for gi, gap in enumerate(pack.compliance.gaps):
        if gap.id not in mapped:
            yield Problem(
                doc.file,
                doc.line(("gaps", gi, "id")),
                f"compliance.gaps.{gap.id}",
                f"gap '{gap.id}' maps to no item of the catalogue: add a mapping from "
                f"'gap:{gap.id}' to crosswalk/mapping.yaml",
            )


def references(pack: Pack, source: str) -> list[dict[str, str | None]]:
    """The items `source` (such as `gap:auditability`) maps to, in the mapping's order, each as
    the assessment's reference fields."""
    cw = pack.crosswalk
    if cw is None:
        return []
    found = []
    for m in cw.mapping.mappings:
        if m.source != source or m.target not in cw.items:
            continue
        fw, item = cw.items[m.target]
        scope = cw.scopes.get(item.scope)
        found.append(
            {
                "framework": fw.name,
                "item": item.ref,
                "relation": m.relation,
                "title": item.title,
                "id": item.id,
                "scope": None if scope is None or scope.always else scope.rule,
            }
        )
    return found


def scope_questions(pack: Pack) -> set[str]:
    """The questions the crosswalk's scopes read."""
    if pack.crosswalk is None:
        return set()
    return {s.question for s in pack.crosswalk.catalogue.scopes if s.question}
