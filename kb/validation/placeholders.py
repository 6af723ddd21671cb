"""The `kb new` scaffold's placeholders: text starting with TODO fails validation (KB601).

Placeholders in typed fields (ids, dates, URLs, vocabulary values) already fail their type;
this rule catches the ones in free text (titles, summaries, statements), so a half-filled
scaffold can never be merged.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from kb.diagnostics import Diagnostic, FieldPath
from kb.records import Record

PLACEHOLDER = "TODO"
CODE = "KB601"


def _walk(value: object, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        if value.lstrip().startswith(PLACEHOLDER):
            yield path, value
    elif isinstance(value, BaseModel):  # fields by name, as the YAML spells them
        for key in type(value).model_fields:
            yield from _walk(getattr(value, key, None), (*path, key))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, i))


_LAST: list[object] = [None, b""]


def serialised(record: Record) -> bytes:
    """The record as JSON, kept for the next caller: two rules that each look for a string in
    the whole record (a placeholder, a URL) serialise it once between them."""
    if _LAST[0] is not record:
        _LAST[1] = record.__pydantic_serializer__.to_json(record)
        _LAST[0] = record
    out = _LAST[1]
    assert isinstance(out, bytes)
    return out


def placeholders(record: Record, file: str) -> Iterator[Diagnostic]:
    """Text fields still holding a scaffold placeholder (read from the fields themselves, not a
    serialisation, so that a salvaged record, which may hold None anywhere, works too)."""
    try:  # the common case, decided in one pass over the serialised record
        if PLACEHOLDER.encode() not in serialised(record):
            return
    except ValueError:  # a salvaged record may not serialise; walk its fields instead
        pass
    for path, value in _walk(record, ()):
        shown = value.strip().splitlines()[0] if value.strip() else value
        yield Diagnostic(file, CODE, f"placeholder not filled in: '{shown[:80]}'", 0, 0, path,
                         shown[:80], "replace it with the real value, or delete the field if it "
                         "is optional")
