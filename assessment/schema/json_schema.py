"""JSON Schemas of the pack files, for editors with a YAML language server."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from assessment.schema.cases import CasesFile
from assessment.schema.questionnaire import PackInfo, Questionnaire
from assessment.schema.rules import RuleTable


class _AnswersFile(BaseModel):
    """An answers file: `meta` about the respondent, `answers` by question id."""

    model_config = ConfigDict(extra="forbid")
    meta: dict[str, str | int | None] = Field(default_factory=dict)
    answers: dict[str, int | float | bool | str | list[str] | None]
    pack: dict[str, str] | None = None


def schemas() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {
        "pack": PackInfo.model_json_schema(by_alias=True),
        "questionnaire": Questionnaire.model_json_schema(by_alias=True),
        "rules": TypeAdapter(RuleTable).json_schema(by_alias=True),
        "cases": CasesFile.model_json_schema(by_alias=True),
        "answers": _AnswersFile.model_json_schema(by_alias=True),
    }
    for name, body in out.items():
        body["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        body.setdefault("title", f"Pivotpoint {name} file")
    return out
