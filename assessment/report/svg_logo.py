"""SVG brand logos, checked by a bounded parser and written anew before the renderer sees them.

An 881-byte logo of nested `<use>` elements once took the renderer 253 s and 1 GB: SVG lets a
small file ask for an unbounded drawing. So a logo is read here with expat, no DTD and no
entities allowed, stopping as soon as a cap is passed, and only what a logo needs is kept:
shapes, paths, text, groups, gradients, clip paths and masks. Elements that repeat other parts
of the drawing or load something (`use`, `pattern`, `marker`, `filter`, `image`,
`foreignObject`, `script`, ...) are refused with a message, and so is any reference that does
not point inside the file. The drawing that reaches the renderer is the tree checked here,
serialised again, so the two parsers can never disagree about what the file says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_ELEMENTS = 2_000
MAX_DEPTH = 32
MAX_TEXT = 20_000  # characters of text and style
MAX_DRAWN = 10_000  # elements drawn, counting a clip path or mask again wherever it is used

DRAWN = {"svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon"}
TEXT = {"text", "tspan"}
GRADIENTS = {"linearGradient", "radialGradient"}
MASKS = {"clipPath", "mask"}
OTHER = {"defs", "title", "desc", "stop", "style"}
ALLOWED = DRAWN | TEXT | GRADIENTS | MASKS | OTHER
ALLOWED_TEXT = "shapes, paths, text, groups, gradients, clip paths and masks"

_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_ID_REF = re.compile(r"#[A-Za-z_][\w.\-]*")
_ENCODING = re.compile(r"<\?xml[^>]*encoding\s*=\s*['\"]([^'\"]+)['\"]", re.IGNORECASE)


class SvgLogoError(ValueError):
    """An SVG logo the report does not accept; the message says why and where."""


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    parent: _Node | None = None
    children: list[_Node | str] = field(default_factory=list)
    size: int = 1  # this element and every element inside it

    def inside(self, tags: set[str]) -> bool:
        node = self.parent
        while node is not None:
            if node.tag in tags:
                return True
            node = node.parent
        return False


@dataclass
class _Ref:
    node: _Node
    target: str  # an id, without '#'
    attribute: str


class _Reader:
    """Builds the checked tree while expat reads; raises at the first thing over a cap."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate("utf-8", " ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._refuse_dtd
        self.parser.EntityDeclHandler = self._refuse_dtd
        self.parser.ExternalEntityRefHandler = self._refuse_external
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.root: _Node | None = None
        self.current: _Node | None = None
        self.skipping = 0  # depth inside <metadata> or an element of another namespace
        self.depth = 0
        self.elements = 0
        self.text = 0
        self.refs: list[_Ref] = []
        self.ids: dict[str, _Node] = {}

    def fail(self, message: str) -> SvgLogoError:
        return SvgLogoError(f"line {self.parser.CurrentLineNumber}: {message}")

    def _refuse_dtd(self, *_: object) -> None:
        raise self.fail("a DOCTYPE or entity declaration is not allowed in an SVG logo")

    def _refuse_external(self, *_: object) -> int:
        raise self.fail("a DOCTYPE or entity declaration is not allowed in an SVG logo")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise self.fail(f"the logo has more than {MAX_ELEMENTS:,} elements")
        if self.depth > MAX_DEPTH:
            raise self.fail(f"the logo nests elements more than {MAX_DEPTH} deep")
        namespace, _, tag = name.rpartition(" ")
        if self.skipping or namespace not in ("", SVG_NS) or tag == "metadata":
            self.skipping += 1
            return
        if self.root is None and tag != "svg":
            raise self.fail(f"an SVG logo starts with <svg>, not <{tag}>")
        if tag not in ALLOWED:
            raise self.fail(
                f"<{tag}> is not accepted in a logo (allowed: {ALLOWED_TEXT}); "
                "simplify the drawing or use a PNG"
            )
        node = _Node(tag, {}, self.parser.CurrentLineNumber, parent=self.current)
        for key, value in attributes.items():
            self._attribute(node, key, value)
        if self.current is None:
            self.root = node
        else:
            self.current.children.append(node)
        self.current = node

    def _attribute(self, node: _Node, key: str, value: str) -> None:
        namespace, _, local = key.rpartition(" ")
        if local == "href" and namespace in ("", XLINK_NS):
            if node.tag not in GRADIENTS or not _ID_REF.fullmatch(value):
                raise self.fail(
                    f"<{node.tag}> refers to {value[:60]!r}; a logo may refer only to "
                    "gradients inside its own file"
                )
            node.attrs[f"{{{XLINK_NS}}}href"] = value
            self.refs.append(_Ref(node, value[1:], "href"))
            return
        if namespace or local.lower().startswith("on"):
            return  # editor attributes and event handlers draw nothing
        self._urls(node, local, value)
        if local == "id":
            self.ids.setdefault(value, node)
        node.attrs[local] = value

    def _urls(self, node: _Node, where: str, value: str) -> None:
        if "@" in value:  # @import, @font-face and any other at-rule, escaped or not
            raise self.fail("a logo's style may not use at-rules such as @import or @font-face")
        if "\\" in value:  # an escape could spell url( or @import past the checks here
            raise self.fail("a logo's style may not use CSS escapes (\\)")
        for match in _URL.finditer(value):
            target = match.group(2).strip()
            if not _ID_REF.fullmatch(target):
                raise self.fail(
                    f"<{node.tag}> refers to {target[:60]!r}; a logo may refer only to "
                    "parts of its own file"
                )
            self.refs.append(_Ref(node, target[1:], where))

    def _end(self, name: str) -> None:
        self.depth -= 1
        if self.skipping:
            self.skipping -= 1
            return
        node = self.current
        if node is None:
            return
        if node.tag == "style":
            self._urls(node, "style", "".join(c for c in node.children if isinstance(c, str)))
        if node.parent is not None:
            node.parent.size += node.size
        self.current = node.parent

    def _text(self, data: str) -> None:
        if self.skipping or self.current is None:
            return
        if data.isspace() and self.current.tag not in TEXT:
            return  # the indentation between elements
        self.text += len(data)
        if self.text > MAX_TEXT:
            raise self.fail(f"the logo holds more than {MAX_TEXT:,} characters of text")
        self.current.children.append(data)


def sanitise(data: bytes) -> bytes:
    """The logo rewritten from what was checked, or SvgLogoError saying what is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SvgLogoError("an SVG logo must be UTF-8 text") from None
    encoding = _ENCODING.search(text[:200])
    if encoding and encoding.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise SvgLogoError(f"an SVG logo must be UTF-8, not {encoding.group(1)[:20]}")
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise SvgLogoError("a DOCTYPE or entity declaration is not allowed in an SVG logo")
    reader = _Reader()
    try:
        reader.parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        raise SvgLogoError(f"line {exc.lineno}: not well-formed SVG ({_reason(exc)})") from None
    if reader.root is None:
        raise SvgLogoError("the file holds no <svg> element")
    _check_refs(reader)
    return _serialise(reader.root).encode("utf-8")


def _reason(exc: expat.ExpatError) -> str:
    return expat.ErrorString(exc.code) or "unreadable"


def _check_refs(reader: _Reader) -> None:
    """References point at gradients, clip paths or masks of this file, none nested; the
    drawing, with each clip path or mask counted wherever it is used, stays under the cap."""
    drawn = reader.elements
    for ref in reader.refs:
        target = reader.ids.get(ref.target)
        where = f"line {ref.node.line}: <{ref.node.tag}> {ref.attribute}"
        if target is None:
            raise SvgLogoError(f"{where} refers to #{ref.target[:60]}, which the logo lacks")
        if target.tag in GRADIENTS:
            if ref.attribute == "href" and f"{{{XLINK_NS}}}href" in target.attrs:
                raise SvgLogoError(f"{where}: a gradient may build on one that builds on none")
            continue
        if target.tag not in MASKS or ref.attribute == "href":
            raise SvgLogoError(
                f"{where} refers to a <{target.tag}>; a logo may refer only to gradients, "
                "clip paths and masks"
            )
        if ref.node.tag == "style" or ref.node.tag in MASKS or ref.node.inside(MASKS):
            raise SvgLogoError(
                f"{where}: clip paths and masks are applied by attribute, and not inside "
                "another clip path or mask"
            )
        drawn += target.size
        if drawn > MAX_DRAWN:
            raise SvgLogoError(
                f"{where}: the logo draws more than {MAX_DRAWN:,} elements once its clip "
                "paths and masks are applied; simplify it or use a PNG"
            )


def _serialise(node: _Node, root: bool = True) -> str:
    attrs = "".join(f" {_name(key)}={quoteattr(value)}" for key, value in node.attrs.items())
    if root:
        attrs = f' xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"' + attrs
    inner = "".join(
        escape(child) if isinstance(child, str) else _serialise(child, False)
        for child in node.children
    )
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def _name(key: str) -> str:
    return "xlink:href" if key == f"{{{XLINK_NS}}}href" else key
