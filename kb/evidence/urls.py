"""Which URLs may be fetched, and how to show a URL without leaking credentials."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit, urlunsplit

from kb.evidence.errors import EvidenceError, fail

FETCHABLE_SCHEMES = ("http", "https")


def redact(url: str) -> str:
    """The URL with any user:password@ removed (for messages); unparseable URLs are elided."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    except ValueError:
        return "<unparseable URL>"


def check_fetchable(url: str) -> str:
    """Return ``url`` if kb may fetch it, else raise KB401 (never echoing credentials)."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a bad port
    except ValueError:
        raise fail("KB401", "not a valid URL", hint="pass an http(s) URL") from None
    del port
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise fail("KB401", f"refusing a URL with credentials in it ({redact(url)})",
                   hint="remove user:password@ from the URL; credentials are never stored")
    if parts.scheme.lower() not in FETCHABLE_SCHEMES:
        scheme = parts.scheme.lower() or "(none)"
        raise fail("KB401", f"refusing a {scheme}: URL: only http:// and https:// are fetched",
                   value=scheme, hint="capture the public http(s) page itself")
    if not parts.hostname:
        raise fail("KB401", "the URL has no host", hint="write it as https://host/path")
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in url):
        raise fail("KB401", "the URL contains spaces or control characters",
                   hint="percent-encode them")
    return url


def is_fetchable(url: str) -> bool:
    try:
        check_fetchable(url)
    except EvidenceError:
        return False
    return True
