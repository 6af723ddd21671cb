"""Mermaid label text: the one escaper for `kb graph export --format mermaid` and the site's
diagrams (no networkx here, so the site can use it without building anything)."""

from __future__ import annotations

import string

from kb.records.phrases import claim_label
from kb.records.vocab import NOT_SUPPORTED_STATUSES, StatusClass, status_class

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


# Edge styles by status class -------------------------------------------------------------------
#
# Site use (a diagram built by hand):
#
#     from kb.graph.mermaid import claim_edge_label, link_style_lines, mermaid_edge
#     lines += [mermaid_edge("n0", "n1", claim_edge_label(pred, status, claimant_name), status)]
#     statuses.append(status)                # one entry per edge line, in order (None for links)
#     ...
#     lines += link_style_lines(statuses)    # after every edge: greys the not-supported ones
#
# Not-supported claims (unsubstantiated, refuted, retracted) are drawn dashed and grey and their
# label says so in words; other claims are solid; links that are not claims (developer-of, …)
# keep whatever arrow the caller asks for.

#: Mermaid ``linkStyle`` CSS for a not-supported claim: dashed, thin, grey, grey label.
NOT_SUPPORTED_LINK_STYLE = "stroke:#6c757d,stroke-width:1px,stroke-dasharray:5 4,color:#495057"
#: CSS classes by status class, for HTML views (the explorer) and the exports' ``status_class``.
EDGE_CLASSES = {str(c): f"kb-{c}" for c in StatusClass}
#: Edge labels are cut here, not at :data:`LIMIT`: a claim's label names its status and claimant.
EDGE_LIMIT = 120


def is_not_supported(status: str | None) -> bool:
    """Whether a claim status is one the sources reviewed do not support (the class
    ``not-supported`` of :data:`kb.records.vocab.STATUS_CLASSES`)."""
    return status in NOT_SUPPORTED_STATUSES


def edge_class(status: str | None) -> str:
    """The CSS class for an edge with this claim status ('' for an edge that is no claim)."""
    if status is None:
        return ""
    return EDGE_CLASSES[str(status_class(status))]


def arrow(status: str | None, *, dashed: bool = False) -> str:
    """'-.->' for a not-supported claim (or when ``dashed``), otherwise '-->'."""
    return "-.->" if dashed or is_not_supported(status) else "-->"


def mermaid_edge(a: str, b: str, label: str, status: str | None = None, *, dashed: bool = False,
                 limit: int | None = EDGE_LIMIT) -> str:
    """One Mermaid edge line between node ids ``a`` and ``b``, its label escaped."""
    return f'  {a} {arrow(status, dashed=dashed)}|"{mermaid_label(label, limit)}"| {b}'


def claim_edge_label(predicate: str, status: str, claimant: str) -> str:
    """A claim edge's label in words: 'extracted-outputs-from, alleged by Anthropic';
    'derived-from, unsubstantiated claim by X (not supported by the sources reviewed)'."""
    return f"{predicate}, {claim_label(status, claimant)}"


def link_style_lines(statuses: list[str | None]) -> list[str]:
    """``linkStyle`` lines that draw the not-supported edges grey and dashed; ``statuses``
    holds each edge's claim status in the order the edges are written (None for non-claims)."""
    grey = [str(i) for i, status in enumerate(statuses) if is_not_supported(status)]
    return [f"  linkStyle {','.join(grey)} {NOT_SUPPORTED_LINK_STYLE}"] if grey else []
