"""A workshop belongs to the questionnaire it was created with: the app and the command line
refuse to follow, join or export it with another pack rather than score it wrongly; and a
store hiccup does not close the facilitator's dashboard."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from assessment.cli.main import app as cli
from assessment.store import Store, StoreError
from tests.security.test_workshop_security import BASE, add_participant, facilitating, open_link
from tests.ui.test_app import new_app

runner = CliRunner()


def other_pack_workshop():
    return Store().create_workshop("Elsewhere", "another-pack", "2.0.0", k=3)


def test_the_dashboard_refuses_a_workshop_of_another_pack(data_dir) -> None:
    workshop, key = other_pack_workshop()
    at = facilitating(workshop, key)
    assert any("created with the questionnaire 'another-pack'" in e.value for e in at.error)
    assert not at.metric


def test_participants_cannot_join_a_workshop_of_another_pack(data_dir) -> None:
    workshop, _ = other_pack_workshop()
    at = open_link(new_app(), workshop.code)
    assert any("uses another questionnaire" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Join and start"]


def test_the_command_line_refuses_a_workshop_of_another_pack(data_dir, tmp_path: Path) -> None:
    workshop, key = other_pack_workshop()
    for verb, extra in (("export", ["-o", str(tmp_path / "x.csv")]), ("report", ["-o", "t.pdf"])):
        result = runner.invoke(cli, ["workshop", verb, workshop.code, "--key", key, *extra])
        assert result.exit_code == 1
        assert "uses the pack 'another-pack', not 'ai-scaling'" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_the_command_line_creates_workshops_for_the_pack_the_app_runs(
    data_dir, monkeypatch
) -> None:
    import json

    from tests.conftest import ROOT

    monkeypatch.setenv("PIVOTPOINT_PACK", str(ROOT / "tests" / "testdata" / "packs" / "mini"))
    result = runner.invoke(cli, ["workshop", "create", "--name", "Mini", "--format", "json"])
    assert result.exit_code == 0, result.output
    workshop = Store().find_workshop(json.loads(result.stdout)["code"])
    assert workshop.pack_id == "mini"


def test_a_store_hiccup_keeps_the_dashboard_open(data_dir, monkeypatch) -> None:
    store = Store()
    workshop, key = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    for developers in (3, 4, 5):
        add_participant(store, workshop, {**BASE, "developers": developers})
    at = facilitating(workshop, key)
    assert [m for m in at.metric if m.label == "Team stage"]

    def down(self, *args):
        raise StoreError("The answers cannot be saved right now: the database does not answer.")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "responses", down)
        patch.setattr(Store, "check_key", down)  # the whole store is down
        at.run()
    assert any("cannot be read right now" in w.value for w in at.warning)
    assert not [m for m in at.metric if m.label == "Team stage"]
    assert at.session_state["facilitating"] == (workshop.code, key)  # no need for the key again
    at.run()
    assert [m for m in at.metric if m.label == "Team stage"]
