"""Load and validate a knowledge base quickly: both cores, and a per-file result cache.

`check` (behind `kb validate`) keeps, per file, only its diagnostics and the few facts that
rules across records need (:mod:`kb.validation.facts`), so re-validating after one file changed
re-reads that file and re-runs the cross-record rules over small tuples. The cache lives
outside the repository (a pull request must never be able to plant a pickle) and is keyed by
each file's size and modification time plus a fingerprint of the code that reads records.
`load_kb` loads full records for the graph and the site.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple, TypeVar

from kb import __version__
from kb.diagnostics import Diagnostic
from kb.gctools import paused_gc
from kb.graph.checks import graph_checks  # the graph layer sits above validation; no networkx here
from kb.loading import EXTENSION, Document, KnowledgeBase, discover, load_file
from kb.records import KINDS
from kb.resultcache import Entries, ResultCache, Stamp
from kb.validation import Report, locate
from kb.validation.facts import Facts, facts_of, from_plain, to_plain
from kb.validation.local import run_local
from kb.validation.rules import Index, run_global, stem

PARALLEL_THRESHOLD = 400
_CODE_FILES = ("records", "yamlio", "validation", "record_errors.py", "loading.py", "engine.py")
T = TypeVar("T")
Pairs = list[tuple[str, str]]


class FileResult(NamedTuple):
    """What validation keeps of one file: its own diagnostics and its record's facts."""

    file: str
    diagnostics: tuple[Diagnostic, ...]
    facts: Facts | None


def _fingerprint() -> str:
    h = hashlib.sha256(__version__.encode())
    base = Path(__file__).parent
    for name in _CODE_FILES:
        target = base / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


_FIELDS = ("file", "code", "message", "line", "column", "path", "value", "hint", "severity", "related")


def _plain(result: FileResult) -> tuple[object, ...]:
    diags = tuple(tuple(getattr(d, name) for name in _FIELDS) for d in result.diagnostics)
    return (result.file, diags, None if result.facts is None else to_plain(result.facts))


def _unplain(t: tuple[object, ...]) -> FileResult:
    file, diags, facts = t
    return FileResult(file, tuple(Diagnostic(*d) for d in diags),  # type: ignore[arg-type,attr-defined]
                      None if facts is None else from_plain(facts))  # type: ignore[arg-type]


def _stamp(path: str) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def check_file(root: Path, file: str, folder: str) -> FileResult:
    """Read, type-check and run the one-record rules on one file."""
    doc = load_file(root, file, folder)
    if doc.record is None:
        return FileResult(file, tuple(doc.diagnostics), None)
    return FileResult(file, (*doc.diagnostics, *run_local(doc.record, file)), facts_of(doc.record, file))


def _check_chunk(args: tuple[str, Pairs]) -> list[FileResult]:
    root = Path(args[0])
    with paused_gc():
        return [check_file(root, file, folder) for file, folder in args[1]]


def _load_chunk(args: tuple[str, Pairs]) -> list[Document]:
    root = Path(args[0])
    with paused_gc():
        return [load_file(root, file, folder) for file, folder in args[1]]


def _parallel(fn: Callable[[tuple[str, Pairs]], list[T]], root: Path, pairs: Pairs, jobs: int) -> list[T]:
    """Run ``fn`` over chunks of files on every core; this process takes a share itself."""
    workers = jobs or (os.cpu_count() or 1)
    if workers <= 1 or len(pairs) < PARALLEL_THRESHOLD:
        return fn((str(root), pairs))
    share = len(pairs) // workers
    mine, rest = pairs[:share], pairs[share:]
    size = max(50, len(rest) // ((workers - 1) * 4))
    chunks = [(str(root), rest[i:i + size]) for i in range(0, len(rest), size)]
    ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=ctx) as pool:
        futures = pool.map(fn, chunks)
        first = fn((str(root), mine))
        return first + [item for part in futures for item in part]


def load_kb(root: Path, *, jobs: int = 0) -> KnowledgeBase:
    """Load every record in full (for the graph, the site and other consumers)."""
    pairs = list(discover(root))
    return KnowledgeBase(root, _parallel(_load_chunk, root, pairs, jobs))


def check_files(root: Path, *, jobs: int = 0, use_cache: bool = True) -> list[FileResult]:
    """Per-file results for the whole KB, reusing cached results for unchanged files."""
    pairs = list(discover(root))
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
    for result in _parallel(_check_chunk, root, todo, jobs):
        results[result.file] = result
        stamp = stamps[result.file]
        if stamp is not None:
            entries[result.file] = (stamp, _plain(result))
    if store and (todo or len(cache) != len(pairs)):
        store.save(entries)
    return [results[file] for file, _ in pairs]


def resolve_paths(root: Path, paths: Iterable[Path]) -> tuple[set[str], list[Diagnostic]]:
    """Map command-line paths to KB-relative files; paths outside the KB are diagnostics."""
    wanted: set[str] = set()
    problems: list[Diagnostic] = []
    for raw in paths:
        shown = str(raw)
        try:
            real = raw.resolve(strict=True)
        except (OSError, RuntimeError):
            problems.append(Diagnostic(shown, "KB014", "no such file or folder"))
            continue
        if not real.is_relative_to(root):
            problems.append(Diagnostic(shown, "KB014", "path leads outside the knowledge base",
                                       hint=f"pass paths inside {root}"))
            continue
        targets = sorted(p for p in real.rglob("*") if p.is_file()) if real.is_dir() else [real]
        for target in targets:
            rel = target.relative_to(root).as_posix()
            folder = rel.split("/", 1)[0]
            if folder in KINDS and rel.count("/") == 1:
                wanted.add(rel)
            elif not real.is_dir():
                problems.append(Diagnostic(rel, "KB013", "not a record file",
                                           hint=f"records are {'/, '.join(KINDS)}/ <id>{EXTENSION}"))
    return wanted, problems


def check(root: Path, *, paths: list[Path] | None = None, jobs: int = 0,
          use_cache: bool = True) -> Report:
    """Validate the knowledge base; with ``paths``, report only on those files."""
    with paused_gc():  # nothing here makes reference cycles; see kb/gctools.py
        results = check_files(root, jobs=jobs, use_cache=use_cache)
        facts = [r.facts for r in results if r.facts is not None]
        broken = {stem(r.file) for r in results if r.facts is None}
        index = Index(facts, broken)
        found = [d for r in results for d in r.diagnostics] + run_global(index) + graph_checks(index)
        extra: list[Diagnostic] = []
        if paths:
            only, extra = resolve_paths(root, paths)
            found = [d for d in found if d.file in only]
        counts: dict[str, int] = {}
        for f in facts:
            counts[f.kind] = counts.get(f.kind, 0) + 1
        diagnostics = sorted(set(locate(root, found)) | set(extra), key=Diagnostic.sort_key)
        return Report(diagnostics, len(results), dict(sorted(counts.items())))
