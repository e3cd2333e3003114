"""Workshop security: participants never reach the dashboard, exports or each other's answers;
a participant's token is no facilitator key; join codes cannot be guessed quickly; nothing is
shown, exported or reported below the anonymity threshold, for the group or a role; markup in
comments is shown as text in the app and escaped in the team report."""

from __future__ import annotations

import csv
import json
import types
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from assessment.cli.main import app as cli
from assessment.store import Store, Workshop
from assessment.store.workshops import CODE_ALPHABET
from assessment.ui import start
from tests.ui.conftest import APP, example_answers

# the example's answers without its comment, so that each test counts only the comments it adds
BASE = {
    q: v
    for q, v in example_answers("small-team-losing-context")["answers"].items()
    if not q.endswith(("_note", "comment"))
}
ATTACK = "<img src=x onerror=alert(1)><b>bold</b>"
WORKSHOP_PAGE = "assessment/ui/pages/workshop.py"
RESULTS_PAGE = "assessment/ui/pages/results.py"
runner = CliRunner()


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    no_exception(at)
    return at


def page_text(at: AppTest) -> str:
    """Everything the page sends to the browser, as protobuf text (labels, bodies, help,
    chart specs, table cells)."""
    return "\n".join(str(node.proto) for node in at.main if getattr(node, "proto", None))


def add_participant(
    store: Store,
    workshop: Workshop,
    answers: dict,
    *,
    role: str | None = None,
    finished: bool = True,
) -> str:
    person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id, role=role)
    for qid, value in answers.items():
        if value is not None:
            store.save_answer(person.token, qid, value)
    if finished:
        store.mark_finished(person.token)
    return person.token


def group(store: Store, workshop: Workshop, sizes: list[int], **extra) -> list[str]:
    """One participant a team size, on the example answers."""
    return [
        add_participant(store, workshop, {**BASE, "developers": size}, **extra) for size in sizes
    ]


def facilitating(workshop: Workshop, key: str) -> AppTest:
    at = new_app()
    at.switch_page(WORKSHOP_PAGE)
    at.session_state["facilitating"] = (workshop.code, key)
    at.run()
    no_exception(at)
    return at


def aggregate_shown(at: AppTest) -> dict[str, int]:
    """What the dashboard shows of the group beyond who joined and sent."""
    return {
        "metrics": len([m for m in at.metric if m.label not in ("Joined", "Answers sent")]),
        "charts": len(at.get("vega_lite_chart")),
        "tables": len(at.dataframe),
        "texts": len(at.text),
        "downloads": len(at.get("download_button")),
    }


# -- join codes cannot be guessed quickly ------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_join_limiter(monkeypatch):
    """Each test starts with the process-wide limit on unknown codes at zero."""
    monkeypatch.delenv("PIVOTPOINT_JOIN_LIMIT", raising=False)
    start.join_limiter.clear()
    yield
    start.join_limiter.clear()


@pytest.fixture()
def lookups(monkeypatch) -> list[str]:
    """Every join code looked up in the store."""
    seen: list[str] = []
    find = Store.find_workshop

    def spy(self, code):
        seen.append(code)
        return find(self, code)

    monkeypatch.setattr(Store, "find_workshop", spy)
    return seen


def unknown_codes(workshop: Workshop, n: int) -> list[str]:
    codes = [CODE_ALPHABET[i] * 6 for i in range(n + 1)]
    return [c for c in codes if c != workshop.code][:n]


def open_link(at: AppTest, code: str) -> AppTest:
    at.query_params["join"] = code
    at.run()
    no_exception(at)
    return at


def type_code(at: AppTest, code: str) -> AppTest:
    at.text_input(key="join_code").set_value(code)
    return click(at, "Join")


def refused(at: AppTest, message: str) -> bool:
    return any(message in e.value for e in at.error) and not [
        b for b in at.button if b.label == "Join and start"
    ]


def test_unknown_codes_lock_a_session_out_for_a_minute(data_dir, monkeypatch, lookups) -> None:
    clock = types.SimpleNamespace(now=5000.0)
    monkeypatch.setattr(start, "time", types.SimpleNamespace(monotonic=lambda: clock.now))
    workshop, _ = Store().create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    wrong = unknown_codes(workshop, 6)
    at = new_app().run()
    for i, code in enumerate(wrong[:5]):  # typed and opened as links, in turns
        (type_code if i % 2 else open_link)(at, code.lower())
        assert any("No workshop has this code" in w.value for w in at.warning)
        clock.now += 5
    at.run()  # a rerun repeats the last code: neither looked up nor counted again
    assert len(lookups) == 5
    open_link(at, wrong[5])
    assert refused(at, "Too many unknown codes; wait a minute")
    type_code(at, workshop.code)  # the right code too, within the minute
    assert refused(at, "Too many unknown codes; wait a minute")
    assert len(lookups) == 5  # nothing more reached the store
    clock.now += 60 - 5 * 5 + 1  # a minute after the first unknown code
    type_code(at, workshop.code)
    assert at.title[0].value == "Join the workshop: Kick-off"
    click(at, "Join and start")
    assert Store().find(at.session_state["token"]).workshop_id == workshop.id


def test_new_sessions_do_not_bypass_the_process_limit(data_dir, monkeypatch, lookups) -> None:
    monkeypatch.setenv("PIVOTPOINT_JOIN_LIMIT", "3")
    store = Store()
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    waiting = open_link(new_app(), workshop.code)  # on the join page, picking a role
    wrong = unknown_codes(workshop, 4)
    for code in wrong[:3]:  # each guess from a fresh session
        at = open_link(new_app(), code)
        assert any("No workshop has this code" in w.value for w in at.warning)
    assert len(lookups) == 4
    for code in (wrong[3], workshop.code):  # nobody new is looked up for the rest of the minute
        at = open_link(new_app(), code)
        assert refused(at, "Too many unknown codes have been tried from your network")
    assert len(lookups) == 4
    click(waiting, "Join and start")  # a session that found its workshop carries on
    assert store.find(waiting.session_state["token"]).workshop_id == workshop.id


def test_guesses_from_one_address_do_not_hold_up_a_room_elsewhere(data_dir, monkeypatch) -> None:
    monkeypatch.setenv("PIVOTPOINT_JOIN_LIMIT", "3")
    address = {"now": "203.0.113.9"}
    monkeypatch.setattr(start, "client_address", lambda: address["now"])
    workshop, _ = Store().create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    for code in unknown_codes(workshop, 3):
        open_link(new_app(), code)
    at = open_link(new_app(), workshop.code)
    assert refused(at, "Too many unknown codes have been tried from your network")
    address["now"] = "198.51.100.4"  # the workshop room, on another network
    at = open_link(new_app(), workshop.code)
    assert at.title[0].value == "Join the workshop: Kick-off"


def test_known_codes_never_count_towards_the_process_limit(data_dir, monkeypatch) -> None:
    monkeypatch.setenv("PIVOTPOINT_JOIN_LIMIT", "3")
    store = Store()
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    for code in unknown_codes(workshop, 2):
        open_link(new_app(), code)
    for i in range(6):  # a room joining with the right code, one limit's worth and more
        at = open_link(new_app(), workshop.code if i % 2 else workshop.code.lower())
        assert at.title[0].value == "Join the workshop: Kick-off"
        click(at, "Join and start")
        assert store.find(at.session_state["token"]).workshop_id == workshop.id
    assert len(store.responses(workshop.id)) == 6
    assert not start.join_limiter().blocked("local")  # still two failures, not eight


# -- participants never reach the dashboard, and their token is no key --------------------------


@pytest.mark.parametrize("how", ["resume link", "joined here"])
def test_a_participant_never_reaches_the_dashboard(data_dir, how: str) -> None:
    store = Store()
    workshop, key = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    tokens = group(store, workshop, [3, 4, 5])  # enough sent answers for a full dashboard
    at = new_app()
    if how == "resume link":
        at.query_params["r"] = tokens[0]
        at.run()
    else:
        open_link(at, workshop.code)
        click(at, "Join and start")
    token = at.session_state["token"]
    assert store.find(token).workshop_id == workshop.id
    at.switch_page(WORKSHOP_PAGE)
    at.run()
    no_exception(at)
    assert [t.label for t in at.tabs] == ["Create a workshop", "Open a workshop"]
    assert not [m for m in at.metric if m.label in ("Joined", "Answers sent")]
    assert not any(aggregate_shown(at).values()), aggregate_shown(at)
    assert "facilitating" not in at.session_state
    # the participant's own token, offered as the facilitator key
    inputs = {t.label: t for t in at.text_input}
    inputs["Join code"].set_value(workshop.code)
    inputs["Facilitator key"].set_value(token)
    click(at, "Open")
    assert any("No workshop has this code and key" in e.value for e in at.error)
    assert "facilitating" not in at.session_state
    assert not [m for m in at.metric if m.label in ("Joined", "Answers sent")]
    # the real key opens it in the same session: the refusal above was about the key
    inputs = {t.label: t for t in at.text_input}
    inputs["Join code"].set_value(workshop.code)
    inputs["Facilitator key"].set_value(key)
    click(at, "Open")
    assert {m.label: m.value for m in at.metric}["Answers sent"] == "3"


@pytest.fixture()
def cli_workshop(tmp_path: Path, monkeypatch) -> dict[str, str]:
    monkeypatch.setenv("PIVOTPOINT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PIVOTPOINT_DATABASE_URL", raising=False)
    result = runner.invoke(
        cli, ["workshop", "create", "--name", "Kick-off", "--k", "3", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def workshop_cli(*args: str):
    return runner.invoke(cli, ["workshop", *args])


def test_a_participant_token_is_no_facilitator_key_on_the_command_line(
    cli_workshop, tmp_path: Path
) -> None:
    code = cli_workshop["code"]
    store = Store()
    workshop = store.find_workshop(code)
    token = group(store, workshop, [3, 4, 5])[0]  # past the threshold: only the key can refuse
    refusal = f"workshop: {code}: no workshop with this code and key (check both)"
    for args in (
        ["status", code],
        ["export", code, "-o", str(tmp_path / "out.csv")],
        ["export", code, "-o", str(tmp_path / "out.json")],
        ["report", code, "-o", str(tmp_path / "team.pdf")],
        ["close", code],
        ["delete", code],
    ):
        result = workshop_cli(*args, "--key", token)
        assert result.exit_code == 1, args
        assert result.stderr.strip() == refusal, args
        assert result.stdout == "", args
    assert not list(tmp_path.glob("out.*")) and not (tmp_path / "team.pdf").exists()
    assert store.find_workshop(code).status == "open" and len(store.responses(workshop.id)) == 3
    status = workshop_cli("status", code, "--key", cli_workshop["key"], "--format", "json")
    assert json.loads(status.stdout)["finished"] == 3  # the facilitator key works


# -- a participant sees only their own answers -----------------------------------------------


def test_participants_see_their_own_results_and_nobody_else_s(data_dir) -> None:
    store = Store()
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3, own_results=True)
    people = {
        "small": ({**BASE, "developers": 4, "teams": 1}, "One team"),
        "large": ({**BASE, "developers": 17, "teams": 3}, "Several teams"),
    }
    tokens = {name: add_participant(store, workshop, a) for name, (a, _) in people.items()}
    for name, (answers, stage) in people.items():
        (other_answers, _) = next(v for n, v in people.items() if n != name)
        at = new_app()
        at.query_params["r"] = tokens[name]
        at.switch_page(RESULTS_PAGE)
        at.run()
        no_exception(at)
        [metric] = [m for m in at.metric if m.label == "Stage"]
        assert (metric.value, metric.help) == (
            stage,
            {"small": "4 developers in 1 team", "large": "17 developers in 3 teams"}[name],
        )
        text = page_text(at)
        assert f"**{answers['developers']}**" in text  # the answers behind the findings
        assert f"**{other_answers['developers']}**" not in text
        assert f"{other_answers['developers']} developers in" not in text
        at.switch_page("assessment/ui/pages/survey.py")
        at.run()
        no_exception(at)
        assert at.session_state["answers"]["developers"] == answers["developers"]


# -- the threshold, for the group and for each role --------------------------------------------


def test_below_the_threshold_the_dashboard_shows_nothing_of_the_group(data_dir) -> None:
    store = Store()
    workshop, key = store.create_workshop(
        "Kick-off", "ai-scaling", "1.0.0", k=3, roles=["developer", "manager"]
    )
    group(store, workshop, [3, 4], role="developer")
    last = add_participant(
        store, workshop, {**BASE, "developers": 5, "comment": ATTACK}, finished=False
    )
    at = facilitating(workshop, key)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Joined"], metrics["Answers sent"]) == ("3", "2")
    assert aggregate_shown(at) == {
        "metrics": 0,
        "charts": 0,
        "tables": 0,
        "texts": 0,
        "downloads": 0,
    }
    assert "onerror" not in page_text(at)  # the unsent comment is nowhere
    store.mark_finished(last)  # the third answer: now the group is shown, the same way
    at.run()
    no_exception(at)
    shown = aggregate_shown(at)
    # everything but the roles table, which compares two groups or more (one group here)
    assert shown.pop("tables") == 0
    assert all(v > 0 for v in shown.values()), shown


def test_below_the_threshold_the_command_line_exports_and_reports_nothing(
    cli_workshop, tmp_path: Path
) -> None:
    code, key = cli_workshop["code"], cli_workshop["key"]
    store = Store()
    workshop = store.find_workshop(code)
    group(store, workshop, [3, 4])
    last = add_participant(store, workshop, {**BASE, "developers": 5}, finished=False)
    outputs = [tmp_path / n for n in ("out.csv", "out.xlsx", "out.json", "team.pdf")]
    for output in outputs:
        verb = "report" if output.suffix == ".pdf" else "export"
        result = workshop_cli(verb, code, "--key", key, "-o", str(output))
        assert result.exit_code == 1, output.name
        assert "2 finished responses" in result.stderr and "anonymity threshold" in result.stderr
        assert not output.exists()
    status = workshop_cli("status", code, "--key", key, "--format", "json")
    assert status.exit_code == 0
    counts = {"code", "name", "status", "k", "respondents", "finished"}
    assert set(json.loads(status.stdout)) == counts  # who joined and sent, nothing aggregated
    store.mark_finished(last)
    assert workshop_cli("export", code, "--key", key, "-o", str(outputs[0])).exit_code == 0


def three_developers_and_a_manager(store: Store) -> tuple[Workshop, str]:
    workshop, key = store.create_workshop(
        "Kick-off", "ai-scaling", "1.0.0", k=3, roles=["developer", "manager"]
    )
    group(store, workshop, [3, 4, 5], role="developer")
    add_participant(store, workshop, {**BASE, "developers": 60, "teams": 8}, role="manager")
    return workshop, key


def test_a_role_below_the_threshold_is_not_shown_on_the_dashboard(data_dir) -> None:
    store = Store()
    workshop, key = three_developers_and_a_manager(store)
    at = facilitating(workshop, key)
    # no role table: the developers' row beside the whole group's figures would give the
    # manager's away, so no role group is shown (as the export leaves every role blank)
    assert not [d for d in at.dataframe if "role group" in d.value.columns]
    shown = [e.value for kind in ("markdown", "caption", "text", "subheader") for e in at.get(kind)]
    assert all("manager" not in str(v).lower() for v in shown)
    assert any(str(v).startswith("No role group is shown\\: 1 person") for v in shown)


def test_a_role_below_the_threshold_is_not_shown_in_the_team_report(data_dir, scorer) -> None:
    from assessment.report.context import ReportOptions
    from assessment.report.render import Renderer
    from assessment.report.workshop_part import workshop_part
    from assessment.services.workshops import team

    store = Store()
    workshop, _ = three_developers_and_a_manager(store)
    finished = store.responses(workshop.id)
    result = team(scorer, workshop, finished)
    part = workshop_part(result, scorer.pack, name=workshop.name, joined=len(finished))
    html = Renderer(scorer.pack).html(result.team, ReportOptions(workshop=part))
    assert "manager" not in html.lower()
    assert "<h2>By role</h2>" not in html and part["roles"] == []
    assert "No role group is shown: 1 person is in roles chosen by fewer than 3 people" in html


def test_the_response_export_names_no_role_below_the_threshold(cli_workshop, tmp_path) -> None:
    code, key = cli_workshop["code"], cli_workshop["key"]
    store = Store()
    workshop = store.find_workshop(code)
    group(store, workshop, [3, 4, 5], role="developer")
    add_participant(store, workshop, {**BASE, "developers": 60}, role="manager")
    output = tmp_path / "out.csv"
    assert workshop_cli("export", code, "--key", key, "-o", str(output)).exit_code == 0
    rows = list(csv.DictReader(output.open()))
    assert len(rows) == 4
    assert not [r for r in rows if r["role"] == "manager"]
    # and the developers' role would single the manager out as the one blank row
    assert [r["role"] for r in rows] == [""] * 4
    assert sorted(r["developers"] for r in rows) == ["3", "4", "5", "60"]  # answers all there


# -- markup in comments ----------------------------------------------------------------------


def test_markup_in_comments_is_shown_as_text_on_the_dashboard(data_dir) -> None:
    store = Store()
    workshop, key = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    group(store, workshop, [3, 4])
    add_participant(store, workshop, {**BASE, "developers": 5, "comment": ATTACK})
    at = facilitating(workshop, key)
    assert ATTACK in [t.value for t in at.text]  # st.text: shown as typed, never obeyed
    for node in at.main:
        proto = getattr(node, "proto", None)
        if getattr(node, "type", "") == "html" or getattr(proto, "allow_html", False):
            assert "onerror" not in str(proto), node


def test_the_dashboard_lists_comments_cut_and_bounded(data_dir, monkeypatch) -> None:
    """Regression: every comment was listed whole, so a few thousand-line comments made the
    dashboard endless; each is cut as in the report and the list stops, naming what is left."""
    from assessment.ui import facilitate

    monkeypatch.setattr(facilitate, "SHOWN_COMMENTS", 3)
    store = Store()
    workshop, key = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    long = "word " * 700  # within the input's limits, longer than a comment is shown
    for i in range(5):
        add_participant(store, workshop, {**BASE, "developers": 3 + i, "comment": f"{i} {long}"})
    at = facilitating(workshop, key)
    texts = [t.value for t in at.text if t.value.endswith("…")]
    assert len(texts) == 3 and all(len(t) < 1_100 for t in texts)
    captions = [c.value for c in at.caption]
    assert captions.count("Cut after 996 characters; the export has it all.") == 3
    assert "2 more comments are in the export." in captions


def test_markup_in_the_workshop_part_of_the_team_report_is_escaped(data_dir, scorer) -> None:
    from assessment.report.context import ReportOptions
    from assessment.report.render import Renderer
    from assessment.report.workshop_part import workshop_part
    from assessment.services.workshops import team

    store = Store()
    workshop, _ = store.create_workshop(
        "<script>alert(2)</script> kick-off", "ai-scaling", "1.0.0", k=3
    )
    for i, role in enumerate(["<i>dev</i>"] * 3):
        add_participant(
            store, workshop, {**BASE, "developers": 3 + i, "comment": f"{ATTACK} {i}"}, role=role
        )
    finished = store.responses(workshop.id)
    result = team(scorer, workshop, finished)
    part = workshop_part(result, scorer.pack, name=workshop.name, joined=len(finished))
    renderer = Renderer(scorer.pack)
    html = renderer.html(result.team, ReportOptions(workshop=part))
    section = html.split('id="part-workshop"', 1)[1]
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;bold&lt;/b&gt; 0" in section
    assert "&lt;script&gt;alert(2)&lt;/script&gt; kick-off" in section
    assert "&lt;i&gt;dev&lt;/i&gt;" in section  # the role, under its members' comments
    assert "<img" not in section and "<script" not in html.split("<body", 1)[1]
    assert "<i>dev" not in section and "<b>bold" not in section


def test_a_workshop_name_is_shown_to_participants_as_typed(data_dir) -> None:
    name = "![](https://tracker.example/p.png) [Verify your account](https://evil.example) **now**"
    workshop, _ = Store().create_workshop(name, "ai-scaling", "1.0.0", k=3)
    at = open_link(new_app(), workshop.code)
    title = at.title[0].value
    assert title.startswith("Join the workshop: ")
    assert "](" not in title.replace("\\](", "").replace("\\]\\(", "")  # no live link or image
    assert "!\\[\\]\\(https\u2060\\:" in title and "\\*\\*now\\*\\*" in title
