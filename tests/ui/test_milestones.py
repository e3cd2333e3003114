"""Milestones in the app (`assessment.ui.milestones`): keep today's results on the report page,
come back after answers changed, and the results page and the PDF say what changed since."""

from __future__ import annotations

from unittest.mock import patch

from assessment.store import Store
from assessment.ui import milestones, pdf_download
from tests.ui.conftest import example_answers
from tests.ui.test_app import click, no_exception, opened, plain, saved

# pivot point 1's context practices put in place since
CONTEXT_KEPT = {
    "pp1_prompt_versioning": "fully",
    "pp1_review_context": "fully",
    "pp1_symptom_lost_context": "rarely",
}


def test_a_milestone_kept_shows_what_changed_since_on_the_results_page_and_in_the_pdf(
    data_dir,
) -> None:
    answers = example_answers("small-team-losing-context")["answers"]
    token = saved(answers)
    at = opened(token, "report.py")
    assert "Milestones" in [s.value for s in at.subheader]
    box = next(t for t in at.text_input if t.label == "Name of the milestone")
    box.set_value("June review")
    click(at, "Keep as a milestone")
    assert any("Kept as the milestone June review" in s.value for s in at.success)
    [kept] = Store().milestones(token)
    assert kept.name == "June review"
    # unchanged answers: nothing resolved, nothing new
    results = opened(token, "results.py")
    headings = [plain(s.value) for s in results.subheader]
    assert any(h.startswith("Since June review (") for h in headings)
    assert any("0 findings resolved, 0 new" in m.value for m in results.markdown)
    for qid, value in CONTEXT_KEPT.items():
        Store().save_answer(token, qid, value)
    results = opened(token, "results.py")
    no_exception(results)
    said = " ".join(m.value for m in results.markdown)
    assert "Lost generation context" in said.split("**Resolved**")[1].split("**New**")[0]
    # the PDF compares with the same milestone
    with patch.object(pdf_download, "offer") as offer:
        report = opened(token, "report.py")
    no_exception(report)
    progress = offer.call_args.args[1].progress
    assert progress.since.startswith("June review") and progress.resolved
    # choosing no comparison takes the part away, on every page
    report.selectbox(key=f"{milestones.CHOSEN}_box").set_value(milestones.NONE).run()
    assert report.session_state[milestones.CHOSEN] == milestones.NONE
    report.switch_page("assessment/ui/pages/results.py")
    report.run()
    assert not any(s.value.startswith("Since ") for s in report.subheader)
    # and the way back to a comparison stays on the results page
    assert report.selectbox(key=f"{milestones.CHOSEN}_box").value == milestones.NONE


def test_a_workshop_participant_keeps_no_milestones(data_dir) -> None:
    store = Store()
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "2.0.0", k=3)
    person = store.create_respondent("ai-scaling", "2.0.0", workshop_id=workshop.id)
    at = opened(person.token, "report.py")
    assert "Milestones" not in [s.value for s in at.subheader]


def test_a_milestone_downloads_as_an_assessment_that_compare_takes(data_dir, tmp_path) -> None:
    from typer.testing import CliRunner

    from assessment.cli.main import app
    from assessment.ui.milestones import _as_json

    answers = example_answers("small-team-losing-context")["answers"]
    token = saved(answers)
    at = opened(token, "report.py")
    next(t for t in at.text_input if t.label == "Name of the milestone").set_value("June")
    click(at, "Keep as a milestone")
    [kept] = Store().milestones(token)
    assert [b.proto.label for b in at.get("download_button")].count("JSON") == 1
    path = tmp_path / "june.json"
    path.write_text(_as_json(token, kept.id))
    later = tmp_path / "later.yaml"
    import yaml

    later.write_text(yaml.safe_dump({"answers": {**answers, **CONTEXT_KEPT}}))
    result = CliRunner().invoke(app, ["compare", str(path), str(later)])
    assert result.exit_code == 0, result.output
    assert "Lost generation context" in result.stdout.split("Resolved")[1].split("Still open")[0]
