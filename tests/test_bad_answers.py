"""Invalid answers files: exit 1 and one clear line per problem, kept as data.

Each `testdata/bad_answers/NAME.yaml` is scored against the mini pack; `NAME.expected` holds the
exact stderr lines. `pytest --regen` rewrites them after a deliberate change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assessment.cli.main import app
from tests.conftest import MINI, TESTDATA

CORPUS = TESTDATA / "bad_answers"
CASES = sorted(p.stem for p in CORPUS.glob("*.yaml"))


@pytest.mark.parametrize("case", CASES)
def test_bad_answers_are_reported_one_line_each(case: str, regen: bool, monkeypatch) -> None:
    monkeypatch.chdir(TESTDATA)
    result = CliRunner().invoke(app, ["score", f"bad_answers/{case}.yaml", "--pack", str(MINI)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    expected = CORPUS / f"{case}.expected"
    if regen:
        expected.write_text("\n".join(lines) + "\n")
    assert lines == expected.read_text().splitlines()


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(tmp_path / "nope.yaml"), "--pack", str(MINI)])
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"{tmp_path / 'nope.yaml'}: cannot read file: No such file or directory"
    )


def test_answers_to_hidden_questions_are_ignored(mini_scorer) -> None:
    # log_generation is asked only of regulated organisations
    values = mini_scorer.check(
        {"developers": 4, "teams": 1, "regulated": False, "log_generation": "not"}
    )
    result = mini_scorer.assess(values)
    assert "m2-no-logging" not in [m.rule for m in result.mistakes]
    trace = {t.rule: t for t in result.trace}
    assert trace["m2-no-logging"].conditions[1].answer is None
    assert "log_generation" not in result.unanswered


def test_hidden_required_question_is_not_missing(tmp_path: Path) -> None:
    from assessment.services.scoring import Scorer
    from tests.conftest import mini_with_required_industry

    scorer = Scorer(mini_with_required_industry(tmp_path))
    scorer.check({"developers": 2, "teams": 1, "regulated": False})
    with pytest.raises(Exception) as err:
        scorer.check({"developers": 2, "teams": 1, "regulated": True})
    assert "answers.regulated_industry: missing required answer: Which industry" in str(err.value)


# -- yes/no questions: a deliberate, small set of spellings ------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("yes", True),
        ("No", False),
        ("TRUE", True),
        ("false", False),
        (1, True),
        (0, False),
        ("1", True),
        ("0", False),
    ],
)
def test_yes_no_accepts_true_false_yes_no_and_1_0(mini_scorer, value, expected) -> None:
    from assessment.services.answers import check_value

    clean, message = check_value(mini_scorer.pack.questions["regulated"], [], value)
    assert (clean, message) == (expected, None)


@pytest.mark.parametrize("value", ["on", "off", "y", "n", "maybe", 2])
def test_yes_no_refuses_on_off_and_other_words(mini_scorer, value) -> None:
    from assessment.services.answers import check_value

    clean, message = check_value(mini_scorer.pack.questions["regulated"], [], value)
    assert clean is None
    assert message is not None and message.startswith("expected yes or no (true/false), got")


def test_yes_no_answers_file_reads_yes_and_true_alike(mini_scorer, tmp_path: Path) -> None:
    from assessment.services.answers import load_answers

    for word in ("yes", "true", "Yes"):
        f = tmp_path / "a.yaml"
        f.write_text(f"answers: {{developers: 3, teams: 1, regulated: {word}}}\n")
        assert load_answers(mini_scorer.engine, f).values["regulated"] is True


# -- numbers: the CSV import and the app pass text; the same plain-decimal rule holds ----------
@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("17", None),
        (" 17 ", None),
        ("17.0", None),
        (
            "017",
            "expected a number between 1 and 1000, got '017': write 17, without the leading zero",
        ),
        ("0x10", "expected a number between 1 and 1000, got '0x10': write 16, in decimal digits"),
        ("1_000", "expected a number between 1 and 1000, got '1_000': write 1000, without '_'"),
        ("+1", "expected a number between 1 and 1000, got '+1': write 1, without '+'"),
        ("1:20", "expected a number between 1 and 1000, got '1:20': write a plain decimal number"),
        ("inf", "expected a number between 1 and 1000, got 'inf'"),
        ("1e999", "expected a number between 1 and 1000, got '1e999'"),
    ],
)
def test_number_text_is_plain_decimal_everywhere(mini_scorer, cell, message) -> None:
    from assessment.services.answers import check_value

    clean, got = check_value(mini_scorer.pack.questions["developers"], [], cell)
    if message is None:
        assert (clean, got) == (17, None)
    else:
        assert clean is None and got is not None and got.startswith(message)


# -- text answers: capped at the input, blank runs collapsed (issue 9, item 4) -----------------
def test_comment_blank_runs_collapse_to_one_blank_line(mini_scorer) -> None:
    from assessment.services.answers import check_value

    question = mini_scorer.pack.questions["comment"]
    clean, message = check_value(question, [], "First.\r\n\r\n\r\n  \n\t\nSecond.\n\nThird.\n\n\n")
    assert message is None
    assert clean == "First.\n\nSecond.\n\nThird."
    # a comment of 4,000 newlines (70 report pages before) is no comment at all
    assert check_value(question, [], "\n" * 4000) == (None, None)


def test_comment_of_many_lines_is_refused_with_its_count(mini_scorer) -> None:
    from assessment.services.answers import check_value

    question = mini_scorer.pack.questions["comment"]
    assert question.max_lines == 20
    assert check_value(question, [], "\n".join("x" * 3 for _ in range(20)))[1] is None
    clean, message = check_value(question, [], "\n".join("x" for _ in range(21)))
    assert clean is None
    assert message == "text has 21 lines; at most 20 allowed (shorten it or join lines)"
    # blank runs count as one line, so spacing never pushes a real comment over
    assert check_value(question, [], "a\n\n\n\n\n\n\n\n\nb")[1] is None


def test_comment_limits_come_from_the_pack(tmp_path: Path) -> None:
    from assessment.services.answers import check_value
    from assessment.services.scoring import Scorer

    pack = tmp_path / "mini"
    import shutil

    shutil.copytree(MINI, pack)
    q = pack / "questionnaire.yaml"
    q.write_text(q.read_text().replace("max_length: 200}", "max_length: 200, max_lines: 3}"))
    question = Scorer(pack).pack.questions["comment"]
    assert check_value(question, [], "a\nb\nc")[1] is None
    assert check_value(question, [], "a\nb\nc\nd")[1] == (
        "text has 4 lines; at most 3 allowed (shorten it or join lines)"
    )
    assert check_value(question, [], "x" * 201)[1] == (
        "text is 201 characters long; at most 200 allowed"
    )


def test_max_lines_only_applies_to_text_questions(tmp_path: Path) -> None:
    import shutil

    from assessment.content.pack import load_pack
    from assessment.errors import ContentError

    pack = tmp_path / "mini"
    shutil.copytree(MINI, pack)
    q = pack / "questionnaire.yaml"
    q.write_text(
        q.read_text().replace(
            "min: 1, max: 100, integer: true}", "min: 1, max: 100, integer: true, max_lines: 3}", 1
        )
    )
    with pytest.raises(ContentError) as err:
        load_pack(pack)
    assert "'max_length' and 'max_lines' only apply to text questions, not number" in str(err.value)


def test_none_of_these_with_other_choices_is_refused_with_its_place(tmp_path: Path) -> None:
    """An answers file may not say "none of these" and name some of them as well."""
    from tests.conftest import DEFAULT_PACK

    file = tmp_path / "answers.yaml"
    file.write_text(
        "answers:\n  developers: 4\n  teams: 1\n  regulated: false\n"
        "  metrics_tracked: [velocity, none-of-these]\n"
    )
    result = CliRunner().invoke(app, ["score", str(file), "--pack", str(DEFAULT_PACK)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == (
        f"{file}:5: answers.metrics_tracked: 'none-of-these' (None of these) cannot be chosen "
        "together with other choices (velocity): keep it alone or drop it"
    )


GERMAN_CASE = """\
pack: {id: other-pack}
answerz: 1
meta: {rolle: dev, notes: [1]}
answers:
  teamz: 3
  developers: "+5"
  ai_tools: [chat-assistants, 3]
  transition_plan: 7
  regulated: maybe
"""


def test_an_answers_file_read_in_german_is_reported_in_german(tmp_path: Path) -> None:
    from assessment import i18n
    from assessment.errors import AnswerError
    from assessment.services.answers import load_answers
    from assessment.services.scoring import Scorer
    from tests.english_left import english_left

    path = tmp_path / "answers.yaml"
    path.write_text(GERMAN_CASE)
    messages = {}
    for lang in ("en", "de"):
        with i18n.using(lang), pytest.raises(AnswerError) as err:
            load_answers(Scorer(lang=lang).engine, path)
        messages[lang] = [p.message for p in err.value.problems]
    english, german = messages["en"], messages["de"]
    assert len(german) == len(english) == 9
    assert "unknown question 'teamz'; did you mean 'teams'?" in english
    text = "\n".join(german)
    assert english_left(text, "de") == []
    for left in ("did you mean", "unknown", "expected", "allowed", "write"):
        assert left not in text
    for said in (
        "unbekannte Frage 'teamz'; meinten Sie 'teams'?",
        "unbekanntes Feld 'answerz'; meinten Sie 'answers'? (erlaubt: meta, answers, pack)",
        "die Antworten gehören zum Fragebogen 'other-pack'",
        "erwartet wurde Text",
        ": schreiben Sie 5, ohne '+'",
        "erwartet wurde eine Options-ID, erhalten: 3",
        "erwartet wurde eine Options-ID (none, informal, written), erhalten: 7",
    ):
        assert said in text, said
