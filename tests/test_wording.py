"""Wording that fits the organisation's size: the audience, the choice of a text's version, the
`validate` lint, and a property over generated answer sets that every text a result shows fits
the headcount and teams that produced it."""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from typer.testing import CliRunner

from assessment import i18n
from assessment.cli.main import app
from assessment.content.audience import (
    ASSUMPTIONS,
    BySize,
    audience_of,
    counted,
    grammar,
    headcount,
    misfits,
    pick,
)
from assessment.content.pack import load_pack
from assessment.content.wording import lint_wording
from assessment.engine.result import Assessment
from assessment.report.context import build_context
from assessment.report.render import Renderer
from assessment.report.text import format_text
from assessment.services.scoring import Scorer
from tests.conftest import MINI
from tests.test_properties import PACK, SCORER, answer_sets

# -- the audience and the choice of a version ----------------------------------------------------


@pytest.mark.parametrize(
    ("developers", "teams", "audience"),
    [
        (1, 1, "solo"),
        (1, 3, "solo"),
        (2, 1, "one_team"),
        (19, 1, "one_team"),
        (25, 1, "one_team"),  # one team of 25 still reads no wording about other teams
        (2, 2, "several_teams"),
        (16, 4, "several_teams"),
        (19, 5, "several_teams"),
        (20, 2, "organisation"),
        (400, 30, "organisation"),
        (None, 2, None),
        (5, None, None),
        (30, None, "organisation"),
    ],
)
def test_the_audience_follows_headcount_and_teams(developers, teams, audience) -> None:
    assert audience_of(developers, teams) == audience


def test_a_text_by_size_gives_each_audience_its_version() -> None:
    text = BySize(solo="Alone.", one_team="One team.", other="Teams.")
    assert pick(text, "solo") == "Alone."
    assert pick(text, "one_team") == "One team."
    assert pick(text, "several_teams") == "Teams."
    assert pick(text, "organisation") == "Teams."
    assert pick(text, None) == "Teams."  # size unknown: the version for the rest
    assert pick("The same for all.", "solo") == "The same for all."
    full = BySize(solo="a", one_team="b", several_teams="c", organisation="d")
    assert pick(full, None) == "d"  # no 'other': the largest audience's version


def test_a_text_by_size_must_cover_every_audience() -> None:
    with pytest.raises(ValidationError, match="missing: several_teams, organisation"):
        BySize(solo="a", one_team="b")


def test_misfits_name_the_words_that_assume_another_size() -> None:
    assert misfits("Cover every interface between teams.", "one_team") == [
        "'between teams' assumes several teams"
    ]
    assert misfits("Cover every interface between teams.", "several_teams") == []
    assert misfits("Agree it with the developers who follow it.", "solo")
    assert misfits("You work as one team.", "several_teams")
    assert misfits("At organisation scale you cannot steer blind.", "several_teams")
    assert misfits("At organisation scale you cannot steer blind.", "organisation") == []
    assert misfits("You work alone.", "one_team")
    assert grammar("4 developers in 1 teams; 1 developers") == ["1 teams", "1 developers"]
    assert grammar("21 teams, 11 developers, 1.1 teams") == []


@pytest.mark.parametrize(
    ("developers", "teams", "words"),
    [
        (1, 1, "1 developer"),
        (4, 1, "4 developers in 1 team"),
        (40, 6, "40 developers in 6 teams"),
        (1, 2, "1 developer in 2 teams"),
        (3, None, "3 developers"),
        (None, None, "headcount not given"),
    ],
)
def test_headcount_in_words(developers, teams, words) -> None:
    assert headcount(developers, teams) == words
    assert not grammar(words)


def test_a_count_of_one_takes_the_singular() -> None:
    assert counted(1, "developers") == "1 developer"
    assert counted("1", "teams") == "1 team"
    assert counted(2, "teams") == "2 teams"
    assert counted(1, "kWh") == "1 kWh"
    assert counted(3, None) == "3"


# -- the validate lint -------------------------------------------------------------------------


def _mini(tmp_path: Path, why: str) -> Path:
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    symptoms = pack / "rules" / "symptoms.yaml"
    symptoms.write_text(symptoms.read_text().replace("    why: Context is lost.\n", why))
    return pack


def test_the_lint_flags_a_plain_text_a_smaller_organisation_can_read(tmp_path: Path) -> None:
    pack = load_pack(_mini(tmp_path, "    why: Context is lost between teams.\n"))
    problems = lint_wording(pack)
    assert len(problems) == 1
    message = problems[0].message
    assert problems[0].where == "symptoms.sym-lost-context"
    assert "'between teams' assumes several teams" in message
    assert "a solo developer (e.g. 1 developer)" in message
    assert "a single team of two or more developers" in message


def test_the_lint_accepts_a_version_for_each_size(tmp_path: Path) -> None:
    why = (
        "    why:\n"
        "      solo: Your context is lost.\n"
        "      one_team: Context is lost in the team.\n"
        "      other: Context is lost between teams.\n"
    )
    assert lint_wording(load_pack(_mini(tmp_path, why))) == []


def test_the_lint_checks_each_version_against_its_readers(tmp_path: Path) -> None:
    why = "    why:\n      solo: You lose context between teams.\n      other: Context is lost.\n"
    problems = lint_wording(load_pack(_mini(tmp_path, why)))
    assert [p.where for p in problems] == ["symptoms.sym-lost-context"]
    assert "give 'solo' a version of its own" in problems[0].message


def test_the_lint_reads_the_size_a_rule_allows(tmp_path: Path) -> None:
    """A rule that holds only from two teams, or only at the several-teams stage, may say so;
    one that can hold for a single team may not."""
    teams_only = (
        "    why: Context is lost between teams.\n"
        "    when: {all: [{q: symptom_context, gte: monthly}, {q: teams, gte: 2}]}\n"
    )
    pack = _mini(tmp_path, teams_only)
    symptoms = pack / "rules" / "symptoms.yaml"
    symptoms.write_text(
        symptoms.read_text().replace("    when: {q: symptom_context, gte: monthly}\n", "")
    )
    assert lint_wording(load_pack(pack)) == []
    symptoms.write_text(symptoms.read_text().replace("{q: teams, gte: 2}", "{q: teams, lte: 3}"))
    assert lint_wording(load_pack(pack))


def test_the_lint_knows_a_question_hidden_at_a_size_cannot_fire(tmp_path: Path) -> None:
    """A rule on a question asked only of several teams is never read by one team."""
    pack = _mini(tmp_path, "    why: Context is lost between teams.\n")
    questionnaire = pack / "questionnaire.yaml"
    questionnaire.write_text(
        questionnaire.read_text().replace(
            "label: Lost context, quote: Why is this here}",
            "label: Lost context, quote: Why is this here, visible_if: {q: teams, gte: 2}}",
        )
    )
    assert lint_wording(load_pack(pack)) == []


def test_validate_reports_wording_that_misfits(tmp_path: Path) -> None:
    pack = _mini(tmp_path, "    why: Context is lost between teams.\n")
    result = CliRunner().invoke(app, ["validate", str(pack)])
    assert result.exit_code == 1
    assert "'between teams' assumes several teams" in result.output


def test_the_default_pack_fits_every_size() -> None:
    """Every plain text of the shipped pack fits each audience its rule can reach."""
    assert [str(p) for p in lint_wording(PACK)] == []


def test_german_words_that_assume_a_size_are_known_in_their_forms() -> None:
    assert misfits("Der Kontext geht zwischen den Teams verloren.", "one_team", "de") == [
        "'zwischen den Teams' assumes several teams"
    ]
    assert misfits("Sprechen Sie mit anderen Teams.", "solo", "de")
    assert misfits("Sie arbeiten allein.", "several_teams", "de")
    assert misfits("Ihr Team prüft es.", "solo", "de")
    assert misfits("Der Kontext geht zwischen den Teams verloren.", "several_teams", "de") == []
    # German words are not English ones: each list is read in its own language
    assert misfits("Der Kontext geht zwischen den Teams verloren.", "one_team", "en") == []
    assert misfits("Context is lost between teams.", "one_team", "de") == []
    # "1 Entwickler" is German's singular; "1 Teams" is not
    assert grammar("1 Entwickler in 1 Team", "de") == []
    assert grammar("1 Teams", "de") == ["1 Teams"]


def test_the_lint_reads_a_translation_and_names_its_line(tmp_path: Path) -> None:
    from tests.test_translations import source_texts, translated_mini

    texts = {k: f"xx {v}" for k, v in source_texts(MINI).items()}
    key = "symptoms.rules.sym-lost-context.why"
    assert key in texts
    pack = translated_mini(tmp_path, texts)
    # a language the word lists do not have: validate says its wording went unchecked
    result = CliRunner().invoke(app, ["validate", str(pack), "--checked", "xx"])
    assert result.exit_code == 0, result.output
    assert "note: no words that assume a size are listed for 'xx'" in result.output
    # in German, a text that assumes several teams is named at the translation's line
    info = pack / "pack.yaml"
    info.write_text(info.read_text().replace("languages: [en, xx]", "languages: [en, de]"))
    texts[key] = "Der Kontext geht zwischen den Teams verloren."
    german = pack / "translations" / "de.yaml"
    (pack / "translations" / "xx.yaml").rename(german)
    german.write_text(yaml.safe_dump(texts, allow_unicode=True, sort_keys=False, width=1000))
    problems = lint_wording(load_pack(pack, lang="de"))
    assert [(p.file.endswith("translations/de.yaml"), p.line) for p in problems] == [
        (True, list(texts).index(key) + 1)
    ]
    assert "'zwischen den Teams' assumes several teams" in problems[0].message


def test_the_german_pack_fits_every_size() -> None:
    """Every German text of the shipped pack fits each audience its rule can reach."""
    assert [str(p) for p in lint_wording(GERMAN)] == []


# -- the property over generated answer sets ---------------------------------------------------

RENDERER = Renderer(PACK)
GERMAN = load_pack(lang="de")


@st.composite
def sized_answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    """Generated answers with headcounts around every size boundary."""
    answers = draw(answer_sets())
    developers = draw(
        st.one_of(
            st.just(1),
            st.integers(2, 25),
            st.sampled_from([4, 5, 8, 9, 16, 19, 20, 21, 40, 250]),
        )
    )
    teams = draw(st.one_of(st.just(1), st.integers(1, min(developers, 12))))
    answers["developers"] = developers
    answers["teams"] = min(teams, developers)
    if draw(st.booleans()):
        answers["planned_developers"] = draw(st.integers(1, 60))
    else:
        answers.pop("planned_developers", None)
    return answers


def shown_texts(a: Assessment) -> list[tuple[str, str]]:
    """Every sentence a result shows about the organisation, named by where it is shown.
    Names (titles, labels, stage names) name a framework term and are left out."""
    texts: list[tuple[str, str]] = []
    for pp in a.pivot_points:
        texts += [(f"{pp.id} why", pp.why or ""), (f"{pp.id} breaks", pp.breaks)]
        texts += [(f"symptom {s.id}", s.why) for s in pp.symptoms]
    for m in a.mistakes:
        texts += [(f"mistake {m.id}", w) for w in m.why] + [(f"mistake {m.id}", m.summary)]
    for p in a.patterns:
        texts += [(f"pattern {p.id}", p.why), (f"pattern {p.id}", p.summary)]
    for metric in a.metrics.recommended + a.metrics.misleading_in_use:
        texts += [(f"metric {metric.id}", metric.why), (f"metric {metric.id}", metric.summary)]
    texts += [("compliance", w) for w in a.compliance.why]
    for g in a.compliance.gaps:
        texts += [(f"gap {g.id}", g.why), (f"gap {g.id}", g.summary)]
    texts += [(f"strategy {r.rule}", r.text) for r in a.strategy.rationale]
    texts += [("strategy", a.strategy.summary or "")]
    for s in a.next_steps:
        texts += [(f"step {s.rule}", s.action), (f"step {s.rule}", s.why)]
        texts += [(f"step {s.rule} owner", s.owner), (f"step {s.rule}", s.success)]
    texts += [(f"outside help {h.rule}", f"{h.advice} {h.why}") for h in a.outside_help]
    texts += [(f"dimension {d.id}", d.description) for d in a.readiness.dimensions]
    return texts


def report_texts(a: Assessment, pack: Any = None) -> list[tuple[str, str]]:
    """The report's own sentences that depend on the answers."""
    ctx = build_context(a, pack or PACK)
    texts = [("stage note", ctx["stage_note"]), ("strategy sentence", ctx["strategy_sentence"])]
    texts += [("chart reading", line) for line in ctx["chart_reading"]]
    page_one = ctx["summary"]
    # a pivot point's name ("from several teams to an organisation") is a framework term
    constraint = page_one.constraint
    for pp in a.pivot_points:
        constraint = constraint.replace(f" ({i18n.lower(pp.title.partition(': ')[2])})", "")
    texts += [("status", page_one.status_note), ("constraint", constraint)]
    texts += [(f"page one {f.title}", f.text) for f in page_one.findings]
    if page_one.decision:
        texts.append(("decision", page_one.decision.sentence))
    texts += [(f"phase {i}", use) for i, use in enumerate(ctx["phase_uses"], 1)]
    return texts


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sized_answer_sets())
def test_every_text_a_result_shows_fits_its_size(answers: dict[str, Any]) -> None:
    values = SCORER.check(answers)
    a = SCORER.assess(values)
    audience = audience_of(values["developers"], values["teams"])
    assert audience is not None
    wrong = [
        f"{where}: {'; '.join(found)}: {text}"
        for where, text in shown_texts(a) + report_texts(a)
        if (found := misfits(text, audience))
    ]
    size = headcount(values["developers"], values["teams"])
    assert not wrong, f"{size} ({audience}) reads:\n" + "\n".join(wrong)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sized_answer_sets())
def test_every_text_a_german_result_shows_fits_its_size(answers: dict[str, Any]) -> None:
    scorer = _german_scorer()
    values = scorer.check(answers)
    with i18n.using("de"):
        a = scorer.assess(values)
        texts = shown_texts(a) + report_texts(a, GERMAN)
    audience = audience_of(values["developers"], values["teams"])
    wrong = [
        f"{where}: {'; '.join(found)}: {text}"
        for where, text in texts
        if (found := misfits(text, audience, "de"))
    ]
    size = headcount(values["developers"], values["teams"])
    assert not wrong, f"{size} reads:\n" + "\n".join(wrong)


@functools.cache
def _german_scorer() -> Scorer:
    return Scorer(GERMAN)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sized_answer_sets())
def test_no_report_counts_one_in_the_plural(answers: dict[str, Any]) -> None:
    values = SCORER.check(answers)
    a = SCORER.assess(values)
    html = re.sub(r"<[^>]+>", " ", RENDERER.html(a))
    for name, text in (("terminal text", format_text(a)), ("report", html)):
        assert not grammar(text), f"{name}: {grammar(text)}"


def test_the_word_lists_are_one_table() -> None:
    """The lint and the property read the same lists: every phrase belongs to one assumption
    and is matched as whole words."""
    for lang in ("en", "de"):
        phrases = [p for a in ASSUMPTIONS for p in a.phrases_in(lang)]
        assert phrases and len(phrases) == len(set(phrases))
        for a in ASSUMPTIONS:
            assert a.phrases_in(lang), f"{a.name} has no words in {lang}"
            for phrase in a.phrases_in(lang):
                assert a.pattern_in(lang).search(f"Here {phrase.title()} shows.")
                assert not a.pattern_in(lang).search(f"Here {phrase}x shows.")


def test_a_german_misfit_in_one_of_several_versions_on_a_line_is_named_at_its_own(
    tmp_path: Path,
) -> None:
    """A step's owner by size stands on one line of the English file (a flow mapping); the
    misfit is in the German of its `other` version, and is named at that key's line."""
    from tests.conftest import DEFAULT_PACK

    pack = tmp_path / "pack"
    shutil.copytree(DEFAULT_PACK, pack, ignore=shutil.ignore_patterns("cases"))
    german = pack / "translations" / "de.yaml"
    key = "next_steps.steps.step-pp2-write-contracts.owner.other"
    text = german.read_text()
    assert text.count(f"\n{key}: ") == 1
    german.write_text(text.replace(f"\n{key}: ", f"\n{key}: Sie arbeiten allein, "))
    problems = lint_wording(load_pack(pack, lang="de", with_cases=False))
    line = text[: text.index(f"\n{key}: ")].count("\n") + 2
    assert [(p.where, p.line) for p in problems] == [(key, line)]
    assert problems[0].file.endswith("translations/de.yaml")
