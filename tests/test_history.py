"""What changed between two assessments (`services.history`, `assessment compare`): progress
the answers made told apart from what the rules alone changed, and findings that were only
judged for the first time told apart from new ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from assessment.cli.main import app
from assessment.services.history import Side, compare, load_side, problems
from tests.test_properties import PACK, SCORER, answer_sets

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SMALL_TEAM = EXAMPLES / "small-team-losing-context.yaml"
runner = CliRunner()


def written(tmp_path: Path, name: str, changes: dict[str, Any], date: str) -> Path:
    """The small-team example with `changes` to its answers, dated `date`."""
    data = yaml.safe_load(SMALL_TEAM.read_text())
    data["answers"].update(changes)
    data["meta"]["date"] = date
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data))
    return path


# the context practices of pivot point 1 put in place, and its symptoms gone
CONTEXT_KEPT = {
    "pp1_prompt_versioning": "fully",
    "pp1_review_context": "fully",
    "pp1_prompt_library": "fully",
    "pp1_ai_docs": "fully",
    "pp1_symptom_lost_context": "never",
    "pp1_symptom_inconsistent_output": "never",
    "pp1_symptom_hidden_dependencies": "never",
}


def test_practices_put_in_place_resolve_their_findings_and_mark_the_plan_done(tmp_path) -> None:
    before = load_side(SCORER, written(tmp_path, "june.yaml", {}, "2026-06-01"))
    after = load_side(SCORER, written(tmp_path, "dec.yaml", CONTEXT_KEPT, "2026-12-01"))
    p = compare(PACK, before, after)
    assert p.since == "2026-06-01"
    resolved = {r.id for r in p.resolved}
    assert {"PP1", "lost-generation-context", "inconsistent-ai-output"} <= resolved
    assert not p.new and not p.first_judged and not p.rules_changed and not p.rules_resolved
    assert p.readiness.change is not None and p.readiness.change > 0
    assert p.readiness.answers == p.readiness.change and p.readiness.rules == 0
    context = next(d for d in p.dimensions if d.id == "context-sharing")
    assert context.after == 100 and context.answers == context.change
    assert {a.question for a in p.answers_changed} == set(CONTEXT_KEPT)
    pp1 = next(s for s in p.statuses if s.id == "PP1")
    assert (pp1.before, pp1.after) == ("crossed-unprepared", "crossed-ready")
    # a step is done when it answered findings that asked for work and every one is resolved
    then, still_made = set(problems(before.scored)), set(problems(after.rescored))
    for step in p.plan:
        addressed = set(next(s for s in before.scored.next_steps if s.rule == step.rule).addresses)
        answered = addressed & then
        assert (step.status == "done") == bool(answered and not answered & still_made), step
    assert p.plan_done and set(p.plan_done) < {s.rule for s in p.plan}


def test_an_assessment_scored_under_older_rules_shows_what_the_rules_alone_changed(
    tmp_path,
) -> None:
    answers = written(tmp_path, "june.yaml", {}, "2026-06-01")
    scored = json.loads(runner.invoke(app, ["score", str(answers), "-f", "json"]).stdout)
    # as an older version of the pack scored it: one mistake fewer, readiness 5 points lower
    scored["pack"]["version"] = "1.9.0"
    dropped = scored["mistakes"].pop(0)
    scored["readiness"]["overall"] -= 5
    kept = tmp_path / "june.json"
    kept.write_text(json.dumps(scored))
    p = compare(PACK, load_side(SCORER, kept), load_side(SCORER, answers))
    assert (p.pack_before, p.pack_after, p.kept_as_scored) == ("1.9.0", PACK.info.version, True)
    # the same answers: nothing resolved or new, and the whole change is the rules'
    assert not p.resolved and not p.new and not p.answers_changed
    assert [r.id for r in p.rules_changed] == [dropped["id"]]
    assert (p.readiness.change, p.readiness.answers, p.readiness.rules) == (5, 0, 5)
    text = runner.invoke(app, ["compare", str(kept), str(answers)]).stdout
    assert "from version 1.9.0 to" in text and "(+5, all from changed rules)" in text
    assert "Changed by the rules alone, not by anything you did" in text
    assert "from the answers" not in text.split("Overall readiness")[1].splitlines()[0]


def test_findings_the_earlier_answers_could_not_judge_are_not_called_new(tmp_path) -> None:
    early = tmp_path / "early.yaml"
    early.write_text(
        "meta: {date: 2026-03-01}\nanswers: {developers: 4, teams: 1, regulated: false}\n"
    )
    p = compare(PACK, load_side(SCORER, early), load_side(SCORER, SMALL_TEAM))
    assert not p.new and not p.resolved
    assert {"PP1", "lost-generation-context"} <= {r.id for r in p.first_judged}
    p = compare(PACK, load_side(SCORER, SMALL_TEAM), load_side(SCORER, early))
    assert not p.resolved and "PP1" in {r.id for r in p.no_longer_judged}
    # answers left open resolve nothing, so no step of the earlier plan is done
    assert not p.plan_done and {s.status for s in p.plan} <= {"open", "dropped"}


def test_a_step_whose_finding_only_the_older_rules_made_is_dropped_not_done(tmp_path) -> None:
    scored = json.loads(runner.invoke(app, ["score", str(SMALL_TEAM), "-f", "json"]).stdout)
    scored["pack"]["version"] = "1.9.0"
    # as the older rules scored it: a mistake today's rules do not make, and a step for it
    scored["mistakes"].append({**scored["mistakes"][0], "id": "M-old", "rule": "m-old"})
    scored["next_steps"].append(
        {**scored["next_steps"][0], "rule": "step-old", "addresses": ["M-old"]}
    )
    kept = tmp_path / "old.json"
    kept.write_text(json.dumps(scored))
    p = compare(PACK, load_side(SCORER, kept), load_side(SCORER, SMALL_TEAM))
    assert [r.id for r in p.rules_resolved] == ["M-old"] and not p.resolved
    assert next(s for s in p.plan if s.rule == "step-old").status == "dropped"
    assert "step-old" not in p.plan_done


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_an_assessment_compared_with_itself_shows_no_change(answers) -> None:
    assessed = SCORER.assess(answers)
    side = Side("then", assessed, assessed, False)
    p = compare(PACK, side, side)
    assert not (p.resolved or p.new or p.first_judged or p.no_longer_judged or p.answers_changed)
    assert not (p.rules_changed or p.rules_resolved)
    assert {d.change for d in [p.readiness, *p.dimensions, *p.pivot_points]} <= {0, None}
    assert len(p.unchanged) == len(problems(assessed))
    assert not p.plan_done  # nothing was resolved, so no step is done


def test_compare_from_the_command_line_as_text_and_json(tmp_path) -> None:
    before = written(tmp_path, "june.yaml", {}, "2026-06-01")
    after = written(tmp_path, "dec.yaml", CONTEXT_KEPT, "2026-12-01")
    text = runner.invoke(app, ["compare", str(before), str(after)])
    assert text.exit_code == 0, text.output
    first = text.stdout.splitlines()[0]
    assert first.startswith("Since 2026-06-01: ") and "resolved" in first  # the conclusion first
    assert "Versioned prompts and generation context: Not in place -> Fully in place" in text.stdout
    as_json = runner.invoke(app, ["compare", str(before), str(after), "--format", "json"])
    data = json.loads(as_json.stdout)
    assert {"since", "resolved", "new", "answers_changed", "rules_changed", "plan_done"} <= set(
        data
    )


def test_something_that_is_neither_answers_nor_an_assessment_is_refused_with_where(
    tmp_path,
) -> None:
    odd = tmp_path / "odd.json"
    odd.write_text('{"stage": {}, "readiness": 3, "pivot_points": []}')
    result = runner.invoke(app, ["compare", str(odd), str(SMALL_TEAM)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{odd}:1:" in result.stderr and "not one this version reads" in result.stderr
    other = json.loads(runner.invoke(app, ["score", str(SMALL_TEAM), "-f", "json"]).stdout)
    other["pack"]["id"] = "someone-elses"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(other, indent=2))
    result = runner.invoke(app, ["compare", str(path), str(SMALL_TEAM)])
    assert (
        result.exit_code == 1 and "only assessments of one questionnaire compare" in result.stderr
    )


def test_the_report_gains_a_page_on_what_changed_and_still_fits_twelve_pages(tmp_path) -> None:
    from pypdf import PdfReader

    regulated = EXAMPLES / "regulated-enterprise.yaml"  # the longest report
    out = tmp_path / "report.pdf"
    result = runner.invoke(
        app, ["report", str(regulated), "-o", str(out), "--previous", str(regulated)]
    )
    assert result.exit_code == 0, result.output
    pages = PdfReader(out).pages
    assert len(pages) <= 12
    text = " ".join(" ".join(p.extract_text().split()) for p in pages[:4])
    assert "Since 2026" in text and "0 findings resolved, 0 new" in text
    assert "Changed by the rules alone" not in text  # the same answers, the same rules


def test_score_with_previous_carries_progress_and_reads_back_as_an_earlier_side(tmp_path) -> None:
    before = written(tmp_path, "june.yaml", {}, "2026-06-01")
    after = written(tmp_path, "dec.yaml", CONTEXT_KEPT, "2026-12-01")
    result = runner.invoke(app, ["score", str(after), "-f", "json", "--previous", str(before)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["progress"]["since"] == "2026-06-01" and data["progress"]["resolved"]
    kept = tmp_path / "dec.json"
    kept.write_text(result.stdout)
    # an assessment written with its progress is still an earlier side for the next time
    p = compare(PACK, load_side(SCORER, kept), load_side(SCORER, after))
    assert not p.resolved and not p.new and p.since == "2026-12-01"
    text = runner.invoke(app, ["score", str(after), "--previous", str(before)]).stdout
    assert "\nProgress\nSince 2026-06-01: " in text
