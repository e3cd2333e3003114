"""The dashboard with answers that no longer fit the pack (stored under an older version of
it): the group is still shown, the answers concerned are left out, and a note names the
respondents by their export P-number and the questions."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessment.store import Store
from tests.ui.conftest import APP, example_answers

BASE = example_answers("small-team-losing-context")["answers"]


def test_dashboard_shows_the_group_and_names_answers_that_no_longer_fit(data_dir) -> None:
    """Regression: one stale answer (a removed choice) failed the whole dashboard."""
    from assessment.services.workshops import export_order

    store = Store()
    workshop, key = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    for n in range(4):
        person = store.create_respondent("ai-scaling", "1.0.0", workshop_id=workshop.id)
        stale = {"ai_code_share": "most-of-it"} if n == 2 else {}
        for qid, value in {**BASE, "developers": 3 + n, **stale}.items():
            if value is not None:
                store.save_answer(person.token, qid, value)
        store.mark_finished(person.token)
    order = export_order(store.responses(workshop.id))
    p = f"P{order.index(2) + 1}"
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("assessment/ui/pages/workshop.py")
    at.session_state["facilitating"] = (workshop.code, key)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [w.value for w in at.warning if "no longer fit" in w.value]
    assert len(notes) == 1 and notes[0].endswith("by question\\: ai\\_code\\_share \\(1\\).")
    assert p not in notes[0]  # counts, not whose rows: that would tell who answered early
    assert any(m.label == "Team readiness" for m in at.metric)
    assert [m.value for m in at.metric if m.label == "Answers sent"] == ["4"]
