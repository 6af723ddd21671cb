"""Text from input files made safe to show: control and invisible formatting characters escaped.

Input files are untrusted. A label, an id or an unknown field name could carry terminal escape
sequences, bidirectional overrides or line breaks that forge output lines; everything printed to
a terminal or written into a Markdown cell passes through `visible` first.
"""

from __future__ import annotations

import unicodedata

#: control, format (bidi, zero-width), line/paragraph separators, surrogates, private, unassigned
_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"))
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(c: str) -> str:
    """A JSON-compatible escape, so printed JSON stays valid and means the same."""
    if c in _ESCAPES:
        return _ESCAPES[c]
    o = ord(c)
    if o < 0x10000:
        return f"\\u{o:04x}"
    o -= 0x10000
    return f"\\u{0xD800 + (o >> 10):04x}\\u{0xDC00 + (o & 0x3FF):04x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with control (Cc), format (Cf: bidi overrides, zero-width) and separator (Zl, Zp)
    characters written as JSON-style escapes (\\u001b); with `keep_newlines`, '\\n' stays a line
    break. On JSON text (keep_newlines=True) the result is JSON with the same meaning."""
    if text.isprintable():
        return text
    out = []
    for c in text:
        if (keep_newlines and c == "\n") or unicodedata.category(c) not in _HIDDEN:
            out.append(c)
        else:
            out.append(_escaped(c))
    return "".join(out)
