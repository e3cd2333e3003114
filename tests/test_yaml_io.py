"""The YAML loader: safe, capped, with line numbers."""

from __future__ import annotations

import pytest

from assessment.yaml_io import MAX_BYTES, YamlLoadError, load_text, load_yaml


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
