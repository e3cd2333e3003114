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


def _clean_text(value: str) -> bool:
    """No lone surrogates, and no control characters but tab and line breaks."""
    for char in value:
        code = ord(char)
        if (code < 32 and char not in "\t\n\r") or 0xD800 <= code <= 0xDFFF or code == 0x7F:
            return False
    return True


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

    def scalar(self, node: ScalarNode) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise self.fail(node, f"cannot read this value: {what}") from None
        except Exception as exc:  # the constructor raises ValueError, KeyError, ... on bad data
            reason = str(exc).splitlines()[0][:80] if str(exc) else type(exc).__name__
            raise self.fail(node, f"cannot read the value {node.value[:40]!r}: {reason}") from None
        if isinstance(value, str) and not _clean_text(value):
            raise self.fail(
                node,
                "the text contains a control character or an invalid character (a lone surrogate)",
            )
        return value

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
            return self.scalar(node)
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
                key = self.scalar(key_node)
                if isinstance(key, bool | int | float) or key is None:
                    # `yes:` or `1:` as keys: keep them as text so ids stay ids.
                    key = key_node.value
                if key in out:
                    where = ".".join(str(p) for p in (*path, key))
                    raise self.fail(key_node, f"duplicate key '{key}'", where)
                out[key] = self.build(value_node, (*path, key), depth + 1)
            return out
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover - composer makes only 3


def _loader(name: str) -> Any:
    """PyYAML's C loaders when built with libyaml: same safety, much faster."""
    return getattr(yaml, f"C{name}", None) or getattr(yaml, name)


def _line_of(text: str, position: int | None) -> int | None:
    return None if position is None else text.count("\n", 0, position) + 1


def _prescan(text: str, file: str) -> None:
    """Walk parser events (no recursion) to refuse deep nesting before composing."""
    depth = 0
    for event in yaml.parse(text, Loader=_loader("SafeLoader")):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else None
                raise YamlLoadError(
                    Problem(file, line, "", f"nesting deeper than {MAX_DEPTH} levels")
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_text(text: str, file: str, max_bytes: int = MAX_BYTES) -> Document:
    """Parse YAML (or JSON, a subset) text into a `Document`."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise YamlLoadError(Problem(file, None, "", f"file is larger than {max_bytes // 1000} kB"))
    try:
        _prescan(text, file)
        node = yaml.compose(text, Loader=_loader("SafeLoader"))
    except yaml.reader.ReaderError as exc:
        line = _line_of(text, exc.position)
        raise YamlLoadError(
            Problem(
                file,
                line,
                "",
                "the file contains a character YAML does "
                "not allow (a NUL or other control character)",
            )
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "malformed YAML"
        if any(
            hint in what
            for hint in (
                "expected <block end>",
                "mapping values are not allowed",
                "did not find expected key",
            )
        ):
            what += " (check the indentation, and quote values that contain ': ')"
        elif "found character '\\t'" in what or "found a tab" in what:
            what += " (use spaces, not tabs, to indent)"
        raise YamlLoadError(Problem(file, line, "", f"malformed YAML: {what}")) from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "malformed YAML"
        raise YamlLoadError(Problem(file, None, "", f"malformed YAML: {first}")) from None
    except RecursionError:
        raise YamlLoadError(
            Problem(file, None, "", f"nesting deeper than {MAX_DEPTH} levels")
        ) from None
    if node is None:
        return Document(file, None, {(): 1})
    builder = _Builder(file)
    data = builder.build(node, ())
    return Document(file, data, builder.lines)


def load_yaml(path: Path | str, display: str | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Load a YAML or JSON file safely; `display` is the name used in messages.

    At most `max_bytes` are ever read, whatever the file claims to be (a pipe, a device).
    """
    p = Path(path)
    name = display or str(path)
    too_big = YamlLoadError(Problem(name, None, "", f"file is larger than {max_bytes // 1000} kB"))
    try:
        if p.is_dir():
            raise YamlLoadError(Problem(name, None, "", "is a folder, not a file"))
        with p.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise YamlLoadError(Problem(name, None, "", f"cannot read file: {exc.strerror}")) from None
    if len(raw) > max_bytes:
        raise too_big
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise YamlLoadError(Problem(name, None, "", "file is not UTF-8 text")) from None
    if p.suffix.lower() == ".json":
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise YamlLoadError(
                Problem(name, exc.lineno, "", f"malformed JSON: {exc.msg}")
            ) from None
        except (ValueError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            raise YamlLoadError(Problem(name, None, "", f"malformed JSON: {reason}")) from None
        # Valid JSON has raw tabs only as whitespace, which YAML refuses: make them spaces.
        text = text.replace("\t", " ")
    return load_text(text, name, max_bytes)
