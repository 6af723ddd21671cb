"""Turn pydantic validation errors into diagnostics with stable codes, positions and hints."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from kb.diagnostics import Diagnostic, Path
from kb.yamlio.reader import Parsed

_TYPE_CODES = {
    "kb_date": "KB105",
    "kb_date_ambiguous": "KB115",
    "kb_url": "KB106",
    "kb_url_scheme": "KB106",
    "kb_url_credentials": "KB106",
    "kb_id": "KB107",
    "kb_bidi": "KB006",
    "extra_forbidden": "KB101",
    "missing": "KB102",
    "enum": "KB104",
    "literal_error": "KB104",
}
_RANGE_TYPES = {
    "too_short", "too_long", "string_too_short", "string_too_long", "greater_than",
    "greater_than_equal", "less_than", "less_than_equal",
}
_EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "float_type": "a number",
    "bool_type": "true or false", "list_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping", "int_from_float": "a whole number",
    "bool_parsing": "true or false", "int_parsing": "a whole number", "float_parsing": "a number",
    "string_pattern_mismatch": "text of the documented form",
}


def suggest(value: str, choices: typing.Iterable[str]) -> str | None:
    """'did you mean ...' for the closest choice, if one is close enough."""
    match = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None


def _describe(value: object, raw: str | None) -> str:
    if raw is not None:
        if isinstance(value, bool):
            return f"true/false ({raw})"
        if isinstance(value, int | float):
            return f"the number {raw}"
        if value is None:
            return f"null ({raw})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text '{shown}'"
    return type(value).__name__


def _short(value: object, raw: str | None) -> str | None:
    if raw is not None:
        return raw
    if isinstance(value, str):
        return value if len(value) <= 80 else value[:77] + "..."
    if isinstance(value, dict | list) or value is None:
        return None
    return str(value)


def _data_path(data: object, loc: tuple[str | int, ...]) -> tuple[Path, object, bool]:
    """Follow pydantic's loc through the data, dropping union-member tags.

    Returns the path, the value found there, and whether the value exists.
    """
    path: list[str | int] = []
    node = data
    found = True
    for seg in loc:
        if isinstance(node, dict) and isinstance(seg, str):
            path.append(seg)
            if seg in node:
                node = node[seg]
            else:
                found = False
                break
        elif isinstance(node, list) and isinstance(seg, int):
            path.append(seg)
            node = node[seg] if seg < len(node) else None
        else:
            break
    return tuple(path), node, found


def model_at(cls: type[BaseModel], path: Path) -> type[BaseModel] | None:
    """The pydantic class describing the mapping at ``path`` below ``cls``."""
    current: type[BaseModel] | None = cls
    for seg in path:
        if isinstance(seg, int) or current is None:
            continue
        info = current.model_fields.get(seg)
        if info is None:
            return None
        current = _first_model(info.annotation)
    return current


def _first_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _first_model(typing.get_args(annotation)[0])
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _first_model(arg)
            if found is not None:
                return found
    return None


def record_diagnostics(
    exc: ValidationError, parsed: Parsed, cls: type[BaseModel]
) -> Iterator[Diagnostic]:
    seen: set[Path] = set()
    for err in exc.errors(include_url=False):
        path, value, found = _data_path(parsed.data, err["loc"])
        if path in seen:
            continue  # one diagnostic per field, even when a union reports each member
        seen.add(path)
        yield _one(err, path, value, found, parsed, cls)


def _one(
    err: ErrorDetails, path: Path, value: object, found: bool, parsed: Parsed, cls: type[BaseModel]
) -> Diagnostic:
    etype = err["type"]
    raw = parsed.raw.get(path)
    code = _TYPE_CODES.get(etype)
    hint: str | None = None
    shown = _short(value, raw) if found else None
    message = err["msg"]
    if etype == "extra_forbidden":
        parent = model_at(cls, path[:-1])
        name = str(path[-1])
        message = f"unknown field '{name}'"
        hint = suggest(name, parent.model_fields) if parent else None
        hint = hint or "remove it, or check the field list in the schema"
        line, col = parsed.mark_for(path, key=True)
        return Diagnostic(parsed.file, "KB101", message, line, col, path, name, hint)
    if etype == "missing":
        message = f"required field '{path[-1]}' is missing"
        hint = f"add '{path[-1]}:'"
        line, col = parsed.mark_for(path[:-1])
        return Diagnostic(parsed.file, "KB102", message, line, col, path, None, hint)
    if etype in ("enum", "literal_error"):
        allowed = re.findall(r"'([^']*)'", str(err.get("ctx", {}).get("expected", "")))
        message = f"'{shown}' is not one of: {', '.join(allowed)}"
        hint = suggest(str(value), allowed) if isinstance(value, str) else None
        if hint is None and raw is not None:
            hint = "quote it if it is meant as text"
    elif code is None and etype in _RANGE_TYPES:
        code = "KB108"
    elif code is None and etype in _EXPECTED:
        code = "KB103"
        message = f"expected {_EXPECTED[etype]}, got {_describe(value, raw)}"
        if raw is not None and etype == "string_type":
            hint = f"quote it ('{raw}') so YAML reads it as text"
        elif etype == "bool_type" and isinstance(value, str):
            hint = "write true or false (YAML 1.1 words such as yes/no/on/off are not booleans here)"
        elif etype == "list_type":
            hint = "write a list: one '- item' per line, or [a, b]"
    elif code is None:
        code = "KB109"
        message = message.removeprefix("Value error, ")
    line, col = parsed.mark_for(path)
    return Diagnostic(parsed.file, code or "KB109", message, line, col, path, shown, hint)
