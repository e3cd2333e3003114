"""The results page offers the action plan for Jira, Azure DevOps and as Markdown."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from assessment.services.history import load_side
from assessment.services.scoring import Scorer
from tests.ui.conftest import EXAMPLES, example_answers
from tests.ui.test_app import opened, saved


def test_the_results_page_offers_the_plan_for_trackers_and_as_a_checklist(
    data_dir, offered
) -> None:
    answers = example_answers("small-team-losing-context")["answers"]
    at = opened(saved(answers), "results.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "Plan for Jira (CSV)",
        "Plan for Azure DevOps (CSV)",
        "Plan as a checklist (Markdown)",
    ]
    today = date.today()
    stem = f"pivotpoint-{today.isoformat()}-plan"  # no organisation is stored for this one
    assert set(offered) >= {f"{stem}-jira.csv", f"{stem}-azure-devops.csv", f"{stem}.md"}
    jira = list(csv.reader(io.StringIO(offered[f"{stem}-jira.csv"].decode(), newline="")))
    assert jira[0][:4] == ["Summary", "Issue Type", "Priority", "Due Date"]
    assert jira[1][3] == (today + timedelta(days=30)).isoformat()  # due 30 days from today
    azure = list(csv.reader(io.StringIO(offered[f"{stem}-azure-devops.csv"].decode(), newline="")))
    assert azure[0][:2] == ["Work Item Type", "Title"] and len(azure) == len(jira)
    assert [r[0] for r in jira[1:]] == [r[1] for r in azure[1:]]
    checklist = offered[f"{stem}.md"].decode()
    assert checklist.startswith("# Action plan") and f"- [ ] {jira[1][0]} — " in checklist
    # the steps of the assessment of these answers, in the plan's order
    plan = load_side(Scorer(), EXAMPLES / "small-team-losing-context.yaml").scored.next_steps
    assert [r[0] for r in jira[1:]] == [s.title for s in plan]


def test_the_plan_downloads_follow_the_sessions_language(data_dir, offered) -> None:
    from tests.ui.test_app import new_app, no_exception

    answers = example_answers("small-team-losing-context")["answers"]
    at = new_app()
    at.query_params["r"] = saved(answers)
    at.query_params["lang"] = "de"
    at.run()
    at.switch_page("assessment/ui/pages/results.py")
    at.run()
    no_exception(at)
    stem = f"pivotpoint-{date.today().isoformat()}-plan"
    checklist = offered[f"{stem}.md"].decode()
    assert checklist.startswith("# Maßnahmenplan\n") and "## Erste 30 Tage (fällig am " in checklist
    jira = list(csv.reader(io.StringIO(offered[f"{stem}-jira.csv"].decode(), newline="")))
    assert jira[0][:4] == ["Summary", "Issue Type", "Priority", "Due Date"]  # the importer's
    assert jira[1][4].startswith("Vorgehen: ")
