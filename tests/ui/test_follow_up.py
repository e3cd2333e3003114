"""A follow-up workshop from the dashboard: started from the earlier one's dashboard, opened
at its key step, and its dashboard says what changed since the earlier one."""

from __future__ import annotations

from assessment.store import Store
from tests.ui.test_app import click, no_exception, plain
from tests.ui.test_dashboard import dashboard, example_rows


def test_a_follow_up_started_from_the_dashboard_says_what_changed_since(data_dir) -> None:
    store = Store()
    first, key = store.create_workshop(
        "Kick-off", "ai-scaling", "2.0.0", organization="Acme", k=3, roles=["developer"]
    )
    store.add_finished_respondents(first.id, "ai-scaling", "2.0.0", example_rows()[:4])
    at = dashboard(first.code, key)
    click(at, "Start a follow-up workshop")
    assert "Reveal the facilitator key" in [b.label for b in at.button]  # the key step first
    [later] = [w for w in (store.find_workshop(c) for c in _codes(store)) if w.follows]
    assert (later.name, later.organization, later.k) == ("Kick-off (follow-up)", "Acme", 3)
    click(at, "Reveal the facilitator key")
    click(at, "I have saved it")
    no_exception(at)
    # fewer than k answers here: nothing is shown, a comparison neither
    assert not any(s.value.startswith("Since") for s in at.subheader)
    better = [
        (role, {**answers, "pp2_contract_tests": "fully", "pp2_interface_contracts": "fully"})
        for role, answers in example_rows()[:4]
    ]
    store.add_finished_respondents(later.id, "ai-scaling", "2.0.0", better)
    at.run()
    no_exception(at)
    headings = [plain(s.value) for s in at.subheader]
    assert any(h.startswith("Since Kick-off (") for h in headings), headings
    said = " ".join(m.value for m in at.markdown)
    assert "findings resolved" in said or "finding resolved" in said


def _codes(store: Store) -> list[str]:
    from sqlalchemy import select

    from assessment.store.schema import workshop

    with store._read() as conn:
        return [str(c) for c in conn.execute(select(workshop.c.code)).scalars()]
