"""Load and validate a knowledge base quickly: parallel parsing and a per-file result cache.

The cache lives outside the repository (a pull request must never be able to plant it) and is
keyed by each file's size and modification time, plus a fingerprint of the code that reads
records, so a change to the types or the reader invalidates it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from kb import __version__
from kb.diagnostics import Diagnostic
from kb.fileio import write_atomic_bytes
from kb.loading import EXTENSION, Document, KnowledgeBase, discover, load_file
from kb.records import KINDS
from kb.validation import Report, validate

PARALLEL_THRESHOLD = 400
_CODE_FILES = ("records", "yamlio", "record_errors.py", "loading.py", "engine.py")


def _fingerprint() -> str:
    h = hashlib.sha256(__version__.encode())
    base = Path(__file__).parent
    for name in _CODE_FILES:
        target = base / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cache_path(root: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return base / "distillation-kb" / f"validate-{key}.pickle"


Stamp = tuple[int, int]
Cache = dict[str, tuple[Stamp, Document]]


def _load_cache(path: Path, fingerprint: str) -> Cache:
    try:
        with open(path, "rb") as fh:
            stored = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("fingerprint") != fingerprint:
        return {}
    entries = stored.get("entries")
    return entries if isinstance(entries, dict) else {}


def _stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _load_chunk(args: tuple[str, list[tuple[str, str]]]) -> list[Document]:
    root, pairs = args
    return [load_file(Path(root), file, folder) for file, folder in pairs]


def load_documents(root: Path, pairs: list[tuple[str, str]], jobs: int) -> list[Document]:
    workers = jobs or (os.cpu_count() or 1)
    if workers <= 1 or len(pairs) < PARALLEL_THRESHOLD:
        return _load_chunk((str(root), pairs))
    size = max(50, len(pairs) // (workers * 4))
    chunks = [(str(root), pairs[i:i + size]) for i in range(0, len(pairs), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [doc for part in pool.map(_load_chunk, chunks) for doc in part]


def load_kb(root: Path, *, jobs: int = 0, use_cache: bool = True) -> KnowledgeBase:
    """Load every record, reusing cached results for files that have not changed."""
    pairs = list(discover(root))
    fingerprint = _fingerprint() if use_cache else ""
    cache = _load_cache(cache_path(root), fingerprint) if use_cache else {}
    stamps = {file: _stamp(root / file) for file, _ in pairs}
    docs: dict[str, Document] = {}
    todo: list[tuple[str, str]] = []
    for file, folder in pairs:
        hit = cache.get(file)
        if hit is not None and hit[0] == stamps[file]:
            docs[file] = hit[1]
        else:
            todo.append((file, folder))
    for doc in load_documents(root, todo, jobs):
        docs[doc.file] = doc
    if use_cache and todo:
        entries = {f: (s, docs[f]) for f, s in stamps.items() if s is not None}
        try:
            write_atomic_bytes(cache_path(root), pickle.dumps(
                {"fingerprint": fingerprint, "entries": entries}, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only home directory only costs speed
    return KnowledgeBase(root, [docs[file] for file, _ in pairs])


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
    only: set[str] | None = None
    extra: list[Diagnostic] = []
    if paths:
        only, extra = resolve_paths(root, paths)
    kb = load_kb(root, jobs=jobs, use_cache=use_cache)
    report = validate(kb, only)
    if extra:
        return Report(sorted([*extra, *report.diagnostics], key=Diagnostic.sort_key),
                      report.files, report.records)
    return report
