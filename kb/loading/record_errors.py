"""Turn pydantic validation errors into diagnostics with stable codes, positions and hints."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from kb.diagnostics import Diagnostic, FieldPath, suggest
from kb.records.base import submodel
from kb.yamlio.reader import Parsed

_TYPE_CODES = {
    "kb_date": "KB105",
    "kb_date_ambiguous": "KB115",
    "kb_url": "KB106",
    "kb_url_scheme": "KB106",
    "kb_url_credentials": "KB106",
    "kb_id": "KB107",
    "kb_bidi": "KB006",
    "kb_url_char": "KB120",
    "kb_url_host": "KB121",
    "kb_invisible": "KB122",
    "kb_date_range": "KB123",
    "kb_not_finite": "KB124",
    "kb_jurisdiction": "KB125",
    "kb_reserved_id": "KB126",
    "kb_mixed_script": "KB127",
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


def _data_path(data: object, loc: tuple[str | int, ...]) -> tuple[FieldPath, object, bool]:
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


def model_at(cls: type[BaseModel], path: FieldPath) -> type[BaseModel] | None:
    """The pydantic class describing the mapping at ``path`` below ``cls``."""
    current: type[BaseModel] | None = cls
    for seg in path:
        if isinstance(seg, int) or current is None:
            continue
        info = current.model_fields.get(seg)
        if info is None:
            return None
        current = submodel(info.annotation)
    return current


#: Diagnostics shown per file; the rest are counted in one KB018 (a hostile file must not
#: flood the output: 1 MiB of wrong items once gave 290,000 lines and took 19 s).
MAX_PER_FILE = 100


def record_diagnostics(
    exc: ValidationError, parsed: Parsed, cls: type[BaseModel]
) -> Iterator[Diagnostic]:
    seen: set[FieldPath] = set()
    errors = exc.errors(include_url=False)
    for i, err in enumerate(errors):
        path, value, found = _data_path(parsed.data, err["loc"])
        if path in seen:
            continue  # one diagnostic per field, even when a union reports each member
        if len(seen) == MAX_PER_FILE:
            rest = len({_data_path(parsed.data, e["loc"])[0] for e in errors[i:]} - seen)
            yield Diagnostic(parsed.file, "KB018", f"{rest:,} more problems in this file are not shown",
                             1, 1, hint="fix the ones shown, then validate again")
            return
        seen.add(path)
        yield _one(err, path, value, found, parsed, cls)


def _one(
    err: ErrorDetails, path: FieldPath, value: object, found: bool, parsed: Parsed, cls: type[BaseModel]
) -> Diagnostic:
    etype = err["type"]
    raw = parsed.raw.get(path)
    code = _TYPE_CODES.get(etype)
    hint: str | None = None
    shown = _short(value, raw) if found else None
    message = err["msg"]
    if etype == "extra_forbidden":
        parent = model_at(cls, path[:-1])
        name = _short(str(path[-1]), None) or ""  # a key can be 1 MiB long: show its start
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
