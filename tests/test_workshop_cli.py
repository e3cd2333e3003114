"""`assessment workshop ...`: create, status, import, export, close, reopen, delete."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.store import Store
from tests.conftest import EXAMPLES
from tests.test_cli_report import responses_csv

runner = CliRunner()
EXAMPLES_CSV = EXAMPLES / "workshop_responses.csv"


@pytest.fixture()
def workshop(tmp_path: Path, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("PIVOTPOINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PIVOTPOINT_DATABASE_URL", raising=False)
    result = runner.invoke(
        app,
        [
            "workshop",
            "create",
            "--name",
            "Kick-off",
            "--org",
            "Acme",
            "--k",
            "3",
            "--roles",
            "developer,manager",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def run(*args: str):
    return runner.invoke(app, ["workshop", *args])


def test_create_prints_code_key_and_link(workshop) -> None:
    assert len(workshop["code"]) == 6 and len(workshop["key"]) >= 24
    assert workshop["url"].endswith(f"/?join={workshop['code']}")


def test_a_wrong_key_is_refused_in_one_line(workshop) -> None:
    for verb in ("status", "close", "reopen", "delete"):
        result = run(verb, workshop["code"], "--key", "not-the-key")
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            f"workshop: {workshop['code']}: no workshop with this code and key (check both)"
        )


def test_nothing_is_exported_below_the_threshold(workshop, tmp_path: Path) -> None:
    result = run(
        "export", workshop["code"], "--key", workshop["key"], "-o", str(tmp_path / "x.csv")
    )
    assert result.exit_code == 1 and "nothing is exported before 3" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_import_status_export_and_reimport_without_loss(workshop, tmp_path: Path) -> None:
    source = tmp_path / "responses.csv"
    responses_csv(
        source,
        [
            {
                "organization": "=cmd|' /C calc'!A0",
                "respondent": "X",
                "role": "manager",
                "developers": "3",
                "teams": "1",
                "regulated": "no",
                "comment": "@SUM(1+1)",
            }
        ],
    )
    code, key = workshop["code"], workshop["key"]
    assert run("import", code, str(source), "--key", key).exit_code == 0
    status = json.loads(run("status", code, "--key", key, "--format", "json").stdout)
    assert (status["respondents"], status["finished"], status["status"]) == (3, 3, "open")
    exported = tmp_path / "out.csv"
    assert run("export", code, "--key", key, "-o", str(exported)).exit_code == 0
    rows = list(csv.DictReader(exported.open()))
    assert [r["respondent"] for r in rows] == ["P1", "P2", "P3"]  # pseudonymous
    assert [r["comment"] for r in rows].count("'@SUM(1+1)") == 1  # a formula is neutralised
    team = tmp_path / "team.json"
    assert run("export", code, "--key", key, "-o", str(team)).exit_code == 0
    assert json.loads(team.read_text())["respondents"] == 3
    # the export goes back in without loss
    second = json.loads(
        runner.invoke(app, ["workshop", "create", "--name", "Again", "--format", "json"]).stdout
    )
    assert run("import", second["code"], str(exported), "--key", second["key"]).exit_code == 0
    store = Store()
    before = [r.answers for r in store.responses(store.find_workshop(code).id)]
    after = [r.answers for r in store.responses(store.find_workshop(second["code"]).id)]
    # neutralised formulas are restored on import; the rows come back in another order
    assert sorted(after, key=json.dumps) == sorted(before, key=json.dumps)
    # a question a participant put to the room travels with the team assessment
    listener = Store().create_respondent(
        "ai-scaling", "1.0.0", workshop_id=Store().find_workshop(code).id
    )
    Store().add_remark(listener.workshop_id, listener.token, "Who signs off?")
    assert run("export", code, "--key", key, "-o", str(team)).exit_code == 0
    remarks = json.loads(team.read_text())["meta"]["room_remarks"]
    assert remarks == [{"text": "Who signs off?", "votes": 0}]


def test_close_reopen_and_delete(workshop, tmp_path: Path) -> None:
    code, key = workshop["code"], workshop["key"]
    assert run("close", code, "--key", key).stdout.strip() == f"{code}: closed"
    assert Store().find_workshop(code).status == "closed"
    assert run("reopen", code, "--key", key).stdout.strip() == f"{code}: open"
    source = tmp_path / "responses.csv"
    responses_csv(source)
    run("import", code, str(source), "--key", key)
    assert run("delete", code, "--key", key).exit_code == 0
    rows = Store().count_rows()
    assert rows["workshop"] == 0 and set(rows.values()) == {0}, rows


def test_the_team_report_has_a_workshop_part_from_k_respondents(workshop, tmp_path) -> None:
    import io

    from pypdf import PdfReader

    code, key = workshop["code"], workshop["key"]
    pdf = tmp_path / "team.pdf"
    assert run("report", code, "--key", key, "-o", str(pdf)).exit_code == 1
    assert not pdf.exists()
    source = tmp_path / "responses.csv"
    responses_csv(
        source,
        [
            {
                "organization": "Acme",
                "respondent": "Z",
                "role": "manager",
                "developers": "3",
                "teams": "1",
                "regulated": "no",
                "comment": "<b>not bold</b>",
            }
        ],
    )
    run("import", code, str(source), "--key", key)
    result = run("report", code, "--key", key, "-o", str(pdf))
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "The workshop" in top
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "3 of the 3 people who joined Kick-off sent their answers" in text
    assert "<b>not bold</b>" in text  # printed, not obeyed
    assert "Where people disagree" in text
    # on letter paper with the firm's brand, as an advisor hands it over
    from tests.conftest import TESTDATA

    brand = TESTDATA / "brand" / "brand.yaml"
    branded = tmp_path / "team-letter.pdf"
    args = ("--paper", "letter", "--brand", str(brand), "-o", str(branded))
    result = run("report", code, "--key", key, *args)
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(branded.read_bytes()))
    assert round(float(reader.pages[0].mediabox.width)) == 612  # 8.5 in
    assert "Prepared by Northbound Advisory" in reader.pages[1].extract_text()
    bad = run("report", code, "--key", key, "--brand", str(tmp_path / "none.yaml"), "-o", "x.pdf")
    assert bad.exit_code == 1 and "Traceback" not in bad.output


def test_xlsx_export_matches_the_csv_and_runs_no_formula(workshop, tmp_path) -> None:
    from openpyxl import load_workbook

    source = tmp_path / "responses.csv"
    responses_csv(
        source,
        [
            {
                "organization": "Acme",
                "respondent": "Z",
                "role": "=1+1",  # a role of one person: not exported (see exported_roles)
                "developers": "3",
                "teams": "1",
                "regulated": "no",
                "comment": "=1+1",
            }
        ],
    )
    code, key = workshop["code"], workshop["key"]
    run("import", code, str(source), "--key", key)
    xlsx, csv_file = tmp_path / "out.xlsx", tmp_path / "out.csv"
    assert run("export", code, "--key", key, "-o", str(xlsx)).exit_code == 0
    assert run("export", code, "--key", key, "-o", str(csv_file)).exit_code == 0
    sheet = load_workbook(xlsx).active
    rows = [["" if c is None else str(c) for c in r] for r in sheet.iter_rows(values_only=True)]
    assert rows == list(csv.reader(csv_file.open()))
    column = rows[0].index("comment")
    [line] = [n for n, row in enumerate(rows) if row[column] == "'=1+1"]
    assert sheet.cell(line + 1, column + 1).data_type == "s"
    assert rows[line][1] == ""
    assert run("export", code, "--key", key, "-o", str(tmp_path / "x.pdf")).exit_code == 1


def test_the_example_workshop_responses_import_and_batch(workshop, tmp_path) -> None:
    from tests.conftest import EXAMPLES

    source = EXAMPLES / "workshop_responses.csv"
    code, key = workshop["code"], workshop["key"]
    result = run("import", code, str(source), "--key", key)
    assert result.exit_code == 0 and "imported 6 responses" in result.stdout
    responses = Store().responses(Store().find_workshop(code).id)
    assert len({r.role for r in responses}) >= 3  # several roles
    assert any("<b>" in (r.answers.get("pp2_note") or "") for r in responses)
    batch = runner.invoke(app, ["batch", str(source), "-o", str(tmp_path / "b"), "-j", "1"])
    assert batch.exit_code == 0, batch.output
    assert len(list((tmp_path / "b").glob("*.pdf"))) == 6


def test_old_workshops_go_when_the_app_starts(monkeypatch, tmp_path) -> None:
    from assessment.ui import resources

    monkeypatch.setenv("PIVOTPOINT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PIVOTPOINT_RETENTION_DAYS", "30")
    calls: list[int] = []
    monkeypatch.setattr(Store, "purge_workshops", lambda self, days: calls.append(days) or 0)
    resources._store.clear()
    resources.store()
    resources._store.clear()
    assert calls == [30]


def test_import_reports_bad_rows_by_line_and_refuses_a_closed_workshop(workshop, tmp_path) -> None:
    code, key = workshop["code"], workshop["key"]
    source = tmp_path / "mine.csv"
    source.write_text("role,developers,teams,regulated\ndeveloper,4,1,no\nmanager,lots,1,no\n")
    result = run("import", code, str(source), "--key", key)
    assert result.exit_code == 1
    assert result.stdout.strip() == f"{code}: imported 1 responses, skipped 1 rows"
    assert result.stderr.strip() == (
        f"{source}:3: developers: expected a number between 1 and 100000, got 'lots'; row skipped"
    )
    assert run("close", code, "--key", key).exit_code == 0
    result = run("import", code, str(EXAMPLES_CSV), "--key", key)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"workshop: {code}: the workshop is closed and takes no more answers; reopen it to import"
    )
    assert len(Store().responses(Store().find_workshop(code).id)) == 1
    assert run("reopen", code, "--key", key).exit_code == 0
    assert "imported 6 responses" in run("import", code, str(EXAMPLES_CSV), "--key", key).stdout


@pytest.mark.parametrize(
    ("roles", "exported"),
    [
        # every role of k people or more stays; the blank rows (a small role and no role) are 3
        (
            ["dev"] * 3 + ["lead"] * 3 + ["manager"] + [None] * 2,
            ["dev"] * 3 + ["lead"] * 3 + [""] * 3,
        ),
        # one blank row would single the manager out, so no role is named at all
        (["dev"] * 3 + ["manager"], [""] * 4),
        (["dev"] * 4, ["dev"] * 4),
        ([None] * 3, [""] * 3),
    ],
)
def test_exports_name_only_roles_that_k_people_share(roles, exported) -> None:
    from types import SimpleNamespace

    from assessment.services.workshops import exported_roles

    finished = [SimpleNamespace(role=r) for r in roles]
    names = exported_roles(finished, 3)
    assert [names[i] for i in range(len(roles))] == exported


def test_export_rows_are_not_in_the_order_people_joined(workshop, tmp_path: Path) -> None:
    store = Store()
    found = store.find_workshop(workshop["code"])
    for developers in range(3, 23):  # twenty people join one after the other
        person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=found.id)
        store.save_answer(person.token, "developers", developers)
        store.mark_finished(person.token)
    out = tmp_path / "out.csv"
    assert run("export", workshop["code"], "--key", workshop["key"], "-o", str(out)).exit_code == 0
    exported = [int(r["developers"]) for r in csv.DictReader(out.open())]
    assert sorted(exported) == list(range(3, 23)) and exported != list(range(3, 23))
    again = tmp_path / "again.csv"
    run("export", workshop["code"], "--key", workshop["key"], "-o", str(again))
    assert again.read_text() == out.read_text()  # the same order every time


def test_xlsx_export_stores_numbers_as_numbers(workshop, tmp_path) -> None:
    """Regression: every cell of the XLSX export was text, numbers too."""
    from openpyxl import load_workbook

    code, key = workshop["code"], workshop["key"]
    assert run("import", code, str(EXAMPLES_CSV), "--key", key).exit_code == 0
    xlsx = tmp_path / "out.xlsx"
    assert run("export", code, "--key", key, "-o", str(xlsx)).exit_code == 0
    sheet = load_workbook(xlsx).active
    header = [c.value for c in sheet[1]]
    developers = [row[header.index("developers")] for row in sheet.iter_rows(min_row=2)]
    assert developers and all(c.data_type == "n" for c in developers)
    assert all(isinstance(c.value, int) for c in developers)
    regulated = [row[header.index("regulated")] for row in sheet.iter_rows(min_row=2)]
    assert {c.value for c in regulated} <= {"yes", "no"}
    assert all(c.data_type == "s" for c in regulated)


# -- control characters in roles (issue 9, item 7) ---------------------------------------------


def test_create_refuses_a_role_with_a_control_character(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PIVOTPOINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PIVOTPOINT_DATABASE_URL", raising=False)
    result = run("create", "--name", "Kick-off", "--roles", "developer,bell\x07,lead")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "--roles: role 2: a role cannot hold control characters (found '\\x07')"
    )
    assert Store().count_rows()["workshop"] == 0


def test_import_skips_a_row_whose_role_holds_a_control_character(workshop, tmp_path) -> None:
    source = tmp_path / "roles.csv"
    source.write_text(
        "respondent,role,developers,teams,regulated\n"
        "A,developer,4,1,no\n"
        "B,dev\x07eloper,5,1,no\n"
        "C,\u202eresu,6,1,no\n",
        encoding="utf-8",
    )
    result = run("import", workshop["code"], str(source), "--key", workshop["key"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines == [
        f"{source}:3: role: a role cannot hold control characters (found '\\x07'); row skipped",
        f"{source}:4: role: a role cannot hold control characters (found '\\u202e'); row skipped",
    ]
    assert "imported 1 responses, skipped 2 rows" in result.stdout


def test_xlsx_export_never_fails_on_a_control_character_in_a_role(tmp_path) -> None:
    """Regression: a control character in a role crashed the XLSX export with openpyxl's
    IllegalCharacterError. Roles stored before they were checked still export."""
    from io import BytesIO

    from openpyxl import load_workbook
    from sqlalchemy import update

    from assessment.services.scoring import Scorer
    from assessment.services.workshops import responses_xlsx
    from assessment.store.schema import respondent

    with Store(f"sqlite:///{tmp_path / 'old.db'}") as store:
        workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
        people = [("dev", {"developers": n, "comment": "ring"}) for n in range(3)]
        store.add_finished_respondents(workshop.id, "ai-scaling", "1.0.0", people)
        with store._write() as conn:  # as an older version stored it, unchecked
            conn.execute(update(respondent).values(role="de\x07v\x1b"))
        finished = store.responses(workshop.id)
    assert {r.role for r in finished} == {"de\x07v\x1b"}
    sheet = load_workbook(BytesIO(responses_xlsx(Scorer(), finished, 3))).active
    header = [c.value for c in sheet[1]]
    assert {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"dev"}
    comments = {
        row[header.index("comment")] for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert comments == {"ring"}


def test_the_store_keeps_no_control_character_in_a_role(store: Store) -> None:
    workshop, _ = store.create_workshop(
        "Kick-off", "ai-scaling", "1.0.0", roles=["dev\x07", "\x1b[31mlead", "\x00", " ok "]
    )
    assert workshop.roles == ["dev", "[31mlead", "ok"]
    person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id, role="dev\x07")
    assert store.find(person.token).role == "dev"
    store.add_finished_respondents(workshop.id, "ai-scaling", "1.0.0", [("\x1b", {})])
    assert [r.role for r in store.responses(workshop.id)] == ["dev", None]


def _with(source: Path, target: Path, changes: dict[str, str]) -> Path:
    """The example workshop's responses, with `changes` made to every row."""
    with source.open(newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row.update(changes)
    with target.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def test_a_follow_up_workshop_says_what_changed_since_the_first(workshop, tmp_path) -> None:
    code, key = workshop["code"], workshop["key"]
    assert run("import", code, str(EXAMPLES_CSV), "--key", key).exit_code == 0
    made = run("follow-up", code, "--key", key, "--format", "json")
    assert made.exit_code == 0, made.output
    later = json.loads(made.stdout)
    followed = Store().find_workshop(later["code"])
    first = Store().find_workshop(code)
    assert followed.follows == first.id and followed.name == "Kick-off (follow-up)"
    assert (followed.organization, followed.k, followed.roles) == ("Acme", 3, first.roles)
    # before k have sent there, nothing is compared, and it says why
    early = run("compare", later["code"], "--key", later["key"])
    assert early.exit_code == 1 and "waits until both workshops have enough answers" in (
        early.stderr
    )
    improved = _with(
        EXAMPLES_CSV,
        tmp_path / "later.csv",
        {"pp2_contract_tests": "fully", "pp2_interface_contracts": "fully"},
    )
    assert run("import", later["code"], str(improved), "--key", later["key"]).exit_code == 0
    text = run("compare", later["code"], "--key", later["key"])
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Since Kick-off (")
    data = json.loads(run("compare", later["code"], "--key", later["key"], "-f", "json").stdout)
    assert {a["question"] for a in data["answers_changed"]} == {
        "pp2_contract_tests",
        "pp2_interface_contracts",
    }
    assert data["readiness"]["change"] > 0 and data["readiness"]["rules"] == 0
    # the first workshop follows nothing up
    alone = run("compare", code, "--key", key)
    assert alone.exit_code == 1 and "follows up no earlier workshop" in alone.stderr
