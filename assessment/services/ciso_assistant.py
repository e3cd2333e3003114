"""The pack's crosswalk as a CISO Assistant library: a framework of Pivotpoint's findings and
practices, and one requirement mapping set from it to each catalogue framework that CISO
Assistant has a library of (its `ciso_assistant` URNs in the catalogue).

The format is CISO Assistant's library YAML (intuitem/ciso-assistant-community,
backend/library/utils.py and the mapping libraries in backend/library/libraries): a library
needs `urn`, `name`, `version` (a whole number) and `objects`; a framework `urn` and `ref_id`;
a requirement node `urn`; a mapping set `urn`, `name`, `source_framework_urn`,
`target_framework_urn` and at least one of `requirement_mappings`, each with
`source_requirement_urn`, `target_requirement_urn` and `relationship` (equal, subset, superset,
intersect or not_related), here with the mapping's reason as its `annotation`. URNs are
`urn:<packager>:risk:<kind>:<ref>[:<node>]`, lower case. Items without a URN (frameworks CISO
Assistant has no library of, such as OWASP SAMM) are left out.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from assessment.content.audience import pick
from assessment.content.model import Crosswalk, Pack
from assessment.errors import PivotpointError, Problem

PACKAGER = "pivotpoint"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.-]+", "-", text.lower()).strip("-")


def _version(text: str) -> int:
    """A pack version such as 2.1.0 as the whole number CISO Assistant keeps (20100)."""
    parts = [int(p) if p.isdigit() else 0 for p in text.split(".")[:3]] + [0, 0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def _source_node(pack: Pack, source: str) -> tuple[str, str, str]:
    """ref_id, name and description of a mapping's source."""
    kind, _, sid = source.partition(":")
    if kind == "gap":
        gap = next(g for g in pack.compliance.gaps if g.id == sid)
        return sid, f"Compliance gap: {gap.title}", pick(gap.summary, None)
    if kind == "question":
        q = pack.questions[sid]
        return sid, f"Practice: {q.label or sid}", q.text
    if kind == "metric":
        metric = next(m for m in pack.metrics.metrics if m.id == sid)
        return sid, f"Metric: {metric.title}", pick(metric.summary, None)
    if kind == "step":
        step = next(s for s in pack.next_steps.steps if s.id == sid)
        return sid, f"Next step: {step.title}", ""
    return sid, f"Finding: {sid}", ""


def library(pack: Pack) -> dict[str, Any]:
    cw: Crosswalk | None = pack.crosswalk
    if cw is None:
        raise PivotpointError(
            [Problem(str(pack.root), None, "", "the pack has no crosswalk/ folder to export")]
        )
    ref = _slug(pack.info.id)
    framework_urn = f"urn:{PACKAGER}:risk:framework:{ref}"

    def node_urn(source: str) -> str:
        return f"urn:{PACKAGER}:risk:req_node:{ref}:{_slug(source.replace(':', '-'))}"

    sources: list[str] = []
    sets: dict[str, dict[str, Any]] = {}
    dependencies: list[str] = []
    for m in cw.mapping.mappings:
        fw, item = cw.items[m.target]
        if fw.ciso_assistant is None or item.urn is None:
            continue
        if m.source not in sources:
            sources.append(m.source)
        if fw.id not in sets:
            set_ref = f"mapping-{ref}-and-{_slug(fw.id)}"
            sets[fw.id] = {
                "urn": f"urn:{PACKAGER}:risk:req_mapping_set:{set_ref}",
                "ref_id": set_ref,
                "name": f"{pack.info.title} <-> {fw.name}",
                "description": f"How Pivotpoint's findings and practices relate to {fw.name}.",
                "source_framework_urn": framework_urn,
                "target_framework_urn": fw.ciso_assistant.framework,
                "requirement_mappings": [],
            }
            dependencies.append(fw.ciso_assistant.library)
        sets[fw.id]["requirement_mappings"].append(
            {
                "source_requirement_urn": node_urn(m.source),
                "target_requirement_urn": item.urn,
                "relationship": m.relation,
                "annotation": m.reason,
            }
        )
    nodes = []
    for source in sources:
        ref_id, name, description = _source_node(pack, source)
        node = {"urn": node_urn(source), "assessable": True, "depth": 1, "ref_id": ref_id}
        node["name"] = name
        if description:
            node["description"] = " ".join(description.split())
        nodes.append(node)
    lib_ref = f"mapping-{ref}"
    return {
        "urn": f"urn:{PACKAGER}:risk:library:{lib_ref}",
        "locale": "en",
        "ref_id": lib_ref,
        "name": f"{pack.info.title}: crosswalk",
        "description": (
            f"Pivotpoint's {pack.info.title} pack ({pack.info.version}) and how its findings "
            "and practices relate to the frameworks below. Not legal advice."
        ),
        "copyright": "Pivotpoint; the frameworks' identifiers belong to their publishers.",
        "version": _version(pack.info.version),
        "provider": "Pivotpoint",
        "packager": PACKAGER,
        "dependencies": dependencies,
        "objects": {
            "frameworks": [
                {
                    "urn": framework_urn,
                    "ref_id": ref,
                    "name": pack.info.title,
                    "description": " ".join(pack.info.description.split()),
                    "requirement_nodes": nodes,
                }
            ],
            "requirement_mapping_sets": list(sets.values()),
        },
    }


def to_yaml(pack: Pack) -> str:
    return yaml.safe_dump(library(pack), sort_keys=False, allow_unicode=True, width=100)
