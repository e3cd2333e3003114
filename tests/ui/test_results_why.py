"""The "Why" panels of the results page reach past derived facts (a stage, a status, a
readiness) to the answers and scores they rest on."""

from __future__ import annotations

from assessment.store import Store
from tests.ui.conftest import example_answers
from tests.ui.test_app import new_app, no_exception


def results_for(name: str):
    data = example_answers(name)
    store = Store()
    respondent = store.create_respondent("ai-scaling", "1.0.0")
    for qid, value in data["answers"].items():
        if value is not None:
            store.save_answer(respondent.token, qid, value)
    at = new_app()
    at.query_params["r"] = respondent.token
    at.switch_page("assessment/ui/pages/results.py")
    at.run()
    no_exception(at)
    return at, data["answers"]


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
