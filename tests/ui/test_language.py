"""The language a session reads: chosen on the start page, carried by ?lang=, a workshop's own
for its participants, and each person's own choice over it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from assessment.cli.main import app as cli
from assessment.errors import AnswerError
from assessment.services import workshops
from assessment.services.workshops import join_url
from assessment.store import Store
from tests.ui.test_app import click, new_app, no_exception


def test_the_start_page_in_german_and_back_to_english(data_dir) -> None:
    at = new_app()
    at.query_params["lang"] = "de"
    at.run()
    no_exception(at)
    assert at.title[0].value == "Wie bereit sind Sie, KI-gestützte Entwicklung zu skalieren?"
    chooser = next(s for s in at.selectbox if s.label == "Language · Sprache")
    assert chooser.value == "de"
    chooser.set_value("en").run()
    no_exception(at)
    assert at.title[0].value == "How ready are you to scale AI-assisted development?"
    assert "lang" not in at.query_params


def test_an_unknown_language_in_the_address_reads_english(data_dir) -> None:
    at = new_app()
    at.query_params["lang"] = "xx"
    at.run()
    no_exception(at)
    assert at.title[0].value == "How ready are you to scale AI-assisted development?"


def test_the_survey_shows_the_pack_in_german_and_keeps_the_language(data_dir) -> None:
    at = new_app()
    at.query_params["lang"] = "de"
    at.run()
    click(at, "Analyse starten")
    # the address bar, which is the resume link, holds the answers' token and the language
    assert at.query_params.get("r")
    assert at.query_params.get("lang") in ("de", ["de"])
    assert at.header[0].value == "Ihre Organisation"


def test_a_participant_reads_the_workshops_language_and_may_choose_another(data_dir) -> None:
    store = Store()
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "2.1.0", k=3, language="de")
    at = new_app()
    at.query_params["join"] = workshop.code
    at.run()
    no_exception(at)
    assert at.title[0].value == "Workshop beitreten: Kick-off"
    next(s for s in at.selectbox if s.label == "Language · Sprache").set_value("en").run()
    no_exception(at)
    assert at.title[0].value == "Join the workshop: Kick-off"


def test_a_workshop_keeps_its_language_in_its_link_and_its_follow_up(data_dir) -> None:
    store = Store()
    scorer = workshops.pack_scorer()
    workshop, _ = workshops.create_workshop(
        store, scorer, "Kick-off", organization="", k=3, roles=[], own_results=False, language="de"
    )
    assert workshop.language == "de"
    assert join_url(workshop.code, workshop.language).endswith(f"?join={workshop.code}&lang=de")
    assert join_url(workshop.code).endswith(f"?join={workshop.code}")
    later, _ = workshops.follow_up(store, scorer, workshop)
    assert later.language == "de"
    with pytest.raises(AnswerError, match="'fr' is not a language of the questionnaire"):
        workshops.create_workshop(
            store, scorer, "X", organization="", k=3, roles=[], own_results=False, language="fr"
        )


def test_the_command_line_creates_a_workshop_in_a_language(data_dir) -> None:
    result = CliRunner().invoke(
        cli, ["workshop", "create", "--name", "Kick-off", "--lang", "de", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "&lang=de" in result.output


def test_a_pack_in_english_only_offers_no_language_and_ignores_the_address(
    data_dir, monkeypatch
) -> None:
    from assessment.ui import resources
    from tests.conftest import MINI

    monkeypatch.setenv("PIVOTPOINT_PACK", str(MINI))
    resources._scorer.clear()
    resources._renderer.clear()
    try:
        at = new_app()
        at.query_params["lang"] = "de"
        at.run()
        no_exception(at)
        assert not [s for s in at.selectbox if s.label == "Language · Sprache"]
        assert at.title[0].value == "How ready are you to scale AI-assisted development?"
    finally:
        resources._scorer.clear()
        resources._renderer.clear()


def test_a_thread_that_set_no_language_asks_the_session() -> None:
    """Streamlit runs a fragment's reruns and a widget's callback in threads of their own,
    which never saw the run's `set_language`: they read the session's choice."""
    import threading

    from assessment import i18n

    said: list[str] = []
    i18n.set_resolver(lambda: "de")
    try:
        thread = threading.Thread(target=lambda: said.append(i18n._("Next")))
        thread.start()
        thread.join()
        with i18n.using("en"):
            said.append(i18n._("Next"))
    finally:
        i18n.set_resolver(None)
    fresh = threading.Thread(target=lambda: said.append(i18n._("Next")))
    fresh.start()
    fresh.join()
    assert said == ["Weiter", "Next", "Next"]


def test_the_same_answers_make_a_report_of_their_own_in_each_language() -> None:
    from assessment.report.context import ReportOptions
    from assessment.services.render_queue import job_key
    from assessment.services.scoring import Scorer
    from tests.conftest import EXAMPLES

    options = ReportOptions()
    keys = {
        job_key(Scorer(lang=lang).assess_file(EXAMPLES / "solo-developer.yaml"), options)
        for lang in ("en", "de")
    }
    assert len(keys) == 2
