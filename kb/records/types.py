"""Reusable constrained field types: ids, partial dates, URLs, text.

Custom errors carry a ``kb_*`` type so that diagnostics map them to stable codes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
import unicodedata
from functools import lru_cache
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from kb.records.jurisdictions import JURISDICTIONS

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LOCAL_ID_PATTERN = r"^[a-z][a-z0-9-]{0,39}$"
DATE_PATTERN = r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"

#: Characters that reorder text on screen (Trojan Source) — never allowed in records.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

#: Characters that take no space and are invisible in most editors: a name holding one looks
#: like another name (and like itself without it) — never allowed in text.
INVISIBLE = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")

#: ASCII characters a URL never holds unencoded (RFC 3986): quotes, angle brackets, backtick,
#: backslash, braces, bar and caret. In a page they could end an attribute or start markup.
URL_FORBIDDEN = frozenset('"<>`\\{}|^')
URL_PATTERN = r'^https?://[^\s"<>`\\{}|^]+$'

#: Device names Windows refuses as file names, whatever the extension (`con.yaml`, `nul.md`).
WINDOWS_RESERVED = frozenset(["con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                              *(f"lpt{i}" for i in range(10))])

#: Dates are sane: none before this year, none in the future beyond a day (time zones).
MIN_YEAR = 1950
FUTURE_GRACE = dt.timedelta(days=1)

_ID_RE = re.compile(ID_PATTERN)
_URL_PLAIN = re.compile(r'[!#-;=?-\[\]_a-z~]*')
"""Visible ASCII only: the common case, checked in C before the per-character look."""
_LOCAL_ID_RE = re.compile(LOCAL_ID_PATTERN)
_DATE_RE = re.compile(DATE_PATTERN)
_LOOSE_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{1,2}(?:-[0-9]{1,2})?$")


_ID_RULE = ("use lowercase ASCII letters, digits and single hyphens (at most 120 characters), "
            "e.g. '2026-02-23-anthropic-claude-distillation'")


def is_record_id(value: str) -> bool:
    """The one test of a record id (validation, `kb new`, `kb mv` and `kb withdraw`)."""
    return bool(_ID_RE.fullmatch(value)) and len(value) <= 120


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a record id, in words, or None when it is one."""
    if not is_record_id(value):
        return f"{value!r} is not a valid id: {_ID_RULE}"
    if value in WINDOWS_RESERVED:
        return f"{value!r} cannot be an id: Windows reserves it as a device name; use a longer name"
    return None


def check_id(value: str) -> str:
    if not is_record_id(value):
        raise PydanticCustomError("kb_id", "'{value}' is not a valid id: " + _ID_RULE, {"value": value})
    if value in WINDOWS_RESERVED:
        raise PydanticCustomError(
            "kb_reserved_id",
            "'{value}' cannot be an id: Windows reserves it as a device name, so the file "
            "'{value}.yaml' and its page cannot exist there; use a longer name, e.g. '{value}-ai'",
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


_LATEST: list[tuple[float, dt.date]] = []


def _latest_date() -> dt.date:
    """Today (UTC) plus the grace, re-read once a minute (validation runs check many dates)."""
    now = time.monotonic()
    if not _LATEST or _LATEST[0][0] < now:
        _LATEST[:] = [(now + 60, dt.datetime.now(dt.UTC).date() + FUTURE_GRACE)]
    return _LATEST[0][1]


def check_date(value: str) -> str:
    if not _DATE_RE.fullmatch(value) and _LOOSE_DATE_RE.fullmatch(value):
        raise PydanticCustomError(
            "kb_date_ambiguous",
            "'{value}' is ambiguous: write the month and day with two digits "
            "(YYYY-MM or YYYY-MM-DD, e.g. '2026-02')",
            {"value": value},
        )
    try:
        year = parse_partial_date(value)[0]
    except ValueError:
        raise PydanticCustomError(
            "kb_date",
            "'{value}' is not a calendar date: write YYYY-MM-DD, YYYY-MM or YYYY "
            "(quoted, e.g. '2026-02-23')",
            {"value": value},
        ) from None
    if year < MIN_YEAR:
        raise PydanticCustomError(
            "kb_date_range",
            "'{value}' is before {min_year}: no record here is that old; check the year",
            {"value": value, "min_year": MIN_YEAR},
        )
    latest = _latest_date()
    if year > latest.year or (year == latest.year and date_bounds(value)[0] > latest):
        raise PydanticCustomError(
            "kb_date_range",
            "'{value}' lies in the future: records state what has already happened; check the year",
            {"value": value},
        )
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


def _char_name(c: str) -> str:
    return f"U+{ord(c):04X}" if not c.isprintable() or c.isspace() else f"'{c}'"


def check_url(value: str) -> str:
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is not None and parts.scheme not in ("http", "https"):
        raise PydanticCustomError(
            "kb_url_scheme",
            "'{value}' is not an http(s) URL: only http:// and https:// links are allowed",
            {"value": value},
        )
    bad = [] if _URL_PLAIN.fullmatch(value) else sorted(
        {c for c in value if c in URL_FORBIDDEN or not c.isprintable() or c.isspace()
         or unicodedata.category(c) == "Cf"})
    if bad:
        raise PydanticCustomError(
            "kb_url_char",
            "the URL holds {chars}, which a URL never holds as such; percent-encode it "
            "(a space is %20, '\"' is %22) or remove it if it is invisible",
            {"chars": ", ".join(_char_name(c) for c in bad)},
        )
    if parts is None or not host:
        raise PydanticCustomError(
            "kb_url", "'{value}' is not a valid URL: it needs a host", {"value": value}
        )
    if not host.isascii():
        raise PydanticCustomError(
            "kb_url_host",
            "the host name '{host}' is not plain ASCII: letters from other scripts can imitate a "
            "well-known name; write the host in its ASCII form{ascii}",
            {"host": host, "ascii": _punycode(host)},
        )
    if parts.username is not None or parts.password is not None:
        raise PydanticCustomError(
            "kb_url_credentials",
            "the URL carries credentials (user:password@); remove them, they must never be published",
            {"value": "<redacted>"},
        )
    return value


def _punycode(host: str) -> str:
    try:
        return f" ('{host.encode('idna').decode('ascii')}')"
    except UnicodeError:
        return " (xn--...)"


def check_text(value: str) -> str:
    if value.isascii():
        return value
    bad = sorted({f"U+{ord(c):04X}" for c in value if c in BIDI_CONTROLS})
    if bad:
        raise PydanticCustomError(
            "kb_bidi",
            "text contains bidirectional control characters ({chars}) that can make it display "
            "differently from what it says; delete them",
            {"chars": ", ".join(bad)},
        )
    hidden = sorted({f"U+{ord(c):04X}" for c in value if c in INVISIBLE})
    if hidden:
        raise PydanticCustomError(
            "kb_invisible",
            "text contains invisible characters ({chars}, zero-width or soft hyphen): a name "
            "holding one looks like another name; delete them",
            {"chars": ", ".join(hidden)},
        )
    for word in _WORD.findall(value):
        if not word.isascii() and _spoofs_latin(word):
            raise PydanticCustomError(
                "kb_mixed_script",
                "the word '{word}' mixes Latin letters with Cyrillic or Greek look-alikes "
                "({chars}), so it can pass for another name; type it again in one script",
                {"word": word, "chars": ", ".join(sorted({
                    f"U+{ord(c):04X}" for c in word
                    if unicodedata.name(c, "?").startswith(_LOOKALIKE_SCRIPTS)}))},
            )
    return value


_WORD = re.compile(r"[^\W\d_]{2,}")
_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK")


def _spoofs_latin(word: str) -> bool:
    """Whether a word holds Latin letters and Cyrillic or Greek ones (e.g. 'Anthropic' written
    with a Cyrillic o, U+043E): no real name mixes them inside one word."""
    scripts = {unicodedata.name(c, "?").split(" ", 1)[0] for c in word}
    return "LATIN" in scripts and any(s in scripts for s in _LOOKALIKE_SCRIPTS)


def check_jurisdiction(value: str) -> str:
    if value not in JURISDICTIONS:
        upper = value.upper()
        hint = f"write it in capitals: '{upper}'" if upper in JURISDICTIONS else ""
        raise PydanticCustomError(
            "kb_jurisdiction",
            "'{value}' is not a jurisdiction code: use an ISO 3166-1 alpha-2 country code in "
            "capitals ('US', 'CN', 'NO') or a region code ('EU', 'international'){hint}",
            {"value": value, "hint": f"; {hint}" if hint else ""},
        )
    return value


def check_finite(value: object) -> object:
    """Before a figure is typed: infinity and not-a-number are no figure (``.inf``, ``1e400``)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError(
            "kb_not_finite",
            "the number is not finite (infinite, or too large to represent, or not a number); "
            "write the figure the source gives, or leave `value` out and quote the source in "
            "`as_stated`",
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
    Field(strict=True, max_length=2000, json_schema_extra={"pattern": URL_PATTERN}),
    AfterValidator(check_url),
]
Text = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=2000), AfterValidator(check_text)
]
LongText = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=20000), AfterValidator(check_text)
]
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
LanguageTag = Annotated[
    str, Field(strict=True, max_length=35, pattern=LANGUAGE_PATTERN,
               json_schema_extra={"pattern": LANGUAGE_PATTERN})
]
"""A BCP 47 language tag such as 'en', 'zh' or 'zh-Hans'."""
Sha256 = Annotated[str, Field(strict=True, pattern=SHA256_PATTERN)]
Tag = Annotated[str, Field(strict=True, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=60)]
Count = Annotated[int, Field(strict=True, ge=0)]
Amount = Annotated[Count | Annotated[float, Field(strict=True, ge=0)], BeforeValidator(check_finite)]
"""A figure's number: a whole number or a decimal, never negative, never infinite."""
Jurisdiction = Annotated[
    str,
    Field(strict=True, json_schema_extra={"enum": sorted(JURISDICTIONS)}),
    AfterValidator(check_jurisdiction),
]
"""An ISO 3166-1 alpha-2 country code or a region code (:mod:`kb.records.jurisdictions`)."""
