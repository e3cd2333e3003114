"""The one YAML loader: safe, size- and alias-capped, and it remembers line numbers.

`load_yaml` returns plain Python data plus a map from each value's path (a tuple of keys and
indexes) to its line, so that every later error can say `file:line`. Duplicate keys, merge keys
and anything but the safe scalar types are refused; a document whose aliases would expand past
`MAX_NODES` nodes (an alias bomb) is refused before it is built, and callers that want none
(answers files) can refuse aliases outright.

Plain values are read with YAML 1.2 core-schema rules, narrowed to plain decimals: `true` and
`false` are the only booleans, `null`, `~` and nothing the only nulls, and a number is written
in decimal digits (`17`, `-3`, `0.5`, `1e3`). YAML 1.1's other forms, which PyYAML would
silently reread (`017` as 15, `1:20` as 80, `0x10`, `0b1`, `1_000`, `+1`, `.inf`, `yes`, `on`,
dates), stay text exactly as written, so a choice id `on` is the id `on` and a number question
given `017` can say "write 17" instead of scoring 15.

`load_yaml` reads regular files only: a FIFO, a device or a socket is refused before it is
opened (and the open itself never blocks), and so is a symbolic link loop.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assessment.errors import Problem, excerpt

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64
NO_ALIASES = "anchors and aliases (&name, *name) are not allowed in this file; write each value out"

Path_ = tuple[str | int, ...]
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TAG = "tag:yaml.org,2002:"

# YAML 1.2 core schema, numbers narrowed to plain decimals (no leading zero, '+', '_', 0x, ...)
BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
INT = re.compile(r"^-?(?:0|[1-9][0-9]*)$")
FLOAT = re.compile(r"^-?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_DIGITS = "-0123456789"
_CORE_RESOLVERS = (
    (_TAG + "bool", BOOL, list("tTfF")),
    (_TAG + "null", NULL, ["~", "n", "N", ""]),
    (_TAG + "int", INT, list(_DIGITS)),
    (_TAG + "float", FLOAT, [*_DIGITS, "."]),
    (_TAG + "merge", re.compile(r"^<<$"), ["<"]),  # only to refuse it with a clear message
)


@dataclass
class Document:
    """Parsed YAML with the line of every value."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # line of the first alias (`*name`), None when the document has none
    alias_line: int | None = None

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

    def fail(self, node: Node, message: str, where: str = "") -> YamlLoadError:
        return YamlLoadError(Problem(self.file, node.start_mark.line + 1, where, message))

    def scalar(self, node: ScalarNode) -> Any:
        """The value of a scalar by its (resolved or explicit) tag; only the core types."""
        tag, text = node.tag, node.value
        if tag == _TAG + "str":
            if not _clean_text(text):
                raise self.fail(
                    node,
                    "the text contains a control character or an invalid character "
                    "(a lone surrogate)",
                )
            return text
        if tag == _TAG + "null" and NULL.match(text):
            return None
        if tag == _TAG + "bool" and BOOL.match(text):
            return text.lower() == "true"
        if tag == _TAG + "int" and INT.match(text):
            if len(text) > 40:
                raise self.fail(node, f"the number {excerpt(text)} has too many digits")
            return int(text)
        if tag == _TAG + "float" and FLOAT.match(text) and len(text) <= 40:
            return float(text)
        short = tag.removeprefix(_TAG)
        if short in ("null", "bool", "int", "float"):
            raise self.fail(
                node,
                f"cannot read the value {excerpt(text)} as {short}: write numbers in plain "
                "decimal digits and yes/no as true or false",
            )
        shown = "!!" + short if tag.startswith(_TAG) else excerpt(tag)
        raise self.fail(node, f"cannot read this value: the tag {shown} is not allowed")

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
            shown = "!!" + node.tag.removeprefix(_TAG) if node.tag.startswith(_TAG) else node.tag
            raise self.fail(
                node, f"cannot read this value: the tag {excerpt(shown)} is not allowed"
            )
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
                    raise self.fail(key_node, f"duplicate key {excerpt(key)}", where)
                out[key] = self.build(value_node, (*path, key), depth + 1)
            return out
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover - composer makes only 3


def _core_loader() -> Any:
    """PyYAML's safe loader (the C one when built with libyaml: same safety, much faster)
    with the YAML 1.2 core resolvers above in place of YAML 1.1's."""
    base = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    loader: Any = type("CoreSafeLoader", (base,), {"yaml_implicit_resolvers": {}})
    for tag, pattern, first in _CORE_RESOLVERS:
        loader.add_implicit_resolver(tag, pattern, first)
    return loader


_LOADER = _core_loader()


def _line_of(text: str, position: int | None) -> int | None:
    return None if position is None else text.count("\n", 0, position) + 1


def _prescan(text: str, file: str, aliases: bool) -> int | None:
    """Walk parser events (no recursion) to refuse deep nesting, and aliases where they are not
    wanted, before composing; the line of the first alias, if any."""
    depth = 0
    first_alias: int | None = None
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent) and first_alias is None:
            first_alias = event.start_mark.line + 1 if event.start_mark else 1
            if not aliases:
                raise YamlLoadError(
                    Problem(
                        file,
                        first_alias,
                        "",
                        NO_ALIASES,
                    )
                )
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else None
                raise YamlLoadError(
                    Problem(file, line, "", f"nesting deeper than {MAX_DEPTH} levels")
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return first_alias


def load_text(
    text: str, file: str, max_bytes: int = MAX_BYTES, *, aliases: bool = True
) -> Document:
    """Parse YAML (or JSON, a subset) text into a `Document`; `aliases=False` refuses any
    alias (`*name`) with a message rather than expanding it."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise YamlLoadError(Problem(file, None, "", f"file is larger than {max_bytes // 1000} kB"))
    try:
        alias_line = _prescan(text, file, aliases)
        node = yaml.compose(text, Loader=_LOADER)
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
        what = excerpt(exc.problem or exc.context or "malformed YAML", 200)[1:-1]
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
        first = str(exc).splitlines()[0][:200] if str(exc) else "malformed YAML"
        raise YamlLoadError(Problem(file, None, "", f"malformed YAML: {first}")) from None
    except RecursionError:
        raise YamlLoadError(
            Problem(file, None, "", f"nesting deeper than {MAX_DEPTH} levels")
        ) from None
    if node is None:
        return Document(file, None, {(): 1})
    builder = _Builder(file)
    data = builder.build(node, ())
    return Document(file, data, builder.lines, alias_line)


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def not_a_file(mode: int) -> str | None:
    """Why a file of this `st_mode` is not read (a folder, a FIFO, a device), or None."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    kind = next((word for test, word in _KINDS if test(mode)), "not a regular file")
    return f"is {kind}, not a regular file; give a file"


def read_bytes(path: Path | str, display: str, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of a regular file, or `YamlLoadError`.

    The file's kind is checked before it is opened and again on the open descriptor, and it is
    opened non-blocking, so a FIFO, a device or a link loop never hangs or crashes a reader.
    """

    def refuse(message: str) -> YamlLoadError:
        return YamlLoadError(Problem(display, None, "", message))

    try:
        why = not_a_file(os.stat(path).st_mode)
        if why:
            raise refuse(why)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise refuse("is a symbolic link loop; point the link at a file") from None
        raise refuse(f"cannot read file: {exc.strerror}") from None
    try:
        why = not_a_file(os.fstat(fd).st_mode)  # it may have changed since the check
        if why:
            raise refuse(why)
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise refuse(f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)


def load_yaml(
    path: Path | str,
    display: str | None = None,
    max_bytes: int = MAX_BYTES,
    *,
    aliases: bool = True,
) -> Document:
    """Load a YAML or JSON file safely; `display` is the name used in messages.

    At most `max_bytes` are ever read, and only from a regular file (see `read_bytes`).
    """
    p = Path(path)
    name = display or str(path)
    raw = read_bytes(p, name, max_bytes)
    if len(raw) > max_bytes:
        raise YamlLoadError(Problem(name, None, "", f"file is larger than {max_bytes // 1000} kB"))
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
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:200]
            raise YamlLoadError(Problem(name, None, "", f"malformed JSON: {reason}")) from None
        # Valid JSON has raw tabs only as whitespace, which YAML refuses: make them spaces.
        text = text.replace("\t", " ")
    return load_text(text, name, max_bytes, aliases=aliases)
