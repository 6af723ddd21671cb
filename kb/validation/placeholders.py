"""The `kb new` scaffold's placeholders: text starting with TODO fails validation (KB601).

Placeholders in typed fields (ids, dates, URLs, vocabulary values) already fail their type;
this rule catches the ones in free text (titles, summaries, statements), so a half-filled
scaffold can never be merged.
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.diagnostics import Diagnostic, Path
from kb.records import Record

PLACEHOLDER = "TODO"


def _walk(value: object, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, str):
        if value.lstrip().startswith(PLACEHOLDER):
            yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*path, i))


def placeholders(record: Record, file: str) -> Iterator[Diagnostic]:
    """Text fields still holding a scaffold placeholder."""
    serializer = record.__pydantic_serializer__
    if PLACEHOLDER.encode() not in serializer.to_json(record):
        return  # the common case, decided in one pass over the serialised record
    data = serializer.to_python(record, exclude_defaults=True)
    for path, value in _walk(data, ()):
        shown = value.strip().splitlines()[0] if value.strip() else value
        yield Diagnostic(file, "KB601", f"placeholder not filled in: '{shown[:80]}'", 0, 0, path,
                         shown[:80], "replace it with the real value, or delete the field if it "
                         "is optional")
