"""The terminal text (`assessment score`) in each language: stages, statuses and other derived
values in the words the report uses, never their ids; the JSON keeps the ids."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from assessment.cli.main import app
from tests.conftest import EXAMPLES

runner = CliRunner()
SMALL_TEAM = EXAMPLES / "small-team-losing-context.yaml"
# the ids of stages, pivot point statuses and pattern statuses, as the JSON writes them
IDS = re.compile(
    r": (solo|team|teams|organization|crossed-unprepared|crossed-ready|approaching|ahead"
    r"|in-place|recommended|anti-pattern)( |$)",
    re.MULTILINE,
)


def score(*args: str) -> str:
    result = runner.invoke(app, ["score", str(SMALL_TEAM), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_english_text_names_stages_and_statuses_as_the_report_does() -> None:
    text = score()
    assert "Stage: One team (4 developers in 1 team)" in text
    assert "Growth plan leads to: Several teams (9 developers)" in text
    assert "- Stage today: One team" in text
    assert "- Stage within the growth plan: Several teams" in text
    assert "- PP1 status: Crossed, unprepared" in text
    assert "  Three-layer review: Recommended  [three-layer-review-recommended]" in text
    assert not IDS.findall(text)


def test_the_german_text_names_stages_and_statuses_in_german() -> None:
    text = score("--lang", "de")
    assert "Phase: Team (4 Personen in der Entwicklung in 1 Team)" in text
    assert "Wachstumsplan führt zu: Mehrere Teams (9 Personen in der Entwicklung)" in text
    assert "- Phase heute: Team" in text
    assert "- PP1: Status: Überschritten, unvorbereitet" in text
    assert "Review auf drei Ebenen: Empfohlen  [three-layer-review-recommended]" in text
    assert not IDS.findall(text)
    for english in ("crossed-unprepared", "Phase: team", "Recommended", "One team", "Stage"):
        assert english not in text


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_example_shows_an_id_where_words_belong(example) -> None:
    for lang in ("en", "de"):
        result = runner.invoke(app, ["score", str(example), "--lang", lang])
        assert result.exit_code == 0, result.output
        assert not IDS.findall(result.stdout), (lang, IDS.findall(result.stdout))


def test_the_json_keeps_the_ids() -> None:
    data = json.loads(score("--lang", "de", "-f", "json"))
    assert (data["stage"]["id"], data["stage"]["planned"]) == ("team", "teams")
    assert data["pivot_points"][0]["status"] == "crossed-unprepared"
    evidence = {e["fact"]: e["answer"] for m in data["mistakes"] for e in m["evidence"]}
    assert evidence["stage"] == "team" and evidence["PP1.status"] == "crossed-unprepared"


def test_what_bears_on_no_finding_is_quoted_in_the_languages_marks() -> None:
    regulated = EXAMPLES / "regulated-enterprise.yaml"
    english = runner.invoke(app, ["score", str(regulated)]).stdout
    german = runner.invoke(app, ["score", str(regulated), "--lang", "de"]).stdout
    assert "\n  “We take over a building society" in english
    assert "\n  „We take over a building society" in german and "“We take" not in german
