"""The YAML loader: safe, capped, with line numbers."""

from __future__ import annotations

import pytest

from assessment.content.yaml_io import MAX_BYTES, YamlLoadError, load_text, load_yaml


def test_lines_are_remembered_for_nested_values() -> None:
    doc = load_text("a: 1\nb:\n  - x: 2\n    y: [3, 4]\n", "f.yaml")
    assert doc.data == {"a": 1, "b": [{"x": 2, "y": [3, 4]}]}
    assert doc.line(("a",)) == 1
    assert doc.line(("b", 0, "y")) == 4
    # a path below a scalar falls back to its nearest known ancestor
    assert doc.line(("b", 0, "y", 1, "deeper")) == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # duplicate keys are silently merged by plain safe_load; here they are errors
        ("a: 1\na: 2\n", "f.yaml:2: a: duplicate key 'a'"),
        ("base: &b {x: 1}\nother:\n  <<: *b\n", "f.yaml:3: merge keys ('<<') are not supported"),
        ("a: [1, 2\n", "f.yaml:2: malformed YAML"),
        ("a: !!python/object:os.system {}\n", "f.yaml:1: cannot read this value"),
        ("? [a, b]\n: 1\n", "f.yaml:1: a key must be a plain value"),
    ],
)
def test_refused_documents_say_where(text: str, message: str) -> None:
    with pytest.raises(YamlLoadError) as err:
        load_text(text, "f.yaml")
    assert str(err.value.problem).startswith(message)


def test_alias_bomb_is_refused_before_it_expands() -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(YamlLoadError) as err:
        load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert "alias bomb" in str(err.value)


def test_a_few_aliases_are_fine() -> None:
    doc = load_text("a: &x [1, 2]\nb: *x\n", "f.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_large_files_are_refused(tmp_path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (MAX_BYTES + 10) + "\n")
    with pytest.raises(YamlLoadError) as err:
        load_yaml(big, "big.yaml")
    assert str(err.value) == "big.yaml: file is larger than 1000 kB"


def test_unreadable_and_non_utf8_files(tmp_path) -> None:
    with pytest.raises(YamlLoadError, match="cannot read file"):
        load_yaml(tmp_path / "missing.yaml", "missing.yaml")
    with pytest.raises(YamlLoadError, match="^folder: is a folder, not a file$"):
        load_yaml(tmp_path, "folder")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: caf\xe9\n".encode("latin-1"))
    with pytest.raises(YamlLoadError, match="not UTF-8"):
        load_yaml(latin, "latin.yaml")


def test_json_errors_name_their_line(tmp_path) -> None:
    f = tmp_path / "a.json"
    f.write_text('{\n  "answers": {\n    "x": 1,\n  }\n}\n')
    with pytest.raises(YamlLoadError) as err:
        load_yaml(f, "a.json")
    assert str(err.value).startswith("a.json:4: malformed JSON")


def test_yes_no_keys_stay_text() -> None:
    doc = load_text("yes: 1\n2: b\n", "f.yaml")
    assert doc.data == {"yes": 1, "2": "b"}


# -- YAML 1.2 reading: what YAML 1.1 would reread stays text as written ------------------------
@pytest.mark.parametrize(
    "written",
    [
        "017",  # octal 15 in YAML 1.1
        "1:20",  # base 60: 80
        "0b1",
        "0x10",
        "0o17",
        "1_000",
        "+1",
        ".inf",
        "-.inf",
        ".nan",
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "n",
        "2026-11-25",  # a date in YAML 1.1
        "1.",
    ],
)
def test_yaml_1_1_forms_are_text_as_written(written: str) -> None:
    if written == "1.":
        # the one 1.1-style form that YAML 1.2 also reads as a number
        assert load_text("v: 1.\n", "f.yaml").data == {"v": 1.0}
        return
    assert load_text(f"v: {written}\n", "f.yaml").data == {"v": written}


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("17", 17),
        ("-3", -3),
        ("0", 0),
        ("0.5", 0.5),
        ("-0.25", -0.25),
        (".5", 0.5),
        ("1e3", 1000.0),
        ("2.5E-1", 0.25),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("null", None),
        ("~", None),
        ("", None),
        ("'017'", "017"),
        ("!!str 017", "017"),
    ],
)
def test_yaml_1_2_core_values(written: str, value: object) -> None:
    data = load_text(f"v: {written}\n", "f.yaml").data
    assert data == {"v": value}
    assert type(data["v"]) is type(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("v: !!int 017\n", "f.yaml:1: cannot read the value '017' as int: write numbers"),
        ("v: !!float .inf\n", "f.yaml:1: cannot read the value '.inf' as float"),
        ("v: !!bool yes\n", "f.yaml:1: cannot read the value 'yes' as bool"),
        ("v: !!binary aGVsbG8=\n", "f.yaml:1: cannot read this value: the tag !!binary is not"),
        ("v: !!timestamp 2026-11-25\n", "f.yaml:1: cannot read this value: the tag !!timestamp"),
        ("v: !custom x\n", "f.yaml:1: cannot read this value: the tag '!custom' is not allowed"),
        ("v: " + "9" * 50 + "\n", "f.yaml:1: the number '" + "9" * 50 + "' has too many digits"),
    ],
)
def test_explicit_tags_and_huge_numbers_are_refused(text: str, message: str) -> None:
    with pytest.raises(YamlLoadError) as err:
        load_text(text, "f.yaml")
    assert str(err.value.problem).startswith(message)


def test_yaml_1_1_number_keys_stay_text() -> None:
    assert load_text("017: a\n0x10: b\non: c\n", "f.yaml").data == {
        "017": "a",
        "0x10": "b",
        "on": "c",
    }


def test_aliases_can_be_refused_before_they_expand() -> None:
    text = "a: &x [1, 2]\nb:\n  c: *x\n"
    assert load_text(text, "f.yaml").alias_line == 3
    assert load_text("a: [1, 2]\n", "f.yaml").alias_line is None
    with pytest.raises(YamlLoadError) as err:
        load_text(text, "f.yaml", aliases=False)
    assert str(err.value) == (
        "f.yaml:3: anchors and aliases (&name, *name) are not allowed in this file; "
        "write each value out"
    )
