"""Answers given to an older version of the questionnaire still load, with a note of what
changed since; answers to questions the other answers do not lead to are set aside, and said so;
the pack's change log is checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessment.content.changes import changes_since
from assessment.content.pack import load_pack
from assessment.errors import ContentError
from assessment.resources import DEFAULT_PACK
from assessment.services.answers import load_answers
from tests.test_properties import PACK

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    return path


def _older(tmp_path: Path, version: str | None, drop: tuple[str, ...]) -> Path:
    """The small-team example without the answers to `drop`, under pack version `version`."""
    lines = [
        line
        for line in (EXAMPLES / "small-team-losing-context.yaml").read_text().splitlines()
        if not any(line.startswith(f"  {q}:") for q in drop)
    ]
    head = [f"pack: {{id: ai-scaling, version: '{version}'}}"] if version else []
    return _write(tmp_path, "\n".join(head + lines) + "\n")


def test_answers_to_an_older_version_load_with_what_changed(scorer, tmp_path: Path) -> None:
    path = _older(tmp_path, "1.0.0", ("transition_plan", "metrics_judge_ai"))
    loaded = load_answers(scorer.engine, path)
    assert "transition_plan" not in loaded.values
    [note] = [w for w in loaded.warnings if "version 1.0.0" in w]
    assert note.startswith(f"{path}:1: ")
    assert f"now version {PACK.info.version}" in note
    # every note of the log since 1.0.0, and the new questions this file leaves open
    for change in PACK.info.changes:
        for line in change.notes:
            assert line in note
    assert "Not answered yet, so left open in the results: Plan for growth, Output figures" in note
    # and it scores: what the new questions decide is left open, not guessed
    a = scorer.assess(loaded.values)
    assert "misleading-velocity" in {nj.rule for nj in a.not_judged}


def test_an_unversioned_file_gets_the_note_only_when_a_new_question_is_open(
    scorer, tmp_path: Path
) -> None:
    complete = load_answers(scorer.engine, EXAMPLES / "small-team-losing-context.yaml")
    assert complete.warnings == []
    older = load_answers(scorer.engine, _older(tmp_path, None, ("transition_plan",)))
    [note] = older.warnings
    assert "before the questionnaire last changed" in note
    assert note.endswith("Not answered yet, so left open in the results: Plan for growth.")


def test_the_current_version_gets_no_note(scorer) -> None:
    assert changes_since(PACK, PACK.info.version, {}, {}) is None


def test_answers_the_others_do_not_lead_to_are_set_aside_and_said_so(
    scorer, tmp_path: Path
) -> None:
    path = _write(
        tmp_path,
        "answers:\n  developers: 1\n  teams: 1\n  planned_developers: 1\n  regulated: false\n"
        "  pp2_interface_contracts: fully\n  governance_timing: none-yet\n",
    )
    loaded = load_answers(scorer.engine, path)
    [warning] = loaded.warnings
    assert warning.startswith(f"{path}:6: 2 answers were set aside")
    assert warning.endswith("Explicit interface contracts, When governance was introduced")
    a = scorer.assess(loaded.values)
    assert "pp2_interface_contracts" not in a.answers


def _pack_copy(tmp_path: Path, edit: str) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK, root)
    info = root / "pack.yaml"
    old, new = edit.split(" => ")
    info.write_text(info.read_text().replace(old, new, 1))
    return root


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            'version: "2.1.0" => version: "2.2.0"',
            "pack.yaml:{line}: changes[0].version: the newest change is for version '2.1.0', "
            "but the pack is version '2.2.0'",
        ),
        (
            "questions_added: [transition_plan, => questions_added: [transition_plans,",
            "pack.yaml:{line}: changes[3].questions_added[0]: unknown question "
            "'transition_plans'; did you mean 'transition_plan'?",
        ),
        (
            "question: reg_accountability => question: comp_model_inventory",
            "pack.yaml:{line}: changes[1].questions_merged[0].question: 'comp_model_inventory' "
            "is still a question of the pack: a merged question is one no longer asked",
        ),
        (
            "into: comp_change_attribution => into: comp_change_attributions",
            "pack.yaml:{line}: changes[1].questions_merged[0].into: unknown question "
            "'comp_change_attributions'; did you mean 'comp_change_attribution'?",
        ),
        (
            "{can: fully, => {can: always,",
            "pack.yaml:{line}: changes[1].questions_merged[0].values.can: 'can' is carried over "
            "as an answer 'comp_change_attribution' does not take: unknown choice 'always'",
        ),
    ],
)
def test_the_change_log_is_checked(tmp_path: Path, edit: str, message: str) -> None:
    root = _pack_copy(tmp_path, edit)
    with pytest.raises(ContentError) as exc:
        load_pack(root)
    text = str(exc.value)
    lines = (root / "pack.yaml").read_text().splitlines()
    # the line of the entry's version, else the line the edit wrote
    new = edit.split(" => ")[1]
    if "version" in message.split(":")[2]:
        line = next(i for i, text_ in enumerate(lines, 1) if text_.startswith("  - version:"))
    else:
        line = next(i for i, text_ in enumerate(lines, 1) if new in text_)
    assert message.format(line=line) in text, text


# -- questions merged into others ---------------------------------------------------------------


def _regulated(tmp_path: Path, drop: tuple[str, ...], add: dict[str, str]) -> Path:
    """The bank example without the answers to `drop` and with the raw answer lines `add`,
    as a file from questionnaire 1.2.0."""
    lines = [
        line
        for line in (EXAMPLES / "regulated-enterprise.yaml").read_text().splitlines()
        if not any(line.startswith(f"  {q}:") for q in drop)
    ]
    at = lines.index("answers:") + 1
    lines[at:at] = [f"  {q}: {v}" for q, v in add.items()]
    return _write(tmp_path, "pack: {id: ai-scaling, version: '1.2.0'}\n" + "\n".join(lines) + "\n")


def test_an_answer_to_a_merged_question_is_carried_over_with_a_note(scorer, tmp_path) -> None:
    path = _regulated(
        tmp_path,
        ("comp_change_attribution", "observability_metrics"),
        {"reg_accountability": "cannot", "ai_usage_measured": "no"},
    )
    loaded = load_answers(scorer.engine, path)
    assert loaded.values["comp_change_attribution"] == "not"
    assert loaded.values["observability_metrics"] == ["none-tracked"]
    assert "reg_accountability" not in loaded.values
    [note] = [w for w in loaded.warnings if "reg_accountability" in w]
    assert "'reg_accountability' is now asked as “Change attribution”; the older answer" in note
    assert "“Observability of AI-assisted development”; the older answer was carried" in note
    # the carried answer decides what the question decides now
    a = scorer.assess(loaded.values, meta=loaded.meta)
    assert "change-attribution" in {g.id for g in a.compliance.gaps}


def test_an_answer_the_change_log_cannot_carry_over_is_left_open_and_said(scorer, tmp_path) -> None:
    """'We measure AI usage' says nothing of which figures: the question is left to answer."""
    path = _regulated(tmp_path, ("observability_metrics",), {"ai_usage_measured": "yes"})
    loaded = load_answers(scorer.engine, path)
    assert "observability_metrics" not in loaded.values
    assert any("the older answer does not say how to answer it" in w for w in loaded.warnings)


def test_an_answer_given_to_both_keeps_the_one_to_the_question_asked_now(scorer, tmp_path) -> None:
    path = _regulated(tmp_path, (), {"reg_accountability": "can"})
    loaded = load_answers(scorer.engine, path)
    example = load_answers(scorer.engine, EXAMPLES / "regulated-enterprise.yaml")
    assert loaded.values["comp_change_attribution"] == example.values["comp_change_attribution"]
    assert any("already answer; the older answer was set aside" in w for w in loaded.warnings)


def test_a_workshop_csv_column_of_a_merged_question_is_carried_over(scorer, tmp_path) -> None:
    from assessment.services.batch import read_responses

    source = (EXAMPLES / "workshop_responses.csv").read_text().splitlines()
    header = source[0].split(",")
    column = header.index("observability_metrics")
    rows = [line.split(",") for line in source[1:]]
    header[column] = "ai_usage_measured"  # an older export, which asked it yes or no
    for row in rows:
        row[column] = "no"
    path = tmp_path / "older.csv"
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n")
    batch = read_responses(scorer, path)
    assert not batch.problems
    assert all(row.values["observability_metrics"] == ["none-tracked"] for row in batch.rows)
    [warning] = [w for w in batch.warnings if w.where == "ai_usage_measured"]
    assert "now asked as 'observability_metrics'" in warning.message


def test_an_older_list_for_a_single_choice_question_is_set_aside_not_refused() -> None:
    """An answers file may hold a list where the older question took one choice: it is not
    carried over as a list the new question would refuse, but left open with a note."""
    from assessment.content.changes import carry_over

    carried = carry_over(PACK, {"reg_accountability": ["can", "partly"], "developers": 3})
    assert "comp_change_attribution" not in carried.answers
    assert carried.answers == {"developers": 3}
    assert carried.merged == ["reg_accountability"] and carried.moved == []
    [note] = carried.notes
    assert "left open: please answer it" in note
