"""The graph's relations by name, with the words a reader sees for each (no networkx here).

The edge kinds are named once, here and in :mod:`kb.graph` (whose docstring fixes each
direction); the explorer, the Mermaid diagrams and the exports all use these names.
"""

from __future__ import annotations

DERIVED_FROM = "derived-from"
DEVELOPER_OF = "developer-of"
CLAIM = "claim"

LABELS: dict[str, str] = {
    DEVELOPER_OF: "develops",
    DERIVED_FROM: "derived from",
}
"""Reader-facing words for edge kinds shown on the site (claims show their predicate)."""


def label(kind: str) -> str:
    return LABELS.get(kind, kind)
