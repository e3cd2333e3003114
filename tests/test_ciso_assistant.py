"""The crosswalk as a CISO Assistant library, checked against a copy of the fields its importer
requires (intuitem/ciso-assistant-community: backend/core/models.py StoredLibrary and
RequirementMapping.Relationship, backend/library/utils.py FrameworkImporter,
RequirementNodeImporter, RequirementMappingSetImporter and RequirementMappingImporter)."""

from __future__ import annotations

import re

import yaml
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.services.ciso_assistant import library

# the format's required fields, as CISO Assistant's importer checks them
LIBRARY_FIELDS = {"urn", "name", "version", "objects"}
FRAMEWORK_FIELDS = {"ref_id", "urn"}
NODE_FIELDS = {"urn"}
MAPPING_SET_FIELDS = {"urn", "name", "source_framework_urn", "target_framework_urn"}
MAPPING_FIELDS = {"target_requirement_urn", "relationship", "source_requirement_urn"}
RELATIONSHIPS = {"subset", "intersect", "equal", "superset", "not_related"}
OBJECT_FIELDS = {
    "framework",
    "frameworks",
    "threats",
    "reference_controls",
    "risk_matrix",
    "risk_matrices",
    "requirement_mapping_set",
    "requirement_mapping_sets",
}
URN = re.compile(
    r"^urn:[a-z0-9_.-]+:risk:(library|framework|req_node|req_mapping_set):[a-z0-9_.:-]+$"
)


def test_the_library_has_what_the_importer_requires(scorer) -> None:
    lib = library(scorer.pack)
    assert LIBRARY_FIELDS <= set(lib)
    assert isinstance(lib["version"], int)
    assert set(lib["objects"]) <= OBJECT_FIELDS
    [framework] = lib["objects"]["frameworks"]
    assert FRAMEWORK_FIELDS <= set(framework)
    nodes = {n["urn"] for n in framework["requirement_nodes"]}
    for node in framework["requirement_nodes"]:
        assert NODE_FIELDS <= set(node) and URN.match(node["urn"])
    sets = lib["objects"]["requirement_mapping_sets"]
    assert {s["target_framework_urn"] for s in sets} == {
        "urn:intuitem:risk:framework:ai-act",
        "urn:intuitem:risk:framework:iso42001-2023",
        "urn:intuitem:risk:framework:nist-ai-rmf-1.0",
    }
    for s in sets:
        assert MAPPING_SET_FIELDS <= set(s) and URN.match(s["urn"])
        assert s["source_framework_urn"] == framework["urn"]
        assert s["requirement_mappings"], "the importer refuses an empty mapping set"
        target = s["target_framework_urn"].split(":")[-1]
        for m in s["requirement_mappings"]:
            assert MAPPING_FIELDS <= set(m)
            assert m["relationship"] in RELATIONSHIPS
            assert m["source_requirement_urn"] in nodes
            assert URN.match(m["target_requirement_urn"])
            assert m["target_requirement_urn"].split(":")[4] == target
    assert all(u.startswith("urn:intuitem:risk:library:") for u in lib["dependencies"])


def test_the_crosswalk_verb_writes_the_library(tmp_path) -> None:
    out = tmp_path / "mapping.yaml"
    result = CliRunner().invoke(app, ["crosswalk", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(out.read_text())["objects"]["requirement_mapping_sets"]
