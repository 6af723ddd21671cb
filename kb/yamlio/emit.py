"""Writing small machine-made YAML (log entries) as text that reads back exactly.

Strings are written double-quoted with JSON escapes, which YAML 1.2 reads identically, so no
value can be mistaken for a number, date, boolean or a comment, whatever it contains.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085", "\ufeff": "\\ufeff"}

Scalar = str | int | bool | None


def scalar(value: object) -> str:
    """One scalar (or a flat list of scalars) as YAML flow text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        for raw, escaped in _LINE_BREAKS.items():
            text = text.replace(raw, escaped)
        return text
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    raise TypeError(f"cannot emit a {type(value).__name__}")


def block_item(entry: Mapping[str, object]) -> str:
    """A mapping as one block-sequence item (``- key: value`` lines), ending in a newline."""
    lines = []
    for i, (key, value) in enumerate(entry.items()):
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a plain key: {key!r}")
        lines.append(f"{'- ' if i == 0 else '  '}{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"
