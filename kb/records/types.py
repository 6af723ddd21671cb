"""Reusable constrained field types: ids, partial dates, URLs, text.

Custom errors carry a ``kb_*`` type so that diagnostics map them to stable codes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LOCAL_ID_PATTERN = r"^[a-z][a-z0-9-]{0,39}$"
DATE_PATTERN = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"

#: Characters that reorder text on screen (Trojan Source) — never allowed in records.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_ID_RE = re.compile(ID_PATTERN)
_LOCAL_ID_RE = re.compile(LOCAL_ID_PATTERN)
_DATE_RE = re.compile(DATE_PATTERN)
_LOOSE_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{1,2}(?:-[0-9]{1,2})?$")


def check_id(value: str) -> str:
    if not _ID_RE.fullmatch(value) or len(value) > 120:
        raise PydanticCustomError(
            "kb_id",
            "'{value}' is not a valid id: use lowercase ASCII letters, digits and single hyphens "
            "(at most 120 characters), e.g. '2026-02-23-anthropic-claude-distillation'",
            {"value": value},
        )
    return value


def check_local_id(value: str) -> str:
    if not _LOCAL_ID_RE.fullmatch(value):
        raise PydanticCustomError(
            "kb_id",
            "'{value}' is not a valid local id: start with a letter, then lowercase letters, digits "
            "or hyphens (at most 40), e.g. 'e1' or 'c-minimax'",
            {"value": value},
        )
    return value


def parse_partial_date(value: str) -> tuple[int, int | None, int | None]:
    """Split 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' into parts, raising ValueError if invalid."""
    if not _DATE_RE.fullmatch(value):
        raise ValueError(value)
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else None
    day = parts[2] if len(parts) > 2 else None
    dt.date(year, month or 1, day or 1)  # raises ValueError for 2026-02-30 or month 13
    return year, month, day


def check_date(value: str) -> str:
    if not _DATE_RE.fullmatch(value) and _LOOSE_DATE_RE.fullmatch(value):
        raise PydanticCustomError(
            "kb_date_ambiguous",
            "'{value}' is ambiguous: write the month and day with two digits "
            "(YYYY-MM or YYYY-MM-DD, e.g. '2026-02')",
            {"value": value},
        )
    try:
        parse_partial_date(value)
    except ValueError:
        raise PydanticCustomError(
            "kb_date",
            "'{value}' is not a calendar date: write YYYY-MM-DD, YYYY-MM or YYYY "
            "(quoted, e.g. '2026-02-23')",
            {"value": value},
        ) from None
    return value


def date_precision(value: str) -> str:
    """'day', 'month' or 'year' for a partial date string."""
    return {10: "day", 7: "month", 4: "year"}[len(value)]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def date_words(value: str) -> str:
    """A partial date in words: '2026', 'February 2026' or '23 February 2026'."""
    year, month, day = parse_partial_date(value)
    if month is None:
        return str(year)
    if day is None:
        return f"{_MONTHS[month - 1]} {year}"
    return f"{day} {_MONTHS[month - 1]} {year}"


def date_phrase(value: str) -> str:
    """A partial date as an adverbial: 'in 2026', 'in February 2026', 'on 23 February 2026'."""
    return ("on " if len(value) == 10 else "in ") + date_words(value)


@lru_cache(maxsize=8192)
def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest day a partial date can mean (for consistency checks)."""
    year, month, day = parse_partial_date(value)
    if day is not None and month is not None:
        d = dt.date(year, month, day)
        return d, d
    if month is not None:
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise PydanticCustomError(
            "kb_url_scheme",
            "'{value}' is not an http(s) URL: only http:// and https:// links are allowed",
            {"value": value},
        )
    if not parts.hostname or any(c.isspace() or unicodedata.category(c) == "Cc" for c in value):
        raise PydanticCustomError(
            "kb_url", "'{value}' is not a valid URL: it needs a host and no spaces", {"value": value}
        )
    if parts.username is not None or parts.password is not None:
        raise PydanticCustomError(
            "kb_url_credentials",
            "the URL carries credentials (user:password@); remove them, they must never be published",
            {"value": "<redacted>"},
        )
    return value


def check_text(value: str) -> str:
    bad = sorted({f"U+{ord(c):04X}" for c in value if c in BIDI_CONTROLS})
    if bad:
        raise PydanticCustomError(
            "kb_bidi",
            "text contains bidirectional control characters ({chars}) that can make it display "
            "differently from what it says; delete them",
            {"chars": ", ".join(bad)},
        )
    return value


# Patterns go into the JSON Schema (for editors and third-party validators) but are enforced
# by the after-validators, which give a message a contributor can act on.
RecordId = Annotated[
    str,
    Field(strict=True, json_schema_extra={"pattern": ID_PATTERN, "maxLength": 120}),
    AfterValidator(check_id),
]
LocalId = Annotated[
    str, Field(strict=True, json_schema_extra={"pattern": LOCAL_ID_PATTERN}), AfterValidator(check_local_id)
]
PartialDate = Annotated[
    str,
    Field(
        strict=True,
        description="YYYY-MM-DD, YYYY-MM or YYYY",
        json_schema_extra={"pattern": DATE_PATTERN},
    ),
    AfterValidator(check_date),
]
Url = Annotated[
    str,
    Field(strict=True, max_length=2000, json_schema_extra={"pattern": r"^https?://\S+$"}),
    AfterValidator(check_url),
]
Text = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=2000), AfterValidator(check_text)
]
LongText = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=20000), AfterValidator(check_text)
]
Sha256 = Annotated[str, Field(strict=True, pattern=SHA256_PATTERN)]
Tag = Annotated[str, Field(strict=True, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
Count = Annotated[int, Field(strict=True, ge=0)]
