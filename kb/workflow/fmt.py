"""`kb fmt`: canonical formatting of record files, never changing what kb reads.

The canonical key order comes from the record types (fields in declaration order, with the
sources — `evidence` — last and the editorial bookkeeping fields after them). The YAML work
is done by :mod:`kb.yamlio.format`; this module decides the order, refuses files that do not
parse cleanly, and checks that every value kb reads is unchanged before anything is written.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from kb.diagnostics import Diagnostic
from kb.fileio import write_atomic
from kb.loading import discover
from kb.records import KINDS
from kb.records.base import Record, submodel
from kb.yamlio.format import FormatError, KeyPath, format_text
from kb.yamlio.reader import parse_text, read_text

#: Reader problems that mean the text is not one clean YAML mapping: formatting would guess.
BLOCKING = frozenset({"KB001", "KB002", "KB003", "KB004", "KB005", "KB007", "KB008", "KB009",
                      "KB010", "KB011", "KB014"})
#: Bookkeeping fields every record has; they go after the record's own fields.
TRAILING = ("former_ids", "withdrawn", "superseded_by", "editorial_note", "sources_reviewed_up_to",
            "last_checked_live")
#: Fields placed after all others of their record kind (before the trailing ones).
LAST = ("evidence",)


def field_order(cls: type[BaseModel]) -> list[str]:
    names = list(cls.model_fields)
    if issubclass(cls, Record):
        own = [n for n in names if n != "id" and n not in TRAILING and n not in LAST]
        return ["id", *own, *(n for n in LAST if n in names), *TRAILING]
    return names


def order_for(cls: type[BaseModel] | None) -> Any:
    """A function from a key path inside a record of ``cls`` to the canonical key order."""

    def lookup(path: KeyPath) -> Sequence[str] | None:
        model = cls
        for part in path:
            if model is None:
                return None
            if isinstance(part, int):
                continue
            info = model.model_fields.get(part)
            model = None if info is None else submodel(info.annotation)
        return None if model is None else field_order(model)

    return lookup


def kind_of(path: Path) -> type[Record] | None:
    """The record type for a file, from the folder it sits in."""
    return KINDS.get(path.parent.name)


def _typed(value: object) -> object:
    """Data with types made explicit, so that 1, 1.0 and True never compare equal."""
    if isinstance(value, dict):
        return ("map", tuple(sorted((k, _typed(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("seq", tuple(_typed(v) for v in value))
    return (type(value).__name__, repr(value))


@dataclass
class Outcome:
    file: str
    changed: bool = False
    text: str | None = None
    """The formatted text (when it could be formatted)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def format_source(text: str, file: str, cls: type[BaseModel] | None) -> Outcome:
    """Format one file's text. Never raises for bad input; problems come back as diagnostics."""
    body = text[1:] if text.startswith("\ufeff") else text
    parsed = parse_text(body, file)
    blocking = [d for d in parsed.diagnostics if d.code in BLOCKING]
    if blocking:
        # One line per file: `kb validate` (and the pre-commit hook beside this one) reports
        # the YAML errors themselves, with their fixes.
        first = blocking[0]
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        return Outcome(file, diagnostics=[Diagnostic(
            file, "KB603", f"not formatted: YAML error {first.code}{more}: {first.message}",
            first.line, first.column,
            hint="fix it (`kb validate` shows how), then run kb fmt")])
    try:
        new = format_text(body, order_for(cls))
    except FormatError as exc:
        return Outcome(file, diagnostics=[Diagnostic(
            file, "KB603", f"not formatted: {exc}", 1, 1, hint="fix the YAML, then run kb fmt")])
    after = parse_text(new, file)
    same_problems = [d.code for d in after.diagnostics] == [d.code for d in parsed.diagnostics]
    if not same_problems or _typed(after.data) != _typed(parsed.data):
        return Outcome(file, diagnostics=[Diagnostic(
            file, "KB604", "not formatted: formatting would change what kb reads", 1, 1,
            hint="this is a bug in kb fmt; please report it with the file")])
    lost = comments_in(body) - comments_in(new)
    if lost:
        line, shown = _first_line_with(body, lost)
        return Outcome(file, diagnostics=[Diagnostic(
            file, "KB605", f"not formatted: formatting would drop the comment '{shown}'", line, 1,
            hint="move the comment to a line of its own, or report the file")])
    return Outcome(file, changed=new != text, text=new)  # a byte-order mark is dropped


def not_formatted(shown: str) -> Diagnostic:
    """KB602, for `kb fmt --check`: the file would change."""
    return Diagnostic(shown, "KB602", "not formatted", 1, 1, hint=f"run `kb fmt {shown}`")


_COMMENT = re.compile(r"(?:^|\s)(#.*)$")


def comments_in(text: str) -> Counter[str]:
    """Every comment-like fragment ('#' at a line start or after a space, to the line end).

    Over-inclusive on purpose ('#' inside quoted text counts too): the check only needs each
    fragment of the source to survive formatting, and values are kept verbatim.
    """
    found: Counter[str] = Counter()
    for line in text.splitlines():
        m = _COMMENT.search(line)
        if m:
            found[m.group(1).rstrip()] += 1
    return found


def _first_line_with(text: str, fragments: Counter[str]) -> tuple[int, str]:
    for number, line in enumerate(text.splitlines(), 1):
        m = _COMMENT.search(line)
        if m and m.group(1).rstrip() in fragments:
            return number, m.group(1).rstrip()
    return 1, next(iter(fragments))


def format_file(path: Path, file: str, *, write: bool) -> Outcome:
    """Format a file in place (atomically) when ``write`` and it changes."""
    if path.is_symlink():  # replacing the link would copy whatever it points to into the KB
        return Outcome(file, diagnostics=[Diagnostic(
            file, "KB014", "is a symbolic link; kb fmt does not write through links",
            hint="replace the link with the file itself")])
    text, problem = read_text(path, file)
    if text is None:
        return Outcome(file, diagnostics=[problem] if problem else [])
    outcome = format_source(text, file, kind_of(path))
    if outcome.changed and write and outcome.text is not None:
        write_atomic(path, outcome.text)
    return outcome


PARALLEL_THRESHOLD = 40


def _format_chunk(args: tuple[list[tuple[str, str]], bool]) -> list[Outcome]:
    pairs, write = args
    return [format_file(Path(path), shown, write=write) for path, shown in pairs]


def format_files(files: Sequence[tuple[Path, str]], *, write: bool, jobs: int = 0) -> list[Outcome]:
    """Format many files, on every core when there are enough (ruamel.yaml is pure Python,
    about 0.1 s per record)."""
    workers = jobs or (os.cpu_count() or 1)
    pairs = [(str(path), shown) for path, shown in files]
    if workers <= 1 or len(pairs) < PARALLEL_THRESHOLD:
        return _format_chunk((pairs, write))
    size = max(10, len(pairs) // (workers * 4))
    chunks = [(pairs[i:i + size], write) for i in range(0, len(pairs), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [outcome for part in pool.map(_format_chunk, chunks) for outcome in part]


def record_files(root: Path, paths: Iterable[Path] | None) -> Iterator[tuple[Path, str]]:
    """(absolute path, name to show) of the record files to format: the given files, the
    record files inside given folders, or every record file of the KB."""
    if not paths:
        for file, _folder in discover(root):
            yield root / file, file
        return
    for raw in paths:
        if raw.is_dir():
            for sub in sorted(raw.rglob("*.yaml")):
                if sub.parent.name in KINDS:
                    yield sub, _shown(sub, root)
        else:
            yield raw, _shown(raw, root)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
