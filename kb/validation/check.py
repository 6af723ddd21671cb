"""Load and validate a knowledge base quickly: both cores, and a per-file result cache.

`check` (behind `kb validate`) keeps, per file, only its diagnostics and the few facts that
rules across records need (:mod:`kb.validation.facts`), so re-validating after one file changed
re-reads that file and re-runs the cross-record rules over small tuples. The cache lives
outside the repository (a pull request must never be able to plant a pickle) and is keyed by
each file's size and modification time plus a fingerprint of the code that reads records.
Full records for the graph and the site come from :func:`kb.loading.load_kb`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from kb import __version__
from kb.diagnostics import Diagnostic, FieldPath
from kb.gctools import paused_gc
from kb.loading import load_file, resolve_paths, scan
from kb.loading.parallel import Pairs, parallel
from kb.validation.cache import Entries, ResultCache, Stamp
from kb.validation.facts import Facts, facts_of, from_plain, salvaged_facts, to_plain
from kb.validation.graph_rules import graph_checks
from kb.validation.local import run_local
from kb.validation.placeholders import CODE as PLACEHOLDER_CODE
from kb.validation.report import Report, locate
from kb.validation.rules import Index, run_global, stem

_PACKAGE = Path(__file__).resolve().parent.parent
_CODE = ("records", "yamlio", "loading", "validation", "codes", "diagnostics.py")
"""Everything whose output the cache stores: record types, reader, loader, rules, the codes
catalogue (severities) and the diagnostic type itself."""


class FileResult(NamedTuple):
    """What validation keeps of one file: its own diagnostics and its record's facts."""

    file: str
    diagnostics: tuple[Diagnostic, ...]
    facts: Facts | None
    partial: bool = False
    """The record failed type-checking and ``facts`` are what could be read of it."""


def _fingerprint() -> str:
    # Today's date too: whether a date lies in the future (KB123) changes as days pass.
    h = hashlib.sha256(f"{__version__} {dt.datetime.now(dt.UTC).date()}".encode())
    for name in _CODE:
        target = _PACKAGE / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


_FIELDS = ("file", "code", "message", "line", "column", "path", "value", "hint", "severity", "related")


def _plain(result: FileResult) -> tuple[object, ...]:
    diags = tuple(tuple(getattr(d, name) for name in _FIELDS) for d in result.diagnostics)
    return (result.file, diags, None if result.facts is None else to_plain(result.facts),
            result.partial)


def _unplain(t: tuple[Any, ...]) -> FileResult:
    """Read a cached result back; diagnostic fields by name, so a reordered field stays put."""
    file, diags, facts, partial = t
    read = tuple(Diagnostic(**dict(zip(_FIELDS, d, strict=True))) for d in diags)
    return FileResult(file, read, None if facts is None else from_plain(facts), partial)


def _stamp(path: str) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def check_file(root: Path, file: str, folder: str) -> FileResult:
    """Read, type-check and run the one-record rules on one file."""
    doc = load_file(root, file, folder)
    if doc.record is not None:
        return FileResult(file, (*doc.diagnostics, *run_local(doc.record, file)),
                          facts_of(doc.record, file))
    if doc.salvaged is None:
        return FileResult(file, tuple(doc.diagnostics), None)
    # Report every problem in one run: the rules also read what the record's valid parts say,
    # except about the fields and list items that failed type-checking; a TODO is a problem
    # wherever it is, unless its own field already failed.
    wrong = _wrong_parts(doc.diagnostics)
    fields = [d.path for d in doc.diagnostics if d.path]
    more = [d for d in run_local(doc.salvaged, file, salvaged=True)
            if not _within(d.path, fields if d.code == PLACEHOLDER_CODE else wrong)]
    return FileResult(file, (*doc.diagnostics, *more), salvaged_facts(doc.salvaged, file), True)


def _wrong_parts(diagnostics: Iterable[Diagnostic]) -> list[FieldPath]:
    """The fields and list items that failed type-checking (the KB1xx errors; not what rules
    said of the rest): each error's path cut after its last list index (an error in
    claims[0].predicate makes all of claims[0] unreadable to rules)."""
    parts: list[FieldPath] = []
    for d in diagnostics:
        if not d.code.startswith("KB1") or not d.path:
            continue
        last = max((i for i, seg in enumerate(d.path) if isinstance(seg, int)), default=len(d.path) - 1)
        parts.append(d.path[:last + 1])
    return parts


def _within(path: FieldPath, wrong: list[FieldPath]) -> bool:
    """Whether ``path`` lies inside (or around) a part that failed type-checking."""
    return any(path[:len(w)] == w or w[:len(path)] == path for w in wrong)


def _check_chunk(args: tuple[str, Pairs]) -> list[FileResult]:
    root = Path(args[0])
    with paused_gc():
        return [check_file(root, file, folder) for file, folder in args[1]]


def check_files(root: Path, *, jobs: int = 0, use_cache: bool = True) -> list[FileResult]:
    """Per-file results for the whole KB, reusing cached results for unchanged files."""
    pairs, refused = scan(root)
    store = ResultCache(root, _fingerprint()) if use_cache else None
    cache = store.load() if store else {}
    base = str(root)
    stamps = {file: _stamp(os.path.join(base, file)) for file, _ in pairs}
    results: dict[str, FileResult] = {}
    entries: Entries = {}
    todo: Pairs = []
    for file, folder in pairs:
        hit = cache.get(file)
        if hit is not None and hit[0] == stamps[file]:
            results[file] = _unplain(hit[1])
            entries[file] = hit
        else:
            todo.append((file, folder))
    for result in parallel(_check_chunk, root, todo, jobs):
        results[result.file] = result
        stamp = stamps[result.file]
        if stamp is not None:
            entries[result.file] = (stamp, _plain(result))
    if store and (todo or len(cache) != len(pairs)):
        store.save(entries)
    return [results[file] for file, _ in pairs] + [FileResult(d.file, (d,), None) for d in refused]


def check(root: Path, *, paths: list[Path] | None = None, jobs: int = 0,
          use_cache: bool = True) -> Report:
    """Validate the knowledge base; with ``paths``, report only on those files."""
    with paused_gc():  # nothing here makes reference cycles; see kb/gctools.py
        results = check_files(root, jobs=jobs, use_cache=use_cache)
        facts = [r.facts for r in results if r.facts is not None]
        broken = {stem(r.file) for r in results if r.facts is None}
        index = Index(facts, broken)
        wrong = {r.file: _wrong_parts(r.diagnostics) for r in results if r.partial}
        found = [d for r in results for d in r.diagnostics] + [
            d for d in run_global(index) + graph_checks(index)
            if d.file not in wrong or not _within(d.path, wrong[d.file])]
        extra: list[Diagnostic] = []
        if paths:
            only, extra = resolve_paths(root, paths)
            found = [d for d in found if d.file in only]
        counts: dict[str, int] = {}
        for r in results:
            if r.facts is not None and not r.partial:
                counts[r.facts.kind] = counts.get(r.facts.kind, 0) + 1
        diagnostics = sorted(set(locate(root, found)) | set(extra), key=Diagnostic.sort_key)
        return Report(diagnostics, len(results), dict(sorted(counts.items())))
