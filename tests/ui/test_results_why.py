"""The "Why" panels of the results page reach past derived facts (a stage, a status, a
readiness) to the answers and scores they rest on."""

from __future__ import annotations

from tests.ui.conftest import example_answers
from tests.ui.test_results_cache import respondent, results_page


def results_for(name: str):
    answers = example_answers(name)["answers"]
    return results_page(respondent(answers)), answers


def test_a_stage_in_a_why_panel_shows_the_answers_that_set_it(data_dir) -> None:
    at, answers = results_for("small-team-losing-context")
    panels = [m.value for m in at.markdown if m.value.startswith("- Stage today: **One team**")]
    assert panels, "no Why panel rests on the stage"
    lines = panels[0].splitlines()
    nested = [line.strip() for line in lines[1:] if line.startswith("    - ")]
    assert f"- Developers using AI assistance: **{answers['developers']}**" in nested
    assert f"- Teams: **{answers['teams']}**" in nested


def test_a_readiness_in_a_why_panel_shows_the_scores_behind_it(data_dir) -> None:
    at, _ = results_for("small-team-losing-context")
    panels = [m.value for m in at.markdown if "- PP1 readiness: **" in m.value]
    assert panels, "no Why panel rests on PP1's readiness"
    lines = panels[0].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("- PP1 readiness: **"))
    nested = []
    for line in lines[start + 1 :]:
        if not line.startswith("    - "):
            break
        nested.append(line)
    assert nested and all(line.rstrip().endswith("of 100**") for line in nested)


def test_a_stage_and_a_status_in_a_why_panel_read_german_in_german(data_dir) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.ui.conftest import APP
    from tests.ui.test_results_cache import RESULTS_PAGE

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["r"] = respondent(example_answers("small-team-losing-context")["answers"])
    at.query_params["lang"] = "de"
    at.switch_page(RESULTS_PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    said = "\n".join(m.value for m in at.markdown)
    assert "- Phase heute: **Team**" in said
    assert "- PP1: Status: **Überschritten, unvorbereitet**" in said
    assert "**One team**" not in said and "**Crossed, unprepared**" not in said
