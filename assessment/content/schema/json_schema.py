"""JSON Schemas of the pack files, for editors with a YAML language server."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from assessment.content.schema.cases import CasesFile
from assessment.content.schema.crosswalk import Catalogue, MappingFile
from assessment.content.schema.questionnaire import PackInfo, Questionnaire
from assessment.content.schema.rules import RuleTable
from assessment.services.answers import META_FIELDS


class _Meta(BaseModel):
    """Who answered: every field optional, nothing else allowed (see `META_FIELDS`)."""

    model_config = ConfigDict(extra="forbid")
    organization: str | None = None
    respondent: str | None = None
    role: str | None = None
    date: str | None = None
    advisor: str | None = None
    team: str | None = None
    notes: str | None = None


class _PackRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    version: str | None = None


class _AnswersFile(BaseModel):
    """An answers file: `meta` about the respondent, `answers` by question id."""

    model_config = ConfigDict(extra="forbid")
    meta: _Meta = Field(default_factory=_Meta)
    answers: dict[str, int | float | bool | str | list[str] | None]
    pack: _PackRef | None = None


assert tuple(_Meta.model_fields) == META_FIELDS, "answers meta fields are defined in two places"


def schemas() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {
        "pack": PackInfo.model_json_schema(by_alias=True),
        "questionnaire": Questionnaire.model_json_schema(by_alias=True),
        "rules": TypeAdapter(RuleTable).json_schema(by_alias=True),
        "cases": CasesFile.model_json_schema(by_alias=True),
        "answers": _AnswersFile.model_json_schema(by_alias=True),
        "catalogue": Catalogue.model_json_schema(by_alias=True),
        "mapping": MappingFile.model_json_schema(by_alias=True),
    }
    for name, body in out.items():
        body["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        body.setdefault("title", f"Pivotpoint {name} file")
    return out
