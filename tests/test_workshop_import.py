"""`import_responses`: the one import the CLI and the facilitator's dashboard share."""

from __future__ import annotations

import pytest

from assessment.errors import AnswerError
from assessment.services import batch
from assessment.services.scoring import Scorer
from assessment.services.workshops import import_responses
from assessment.store import Store, StoreError
from tests.conftest import EXAMPLES

EXAMPLE_CSV = EXAMPLES / "workshop_responses.csv"
BAD_ROWS = (
    b"respondent,role,developers,teams,regulated,shoe_size\n"
    b"A,developer,4,1,no,42\n"
    b"B,developer,lots,1,no,41\n"
    b"C,manager,6,1,maybe,40\n"
    b"D,,5,1,no,39\n"
)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def make(store: Store):
    workshop, _ = store.create_workshop("Kick-off", "ai-scaling", "1.0.0", k=3)
    return workshop


def test_the_example_file_goes_in_as_six_sent_responses(store: Store, scorer: Scorer) -> None:
    workshop = make(store)
    outcome = import_responses(store, scorer, workshop, EXAMPLE_CSV)
    assert (outcome.imported, outcome.skipped, outcome.problems) == (6, [], [])
    responses = store.responses(workshop.id)
    assert all(r.finished for r in responses)
    assert [r.role for r in responses] == [
        "developer",
        "developer",
        "developer",
        "team lead",
        "manager",
        "executive",
    ]
    expected = [row.values for row in batch.read_responses(scorer, EXAMPLE_CSV).rows]
    assert [r.answers for r in responses] == expected
    assert responses[0].answers["ai_tools"] == [
        "chat-assistants",
        "ide-completion",
        "agentic-coding",
        "review-bots",
    ]


def test_an_upload_reports_bad_rows_by_line_and_imports_the_rest(
    store: Store, scorer: Scorer
) -> None:
    workshop = make(store)
    outcome = import_responses(store, scorer, workshop, BAD_ROWS, name="mine.csv")
    assert outcome.imported == 2 and outcome.skipped == [3, 4]
    assert [str(p) for p in outcome.problems] == [
        "mine.csv:3: developers: expected a number between 1 and 100000, got 'lots'; row skipped",
        "mine.csv:4: regulated: expected yes or no (true/false), got 'maybe'; row skipped",
    ]
    assert [str(p) for p in outcome.warnings] == [
        "mine.csv:1: shoe_size: not a question id or meta column; ignored"
    ]
    responses = store.responses(workshop.id)
    assert [(r.role, r.answers) for r in responses] == [
        ("developer", {"developers": 4, "teams": 1, "regulated": False}),
        (None, {"developers": 5, "teams": 1, "regulated": False}),
    ]


def test_a_file_and_its_content_import_the_same(store: Store, scorer: Scorer, tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_bytes(BAD_ROWS.replace(b"\n", b"\r\n"))
    first, second = make(store), make(store)
    from_file = import_responses(store, scorer, first, path)
    from_upload = import_responses(store, scorer, second, BAD_ROWS, name=str(path))
    assert from_file == from_upload
    assert [r.answers for r in store.responses(first.id)] == [
        r.answers for r in store.responses(second.id)
    ]


def test_a_closed_workshop_takes_nothing(store: Store, scorer: Scorer) -> None:
    workshop = make(store)
    store.set_workshop_status(workshop.id, "closed")
    with pytest.raises(AnswerError) as err:
        import_responses(store, scorer, workshop, EXAMPLE_CSV)
    assert str(err.value) == (
        f"workshop: {workshop.code}: the workshop is closed and takes no more answers; "
        "reopen it to import"
    )
    assert store.responses(workshop.id) == []
    # the status is read again: a workshop object from before the close does not let it in
    store.set_workshop_status(workshop.id, "open")
    assert import_responses(store, scorer, workshop, EXAMPLE_CSV).imported == 6


def test_a_deleted_workshop_takes_nothing(store: Store, scorer: Scorer) -> None:
    workshop = make(store)
    store.delete_workshop(workshop.id)
    with pytest.raises(AnswerError, match="the workshop has been deleted"):
        import_responses(store, scorer, workshop, EXAMPLE_CSV)
    assert store.count_rows()["respondent"] == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe\x00d", "up.csv: file is not UTF-8 text"),
        (b"", "up.csv:1: the file is empty: expected a header row of question ids"),
        (
            b"comment\n" + b"x" * 200_000 + b"\n",
            "up.csv:2: not readable as CSV: field larger than field limit (131072)",
        ),
    ],
)
def test_an_unreadable_file_imports_nothing(
    store: Store, scorer: Scorer, data: bytes, message: str
) -> None:
    workshop = make(store)
    with pytest.raises(AnswerError) as err:
        import_responses(store, scorer, workshop, data, name="up.csv")
    assert str(err.value) == message
    assert store.responses(workshop.id) == []


def test_a_file_over_the_cap_imports_nothing(
    store: Store, scorer: Scorer, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(batch, "MAX_CSV_BYTES", 100)
    workshop = make(store)
    path = tmp_path / "big.csv"
    path.write_bytes(EXAMPLE_CSV.read_bytes())
    for source in (path, path.read_bytes()):
        with pytest.raises(AnswerError, match="file is larger than 0 MB"):
            import_responses(store, scorer, workshop, source, name=str(path))
    assert store.responses(workshop.id) == []


def test_a_store_failure_half_way_leaves_nothing_behind(
    store: Store, scorer: Scorer, monkeypatch
) -> None:
    import assessment.store.store as store_module

    workshop = make(store)
    monkeypatch.setattr(store_module, "hash_token", lambda token: "same" * 16)
    with pytest.raises(StoreError):  # the second respondent's token hash is taken
        import_responses(store, scorer, workshop, EXAMPLE_CSV)
    monkeypatch.undo()
    assert store.responses(workshop.id) == []
    assert store.count_rows()["answer"] == 0


def test_a_role_must_fit_the_store(store: Store, scorer: Scorer) -> None:
    workshop, _ = store.create_workshop("Board", "ai-scaling", "1.0.0", k=3, roles=["manager"])
    rows = (
        b"respondent,role,developers,teams,regulated\n"
        b"A,developer,4,1,no\n"
        b"B," + b"x" * 101 + b",4,1,no\n"
        b"C,  team   lead ,4,1,no\n"
    )
    outcome = import_responses(store, scorer, workshop, rows, name="up.csv")
    assert outcome.imported == 2 and outcome.skipped == [3]
    assert str(outcome.problems[0]) == "up.csv:3: role: a role has at most 100 characters"
    # roles collected elsewhere need not be the workshop's own
    assert sorted(r.role for r in store.responses(workshop.id)) == ["developer", "team lead"]


def test_a_workshop_closed_while_the_file_is_read_takes_nothing(
    store: Store, scorer: Scorer, monkeypatch
) -> None:
    workshop = make(store)
    read = batch.parse_responses

    def close_meanwhile(*args, **kwargs):
        store.set_workshop_status(workshop.id, "closed")  # a co-facilitator, at that moment
        return read(*args, **kwargs)

    monkeypatch.setattr(batch, "parse_responses", close_meanwhile)
    with pytest.raises(AnswerError, match="closed and takes no more answers"):
        import_responses(store, scorer, workshop, EXAMPLE_CSV.read_bytes())
    assert store.responses(workshop.id) == []


# -- the CSV reader: real lines, unclosed quotes, duplicate columns (issue 9, item 8) ---------


def test_csv_line_numbers_stay_real_after_a_multi_line_cell(store: Store, scorer: Scorer) -> None:
    """Regression: lines counted records, so after a quoted cell spanning lines they drifted."""
    data = (
        b"respondent,developers,teams,regulated,comments\n"
        b'A,4,1,no,"first line\nsecond line\nthird line"\n'
        b"B,lots,1,no,\n"
        b"\n"
        b"C,5,1,maybe,\n"
    )
    outcome = import_responses(store, scorer, make(store), data, name="up.csv")
    assert outcome.imported == 1
    assert outcome.skipped == [5, 7]  # the physical lines B and C are on
    assert [str(p).split(":")[1] for p in outcome.problems] == ["5", "7"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'respondent,developers,teams,regulated,comments\nA,4,1,no,"never closed\n'
            b"B,5,1,no,\nC,6,1,no,\n",
            "up.csv:2: a quoted cell starts in this row and its closing quote never comes (the "
            "file ends at line 4); close the quote, or the rows after it are lost",
        ),
        (
            b'respondent,developers,teams,regulated,comments\nA,4,1,no,"opened\nB,5,1,no,\n'
            b'C,6,1,no,"x"y\n',
            "up.csv:2: not readable as CSV (at line 4): ',' expected after '\"'; check the "
            "quotes in this row: a quote that is opened and not closed takes in the rows after it",
        ),
    ],
    ids=["at the end", "closed later by accident"],
)
def test_csv_unterminated_quote_is_reported_not_swallowed(
    store: Store, scorer: Scorer, data: bytes, message: str
) -> None:
    """Regression: an unclosed quote took every row after it into one cell, silently."""
    workshop = make(store)
    with pytest.raises(AnswerError) as err:
        import_responses(store, scorer, workshop, data, name="up.csv")
    assert str(err.value) == message
    assert store.responses(workshop.id) == []


def test_csv_duplicate_column_names_are_refused(store: Store, scorer: Scorer) -> None:
    """Regression: a column named twice resolved silently, the last one winning."""
    workshop = make(store)
    data = b"respondent,developers,teams,developers,regulated\nA,4,1,400,no\n"
    with pytest.raises(AnswerError) as err:
        import_responses(store, scorer, workshop, data, name="up.csv")
    assert str(err.value) == (
        "up.csv:1: developers: this column name appears twice in the header (columns 2 and 4); "
        "name each column once"
    )
    assert store.responses(workshop.id) == []


def test_batch_reads_csv_with_the_same_reader(scorer: Scorer, tmp_path) -> None:
    path = tmp_path / "batch.csv"
    path.write_bytes(
        b'respondent,developers,teams,regulated,comments\nA,4,1,no,"a\nb"\nB,x,1,no,\n'
    )
    read = batch.read_responses(scorer, path)
    assert [r.line for r in read.rows] == [2]
    assert [p.line for p in read.problems] == [4]
    path.write_bytes(b"developers,developers\n4,5\n")
    with pytest.raises(AnswerError, match="appears twice"):
        batch.read_responses(scorer, path)


# -- a bound on rows per import (issue 9, item 14) ---------------------------------------------


def test_an_import_over_the_row_limit_imports_nothing_and_names_the_limit(
    store: Store, scorer: Scorer, monkeypatch
) -> None:
    import assessment.services.workshops as workshops_service

    monkeypatch.setattr(workshops_service, "MAX_IMPORT_ROWS", 3)
    workshop = make(store)
    rows = b"".join(b"P%d,4,1,no\n" % n for n in range(4))
    data = b"respondent,developers,teams,regulated\n" + rows
    checked: list[object] = []
    check = batch.check_answers
    monkeypatch.setattr(
        batch, "check_answers", lambda *a, **kw: checked.append(1) or check(*a, **kw)
    )
    with pytest.raises(AnswerError) as err:
        import_responses(store, scorer, workshop, data, name="up.csv")
    assert checked == []  # refused before any row is checked: bounded work
    assert str(err.value) == (
        "up.csv:5: more than 3 rows: at most 3 rows are taken in one go, so split the file; "
        "nothing was imported"
    )
    assert store.responses(workshop.id) == []
    data = b"respondent,developers,teams,regulated\n" + rows[: rows.rindex(b"P3")]
    assert import_responses(store, scorer, workshop, data, name="up.csv").imported == 3


def test_the_row_limit_is_five_thousand_and_documented() -> None:
    from assessment.services.workshops import MAX_IMPORT_ROWS
    from tests.conftest import ROOT

    assert MAX_IMPORT_ROWS == 5_000
    assert "5,000 rows" in (ROOT / "README.md").read_text()


# -- a German facilitator reads every problem of an import in German -------------------------
MIXED_ROWS = (
    b"respondent,role,developers,teams,regulated,pp1_prompt_versioning,ai_tools,adoption_phase,"
    b"bogus\n"
    b"p1,dev,abc,2,maybe,partly,,,1\n"
    b"p2,dev,5,2,yes,nope,,,2\n"
    b"p3,dev,017,2,on,partly,,,3\n"
    b"p4,dev,5,2,no,partly,chat-assistants;hammers;nails;glue;tape,,4\n"
    b"p5,dev,5,2,no,partly,,seven,5\n"
    b"p6,dev\x07,5,2,no,partly,,,6\n"
    b"p7,dev,5,2,no,partly,,,7,8\n"
)


def _import_messages(lang: str) -> list[str]:
    from assessment import i18n
    from assessment.services import workshops

    with i18n.using(lang):
        scorer = workshops.pack_scorer(lang=lang)
        store = Store("sqlite://")
        workshop, _ = workshops.create_workshop(
            store, scorer, "X", organization="X", k=3, roles=[], own_results=False
        )
        outcome = import_responses(store, scorer, workshop, MIXED_ROWS, name="mixed.csv")
        return [p.message for p in outcome.problems + outcome.warnings]


def test_an_import_in_german_reports_every_problem_in_german() -> None:
    from tests.english_left import english_left

    english = _import_messages("en")
    german = _import_messages("de")
    assert len(german) == len(english) == 10
    text = "\n".join(german)
    assert english_left(text, "de") == []
    # stretches too short for `english_left`, and the words a German reader looks for
    for left in ("row skipped", "did you mean", "unknown choice", "ignored", "write", "expected"):
        assert left not in text
    assert sum("; Zeile übersprungen" in m for m in german) == 9
    assert "unbekannte Option 'nope'; meinten Sie 'not'? (Optionen: not, partly, fully)" in text
    assert "erwartet wurde yes oder no (true/false), erhalten: 'on': schreiben Sie yes oder no" in (
        text
    )
    assert ": schreiben Sie 17, ohne führende Null" in text
    assert "keine Frage-ID und keine Metadaten-Spalte; ignoriert" in german
    assert "mehr Zellen als Spalten in der Kopfzeile; Zeile übersprungen" in german
    assert "eine Rolle darf keine Steuerzeichen enthalten (gefunden: '\\x07')" in text


def test_an_import_in_english_says_what_it_always_said() -> None:
    assert _import_messages("en") == [
        "expected a number between 1 and 100000, got 'abc'; row skipped",
        "expected yes or no (true/false), got 'maybe'; row skipped",
        "unknown choice 'nope'; did you mean 'not'? (choices: not, partly, fully); row skipped",
        "expected a number between 1 and 100000, got '017': write 17, without the leading zero"
        "; row skipped",
        "expected yes or no (true/false), got 'on': write yes or no; row skipped",
        "unknown choice 'hammers' (choices: chat-assistants, ide-completion, agentic-coding, "
        "review-bots, in-house-models, ai-evaluates-developers, other-tools); unknown choice "
        "'nails' (choices: chat-assistants, ide-completion, agentic-coding, review-bots, "
        "in-house-models, ai-evaluates-developers, other-tools); unknown choice 'glue' "
        "(choices: chat-assistants, ide-completion, agentic-coding, review-bots, in-house-models,"
        " ai-evaluates-developers, other-tools); and 1 more not in the choices; row skipped",
        "expected one of the scale points [1, 2, 3, 4], got 'seven'; row skipped",
        "more cells than header columns; row skipped",
        "a role cannot hold control characters (found '\\x07'); row skipped",
        "not a question id or meta column; ignored",
    ]
