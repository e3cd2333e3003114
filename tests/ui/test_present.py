"""The live room (`assessment.ui.present`): the presenter view for the projector, the
walk-through of the most disputed questions with a question to discuss, and the actions the
room agrees, which the team report lists as the team's own."""

from __future__ import annotations

import html
import re
from unittest.mock import patch

from streamlit.testing.v1 import AppTest

from assessment.report import workshop_part
from assessment.report.context import ReportOptions
from assessment.report.render import Renderer
from assessment.services.scoring import Scorer
from assessment.services.workshops import sent, team, team_json, team_report
from assessment.store import Store
from assessment.ui import present
from tests.ui.test_app import click, no_exception
from tests.ui.test_dashboard import charts, dashboard, example_rows, page_dump


def opened(rows: int = 6) -> tuple[Store, object, AppTest]:
    store = Store()
    workshop, key = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    store.add_finished_respondents(workshop.id, "ai-scaling", "1.0.0", example_rows()[:rows])
    return store, workshop, dashboard(workshop.code, key)


def test_the_presenter_view_shows_the_code_and_the_count_and_moves_on_once_k_sent(
    data_dir,
) -> None:
    store, workshop, at = opened(rows=2)
    at.session_state[present.VIEW] = present.PRESENTER
    at.run()
    no_exception(at)
    shown = page_dump(at)
    assert f">{workshop.code}</p>" in shown
    assert "2 joined · 2 sent · 1 more to send before the results show" in shown
    assert "Walk through the results" not in [b.label for b in at.button]
    # the dashboard's long page is not on the projector
    assert "Where people disagree" not in [s.value for s in at.subheader]
    store.add_finished_respondents(workshop.id, "ai-scaling", "1.0.0", example_rows()[2:4])
    at.run()
    no_exception(at)
    assert "4 joined · 4 sent · ready to show" in page_dump(at)
    click(at, "Walk through the results")
    assert at.session_state[present.VIEW] == present.WALK
    assert at.caption[0].value.startswith("Question 1 of ")


def test_the_walk_through_goes_question_by_question_with_a_prompt(data_dir) -> None:
    store, workshop, at = opened()
    at.session_state[present.VIEW] = present.WALK
    at.run()
    no_exception(at)
    scorer = Scorer()
    result = team(scorer, workshop, sent(store.responses(workshop.id)))
    disputed = result.most_disputed(present.WALK_ITEMS)
    assert len(disputed) >= 2
    first, second = disputed[:2]
    assert at.header[0].value == first.text
    prompt = workshop_part.discussion_prompt(scorer.pack, first)
    shown = page_dump(at)
    assert "<strong>To discuss</strong><br>" in shown
    assert html.escape(prompt)[:40] in shown
    previous = next(b for b in at.button if b.label == "Previous")
    assert previous.disabled
    click(at, "Next")
    assert at.header[0].value == second.text
    assert at.caption[0].value.startswith(f"Question 2 of {len(disputed)}")


def test_an_action_agreed_in_the_room_reaches_the_team_report(data_dir) -> None:
    store, workshop, at = opened()
    at.session_state[present.VIEW] = present.WALK
    at.run()
    at.text_area[0].set_value("Write the <b>billing</b> contract down")
    at.text_input[0].set_value("Billing team lead")
    at.selectbox[0].set_value("30d")
    next(b for b in at.button if b.label == "Record the action").click().run()
    no_exception(at)
    scorer = Scorer()
    result = team(scorer, workshop, sent(store.responses(workshop.id)))
    first = result.most_disputed(present.WALK_ITEMS)[0]
    [action] = store.actions(workshop.id)
    assert (action.text, action.owner, action.horizon, action.about) == (
        "Write the <b>billing</b> contract down",
        "Billing team lead",
        "30d",
        first.question,
    )
    # listed on the page as plain text, and in the team report's plan as the team's own
    assert any("Write the \\<b\\>billing\\</b\\> contract down" in m.value for m in at.markdown)
    assessed, options = team_report(
        scorer, workshop, store.responses(workshop.id), result, [action]
    )
    html = Renderer(scorer.pack).html(assessed, options)
    plan = html.split('id="part-steps"', 1)[1].split("</section>", 1)[0]
    assert "Write the &lt;b&gt;billing&lt;/b&gt; contract down" in plan
    assert "The team's own action, agreed in the workshop." in plan
    assert scorer.pack.questions[first.question].short in plan
    assert "agreed_actions" in team_json(result, [action])
    # removing it takes it out
    next(b for b in at.button if b.label == "Remove").click().run()
    assert store.actions(workshop.id) == []


def test_an_empty_action_is_refused_with_why(data_dir) -> None:
    store, workshop, at = opened()
    at.session_state[present.VIEW] = present.WALK
    at.run()
    next(b for b in at.button if b.label == "Record the action").click().run()
    no_exception(at)
    assert any("Not recorded: an action needs a text" in e.value for e in at.error)
    assert store.actions(workshop.id) == []


def test_a_prompt_comes_from_the_pack_or_from_the_answers_given() -> None:
    scorer = Scorer()
    pack = scorer.pack
    from assessment.services.aggregate import aggregate

    base = {"developers": 30, "teams": 4, "regulated": False}
    people = [
        scorer.check({**base, "pp2_contract_tests": v, "pp2_symptom_lost_intent": f}, require=False)
        for v, f in (("not", "never"), ("fully", "weekly"), ("not", "weekly"))
    ]
    result = aggregate(scorer, people, k=3)
    by_id = {q.question: q for q in result.questions}
    assert workshop_part.discussion_prompt(pack, by_id["pp2_contract_tests"]) == (
        pack.questions["pp2_contract_tests"].discuss
    )
    assert pack.questions["pp2_symptom_lost_intent"].discuss is None
    assert workshop_part.discussion_prompt(pack, by_id["pp2_symptom_lost_intent"]) == (
        "Some of you said “never”, others “weekly or more often”: what does each of you see "
        "that the other does not, and what would settle it?"
    )


def test_the_report_without_actions_lists_none(data_dir) -> None:
    scorer = Scorer()
    html = Renderer(scorer.pack).html(
        scorer.assess(scorer.check({"developers": 5, "teams": 1, "regulated": False})),
        ReportOptions(),
    )
    assert "The team's own action" not in html


def test_the_room_sees_the_answering_time_left(data_dir) -> None:
    store, workshop, at = opened(rows=2)
    at.session_state[present.VIEW] = present.PRESENTER
    at.run()
    assert "2 joined · 2 sent · 1 more to send before the results show</p>" in page_dump(at)
    at.number_input(key="timer_minutes").set_value(10).run()
    click(at, "Start the timer")
    shown = page_dump(at)
    assert re.search(
        r"2 joined · 2 sent · 1 more to send before the results show · (10:00|9:5\d) left", shown
    )


def test_the_time_left_reads_as_the_room_needs_it() -> None:
    state = {f"{present.TIMER_ENDS}:7": 1000.0}
    with patch.object(present.st, "session_state", state):
        assert present.time_left(7, now=1000.0 - 605) == "10:05 left"
        assert present.time_left(7, now=1000.0) == "Time is up"
        assert present.time_left(8, now=0) == ""  # another workshop's timer is its own


def test_the_walk_through_draws_a_headcount_in_ranges_and_compares_no_roles_on_it(
    data_dir,
) -> None:
    """Twelve people, twelve headcounts: the slide draws them in the ranges the dashboard and
    the team report use, and says nothing of the role groups, which are not compared on a
    number (the developers and the other roles are, on the other questions)."""
    store = Store()
    workshop, key = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    rows = example_rows()
    people = [(rows[i % 6][0], {**rows[i % 6][1], "developers": 2 + i}) for i in range(12)]
    store.add_finished_respondents(workshop.id, "ai-scaling", "1.0.0", people)
    at = dashboard(workshop.code, key)
    at.session_state[present.VIEW] = present.WALK
    at.session_state[f"{present.WALK_AT}:{workshop.id}"] = "developers"
    at.run()
    no_exception(at)
    assert at.header[0].value == Scorer().pack.questions["developers"].text
    [chart] = charts(at)
    assert chart.to_dict("list") == {
        "answer": [f"{n}–{n + 1} developers" for n in range(2, 14, 2)],
        "people": [2] * 6,
    }
    assert "**By role**" not in [m.value for m in at.markdown]
    # another question on which the groups are compared says how they answered it
    click(at, "Next")
    assert "**By role**" in [m.value for m in at.markdown]
