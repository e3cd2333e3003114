"""The registry of table kinds is the one list: a kind added in only one place fails here."""

from __future__ import annotations

import shutil
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from assessment.content import pack as pack_module
from assessment.content.pack import load_pack
from assessment.content.schema import rules
from assessment.engine.evaluate import Engine
from assessment.errors import ContentError
from assessment.kinds.base import Kind
from assessment.kinds.registry import CONTEXTS, KINDS, TABLE_ORDER, iter_rules
from assessment.report.text import SECTIONS
from assessment.resources import TEMPLATES_DIR
from tests.conftest import MINI

NAMES = [kind.name for kind in KINDS]


def test_every_kind_has_a_model_named_by_its_table_key() -> None:
    assert len(set(NAMES)) == len(NAMES)
    for kind in KINDS:
        assert isinstance(kind, Kind)
        assert issubclass(kind.model, BaseModel)
        table_key = kind.model.model_fields["table"].annotation
        assert typing.get_args(table_key) == (kind.name,)


@pytest.mark.parametrize("kind", KINDS, ids=NAMES)
def test_every_kind_names_a_template_that_exists(kind: Kind[typing.Any, typing.Any]) -> None:
    assert (Path(str(TEMPLATES_DIR)) / "partials" / kind.template).is_file()


def test_the_union_and_table_order_are_the_registrys_order() -> None:
    assert rules.TABLE_ORDER == TABLE_ORDER == tuple(NAMES)
    union = typing.get_args(rules.RuleTable)[0]
    members = typing.get_args(union)
    assert [typing.get_args(m)[0] for m in members] == [kind.model for kind in KINDS]
    assert [typing.get_args(m)[1].tag for m in members] == NAMES


def test_the_loader_knows_every_kind_by_its_table_key() -> None:
    for kind in KINDS:
        assert pack_module._table_model({"table": kind.name}) is kind.model


def test_contexts_follow_the_registry() -> None:
    expected = [c for kind in KINDS for c in kind.contexts]
    assert list(CONTEXTS) == expected
    assert CONTEXTS[0] == "stage" and CONTEXTS[-1] == "next_steps"


def test_a_loaded_pack_has_every_kinds_table_and_the_engine_compiles_each() -> None:
    pack = load_pack(MINI)
    assert list(pack.tables) != [] and set(pack.tables) == set(NAMES)
    engine = Engine(pack)
    assert list(engine.compiled) == NAMES
    # the engine's rules are the loader's rules, in the same order
    assert list(engine.rules) == [rule_id for rule_id, _ in iter_rules(pack)]


def test_every_fact_is_defined_by_a_kind_with_a_label() -> None:
    pack = load_pack(MINI)
    facts = [name[len("fact:") :] for name in pack.variables if name.startswith("fact:")]
    assert facts and set(facts) == set(pack.fact_label) == set(pack.fact_context)
    assert pack.variables["fact:stage"].domain == pack.stages


def _mini_copy(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    return root


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as exc:
        load_pack(root)
    return [p.message for p in exc.value.problems]


def test_a_rule_naming_an_unknown_stage_is_reported(tmp_path: Path) -> None:
    root = _mini_copy(tmp_path)
    stage = root / "rules" / "stage.yaml"
    stage.write_text(stage.read_text().replace("stage: team,", "stage: squad,"))
    assert "unknown stage 'squad' (stages: solo, team, teams, organization)" in _problems(root)


def test_a_pivot_point_reached_at_no_stage_is_reported(tmp_path: Path) -> None:
    root = _mini_copy(tmp_path)
    stage = root / "rules" / "stage.yaml"
    stage.write_text(
        stage.read_text().replace(
            "stages: [solo, team, teams, organization]", "stages: [solo, team, teams, org]"
        )
    )
    messages = _problems(root)
    assert any("unknown stage 'organization'" in m for m in messages)


def test_a_symptom_of_an_unknown_pivot_point_is_reported(tmp_path: Path) -> None:
    root = _mini_copy(tmp_path)
    symptoms = root / "rules" / "symptoms.yaml"
    text = symptoms.read_text()
    assert "pivot_point: PP1" in text
    symptoms.write_text(text.replace("pivot_point: PP1", "pivot_point: PP9", 1))
    assert "unknown pivot point 'PP9' (pivot points: PP1, PP2, PP3)" in _problems(root)


def test_a_strategy_the_table_does_not_define_is_reported(tmp_path: Path) -> None:
    root = _mini_copy(tmp_path)
    strategy = root / "rules" / "strategy.yaml"
    strategy.write_text(strategy.read_text().replace("strategy: pilots,", "strategy: big-bang,"))
    messages = _problems(root)
    assert "unknown strategy 'big-bang' (strategies: incremental, parallel, pilots)" in messages


def test_the_terminal_text_has_a_section_for_every_kind() -> None:
    assert list(SECTIONS) == NAMES


def test_the_results_page_has_a_tab_for_every_kind_that_names_one() -> None:
    from assessment.ui.results import _TABS

    assert list(_TABS) == [kind.name for kind in KINDS if kind.tab is not None]


def test_a_stage_table_without_a_stage_list_has_the_frameworks_four(tmp_path: Path) -> None:
    """Packs written before packs named their own stages still load, unchanged."""
    root = _mini_copy(tmp_path)
    stage = root / "rules" / "stage.yaml"
    stage.write_text(stage.read_text().replace("stages: [solo, team, teams, organization]\n", ""))
    assert "stages:" not in stage.read_text()
    pack = load_pack(root)
    assert pack.stages == ("solo", "team", "teams", "organization")


def test_a_packs_own_stage_is_named_by_its_id_never_as_not_judged(tmp_path: Path) -> None:
    from assessment.kinds.stage import stage_label
    from assessment.report.context import ReportOptions, build_context
    from assessment.services.scoring import Scorer

    root = _mini_copy(tmp_path)
    for name in ("stage.yaml", "pivot_points.yaml"):
        path = root / "rules" / name
        path.write_text(path.read_text().replace("solo", "lone"))
    scorer = Scorer(root)
    assert scorer.pack.stages[0] == "lone"
    a = scorer.assess({"developers": 1, "planned_developers": 1, "teams": 1, "regulated": False})
    assert a.stage.id == "lone"
    context = build_context(a, scorer.pack, ReportOptions())
    assert context["stage_label"] == "lone"
    assert context["planned_label"] == "lone"
    assert stage_label("team") == "One team"
    assert stage_label(None) == "Not judged"
    assert stage_label(None, "n/a") == "n/a"


def test_more_ids_than_a_set_fact_holds_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    root = _mini_copy(tmp_path)
    path = root / "rules" / "mistakes.yaml"
    extra = "".join(f"  - {{id: X{i}, title: Extra {i}, summary: Extra.}}\n" for i in range(61))
    path.write_text(path.read_text().replace("rules:\n", extra + "rules:\n", 1))
    assert (
        "the pack defines 63 ids for this fact; at most 62 fit: merge or remove some"
        in _problems(root)
    )
