"""Readable, stable ids for source records: ``<publisher>-<date>-<title or page name>``.

The id is made once, when the source is added (`kb new source` or the migration), and never
changes with the record's metadata afterwards: links to the source's page must keep working.
"""

from __future__ import annotations

import re
from collections.abc import Container
from urllib.parse import unquote, urlsplit

from kb.workflow.scaffold import slugify

MAX_SOURCE_ID = 80
_PUBLISHER_PART = 30
_GENERIC_SEGMENTS = frozenset({"index", "html", "news", "article", "articles", "post", "p", "en", "amp",
                               "page", "readme", "blob", "resolve", "raw", "tree", "main", "commit"})
_HASH = re.compile(r"[0-9a-f-]{12,}")


def page_name(url: str) -> str:
    """A few words naming the page from its URL: the last meaningful path segment, else the query."""
    parts = urlsplit(url)
    segments = [slugify(re.sub(r"\.(html?|php|aspx?|md|xml|pdf)$", "", s, flags=re.I))
                for s in reversed(unquote(parts.path).split("/")) if s]
    words = [s for s in segments if s and s not in _GENERIC_SEGMENTS and not re.fullmatch(r"[0-9]{1,4}", s)]
    for slug in [*(s for s in words if not _HASH.fullmatch(s)), *words]:
        return slug
    return slugify(parts.query) or slugify(parts.hostname or "") or "page"


def source_id(publisher: str, published: str | None, title: str | None, url: str) -> str:
    """``<publisher>-<yyyy-mm-dd>-<title>`` as a slug, trimmed to a readable length."""
    name = publisher.split(" (", 1)[0]  # 'Hugging Face (dataset card by x)' -> 'Hugging Face'
    head = slugify(name, _PUBLISHER_PART) or slugify(urlsplit(url).hostname or "") or "source"
    if published:
        head = f"{head}-{published}"
    tail = slugify(title or "", MAX_SOURCE_ID) or page_name(url)
    if published and tail.startswith(published):
        tail = tail[len(published):].strip("-")
    return slugify(f"{head}-{tail}", MAX_SOURCE_ID) or head


def unique(candidate: str, taken: Container[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3`` ... when the id is taken."""
    if candidate not in taken:
        return candidate
    n = 2
    while f"{candidate}-{n}" in taken:
        n += 1
    return f"{candidate}-{n}"
