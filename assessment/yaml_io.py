"""The one YAML loader: safe, size- and alias-capped, and it remembers line numbers.

`load_yaml` returns plain Python data plus a map from each value's path (a tuple of keys and
indexes) to its line, so that every later error can say `file:line`. Duplicate keys, merge keys
and anything but the safe scalar types are refused; a document whose aliases would expand past
`MAX_NODES` nodes (an alias bomb) is refused before it is built.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assessment.errors import Problem

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


@dataclass
class Document:
    """Parsed YAML with the line of every value."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, path: Path_) -> int | None:
        """Line of `path`, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)


class YamlLoadError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.nodes = 0
        self.constructor = SafeConstructor()

    def fail(self, node: Node, message: str, where: str = "") -> YamlLoadError:
        return YamlLoadError(Problem(self.file, node.start_mark.line + 1, where, message))

    def build(self, node: Node, path: Path_, depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                node,
                f"document expands to more than {MAX_NODES} values (an alias bomb?); "
                "split it or remove anchors and aliases",
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels")
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, ScalarNode):
            try:
                return self.constructor.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                raise self.fail(node, f"cannot read this value: {exc}") from None
        if node.tag not in (_SEQ, _MAP):
            raise self.fail(node, f"cannot read this value: the tag {node.tag} is not allowed")
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(
                        key_node, "merge keys ('<<') are not supported; write the keys out"
                    )
                if not isinstance(key_node, ScalarNode):
                    raise self.fail(key_node, "a key must be a plain value, not a list or mapping")
                key = self.constructor.construct_object(key_node)
                if isinstance(key, bool | int | float) or key is None:
                    # `yes:` or `1:` as keys: keep them as text so ids stay ids.
                    key = key_node.value
                if key in out:
                    where = ".".join(str(p) for p in (*path, key))
                    raise self.fail(key_node, f"duplicate key '{key}'", where)
                out[key] = self.build(value_node, (*path, key), depth + 1)
            return out
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover - composer makes only 3


def load_text(text: str, file: str) -> Document:
    """Parse YAML (or JSON, a subset) text into a `Document`."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise YamlLoadError(Problem(file, None, "", f"file is larger than {MAX_BYTES // 1000} kB"))
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "malformed YAML"
        if "expected <block end>" in what or "mapping values are not allowed" in what:
            what += " (check the indentation, and quote values that contain ': ')"
        elif "found character '\\t'" in what:
            what += " (use spaces, not tabs, to indent)"
        raise YamlLoadError(Problem(file, line, "", f"malformed YAML: {what}")) from None
    except yaml.YAMLError as exc:
        raise YamlLoadError(Problem(file, None, "", f"malformed YAML: {exc}")) from None
    if node is None:
        return Document(file, None, {(): 1})
    builder = _Builder(file)
    data = builder.build(node, ())
    return Document(file, data, builder.lines)


def load_yaml(path: Path | str, display: str | None = None) -> Document:
    """Load a YAML or JSON file safely; `display` is the name used in messages."""
    p = Path(path)
    name = display or str(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise YamlLoadError(Problem(name, None, "", f"cannot read file: {exc.strerror}")) from None
    if size > MAX_BYTES:
        raise YamlLoadError(Problem(name, None, "", f"file is larger than {MAX_BYTES // 1000} kB"))
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlLoadError(Problem(name, None, "", "file is not UTF-8 text")) from None
    except OSError as exc:
        raise YamlLoadError(Problem(name, None, "", f"cannot read file: {exc.strerror}")) from None
    if p.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise YamlLoadError(
                Problem(name, exc.lineno, "", f"malformed JSON: {exc.msg}")
            ) from None
    return load_text(text, name)
