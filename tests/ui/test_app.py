"""The app through Streamlit's AppTest: every page, every survey step, no exception anywhere."""

from __future__ import annotations

import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from assessment.store import Store
from tests.ui.conftest import APP, example_answers


def new_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def started(at: AppTest) -> AppTest:
    at.run()
    no_exception(at)
    at.button(key=None) if False else None
    next(b for b in at.button if b.label == "Start the assessment").click().run()
    no_exception(at)
    return at


def plain(markdown: str) -> str:
    """Markdown as it reads, without the backslashes that keep quoted values literal."""
    return re.sub(r"\\(.)", r"\1", markdown)


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    no_exception(at)
    return at


def saved(answers: dict, version: str | None = None) -> str:
    """A respondent whose `answers` are in the store (under `version`, by default the current
    questionnaire's); its token."""
    from assessment.ui import resources

    store = Store()
    person = store.create_respondent("ai-scaling", version or resources.scorer().pack.info.version)
    for qid, value in answers.items():
        if value is not None:
            store.save_answer(person.token, qid, value)
    return person.token


def opened(token: str, page: str | None = None) -> AppTest:
    """The app opened from `token`'s resume link, then on `page` (a file under pages/)."""
    at = new_app()
    at.query_params["r"] = token
    at.run()
    if page is not None:
        at.switch_page(f"assessment/ui/pages/{page}")
        at.run()
    no_exception(at)
    return at


def test_start_page_says_what_it_is_and_what_is_stored(data_dir) -> None:
    at = new_app().run()
    no_exception(at)
    assert at.title[0].value.startswith("How ready are you")
    text = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
    assert "minutes" in text and "What is stored" in text
    # the join box comes first, so that on a phone in a workshop it is the first thing reached
    assert [b.label for b in at.button] == ["Join", "Start the assessment"]


def test_starting_creates_a_resume_link_and_opens_the_survey(data_dir) -> None:
    at = started(new_app())
    token = at.session_state["token"]
    assert token and at.query_params["r"] == [token] or at.query_params["r"] == token
    assert at.header[0].value == "Your organisation"
    assert Store().find(token) is not None


def test_required_questions_block_next_with_inline_messages(data_dir) -> None:
    at = click(started(new_app()), "Next")
    errors = [e.value for e in at.error]
    assert any(e.startswith("Some questions in this section still need an answer") for e in errors)
    assert errors.count("This question needs an answer.") == 3  # developers, teams, regulated
    assert at.session_state["position"] == 0


def test_each_answer_is_saved_when_given(data_dir) -> None:
    at = started(new_app())
    at.number_input(key="q:developers").set_value(4).run()
    at.radio(key="q:regulated").set_value(False).run()
    no_exception(at)
    assert Store().answers(at.session_state["token"]) == {"developers": 4, "regulated": False}


def test_conditional_questions_appear_as_answers_change(data_dir) -> None:
    at = started(new_app())
    keys = lambda: {w.key for w in [*at.radio, *at.selectbox]}  # noqa: E731
    assert "q:regulated_industry" not in keys()
    at.radio(key="q:regulated").set_value(True).run()
    assert "q:regulated_industry" in keys()
    at.radio(key="q:regulated").set_value(False).run()
    assert "q:regulated_industry" not in keys()


def test_walking_every_section_to_the_review_step(data_dir) -> None:
    at = started(new_app())
    at.number_input(key="q:developers").set_value(4).run()
    at.number_input(key="q:teams").set_value(1).run()
    at.radio(key="q:regulated").set_value(False).run()
    headers = []
    while at.session_state["position"] < 20:
        headers.append(at.header[0].value)
        if headers[-1] == "Review":
            break
        click(at, "Next")
    assert headers[0] == "Your organisation" and headers[-1] == "Review"
    assert len(headers) >= 8
    click(at, "Back")
    assert at.header[0].value == headers[-2]


def test_results_for_an_example_answer_set(data_dir) -> None:
    data = example_answers("several-teams-contract-trouble")
    store = Store()
    respondent = store.create_respondent("ai-scaling", "1.0.0")
    for qid, value in data["answers"].items():
        if value is not None:
            store.save_answer(respondent.token, qid, value)
    at = new_app()
    at.query_params["r"] = respondent.token
    at.run()
    no_exception(at)
    assert at.session_state["answers"]["developers"] == 16
    at.switch_page("assessment/ui/pages/results.py")
    at.run()
    no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Stage"] == "Several teams"
    overall = next(m for m in at.metric if m.label == "Overall readiness")
    assert overall.help.startswith("Overall readiness is the plain average of 8 dimension scores")
    assert metrics["Strategy"] == "Incremental adoption"
    assert any("Pivot point 2 crossed without its practices" in m.value for m in at.markdown)
    assert any(m.value == "### Not ready for the size you already are" for m in at.markdown)
    assert metrics["Overall readiness"] == "37 / 100 · Needs work"


def test_answers_saved_under_an_older_questionnaire_say_what_changed(data_dir) -> None:
    data = example_answers("small-team-losing-context")
    store = Store()
    respondent = store.create_respondent("ai-scaling", "1.0.0")
    for qid, value in data["answers"].items():
        if value is not None and qid not in ("transition_plan", "metrics_judge_ai"):
            store.save_answer(respondent.token, qid, value)
    at = new_app()
    at.query_params["r"] = respondent.token
    at.run()
    no_exception(at)
    [note] = [i.value for i in at.info if "version 1.0.0" in i.value]
    assert "Not answered yet, so left open in the results: Plan for growth, Output figures" in note
    # answered under the current version: no note
    from assessment.content.pack import load_pack
    from assessment.resources import DEFAULT_PACK

    current = store.create_respondent("ai-scaling", load_pack(DEFAULT_PACK).info.version)
    store.save_answer(current.token, "developers", 4)
    again = new_app()
    again.query_params["r"] = current.token
    again.run()
    no_exception(again)
    assert not [i.value for i in again.info if "questionnaire" in i.value]


def test_an_unknown_link_gets_a_friendly_message(data_dir) -> None:
    at = new_app()
    at.query_params["r"] = "not-a-real-token"
    at.run()
    no_exception(at)
    assert any("resume link is not known" in w.value for w in at.warning)
    assert at.session_state["token"] is None


def test_a_store_that_cannot_be_reached_is_said_plainly(data_dir, monkeypatch) -> None:
    from assessment.ui import resources

    monkeypatch.setenv("PIVOTPOINT_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:1/none")
    resources._store.clear()
    at = new_app().run()
    no_exception(at)
    click(at, "Start the assessment")
    assert any("cannot be saved" in w.value for w in at.warning)
    resources._store.clear()


@pytest.mark.parametrize("page", ["survey", "results", "report"])
def test_pages_without_an_assessment_explain_themselves(data_dir, page) -> None:
    at = new_app()
    at.switch_page(f"assessment/ui/pages/{page}.py")
    at.run()
    no_exception(at)


def test_answers_download_as_a_file_that_score_accepts_and_upload_restores(data_dir) -> None:
    from assessment.content.yaml_io import load_text
    from assessment.services.answers import parse_answers
    from assessment.services.scoring import Scorer
    from assessment.ui import report
    from tests.conftest import EXAMPLES

    # upload an example: the answers are restored into a new assessment
    at = new_app()
    at.switch_page("assessment/ui/pages/report.py")
    at.run()
    no_exception(at)
    example = (EXAMPLES / "small-team-losing-context.yaml").read_bytes()
    at.file_uploader[0].set_value(("mine.yaml", example, "application/x-yaml")).run()
    no_exception(at)
    assert any("Restored" in s.value for s in at.success)
    token = at.session_state["token"]
    stored = Store().answers(token)
    assert stored["developers"] == 4 and stored["ai_tools"]
    # no dead end: straight after the restore, the downloads, the link to the results and
    # the link to continue later are there, and the files are named after the organisation
    # (the PDF is prepared in the render queue on a click: tests/ui/test_pdf_download.py)
    downloads = {b.label: b for b in at.get("download_button")}
    assert set(downloads) == {"Download your answers (YAML)"}
    assert "Prepare the PDF report" in [b.label for b in at.button]
    assert "See the results" in [p.proto.label for p in at.get("page_link")]
    assert "Continue later" in [h.value for h in at.subheader]
    page = " ".join(m.value for m in [*at.markdown, *at.caption])
    assert "python -m" not in page  # no developer instructions for a respondent
    assert "up to 1 MB" in at.file_uploader[0].proto.label
    # the download holds the same answers, and the CLI's parser accepts it
    at.run()
    labels = [b.label for b in [*at.get("download_button"), *at.button]]
    assert "Prepare the PDF report" in labels and "Download your answers (YAML)" in labels
    scorer = Scorer()
    text = report.answers_file(scorer.pack, at.session_state["answers"], at.session_state["meta"])
    parsed = parse_answers(scorer.engine, load_text(text, "download.yaml"))
    assert parsed.values == {k: v for k, v in stored.items()}
    assert parsed.meta["organization"] == "Tallyworks"


def test_a_broken_upload_changes_nothing(data_dir) -> None:
    at = started(new_app())
    at.number_input(key="q:developers").set_value(7).run()
    at.switch_page("assessment/ui/pages/report.py")
    at.run()
    at.file_uploader[0].set_value(
        ("bad.yaml", b"answers: {developers: lots}\n", "application/x-yaml")
    ).run()
    no_exception(at)
    assert any("nothing was changed" in e.value for e in at.error)
    assert any("developers" in e.value and "lots" in e.value for e in at.error)
    assert Store().answers(at.session_state["token"]) == {"developers": 7}


def test_an_upload_with_aliases_is_refused_before_it_expands(data_dir) -> None:
    at = started(new_app())
    at.number_input(key="q:developers").set_value(7).run()
    at.switch_page("assessment/ui/pages/report.py")
    at.run()
    bomb = b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    at.file_uploader[0].set_value(("bomb.yaml", bomb, "application/x-yaml")).run()
    no_exception(at)
    assert [plain(e.value) for e in at.error] == [
        "bomb.yaml:2: anchors and aliases (&name, *name) are not allowed in this file; "
        "write each value out"
    ]
    assert len(" ".join(e.value for e in at.error)) < 300
    assert Store().answers(at.session_state["token"]) == {"developers": 7}


def test_an_upload_with_many_problems_lists_twenty_and_counts_the_rest(data_dir) -> None:
    at = started(new_app())
    at.switch_page("assessment/ui/pages/report.py")
    at.run()
    lines = "".join(f"  q{i}: 1\n" for i in range(25))
    at.file_uploader[0].set_value(
        ("many.yaml", f"answers:\n{lines}".encode(), "application/x-yaml")
    ).run()
    no_exception(at)
    (error,) = at.error
    assert error.value.count("\n- ") == 21 and error.value.endswith("- and 5 more")


def test_an_out_of_range_number_is_explained_and_blocks_next(data_dir) -> None:
    at = started(new_app())
    at.number_input(key="q:developers").set_value(999999).run()
    no_exception(at)
    assert any("999999 is out of range: expected 1 to 100000" in plain(e.value) for e in at.error)
    assert Store().answers(at.session_state["token"]) == {}
    at.number_input(key="q:teams").set_value(1).run()
    at.radio(key="q:regulated").set_value(False).run()
    click(at, "Next")
    assert at.session_state["position"] == 0  # the refused answer still needs fixing
    at.number_input(key="q:developers").set_value(12).run()
    click(at, "Next")
    assert at.session_state["position"] == 1


def test_reruns_do_not_write_unchanged_answers(data_dir) -> None:
    at = started(new_app())
    at.checkbox(key="q:ai_tools:agentic-coding").check().run()
    at.checkbox(key="q:ai_tools:chat-assistants").check().run()
    token = at.session_state["token"]
    before = Store().find(token).updated
    at.run()
    at.run()
    assert Store().find(token).updated == before


def test_changes_from_another_window_are_picked_up(data_dir) -> None:
    at = started(new_app())
    at.number_input(key="q:developers").set_value(4).run()
    token = at.session_state["token"]
    Store().save_answer(token, "developers", 9)  # the same link, answered elsewhere
    at.run()
    no_exception(at)
    assert at.session_state["answers"]["developers"] == 9
    assert any("changed in another window" in i.value for i in at.info)


def test_answers_deleted_on_the_server_end_the_link_plainly(data_dir) -> None:
    at = started(new_app())
    token = at.session_state["token"]
    Store().delete_respondent(token)
    at.number_input(key="q:developers").set_value(4).run()
    no_exception(at)
    assert at.session_state["token"] is None
    assert any("have been deleted" in w.value for w in at.warning)


def test_a_participant_joins_with_the_code_answers_and_sends(data_dir) -> None:
    store = Store()
    workshop, _ = store.create_workshop(
        "Kick-off", "ai-scaling", "1.0.0", k=3, roles=["developer", "manager"]
    )
    at = new_app()
    at.query_params["join"] = workshop.code.lower()
    at.run()
    no_exception(at)
    assert at.title[0].value == "Join the workshop: Kick-off"
    next(s for s in at.selectbox if s.label == "Your role (optional)").set_value("manager").run()
    click(at, "Join and start")
    token = at.session_state["token"]
    respondent = store.find(token)
    assert (respondent.workshop_id, respondent.role) == (workshop.id, "manager")
    # a participant gets no report to put an organisation on, and is told how to go on
    # answering on another device without becoming a second participant
    assert not [t for t in at.text_input if t.key == "meta:org"]
    assert [e.label for e in at.expander] == ["Continue on another device"]
    at.number_input(key="q:developers").set_value(4).run()
    at.number_input(key="q:teams").set_value(1).run()
    at.radio(key="q:regulated").set_value(False).run()
    at.session_state["position"] = 99  # straight to the review step
    at.run()
    click(at, "Send my answers")
    assert store.find(token).finished
    assert at.header[0].value == "Thank you"
    at.run()
    assert not at.get("progress")  # nothing is left to answer
    assert not any("another window" in i.value for i in at.info)  # sending is our own change
    [response] = store.responses(workshop.id)
    assert response.finished and response.answers["developers"] == 4
    at.switch_page("assessment/ui/pages/results.py")
    at.run()
    no_exception(at)
    assert any("individual results are not shown" in i.value for i in at.info)


@pytest.mark.parametrize("closed", [False, True])
def test_a_wrong_or_closed_code_gets_a_clear_message(data_dir, closed: bool) -> None:
    store = Store()
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0")
    if closed:
        store.set_workshop_status(workshop.id, "closed")
    at = new_app()
    at.query_params["join"] = workshop.code if closed else "ZZZZZZ"
    at.run()
    no_exception(at)
    expected = "closed and takes no more answers" if closed else "No workshop has this code"
    assert any(expected in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Join and start"]


def facilitator() -> AppTest:
    at = new_app()
    at.switch_page("assessment/ui/pages/workshop.py")
    return at.run()


def test_a_facilitator_creates_a_workshop_and_sees_its_key_once(data_dir) -> None:
    at = facilitator()
    no_exception(at)
    at.text_input[0].set_value("Kick-off")
    at.text_input[2].set_value("developer, manager")
    at.number_input[0].set_value(3)
    next(b for b in at.button if b.label == "Create the workshop").click().run()
    no_exception(at)
    code, key = at.session_state["facilitating"]
    workshop = Store().check_key(code, key)
    assert workshop is not None and workshop.k == 3 and workshop.roles == ["developer", "manager"]
    click(at, "Reveal the facilitator key")
    assert any(c.value == key for c in at.code)
    click(at, "I have saved it")
    assert any(code in m.value for m in at.markdown)
    assert any("3 more answers are needed" in i.value for i in at.info)
    at.run()
    assert not any(c.value == key for c in at.code)  # shown once


def test_wrong_keys_are_refused_and_slowed_down(data_dir) -> None:
    workshop, key = Store().create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    at = facilitator()
    for attempt in range(6):
        inputs = [t for t in at.text_input if t.label in ("Join code", "Facilitator key")]
        inputs[0].set_value(workshop.code)
        inputs[1].set_value(f"wrong-{attempt}")
        next(b for b in at.button if b.label == "Open").click().run()
        no_exception(at)
    errors = [e.value for e in at.error]
    assert any("Too many wrong codes or keys" in e for e in errors)
    inputs = [t for t in at.text_input if t.label in ("Join code", "Facilitator key")]
    inputs[1].set_value(key)
    next(b for b in at.button if b.label == "Open").click().run()
    assert at.session_state.get("facilitating") is None  # still locked, even with the key


def test_the_dashboard_shows_the_group_only_from_k_answers(data_dir) -> None:
    store = Store()
    workshop, key = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    data = example_answers("small-team-losing-context")["answers"]
    for i in range(3):
        person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id)
        for qid, value in data.items():
            if value is not None:
                store.save_answer(person.token, qid, value if qid != "developers" else 3 + i)
        if i < 2:
            store.mark_finished(person.token)
    at = facilitator()
    at.session_state["facilitating"] = (workshop.code, key)
    at.run()
    no_exception(at)
    assert any("1 more answers are needed" in i.value for i in at.info)
    assert not [m for m in at.metric if m.label == "Team stage"]
    store.mark_finished(person.token)
    at.run()
    no_exception(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Team stage"] == "One team" and metrics["Answers sent"] == "3"
    assert any("disagreement" in m.value for m in at.markdown)
    assert any(data["pp1_note"] in t.value for t in at.text)  # comments as plain text
    next(b for b in at.button if b.label == "Close the workshop").click().run()
    assert store.find_workshop(workshop.code).status == "closed"
    next(b for b in at.button if b.label == "Delete everything").click().run()
    no_exception(at)
    rows = store.count_rows()
    assert rows["workshop"] == 0 and set(rows.values()) == {0}, rows


@pytest.mark.parametrize("allowed", [False, True])
def test_participants_see_their_own_results_only_if_allowed(data_dir, allowed: bool) -> None:
    store = Store()
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3, own_results=allowed)
    person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id)
    for qid, value in {"developers": 4, "teams": 1, "regulated": False}.items():
        store.save_answer(person.token, qid, value)
    store.mark_finished(person.token)
    at = new_app()
    at.query_params["r"] = person.token
    at.switch_page("assessment/ui/pages/results.py")
    at.run()
    no_exception(at)
    stages = [m.value for m in at.metric if m.label == "Stage"]
    assert stages == (["One team"] if allowed else [])
    # the thank-you page offers the results only where they are shared (tester's finding)
    at.switch_page("assessment/ui/pages/survey.py")
    at.session_state["position"] = 99  # the step after the last section
    at.run()
    no_exception(at)
    assert at.header[0].value == "Thank you"
    links = [link.proto.label for link in at.get("page_link")]
    assert links == (["Your own results"] if allowed else [])


def test_an_unexpected_error_on_a_page_shows_the_plain_message(data_dir, monkeypatch) -> None:
    from assessment.ui import guard, survey

    def broken() -> None:
        raise RuntimeError("a stale module")

    at = started(new_app())
    monkeypatch.setattr(survey, "render", broken)
    at.run()
    no_exception(at)
    assert [e.value for e in at.error] == [guard.MESSAGE]
    assert "stale module" not in str([e.value for e in at.error])


def test_an_unexpected_error_in_a_button_action_shows_the_plain_message(
    data_dir, monkeypatch
) -> None:
    from assessment.ui import guard, state

    def broken(*args: object) -> None:
        raise KeyError("boom")

    at = started(new_app())
    at.number_input(key="q:developers").set_value(4).run()
    at.number_input(key="q:teams").set_value(1).run()
    at.radio(key="q:regulated").set_value(False).run()
    monkeypatch.setattr(state, "set_position", broken)
    click(at, "Next")
    assert guard.MESSAGE in [e.value for e in at.error]
    assert Store().answers(at.session_state["token"])["developers"] == 4
    at.run()
    assert guard.MESSAGE not in [e.value for e in at.error]  # shown once


def test_send_after_the_workshop_was_deleted_shows_no_error_page(data_dir) -> None:
    store = Store()
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    at = new_app()
    at.query_params["join"] = workshop.code
    at.run()
    click(at, "Join and start")
    at.number_input(key="q:developers").set_value(4).run()
    at.number_input(key="q:teams").set_value(1).run()
    at.radio(key="q:regulated").set_value(False).run()
    at.session_state["position"] = 99
    at.run()
    store.delete_workshop(workshop.id)
    click(at, "Send my answers")
    messages = [m.value for m in [*at.error, *at.warning]]
    assert messages, "a plain message says what happened"


def test_a_saved_answer_that_no_longer_fits_is_kept_and_explained(data_dir) -> None:
    """Saved before "none of these" became exclusive: the store keeps the answer, the results
    still show, and the question says why its answer is set aside until it is changed."""
    answers = example_answers("small-team-losing-context")["answers"]
    token = saved({**answers, "metrics_tracked": ["velocity", "none-of-these"]}, version="1.0.0")
    store = Store()
    at = opened(token)
    assert "metrics_tracked" not in at.session_state["answers"]
    assert at.session_state["errors"]["metrics_tracked"].startswith(
        "The saved answer no longer fits this question: 'none-of-these' (None of these) cannot "
        "be chosen together with other choices (velocity)"
    )
    at.switch_page("assessment/ui/pages/results.py")
    at.run()
    no_exception(at)
    assert any(m.label == "Stage" for m in at.metric)
    assert store.answers(token)["metrics_tracked"] == ["velocity", "none-of-these"]


def test_a_saved_answer_to_a_merged_question_is_carried_over_on_resume(data_dir) -> None:
    """Saved under 1.2.0, when accountability was asked apart: on resume the answer is the
    change attribution answer, the notice says so, and the results read it."""
    answers = dict(example_answers("regulated-enterprise")["answers"])
    del answers["comp_change_attribution"]
    token = saved({**answers, "reg_accountability": "cannot"}, version="1.2.0")
    at = opened(token)
    assert at.session_state["answers"]["comp_change_attribution"] == "not"
    assert "reg_accountability" not in at.session_state["answers"]
    # the move is saved once: clearing the answer later cannot bring the older one back
    stored = Store().answers(token)
    assert stored["comp_change_attribution"] == "not" and "reg_accountability" not in stored
    notices = " ".join(i.value for i in [*at.info, *at.warning])
    assert "is now asked as “Change attribution”; the older answer was carried over" in notices
    at.switch_page("assessment/ui/pages/results.py")
    at.run()
    no_exception(at)
    assert any("Change attribution" in m.value for m in at.markdown)


def test_the_start_page_promises_the_count_the_progress_bar_reaches(data_dir) -> None:
    """One count everywhere: the start page's "up to N questions" is what the progress bar
    counts for an organisation that is shown every question (optional notes not counted)."""
    from assessment.ui import resources

    scorer = resources.scorer()
    everything = {
        "developers": 200,
        "teams": 12,
        "planned_developers": 300,
        "regulated": True,
        "enablement_team": True,
        "spec_repository": "central",
        "metrics_tracked": ["velocity"],
        "transition_plan": "written",
        "governance_timing": "after-incidents",
        "standards_origin": "imposed",
    }
    token = saved(everything)
    shown = scorer.shown(scorer.check(everything, require=False))
    # this answer set shows every question but the one asked only where another is not
    from assessment.content import length

    most = {q.id for q in length.most_asked(scorer.pack)}
    assert all(shown[q] for q in most)
    assert [q for q, seen in shown.items() if not seen] == ["reg_auditability"]
    at = new_app().run()
    text = " ".join(m.value for m in at.markdown)
    promised = int(re.search(r"up to (\d+) questions", text).group(1))
    survey = opened(token, "survey.py")
    progress = survey.get("progress")[0].proto.text
    found = re.search(r"(\d+) of (\d+) questions answered · about (\d+) min left$", progress)
    assert found and int(found.group(2)) == promised, progress
    # the minutes: the start page promises the whole questionnaire's, the survey counts down
    minutes = int(re.search(r"Up to \*\*(\d+) minutes\*\*", text).group(1))
    assert minutes == scorer.pack.info.minutes
    assert 1 <= int(found.group(3)) < minutes


def test_download_names_say_whose_report_and_when() -> None:
    from assessment.ui.report import file_stem

    day = date(2026, 12, 4)
    assert file_stem({"organization": "Harbour & Crane Bank"}, day) == (
        "pivotpoint-harbour-crane-bank-2026-12-04"
    )
    assert file_stem({}, day) == "pivotpoint-2026-12-04"
    assert (
        file_stem({"organization": "../../etc/ <b>x</b>"}, day) == "pivotpoint-etc-b-x-b-2026-12-04"
    )
    assert len(file_stem({"organization": "A" * 500}, day)) <= len("pivotpoint--2026-12-04") + 40


def results_of(answers: dict) -> AppTest:
    """The results page of a respondent with `answers`, saved under the current questionnaire."""
    return opened(saved(answers), "results.py")


def test_results_on_partial_answers_say_so_first_and_name_no_rule(data_dir) -> None:
    """With only the required questions answered, the page opens with how much the results
    rest on; the findings that wait are listed by the questions they wait for, never by a rule
    id; with every question answered, no such notice."""
    at = results_of({"developers": 12, "teams": 2, "regulated": False})
    [warning] = [w.value for w in at.warning if "partial answers" in w.value]
    assert warning.startswith("**Based on partial answers:** 3 of the ")
    assert "could not be judged" in warning
    assert "Answer the rest" in [p.proto.label for p in at.get("page_link")]
    texts = [m.value for m in [*at.markdown, *at.caption]]
    assert not any(t.startswith("rule ") or "`" in t for t in texts)
    waiting = [t for t in texts if t.endswith(")*") and "finding" in t]
    assert waiting and all(" - " not in t for t in waiting)

    done = results_of(example_answers("small-team-losing-context")["answers"])
    assert not [w for w in done.warning if "partial answers" in w.value]
    # the stage's "why" lists the headcount once, not again under the stage
    whys = [m.value for m in done.markdown if "    - Teams:" in m.value or "- Teams:" in m.value]
    assert whys
    for why in whys:
        assert why.count("Teams:") <= 1, why


def test_results_put_the_first_30_days_first_with_owners(data_dir) -> None:
    """After the findings, the plan's first window: each step with its owner and effort, sized
    to the organisation, and where the rest of the plan is."""
    from assessment.services.scoring import Scorer

    answers = example_answers("regulated-enterprise")["answers"]
    at = results_of(answers)
    assert "Your first 30 days" in [h.value for h in at.subheader]
    a = Scorer().assess(Scorer().check({k: v for k, v in answers.items() if v is not None}))
    first = [s for s in a.next_steps if s.horizon == "30d"]
    planned = [s for s in a.next_steps if s.horizon != "later"]
    [listing] = [m.value for m in at.markdown if m.value.startswith("1. **")]
    for n, s in enumerate(first, start=1):
        assert f"{n}. **{s.title}**: {s.owner}, effort {s.effort}" in listing
    assert any(
        c.value.startswith(f"Steps {len(first) + 1} to {len(planned)} and the reasons")
        for c in at.caption
    )


def test_results_next_steps_name_what_each_step_addresses(data_dir) -> None:
    """Each step under "Next steps" says what it addresses by the report's names for the
    findings, never by a bare id such as "M1"."""
    from assessment.report.names import addressed, finding_names
    from assessment.services.scoring import Scorer

    answers = example_answers("several-teams-contract-trouble")["answers"]
    at = results_of(answers)
    scorer = Scorer()
    a = scorer.assess(scorer.check({k: v for k, v in answers.items() if v is not None}))
    names = finding_names(scorer.pack)
    texts = [plain(m.value) for m in at.markdown]
    for s in a.next_steps:
        if s.horizon != "later":
            assert f"Addresses: {addressed(names, s.addresses)}." in texts
    assert any("M1: Assuming small-team practices scale" in t for t in texts)
    assert not [t for t in texts if t.startswith("Addresses:") and re.search(r"\bM\d\b(?!:)", t)]


def test_your_first_30_days_lists_the_top_three_and_counts_the_rest(data_dir, monkeypatch) -> None:
    """With more than three steps in the first 30 days, the summary lists the plan's first
    three, and says how many more the plan below holds and which they are. The plan holds three
    steps a window today, so a larger window is made here."""
    from assessment.kinds import next_steps
    from assessment.services.scoring import Scorer
    from assessment.ui import resources

    monkeypatch.setattr(next_steps, "WINDOW_CAPACITY", 5)
    answers = example_answers("regulated-enterprise")["answers"]
    a = Scorer().assess(Scorer().check({k: v for k, v in answers.items() if v is not None}))
    first = [s for s in a.next_steps if s.horizon == "30d"]
    planned = [s for s in a.next_steps if s.horizon != "later"]
    assert (len(first), len(planned)) == (5, 8)
    # the app keeps each answer set's assessment: neither an earlier plan of these answers nor
    # this larger one may be read by another test
    resources._assess.cache_clear()
    try:
        at = results_of(answers)
    finally:
        resources._assess.cache_clear()
    [listing] = [m.value for m in at.markdown if m.value.startswith("1. **")]
    assert [line.split(". **")[0] for line in listing.splitlines()] == ["1", "2", "3"]
    for n, s in enumerate(first[:3], start=1):
        assert f"{n}. **{s.title}**: {s.owner}" in listing
    assert first[3].title not in listing
    assert (
        "Steps 4 to 8 and the reasons for each are under “Next steps” below. 2 more steps for "
        "the first 30 days are among them: steps 4 and 5."
    ) in [c.value for c in at.caption]
