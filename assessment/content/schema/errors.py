"""Pydantic validation errors rewritten as `file:line: where: message` problems.

A value or key from the file is quoted only as a short, escaped `excerpt`: a file that is not a
pack at all (linked from elsewhere, say) never has its lines echoed.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from assessment.content.yaml_io import Document
from assessment.errors import Problem, escape, excerpt

_SCALAR_TAGS = ("str", "constrained-str", "int", "float", "bool", "none")


def wrong_branch(data: Any, loc: tuple[str | int, ...]) -> bool:
    """True when an error comes from a union member that does not fit the data's type, such
    as the 'text' branch of `list[Choice] | str` when a list was given: noise to drop."""
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str):
            is_list_tag = part.startswith("list[")
            if isinstance(node, list) and not is_list_tag:
                return True
            if isinstance(node, str | int | float | bool) and (is_list_tag or part.endswith("]")):
                return True
            if isinstance(node, dict) and part in _SCALAR_TAGS:
                return True
        else:
            return False
    return False


def breadcrumb(data: Any, loc: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], str]:
    """The real data path of a pydantic `loc` (without union tags) and a readable breadcrumb.

    List items are named by their `id` when they have one: `sections.profile.questions.teams`.
    """
    path: list[str | int] = []
    words: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, dict):
            if part not in node:
                continue  # a union tag such as 'leaf' or 'stage'
            node = node[part]
            path.append(part)
            words.append(_word(part))
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
            item_id = node.get("id") if isinstance(node, dict) else None
            words.append(_word(item_id) if isinstance(item_id, str) else f"[{part}]")
        elif isinstance(node, list) and isinstance(part, str):
            continue  # a union tag such as 'list[Choice]'
        else:
            path.append(part)
            words.append(_word(part))
            node = None
    return tuple(path), ".".join(words).replace(".[", "[")


def _word(part: Any) -> str:
    """A key or id in a breadcrumb: as written when short, else an escaped excerpt."""
    text = str(part)
    return text if len(text) <= 40 and text.isprintable() else escape(text, 40)


def _fields_of(model: type[BaseModel], data: Any, loc: tuple[str | int, ...]) -> list[str]:
    """Field names (aliases) allowed where an unknown key was found, for suggestions."""
    try:
        current: Any = model
        for part in loc[:-1]:
            if isinstance(part, int) or current is None:
                continue
            fields = getattr(current, "model_fields", None)
            if not fields:
                return []
            field = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
            if field is None:
                continue
            current = _model_in(field.annotation)
        fields = getattr(current, "model_fields", {})
        return [f.alias or name for name, f in fields.items()]
    except Exception:  # pragma: no cover - suggestions are a nicety only
        return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def message_for(error: Any, allowed: list[str]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    got = error.get("input")
    field = error["loc"][-1] if error["loc"] else ""
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping (key: value pairs), got {_kind_of(got)}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {_kind_of(got)}"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(field)[:100], allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        if got is None and not close:
            hint = (
                "; a comma inside an unquoted value in { } starts a new key: "
                "put the value in quotes"
            )
        elif not close and allowed:
            hint = f"; allowed here: {', '.join(sorted(allowed))}"
        return f"unknown field {excerpt(str(field), 40)}{hint}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, not {excerpt(got)}"
    if kind == "string_pattern_mismatch":
        return f"{excerpt(got)} is not a valid id: use lower case letters, digits, '-' and '_'"
    if kind == "string_type" and isinstance(got, bool):
        return f"expected text, got {excerpt(got)}: quote it"
    if kind in ("float_parsing", "int_parsing") and isinstance(got, str):
        whole = "a whole number" if kind == "int_parsing" else "a number"
        return f"expected {whole}, got {excerpt(got)}: write it in plain decimal digits"
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))[:40]
        expected = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
        close = difflib.get_close_matches(tag, expected, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f" (kinds: {', '.join(expected)})"
        return f"unknown table kind '{tag}'{hint}"
    msg: str = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    return escape(msg[:1].lower() + msg[1:], 300)


def problems_from(
    exc: ValidationError, doc: Document, model: type[BaseModel], prefix: tuple[str | int, ...] = ()
) -> list[Problem]:
    out: list[Problem] = []
    errors = exc.errors()
    kept = [e for e in errors if not wrong_branch(doc.data, (*prefix, *e["loc"]))]
    kept = kept or errors
    # A misspelt field shows up twice: as unknown and as missing. Keep only the first.
    typos = {
        (
            tuple(e["loc"][:-1]),
            difflib.get_close_matches(
                str(e["loc"][-1]), [str(m["loc"][-1]) for m in kept if m["type"] == "missing"], n=1
            )[0],
        )
        for e in kept
        if e["type"] == "extra_forbidden"
        and difflib.get_close_matches(
            str(e["loc"][-1]), [str(m["loc"][-1]) for m in kept if m["type"] == "missing"], n=1
        )
    }
    kept = [
        e
        for e in kept
        if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), str(e["loc"][-1])) in typos)
    ]
    by_place: dict[tuple[int | None, str], list[Any]] = {}
    for error in kept:
        loc = tuple(error["loc"])
        path, where = breadcrumb(doc.data, (*prefix, *loc))
        by_place.setdefault((doc.line(path), where), []).append(error)
    for (line, where), errors_here in by_place.items():
        if len(errors_here) > 1 and all(
            e["type"].endswith("_type") or e["type"].endswith("_parsing") for e in errors_here
        ):
            # one value that fits none of a union's types: one message, not one per type
            wanted = " or ".join(
                dict.fromkeys(_TYPE_WORDS.get(e["type"].split("_")[0], "text") for e in errors_here)
            )
            out.append(
                Problem(
                    doc.file,
                    line,
                    where,
                    f"expected {wanted}, got {_kind_of(errors_here[0].get('input'))}",
                )
            )
            continue
        for error in errors_here:
            allowed = (
                _fields_of(model, doc.data, tuple(error["loc"]))
                if error["type"] == "extra_forbidden"
                else []
            )
            out.append(Problem(doc.file, line, where, message_for(error, allowed)))
    return out


_TYPE_WORDS = {
    "float": "a number",
    "int": "a whole number",
    "string": "text",
    "bool": "yes/no",
    "list": "a list",
    "dict": "a mapping",
    "model": "a mapping",
    "tuple": "a list",
}


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, int | float):
        return f"the number {excerpt(value)}"
    return excerpt(str(value))
