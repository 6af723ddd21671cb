"""Strict, line-aware YAML reading on libyaml's C parser.

We walk parser events ourselves instead of letting a loader construct values, so that:
- duplicate keys, anchors, aliases and tags are reported, never silently applied;
- plain scalars are resolved by the YAML 1.2 core schema (``NO``, ``yes`` and ``on`` stay
  text, dates stay text), and a number where text is meant is a type error, not a silent change;
- every value keeps its line and column for diagnostics.

Two walks share these rules: a fast one that builds only the data and gives up on anything
unusual, and the full one, which keeps every position and reports every problem. A clean
file (nearly every record) takes the fast walk; its positions are worked out with the full
walk only if a diagnostic needs one. `tests/test_reader.py` checks that both read every record
and every hostile case alike.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path as FsPath
from typing import Any

import yaml

from kb.diagnostics import Diagnostic, FieldPath
from kb.records.types import BIDI_CONTROLS

#: Record files above this size are refused unread (KB007).
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 64
#: Lists and mappings are capped too (KB017): a 1 MiB file can hold 300,000 items, each a
#: diagnostic when wrong. A real record's longest list holds a few dozen.
MAX_ITEMS = 1000
#: Unquoted numbers longer than this are refused (KB015): Python refuses to convert integers of
#: more than 4,300 digits, and no figure needs more than a few dozen.
MAX_NUMBER_CHARS = 100

Mark = tuple[int, int]
"""1-based (line, column)."""

_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_INT_OTHER = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
#: C0 and C1 control characters and DEL, except tab and newline (KB016).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR",
                  0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL", 0x9B: "CSI"}
_BOM = "\ufeff"


class Parsed:
    """A file's data, where each value sits, and what went wrong reading it.

    Positions (``values``, ``keys``, ``raw``) are worked out when first asked for: a clean file
    is read on the fast path, which builds the data alone, and only a file whose record then
    needs a position (a diagnostic to place) is walked again with positions kept."""

    __slots__ = ("_keys", "_raw", "_text", "_values", "data", "diagnostics", "file")

    def __init__(self, file: str, data: object = None,
                 diagnostics: list[Diagnostic] | None = None) -> None:
        self.file = file
        self.data = data
        self.diagnostics: list[Diagnostic] = [] if diagnostics is None else diagnostics
        self._values: dict[FieldPath, Mark] | None = None
        self._keys: dict[FieldPath, Mark] = {}
        self._raw: dict[FieldPath, str] = {}
        self._text: str | None = None
        """The text read on the fast path, kept until positions are asked for."""

    def _positions(self) -> dict[FieldPath, Mark]:
        if self._values is None:
            self._values = {}
            if self._text is not None:
                full = _parse_full(self._text, self.file)
                self._values, self._keys, self._raw = full._values or {}, full._keys, full._raw
                self._text = None
        return self._values

    @property
    def values(self) -> dict[FieldPath, Mark]:
        """Where each value starts, by field path."""
        return self._positions()

    @property
    def keys(self) -> dict[FieldPath, Mark]:
        """Where each mapping key starts, by field path."""
        self._positions()
        return self._keys

    @property
    def raw(self) -> dict[FieldPath, str]:
        """Source text of plain scalars that were read as numbers or booleans."""
        self._positions()
        return self._raw

    def mark_for(self, path: FieldPath, *, key: bool = False) -> Mark:
        """Best position for a field path: the key or value itself, else its nearest parent."""
        values = self.values
        table = self.keys if key else values
        p = path
        while p:
            if p in table:
                return table[p]
            if p in values:
                return values[p]
            p = p[:-1]
        return values.get((), (1, 1))


class _Fatal(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def resolve_plain(value: str) -> object:
    """YAML 1.2 core-schema resolution of an unquoted scalar."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value):
        return int(value)
    if _INT_OTHER.fullmatch(value):
        return int(value, 0)
    if _FLOAT.fullmatch(value):
        return float(value.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return value


class _Walker:
    def __init__(self, parsed: Parsed, loader: yaml.CSafeLoader, check_controls: bool = True) -> None:
        self.p = parsed
        self.loader = loader
        self.file = parsed.file
        self.check_controls = check_controls
        self.values, self.keys, self.raw = parsed.values, parsed.keys, parsed.raw

    def _controls(self, ev: yaml.ScalarEvent, path: FieldPath) -> None:
        found = _CONTROL_RE.search(ev.value)
        if found is not None:
            code = ord(found.group())
            name = _CONTROL_NAMES.get(code)
            what = f"U+{code:04X}" + (f" ({name})" if name else "")
            self.diag("KB016", f"control character {what} in the text", ev.start_mark, path,
                      hint="delete it; no record needs one (escapes such as \\e, \\a, \\x00 or "
                           "\\r produce them; write a line break as \\n)")

    def _number(self, ev: yaml.ScalarEvent, path: FieldPath) -> object:
        """Resolve an unquoted scalar; a number too long to read is a diagnostic, not a crash."""
        text = ev.value
        if len(text) > MAX_NUMBER_CHARS and (
                _INT.fullmatch(text) or _INT_OTHER.fullmatch(text) or _FLOAT.fullmatch(text)):
            self.diag("KB015", f"a number {len(text):,} characters long is too long to read",
                      ev.start_mark, path, value=text[:20] + "...",
                      hint=f"numbers have at most {MAX_NUMBER_CHARS} characters; write the figure "
                           "as the source states it in `as_stated` (quoted text)")
            return None
        return resolve_plain(text)

    def next_event(self) -> yaml.Event:
        ev = self.loader.get_event()
        if ev is None:  # the parser ran out of events mid-document
            raise _Fatal(Diagnostic(self.file, "KB001", "unexpected end of the file", 1, 1))
        return ev

    def diag(self, code: str, message: str, mark: object, path: FieldPath = (), **kw: object) -> None:
        line, col = _mark(mark)
        self.p.diagnostics.append(
            Diagnostic(self.file, code, message, line, col, path, **kw)  # type: ignore[arg-type]
        )

    def _too_many(self, ev: yaml.Event, path: FieldPath, what: str) -> None:
        raise _Fatal(Diagnostic(
            self.file, "KB017", f"{what} with more than {MAX_ITEMS:,} items", *_mark(ev.start_mark),
            path, hint="no record needs that many; split the data or move it out of the knowledge base"))

    def _check_props(self, ev: yaml.NodeEvent, path: FieldPath) -> None:
        if ev.anchor is not None:
            self.diag("KB003", f"anchor '&{ev.anchor}' is not allowed", ev.start_mark, path,
                      hint="write the value out in full")
        tag = getattr(ev, "tag", None)
        if tag is not None and tag != "!" and not _implicit(ev):
            self.diag("KB004", f"tag '{tag}' is not allowed", ev.start_mark, path, value=tag,
                      hint="remove the tag; quote the value if it must be text")

    def node(self, ev: yaml.Event, path: FieldPath, depth: int) -> object:
        if depth > MAX_DEPTH:
            raise _Fatal(Diagnostic(self.file, "KB011", f"nesting deeper than {MAX_DEPTH} levels",
                                    *_mark(ev.start_mark), path[:3]))
        self.values[path] = _mark(ev.start_mark)
        if isinstance(ev, yaml.ScalarEvent):
            self._check_props(ev, path)
            if self.check_controls:
                self._controls(ev, path)
            if not ev.style and ev.implicit[0] and ev.tag is None:
                value = self._number(ev, path)
                if not isinstance(value, str) and ev.value:
                    self.raw[path] = ev.value
                return value
            return ev.value
        if isinstance(ev, yaml.MappingStartEvent):
            self._check_props(ev, path)
            return self.mapping(path, depth)
        if isinstance(ev, yaml.SequenceStartEvent):
            self._check_props(ev, path)
            items: list[object] = []
            while True:
                item = self.next_event()
                if isinstance(item, yaml.SequenceEndEvent):
                    return items
                if len(items) == MAX_ITEMS:
                    self._too_many(item, path, "a list")
                items.append(self.node(item, (*path, len(items)), depth + 1))
        if isinstance(ev, yaml.AliasEvent):
            self.diag("KB003", f"alias '*{ev.anchor}' is not allowed", ev.start_mark, path,
                      hint="write the value out in full")
            return None
        raise _Fatal(Diagnostic(self.file, "KB001", f"unexpected YAML event {type(ev).__name__}",
                                *_mark(ev.start_mark), path))

    def mapping(self, path: FieldPath, depth: int) -> dict[str, object]:
        out: dict[str, object] = {}
        while True:
            kev = self.next_event()
            if isinstance(kev, yaml.MappingEndEvent):
                return out
            if len(out) == MAX_ITEMS:
                self._too_many(kev, path, "a mapping")
            if not isinstance(kev, yaml.ScalarEvent):
                self.diag("KB012", "mapping keys must be plain text", kev.start_mark, path)
                self.node(kev, (*path, "?"), depth + 1)  # consume the complex key
                self.node(self.next_event(), (*path, "?"), depth + 1)
                continue
            key = kev.value
            kpath = (*path, key)
            if self.check_controls:
                self._controls(kev, kpath)
            if kev.anchor is not None or (kev.tag is not None and not _implicit(kev)):
                self._check_props(kev, kpath)
            if key in out:
                first = self.keys.get(kpath, (0, 0))
                self.diag("KB002", f"duplicate key '{key}' (first defined on line {first[0]})",
                          kev.start_mark, kpath, value=key,
                          hint="YAML would silently keep only the last one; delete or rename one")
                self.node(self.next_event(), (*path, f"{key}#dup"), depth + 1)
                continue
            self.keys[kpath] = _mark(kev.start_mark)
            out[key] = self.node(self.next_event(), kpath, depth + 1)


def _implicit(ev: yaml.NodeEvent) -> bool:
    implicit = getattr(ev, "implicit", False)
    if isinstance(implicit, tuple):
        return bool(implicit[0] or implicit[1]) and ev.tag is None  # type: ignore[attr-defined]
    return bool(implicit)


def _mark(mark: object) -> Mark:
    return (getattr(mark, "line", 0) + 1, getattr(mark, "column", 0) + 1)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str | None]:
    problem = exc.problem or "syntax error"
    mark = exc.problem_mark
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        return "tab character where YAML expects spaces", "indent with spaces, never tabs"
    text = problem
    if exc.context:
        text = f"{exc.context}: {problem}"
    return text, _syntax_hint(text)


_SYNTAX_HINTS = (
    ("mapping values are not allowed",
     "a ': ' inside unquoted text starts a new key: quote the whole value "
     "(title: 'Acme says: ...') or write it as a block (title: >-, text on the next line)"),
    ("quoted scalar", "a quote is not closed: end the text with the quote it starts with "
     "(double a ' inside '...' as '')"),
    ("could not find expected ':'", "a line lacks the ': ' after its key, or a quote above it "
     "is not closed"),
    ("did not find expected key", "check the indentation: keys of one mapping line up, two "
     "spaces deeper than their parent"),
    ("did not find expected '-' indicator", "check the indentation: the items of one list "
     "line up"),
    ("did not find expected ',' or", "a [list] or {mapping} is not closed, or an item in it "
     "holds an unquoted ',', ': ' or '#' (quote it)"),
    ("expected <block end>", "check the indentation of this line against the lines above"),
    ("cannot start any token", "quote the value: YAML reserves this character at the start "
     "of plain text"),
    ("block sequence entries are not allowed", "put the list on the line after its key, or "
     "quote a value that starts with '- '"),
)


def _syntax_hint(message: str) -> str:
    for fragment, hint in _SYNTAX_HINTS:
        if fragment in message:
            return hint
    return ("check this line and the one above: indentation, an unclosed quote, or ': ' or "
            "' #' inside unquoted text (quote such text) are the usual causes")


def parse_text(text: str, file: str) -> Parsed:
    """Parse one YAML document from text. Never raises for bad input.

    A clean file (nearly all) is read on the fast path; anything the fast path does not
    expect (a syntax error, an anchor, a tag, a duplicate key, a control character ...) sends
    the file through the full walk, which reports it with its position."""
    if text.startswith(_BOM):
        text = text[1:]
    data = _parse_fast(text)
    if data is None:
        return _parse_full(text, file)
    parsed = Parsed(file, data)
    parsed._text = text
    return parsed


class _Unusual(Exception):
    """The fast path met something only the full walk reports properly."""


_SCALAR, _MAP, _MAP_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQ, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
#: First characters of the plain scalars the core schema may read as other than text.
_MAYBE_NOT_TEXT = frozenset("~nNtTfF0123456789+-.")


def _fast_scalar(ev: Any, controls: re.Pattern[str] | None) -> object:
    """A scalar's value on the fast path, as the full walk reads it."""
    if ev.anchor is not None or ev.tag is not None:
        raise _Unusual
    value: str = ev.value
    if controls is not None and controls.search(value) is not None:
        raise _Unusual
    if not ev.style and ev.implicit[0] and (not value or value[0] in _MAYBE_NOT_TEXT):
        if len(value) <= MAX_NUMBER_CHARS:
            return resolve_plain(value)
        if _INT.fullmatch(value) or _INT_OTHER.fullmatch(value) or _FLOAT.fullmatch(value):
            raise _Unusual  # too long to read as a number: KB015
    return value


def _fast_node(get: Callable[[], Any], ev: Any, depth: int, controls: re.Pattern[str] | None) -> object:
    """One node on the fast path (a module-level function: a nested recursive one would make a
    reference cycle per file, which only the cyclic collector frees)."""
    cls = ev.__class__
    if cls is _SCALAR:
        return _fast_scalar(ev, controls)
    if depth >= MAX_DEPTH:
        raise _Unusual
    if cls is _MAP:
        if ev.anchor is not None or ev.tag is not None:
            raise _Unusual
        out: dict[str, object] = {}
        while True:
            key = get()
            kcls = key.__class__
            if kcls is _MAP_END:
                return out
            if kcls is not _SCALAR or key.anchor is not None or key.tag is not None:
                raise _Unusual
            name: str = key.value
            if name in out or len(out) == MAX_ITEMS or (
                    controls is not None and controls.search(name) is not None):
                raise _Unusual
            out[name] = _fast_node(get, get(), depth + 1, controls)
    if cls is _SEQ:
        if ev.anchor is not None or ev.tag is not None:
            raise _Unusual
        items: list[object] = []
        while True:
            item = get()
            if item.__class__ is _SEQ_END:
                return items
            if len(items) == MAX_ITEMS:
                raise _Unusual
            items.append(_fast_node(get, item, depth + 1, controls))
    raise _Unusual  # an alias, or the events ran out


def _parse_fast(text: str) -> dict[str, object] | None:
    """The data of a clean one-document mapping file, or None when the file needs the full walk.

    Builds exactly the values the full walk builds, and nothing else: no positions, no
    diagnostics. libyaml parses; Python only assembles containers and resolves the few plain
    scalars that may be numbers, booleans or nulls."""
    if _BIDI_RE.search(text) is not None:
        return None
    controls = _CONTROL_RE if "\\" in text else None
    loader = yaml.CSafeLoader(text)
    get: Callable[[], Any] = loader.get_event

    try:
        get()  # StreamStart
        if get().__class__ is not yaml.DocumentStartEvent:
            return None
        data = _fast_node(get, get(), 0, controls)
        get()  # DocumentEnd
        if get().__class__ is not yaml.StreamEndEvent:
            return None
    except (_Unusual, yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    return data if isinstance(data, dict) else None


def _parse_full(text: str, file: str) -> Parsed:
    """Parse with every position kept and every problem reported (``text`` without its BOM)."""
    parsed = Parsed(file)
    for m in _BIDI_RE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - text.rfind("\n", 0, m.start())
        parsed.diagnostics.append(Diagnostic(
            file, "KB006", f"bidirectional control character U+{ord(m.group()):04X}", line, col,
            hint="delete it; it makes the text display differently from what it says"))
    loader = yaml.CSafeLoader(text)
    # libyaml refuses raw control characters (and reads CR and NEL as line breaks): only an
    # escape in a double-quoted scalar puts one into a value, so files without a backslash
    # (nearly all) skip the per-value check.
    walker = _Walker(parsed, loader, "\\" in text)
    try:
        loader.get_event()  # StreamStart
        ev = loader.get_event()
        if isinstance(ev, yaml.StreamEndEvent):
            parsed.diagnostics.append(Diagnostic(file, "KB008", "the file is empty", 1, 1,
                                                 hint="write the record, or delete the file"))
            return parsed
        parsed.data = walker.node(walker.next_event(), (), 0)
        loader.get_event()  # DocumentEnd
        nxt = loader.get_event()
        if isinstance(nxt, yaml.DocumentStartEvent):
            parsed.diagnostics.append(Diagnostic(
                file, "KB010", "more than one YAML document in the file", *_mark(nxt.start_mark),
                hint="put each record in its own file"))
    except yaml.MarkedYAMLError as exc:
        message, hint = _syntax_problem(exc, text)
        line, col = _mark(exc.problem_mark or exc.context_mark)
        parsed.diagnostics.append(Diagnostic(file, "KB001", message, line, col, hint=hint))
        parsed.data = None
    except yaml.YAMLError as exc:
        parsed.diagnostics.append(Diagnostic(file, "KB001", str(exc).splitlines()[0], 1, 1))
        parsed.data = None
    except _Fatal as fatal:
        parsed.diagnostics.append(fatal.diagnostic)
        parsed.data = None
    except RecursionError:
        parsed.diagnostics.append(Diagnostic(file, "KB011", "nesting too deep", 1, 1))
        parsed.data = None
    finally:
        loader.dispose()
    if parsed.data is not None and not isinstance(parsed.data, dict):
        kind = "a list" if isinstance(parsed.data, list) else "a single value"
        parsed.diagnostics.append(Diagnostic(
            file, "KB009", f"the file holds {kind}, not a mapping", 1, 1,
            hint="a record is a mapping of fields (id: ..., title: ...); remove any leading '- '"))
        parsed.data = None
    return parsed


def decode(raw: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - raw.rfind(b"\n", 0, exc.start)
        return None, Diagnostic(
            file, "KB005", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, col,
            hint="re-save the file as UTF-8")


def read_text(path: FsPath | str, file: str,
              max_bytes: int = MAX_FILE_BYTES) -> tuple[str | None, Diagnostic | None]:
    """A record file's text, or the diagnostic that refuses it: not there, not a regular file,
    over ``max_bytes`` (checked before and while reading), or not UTF-8. The one read step for
    validation, `kb fmt`, `kb mv` and the editors."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    except OSError as exc:
        return None, Diagnostic(file, "KB014", f"cannot read: {exc.strerror}")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, Diagnostic(file, "KB014", "not a regular file")
        if st.st_size > max_bytes:
            return None, Diagnostic(
                file, "KB007", f"file is {st.st_size:,} bytes, over the {max_bytes:,}-byte cap", 1, 1,
                hint="a record is a few kilobytes; split it or move bulk data out")
        raw = os.read(fd, st.st_size + 1)
        if len(raw) > st.st_size:  # the file grew since fstat: read on, up to the cap
            chunks, size = [raw], len(raw)
            while chunks[-1] and size <= max_bytes:
                chunks.append(os.read(fd, max_bytes + 1 - size))
                size += len(chunks[-1])
            raw = b"".join(chunks)
    except OSError as exc:
        return None, Diagnostic(file, "KB014", f"cannot read: {exc.strerror}")
    finally:
        os.close(fd)
    if len(raw) > max_bytes:
        return None, Diagnostic(file, "KB007", f"file is over the {max_bytes:,}-byte cap", 1, 1)
    return decode(raw, file)


def read_file(path: FsPath | str, file: str, max_bytes: int = MAX_FILE_BYTES) -> Parsed:
    """Read and parse a record file, refusing oversized, non-regular and non-UTF-8 files."""
    text, problem = read_text(path, file, max_bytes)
    if text is None:
        return Parsed(file, diagnostics=[problem] if problem else [])
    return parse_text(text, file)
