"""schema.org JSON-LD for pages: ``Dataset`` for the downloads page, ``Article`` (incidents,
policies) or ``CreativeWork`` (other records) for record pages.

Never ``ClaimReview``, ``Rating`` or any review property: a claim's status says where the
claim stands in its sources, not the editors' verdict. Blocks are emitted as
``<script type="application/ld+json">`` with ``<``, ``>`` and ``&`` escaped inside the JSON
(``\\u003c`` ...), so record text can never close the script or open markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kb.records import Record

CONTEXT = "https://schema.org"
PUBLISHER = {"@type": "Organization", "name": "distillation-kb"}
_ARTICLE_KINDS = ("incident", "policy")


def script(data: dict[str, Any]) -> str:
    """One inert ``<script type="application/ld+json">`` element on one line."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/ld+json">{text}</script>'


def record_jsonld(record: Record, url: str, title: str) -> dict[str, Any]:
    """Metadata of a record's page: what it is, its id, address and review date."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Article" if record.kind_name in _ARTICLE_KINDS else "CreativeWork",
        "name": title, "identifier": record.id, "url": url, "publisher": PUBLISHER,
        "isPartOf": {"@type": "Dataset", "name": "distillation-kb"},
        "genre": record.kind_name,
    }
    if record.kind_name in _ARTICLE_KINDS:
        data["headline"] = title[:110]
    return data


def dataset_jsonld(description: str, files: Iterable[tuple[str, str, str, int, str]],
                   modified: str | None) -> dict[str, Any]:
    """The whole knowledge base as a ``Dataset`` with one ``DataDownload`` per file
    (name, URL, media type, size in bytes, SHA-256)."""
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "Dataset", "name": "distillation-kb",
        "description": description, "creator": PUBLISHER, "publisher": PUBLISHER,
        "distribution": [{"@type": "DataDownload", "name": name, "contentUrl": url,
                          "encodingFormat": media, "contentSize": f"{size} bytes", "sha256": digest}
                         for name, url, media, size, digest in files],
    }
    if modified:
        data["dateModified"] = modified
    return data
