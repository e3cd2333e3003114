"""The saved survey position names a section of the pack, so a conditional section that
appears or disappears never moves anyone to another section."""

from __future__ import annotations

from assessment.store import Store
from tests.ui.test_app import click, new_app, no_exception, started

CLOSING = 8  # 'Anything else', after the conditional 'Compliance and assurance' (7)


def answer_profile(at, regulated: bool):
    # two teams: every section but compliance applies, whatever the growth
    at.number_input(key="q:developers").set_value(4).run()
    at.number_input(key="q:teams").set_value(2).run()
    at.radio(key="q:regulated").set_value(regulated).run()
    no_exception(at)
    return at


def test_a_section_disappearing_behind_you_keeps_you_where_you_are(data_dir) -> None:
    at = answer_profile(started(new_app()), regulated=True)
    at.session_state["position"] = CLOSING
    at.run()
    assert at.header[0].value == "Anything else"
    assert "Section 9 of 9" in at.get("progress")[0].proto.text
    Store().save_answer(at.session_state["token"], "regulated", False)  # changed elsewhere
    at.run()
    no_exception(at)
    assert at.header[0].value == "Anything else"  # not the review step
    assert "Section 8 of 8" in at.get("progress")[0].proto.text
    click(at, "Back")
    assert at.header[0].value == "Learning and governance"  # compliance is skipped
    assert at.session_state["position"] == 6


def test_a_position_on_a_hidden_section_moves_on_to_the_next_shown(data_dir) -> None:
    at = answer_profile(started(new_app()), regulated=False)
    at.session_state["position"] = 7  # compliance, hidden for an unregulated organisation
    at.run()
    no_exception(at)
    assert at.header[0].value == "Anything else"
    click(at, "Next")
    assert at.header[0].value == "Review" and at.session_state["position"] == CLOSING + 1
    click(at, "Back")
    assert at.header[0].value == "Anything else"


def test_the_review_sends_you_to_the_section_with_unanswered_questions(data_dir) -> None:
    at = answer_profile(started(new_app()), regulated=True)
    at.session_state["position"] = 99
    at.run()
    assert at.header[0].value == "Review"
    next(b for b in at.button if b.key == "goto:compliance").click().run()
    no_exception(at)
    assert at.header[0].value == "Compliance and assurance"
    assert at.session_state["position"] == 7


METRICS = 5  # the 'Metrics' section


def test_none_of_these_is_chosen_alone(data_dir) -> None:
    """Ticking "None of these" clears the other choices and ticking another clears it, so the
    saved answer is always one a person means."""
    at = answer_profile(started(new_app()), regulated=False)
    at.session_state["position"] = METRICS
    at.run()
    assert at.header[0].value == "Metrics"
    token = at.session_state["token"]
    at.checkbox(key="q:metrics_tracked:velocity").check().run()
    at.checkbox(key="q:metrics_tracked:change-failure-rate").check().run()
    assert Store().answers(token)["metrics_tracked"] == ["velocity", "change-failure-rate"]
    at.checkbox(key="q:metrics_tracked:none-of-these").check().run()
    no_exception(at)
    assert not at.checkbox(key="q:metrics_tracked:velocity").value
    assert Store().answers(token)["metrics_tracked"] == ["none-of-these"]
    at.checkbox(key="q:metrics_tracked:mean-time-to-recovery").check().run()
    assert not at.checkbox(key="q:metrics_tracked:none-of-these").value
    assert Store().answers(token)["metrics_tracked"] == ["mean-time-to-recovery"]
