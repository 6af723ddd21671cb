"""Diagnostics: what is wrong, where, under which stable code, and how to fix it.

The core never prints; it returns diagnostics and the CLI renders them.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]


def closest(value: str, choices: Iterable[str], n: int = 1) -> list[str]:
    """The choices closest to ``value`` (difflib ratio >= 0.6), best first: the one way the
    package finds what a user may have meant."""
    return difflib.get_close_matches(value, list(choices), n=n, cutoff=0.6)


def suggest(value: str, choices: Iterable[str]) -> str | None:
    """'did you mean ...' for the closest choice, if one is close enough."""
    match = closest(value, choices)
    return f"did you mean '{match[0]}'?" if match else None


_NOT_PRINTABLE = re.compile(r"[^\x20-\x7e]")


def _escape_char(c: str) -> str:
    if c == "\n":
        return "\\n"
    if c == "\r":
        return "\\r"
    if c == "\t":
        return "\\t"
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def printable(text: str) -> str:
    """``text`` safe for one line of a terminal: every character that is not printable
    (control characters such as ESC, BEL, CR and LF, bidi and zero-width marks, line and
    paragraph separators) is written as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``).

    The one helper for everything the CLI echoes from records or the network: a record can
    neither retitle the terminal nor forge a second line of output.
    """
    if text.isascii() and text.isprintable():
        return text
    return _NOT_PRINTABLE.sub(lambda m: m.group() if m.group().isprintable() else _escape_char(m.group()),
                              text)


def format_path(path: FieldPath) -> str:
    """('claims', 2, 'evidence', 0, 'ref') -> 'claims[2].evidence[0].ref'.

    A key longer than 80 characters (an unknown field can be a megabyte long) shows its start.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if len(part) <= 80 else part[:77] + "..."
            out += f".{name}" if out else name
    return out


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    """Path relative to the KB root, with forward slashes."""
    code: str
    message: str
    line: int = 0
    column: int = 0
    path: FieldPath = ()
    value: str | None = None
    hint: str | None = None
    severity: Severity = "error"
    related: tuple[str, ...] = field(default=())
    """Other locations involved ('file:line'), e.g. the first of two duplicate ids."""

    @property
    def field(self) -> str:
        return format_path(self.path)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)

    def at(self, line: int, column: int) -> Diagnostic:
        return replace(self, line=line, column=column)

    def as_text(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else f"{self.file}:0:0"
        what = f"{self.field}: " if self.path else ""
        text = f"{where}: {self.severity} {self.code} {what}{self.message}"
        if self.hint:
            text += f"; {self.hint}"
        if self.related:
            text += f" (see {', '.join(self.related)})"
        return printable(text)

    def as_github(self) -> str:
        level = "error" if self.severity == "error" else "warning"
        props = f"file={_gh_prop(self.file)}"
        if self.line:
            props += f",line={self.line},col={self.column or 1}"
        props += f",title={_gh_prop(self.code + (' ' + self.field if self.path else ''))}"
        message = self.message + (f"; {self.hint}" if self.hint else "")
        return f"::{level} {props}::{_gh_data(printable(message))}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["path"] = list(self.path)
        data["field"] = self.field
        data["related"] = list(self.related)
        return data


def _gh_data(text: str) -> str:
    """GitHub's escaping for a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    """GitHub's escaping for a property value (``file=``, ``title=``), after :func:`printable`."""
    return _gh_data(printable(text)).replace(":", "%3A").replace(",", "%2C")


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=Diagnostic.sort_key)


def _json_escape(c: str) -> str:
    n = ord(c)
    if n < 0x10000:
        return f"\\u{n:04x}"
    n -= 0x10000
    return f"\\u{0xD800 + (n >> 10):04x}\\u{0xDC00 + (n & 0x3FF):04x}"


def terminal_safe_json(text: str) -> str:
    """JSON text with every non-printable character inside strings written as a ``\\u`` escape.

    ``json.dumps`` escapes C0 controls but writes DEL, C1 controls (U+009B is a terminal's
    CSI), bidi and zero-width marks raw. Outside strings JSON holds only ASCII punctuation,
    spaces and the newlines of indentation, which are kept. The values a tool decodes are
    unchanged.
    """
    if text.isascii() and "\x7f" not in text:
        return text
    return _NOT_PRINTABLE.sub(lambda m: m.group() if m.group() == "\n" or m.group().isprintable()
                              else _json_escape(m.group()), text)


def render_json(diagnostics: list[Diagnostic], summary: dict[str, object]) -> str:
    return terminal_safe_json(json.dumps(
        {"diagnostics": [d.as_dict() for d in diagnostics], "summary": summary},
        indent=2,
        ensure_ascii=False,
    ))
