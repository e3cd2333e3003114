"""A pack in another language: the translation file's keys, the checks `validate` makes, and the
same answers judged alike in every language."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from assessment import i18n
from assessment.cli.main import app
from assessment.content.pack import load_pack
from assessment.engine.result import Assessment
from assessment.errors import ContentError
from assessment.services.scoring import Scorer
from tests.conftest import DEFAULT_PACK, EXAMPLES, MINI

runner = CliRunner()


def source_texts(pack: Path) -> dict[str, str]:
    """Every translatable text of `pack`, by key, as `validate` asks a translation for it."""
    from assessment.content.pack import source_texts as texts

    return texts(pack)


def translated_mini(tmp_path: Path, texts: dict[str, str]) -> Path:
    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    info = pack / "pack.yaml"
    info.write_text(info.read_text() + "languages: [en, xx]\n")
    (pack / "translations").mkdir()
    (pack / "translations" / "xx.yaml").write_text(
        yaml.safe_dump(texts, allow_unicode=True, sort_keys=False, width=1000)
    )
    return pack


def findings(a: Assessment) -> dict[str, Any]:
    """What the assessment decides, by id only: the same in every language."""
    return {
        "stage": (a.stage.id, a.stage.planned),
        "pivot_points": [(p.id, p.status, p.readiness) for p in a.pivot_points],
        "symptoms": sorted(s.id for p in a.pivot_points for s in p.symptoms),
        "mistakes": sorted(m.id for m in a.mistakes),
        "patterns": sorted((p.id, p.status) for p in a.patterns),
        "metrics": sorted(m.id for m in a.metrics.recommended),
        "gaps": sorted(g.id for g in a.compliance.gaps),
        "strategy": (a.strategy.id, a.strategy.phase),
        "steps": [(s.rule, s.horizon) for s in a.next_steps],
        "not_judged": sorted(n.rule for n in a.not_judged),
        "readiness": a.readiness.overall,
    }


# -- keys ---------------------------------------------------------------------------------------
def test_keys_name_texts_by_their_ids_not_their_places() -> None:
    texts = source_texts(DEFAULT_PACK)
    # a question is named by its id alone, whichever section holds it
    assert "questionnaire.questions.developers.text" in texts
    assert not any(".sections." in k and ".questions." in k for k in texts)
    # a text with one version per size has a key per version
    assert any(k.endswith(".solo") for k in texts)
    assert all("." in k and " " not in k.split(".")[0] for k in texts)
    # ids, versions, citations and licence lines are never asked for
    assert not any(k.endswith((".id", ".version", ".licence", ".source", ".ref")) for k in texts)


def test_the_german_translation_has_every_key_and_nothing_else() -> None:
    texts = source_texts(DEFAULT_PACK)
    german = yaml.safe_load((DEFAULT_PACK / "translations" / "de.yaml").read_text())
    assert set(german) == set(texts)
    assert all(isinstance(v, str) and v.strip() for v in german.values())
    # translated, not copied: a few names of the trade stay the same, most texts do not
    same = [k for k in texts if german[k].strip() == texts[k].strip()]
    assert len(same) < len(texts) * 0.05, same[:20]


# -- what validate reports --------------------------------------------------------------------
def test_validate_names_what_a_translation_lacks_has_too_many_or_breaks(tmp_path: Path) -> None:
    texts = {k: f"xx {v}" for k, v in source_texts(MINI).items()}
    first = next(iter(texts))
    dropped = list(texts)[5]
    del texts[dropped]
    texts[first] = ""
    texts["questionnaire.questions.no_such_question.text"] = "xx"
    # a placeholder the source does not have
    texts[list(texts)[3]] += " {name}"
    pack = translated_mini(tmp_path, texts)
    result = runner.invoke(app, ["validate", str(pack)])
    assert result.exit_code == 1
    out = result.output
    assert f"translations/xx.yaml:1: {first}: the translation is empty" in out
    assert f"{dropped}: missing: add the translation of" in out
    assert "no_such_question.text: no text of the pack has this key" in out
    assert "placeholders differ from the source: it has none, the translation {name}" in out


def test_a_translated_text_that_breaks_a_rule_is_named_at_its_line(tmp_path: Path) -> None:
    texts = {k: f"xx {v}" for k, v in source_texts(MINI).items()}
    key = next(k for k in texts if k.endswith(".text"))
    texts[key] = "x" * 2500  # longer than any text may be
    pack = translated_mini(tmp_path, texts)
    with pytest.raises(ContentError) as caught:
        load_pack(pack, lang="xx")
    line = list(texts).index(key) + 1
    assert any(
        p.file.endswith("translations/xx.yaml") and p.line == line and p.where == key
        for p in caught.value.problems
    ), [str(p) for p in caught.value.problems]


def test_validate_names_a_translation_whose_english_changed_until_it_is_checked(
    tmp_path: Path,
) -> None:
    texts = {k: f"xx {v}" for k, v in source_texts(MINI).items()}
    pack = translated_mini(tmp_path, texts)
    # no record of the English the translation was checked against: said once
    result = runner.invoke(app, ["validate", str(pack)])
    assert result.exit_code == 1
    assert "xx.checked.yaml: no record of the English this translation was checked" in (
        result.output
    )
    result = runner.invoke(app, ["validate", str(pack), "--checked", "xx"])
    assert result.exit_code == 0, result.output
    assert f"xx: {len(texts)} texts recorded as checked against the English" in result.output
    assert runner.invoke(app, ["validate", str(pack)]).exit_code == 0

    # the English of one question changes; reflowing another changes nothing
    key = next(k for k in texts if k.startswith("questionnaire.questions.") and k.endswith(".text"))
    english = source_texts(pack)[key]
    questionnaire = pack / "questionnaire.yaml"
    raw = questionnaire.read_text()
    assert raw.count(english) == 1
    questionnaire.write_text(raw.replace(english, english.rstrip("?") + " today?"))
    result = runner.invoke(app, ["validate", str(pack)])
    assert result.exit_code == 1
    line = list(texts).index(key) + 1
    assert (
        f"translations/xx.yaml:{line}: {key}: the English has changed since this translation "
        "was checked; the English reads"
    ) in result.output
    assert "1 problem in pack" in result.output
    # brought up to date and recorded: validate passes again
    assert runner.invoke(app, ["validate", str(pack), "--checked", "xx"]).exit_code == 0
    assert runner.invoke(app, ["validate", str(pack)]).exit_code == 0
    # a text the record never saw is named as never checked
    record = pack / "translations" / "xx.checked.yaml"
    kept = [ln for ln in record.read_text().splitlines() if not ln.startswith(f'"{key}"')]
    record.write_text("\n".join(kept) + "\n")
    result = runner.invoke(app, ["validate", str(pack)])
    assert f"{key}: this translation was never checked against the English" in result.output


def test_only_a_translation_of_the_pack_can_be_recorded_as_checked(tmp_path: Path) -> None:
    pack = translated_mini(tmp_path, {k: f"xx {v}" for k, v in source_texts(MINI).items()})
    for lang in ("en", "fr"):
        result = runner.invoke(app, ["validate", str(pack), "--checked", lang])
        assert result.exit_code == 1
        assert f"--checked {lang}: not a translation of the pack; its translations: xx" in (
            result.output
        )
    assert not (pack / "translations" / "en.checked.yaml").exists()


def test_the_german_translation_is_checked_against_todays_english() -> None:
    from assessment.content.pack import stale_translation

    # an English text changed without its German: bring the German up to date, then
    # `assessment validate --checked de` (docs/translating.md)
    assert [str(p) for p in stale_translation(DEFAULT_PACK, "de")] == []


def test_a_language_the_pack_does_not_list_or_has_no_file_for_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="no translation into 'fr'"):
        load_pack(MINI, lang="fr")
    texts = {k: f"xx {v}" for k, v in source_texts(MINI).items()}
    pack = translated_mini(tmp_path, texts)
    (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text().replace(", xx]", "]"))
    with pytest.raises(ContentError, match="does not list 'xx' in its languages"):
        load_pack(pack, lang="xx")


def test_a_translation_changes_texts_and_nothing_the_rules_read(tmp_path: Path) -> None:
    texts = {k: f"xx {v}" for k, v in source_texts(MINI).items()}
    pack = load_pack(translated_mini(tmp_path, texts), lang="xx")
    english = load_pack(MINI)
    assert pack.language == "xx"
    assert list(pack.questions) == list(english.questions)
    for qid, q in pack.questions.items():
        assert q.text == f"xx {english.questions[qid].text}"
        assert q.visible_if == english.questions[qid].visible_if
        assert [c.id for c in pack.choices(q)] == [c.id for c in english.choices(q)]


# -- the same answers in every language -------------------------------------------------------
@pytest.fixture(scope="module")
def scorers() -> dict[str, Scorer]:
    return {lang: Scorer(lang=lang) for lang in ("en", "de")}


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_every_example_is_judged_alike_in_english_and_german(
    scorers: dict[str, Scorer], example: str
) -> None:
    en = scorers["en"].assess_file(EXAMPLES / example)
    de = scorers["de"].assess_file(EXAMPLES / example)
    assert findings(de) == findings(en)
    assert (en.pack.language, de.pack.language) == ("en", "de")
    # the texts are the pack's German ones
    assert de.pack.title != en.pack.title
    assert [p.title for p in de.pivot_points] != [p.title for p in en.pivot_points]


def test_an_unknown_language_on_the_command_line_says_which_there_are() -> None:
    result = runner.invoke(app, ["score", str(EXAMPLES / "solo-developer.yaml"), "--lang", "fr"])
    assert result.exit_code != 0
    assert "--lang fr: not a language Pivotpoint speaks; choose one of en (English), de" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_score_in_german_gives_german_texts_and_the_same_ids() -> None:
    en = runner.invoke(app, ["score", str(EXAMPLES / "solo-developer.yaml"), "-f", "json"])
    de = runner.invoke(
        app, ["score", str(EXAMPLES / "solo-developer.yaml"), "-f", "json", "--lang", "de"]
    )
    assert en.exit_code == de.exit_code == 0
    import json

    a_en, a_de = json.loads(en.output), json.loads(de.output)
    assert a_de["pack"]["language"] == "de" and a_en["pack"]["language"] == "en"
    assert [s["rule"] for s in a_de["next_steps"]] == [s["rule"] for s in a_en["next_steps"]]
    assert a_de["pack"]["title"] == "KI-gestützte Entwicklung skalieren"


# -- figures by locale --------------------------------------------------------------------------
def test_figures_are_written_as_each_language_writes_them() -> None:
    assert i18n.percent(0.42) == "42%"
    assert i18n.date("2026-12-05") == "5 December 2026"
    with i18n.using("de"):
        assert i18n.percent(0.42) == "42\xa0%"
        assert i18n.date("2026-12-05") == "5. Dezember 2026"
        assert i18n.number(1234.5, 1) == "1.234,5"
        assert i18n.number_g(2.5) == "2,5"
    assert i18n.language() == "en"


def test_a_language_is_read_from_its_code_or_its_base() -> None:
    assert i18n.normalise("de-AT") == "de"
    assert i18n.normalise("DE") == "de"
    assert i18n.normalise("fr") == "en"
    assert i18n.normalise(None) == "en"


def test_a_translated_discussion_question_is_named_in_the_translation(tmp_path: Path) -> None:
    pack = tmp_path / "ai-scaling"
    shutil.copytree(DEFAULT_PACK, pack, ignore=shutil.ignore_patterns("cases"))
    german = pack / "translations" / "de.yaml"
    texts = yaml.safe_load(german.read_text())
    key = next(k for k in texts if k.endswith(".discuss"))
    texts[key] = texts[key].rstrip("?") + "."
    german.write_text(yaml.safe_dump(texts, allow_unicode=True, sort_keys=False, width=1000))
    with pytest.raises(ContentError) as caught:
        load_pack(pack, lang="de", with_cases=False)
    line = list(texts).index(key) + 1
    assert [
        (p.file.endswith("translations/de.yaml"), p.line, p.where) for p in caught.value.problems
    ] == [(True, line, key)]


def test_nothing_is_recorded_as_checked_while_validate_finds_a_problem(tmp_path: Path) -> None:
    texts = {k: f"xx {v}" for k, v in source_texts(MINI).items()}
    texts[next(iter(texts))] = ""  # an empty translation: a problem
    pack = translated_mini(tmp_path, texts)
    result = runner.invoke(app, ["validate", str(pack), "--checked", "xx"])
    assert result.exit_code == 1
    assert "the translation is empty" in result.output
    assert "recorded as checked" not in result.output
    assert not (pack / "translations" / "xx.checked.yaml").exists()
