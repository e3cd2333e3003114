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
            'version: "1.2.0" => version: "1.3.0"',
            "pack.yaml:{line}: changes[0].version: the newest change is for version '1.2.0', "
            "but the pack is version '1.3.0'",
        ),
        (
            "questions_added: [transition_plan, => questions_added: [transition_plans,",
            "pack.yaml:{line}: changes[1].questions_added[0]: unknown question "
            "'transition_plans'; did you mean 'transition_plan'?",
        ),
    ],
)
def test_the_change_log_is_checked(tmp_path: Path, edit: str, message: str) -> None:
    root = _pack_copy(tmp_path, edit)
    with pytest.raises(ContentError) as exc:
        load_pack(root)
    text = str(exc.value)
    lines = (root / "pack.yaml").read_text().splitlines()
    needle = "  - version:" if "version" in message.split(":")[2] else "    questions_added:"
    line = next(i for i, text_ in enumerate(lines, 1) if text_.startswith(needle))
    assert message.format(line=line) in text, text
