"""Mermaid label text: the one escaper for `kb graph export --format mermaid` and the site's
diagrams (no networkx here, so the site can use it without building anything)."""

from __future__ import annotations

import string

LIMIT = 60
_SAFE = frozenset(string.ascii_letters + string.digits + " ")


def mermaid_label(value: object, limit: int | None = LIMIT) -> str:
    """A label for a Mermaid node or edge, to be written between double quotes.

    Whitespace is folded and long text cut at ``limit`` characters (with "…"; None keeps it
    whole). Mermaid decodes
    ``#<number>;`` entity codes; every character but ASCII letters, digits and space is written
    that way, so quotes, brackets, arrows and HTML cannot break out of the label.
    """
    text = " ".join(str(value).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return "".join(ch if ch in _SAFE else f"#{ord(ch)};" for ch in text)
