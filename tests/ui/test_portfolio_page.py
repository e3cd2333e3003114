"""The portfolio of a signed-in facilitator's workshops (`assessment.ui.portfolio`): each
workshop one team, the conclusion first, a workshop below its threshold read as "fewer than k",
and nobody else's workshops."""

from __future__ import annotations

from typing import Any

from assessment.store import Store, owner_id
from tests.ui.test_dashboard import example_rows
from tests.ui.test_signin import ISSUER, person, signed_in_app


def _workshop(store: Store, name: str, rows: list[Any], owner: str) -> None:
    workshop, _ = store.create_workshop(name, "ai-scaling", "2.0.0", k=3, owner=owner)
    store.add_finished_respondents(workshop.id, "ai-scaling", "2.0.0", rows)


def test_the_portfolio_of_your_workshops_shows_who_is_where_and_holds_k(data_dir) -> None:
    store = Store()
    ana = owner_id(ISSUER, "ana-1")
    _workshop(store, "Payments", example_rows()[:3], ana)
    _workshop(store, "Search", example_rows()[3:6], ana)
    _workshop(store, "Mobile", example_rows()[:2], ana)  # two answers: below k = 3
    _workshop(store, "Ben's team", example_rows()[:3], owner_id(ISSUER, "ben-2"))
    at = signed_in_app(person())
    assert [t.label for t in at.tabs][:2] == ["Your workshops", "Portfolio"]
    conclusion = next(m.value for m in at.markdown if m.value.startswith("**3 teams"))
    assert "fewer than 3" in conclusion  # Mobile is said to be below the threshold
    table = at.dataframe[0].value
    assert list(table["team"]) == ["Mobile", "Payments", "Search"]  # not Ben's
    mobile = table[table["team"] == "Mobile"].iloc[0]
    assert mobile["stage"] == "fewer than 3" and mobile["readiness"] == "fewer than 3"
    assert "Where the teams disagree" in [s.value for s in at.subheader]
    exported = next(b for b in at.get("download_button") if b.proto.label == "Portfolio (JSON)")
    assert exported is not None
    # fewer than two picked: nothing is compared
    at.multiselect(key="portfolio_workshops").set_value([]).run()
    assert any("Pick two workshops or more" in i.value for i in at.info)


def test_the_portfolio_pdf_is_the_command_line_s(data_dir) -> None:
    import io

    from pypdf import PdfReader

    from assessment.services.scoring import Scorer
    from assessment.services.workshops import portfolio_of_workshops
    from assessment.ui.portfolio import _pdf

    store = Store()
    ana = owner_id(ISSUER, "ana-1")
    _workshop(store, "Payments", example_rows()[:3], ana)
    _workshop(store, "Mobile", example_rows()[:2], ana)
    chosen = store.workshops_of(ana)
    pdf = _pdf(portfolio_of_workshops(store, Scorer(), chosen))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Payments" in text and "fewer than 3" in text
