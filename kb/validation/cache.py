"""The per-file result cache of `kb validate`: a base file plus a small delta.

Entries map a file to its result as builtin tuples (`kb validate` appends what the rules
across records said of the file, :mod:`kb.validation.incremental`). Whether a file changed is
told by its stamp (modification time and size), kept apart from the entries as one array in
file order: at 10,000 incidents (68,000 files) comparing two arrays costs a few milliseconds,
where building and comparing 68,000 stamp tuples cost a tenth of a second.

Rewriting the whole cache after a one-file change cost a fifth of a second at 10,000
incidents, so a run that changed few files writes only a delta next to the base; once the
delta grows past a share of the base, the next run folds it into a new base. Both files carry
the code fingerprint; the delta also names the base it extends, so a delta is never applied to
another base. Each write also carries a small ``meta`` mapping (the whole-KB results of the
rules across records) and the stamps of every cached file; the delta's replace the base's.

The cache lives outside the repository (a pull request must never be able to plant a pickle).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import secrets
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeAlias

from kb.fileio import write_atomic_bytes

Entries = dict[str, tuple[Any, ...]]
"""File -> (result as builtin tuples, ...)."""
Meta = dict[str, object]
Stamps: TypeAlias = "array[int]"
"""Two 64-bit numbers per file, in file order: modification time (ns) and size (-1: unreadable)."""

#: A delta larger than this share of the base (or 50 entries, whichever is more) is folded in.
DELTA_SHARE = 0.02
_BLOCK = 1024
"""Stamps compared a block at a time (one C comparison), then one by one in a block that differs."""


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "distillation-kb"


def stamps_of(root: Path, files: Sequence[tuple[str, str]]) -> Stamps:
    """The stamp of every (file, folder) pair, in order. Each folder is opened once and its
    files stated by name in it, which saves building and resolving 68,000 full paths."""
    out: Stamps = array("q")
    add = out.append
    by_name = os.stat in os.supports_dir_fd
    fd, at = -1, ""
    try:
        for file, folder in files:
            if by_name and folder != at:
                if fd >= 0:
                    os.close(fd)
                fd, at = -1, folder
                with contextlib.suppress(OSError):
                    fd = os.open(os.path.join(root, folder), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                st = (os.stat(file[len(folder) + 1:], dir_fd=fd) if fd >= 0
                      else os.stat(os.path.join(root, file)))
            except (OSError, ValueError):
                add(0)
                add(-1)
                continue
            add(st.st_mtime_ns)
            add(st.st_size)
    finally:
        if fd >= 0:
            os.close(fd)
    return out


def _read(path: Path) -> dict[str, object]:
    try:
        with open(path, "rb") as fh:
            stored = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
            ValueError, IndexError):
        return {}
    return stored if isinstance(stored, dict) else {}


def _write(path: Path, data: dict[str, object]) -> None:
    with contextlib.suppress(OSError):  # a read-only home directory only costs speed
        write_atomic_bytes(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))


def _stamps(stored: dict[str, object], files: object) -> tuple[list[str], Stamps] | None:
    raw = stored.get("stamps")
    if not (isinstance(files, list) and isinstance(raw, bytes)):
        return None
    stamps: Stamps = array("q")
    with contextlib.suppress(ValueError):
        stamps.frombytes(raw)
    return (files, stamps) if len(stamps) == 2 * len(files) else None


class ResultCache:
    def __init__(self, root: Path, fingerprint: str) -> None:
        key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
        self.base_path = cache_dir() / f"validate-{key}.pickle"
        self.delta_path = cache_dir() / f"validate-{key}.delta.pickle"
        self.fingerprint = fingerprint
        self.base: Entries = {}
        self.token = ""
        self.meta: Meta = {}
        """What the last write stored beside the entries (empty if none is usable)."""
        self.files: list[str] = []
        """The cached files in file order (each has an entry), and their stamps."""
        self.stamps: Stamps = array("q")
        self._base_files: list[str] = []
        self._delta: set[str] = set()
        """The files the loaded delta changed or removed."""

    def stored_bytes(self) -> int:
        """The size of the stored base (0 if there is none)."""
        try:
            return self.base_path.stat().st_size
        except OSError:
            return 0

    def load(self) -> Entries:
        """Every cached entry (base updated by the delta); empty if none is usable."""
        stored = _read(self.base_path)
        entries = stored.get("entries")
        found = _stamps(stored, stored.get("files"))
        if stored.get("fingerprint") != self.fingerprint or not isinstance(entries, dict) or not found:
            return {}
        self.base, self.token = entries, str(stored.get("token", ""))
        (self.files, self.stamps), self._base_files = found, found[0]
        meta = stored.get("meta")
        self.meta = meta if isinstance(meta, dict) else {}
        delta = _read(self.delta_path)
        changes = delta.get("entries")
        # The delta names its files only when they differ from the base's.
        files = delta.get("files", self._base_files)
        moved = _stamps(delta, files)
        if (delta.get("fingerprint") == self.fingerprint and delta.get("base") == self.token
                and isinstance(changes, dict) and moved):
            meta = delta.get("meta")
            self.meta = meta if isinstance(meta, dict) else {}
            self.files, self.stamps = moved
            merged = {**entries, **changes}
            gone = delta.get("removed")
            if isinstance(gone, (list, tuple)):
                for file in gone:
                    merged.pop(file, None)
            self._delta = {*changes, *(gone if isinstance(gone, (list, tuple)) else ())}
            return merged
        return dict(entries)

    def changed(self, files: list[str], stamps: Stamps) -> list[int]:
        """Positions in ``files`` (with their ``stamps``) that are new, unreadable or stamped
        differently since the cache was written: every other file's entry can be reused."""
        old = self.stamps
        if files != self.files:  # files added or removed: compare by name
            at = {file: i for i, file in enumerate(self.files)}
            out = []
            for i, file in enumerate(files):
                j = at.get(file)
                if (j is None or stamps[2 * i + 1] < 0 or stamps[2 * i] != old[2 * j]
                        or stamps[2 * i + 1] != old[2 * j + 1]):
                    out.append(i)
            return out
        out = []
        for lo in range(0, len(stamps), _BLOCK):
            hi = lo + _BLOCK
            if stamps[lo:hi] != old[lo:hi]:
                out.extend(k // 2 for k in range(lo, min(hi, len(stamps)), 2)
                           if stamps[k] != old[k] or stamps[k + 1] != old[k + 1])
        # (Every cached file was readable: a file unreadable now has a changed stamp.)
        return out

    def save(self, entries: Entries, files: list[str], stamps: Stamps, meta: Meta | None = None, *,
             touched: set[str] | None = None) -> None:
        """Store ``entries`` (``files``, in order, with their ``stamps``, are exactly the files
        that have one): as a delta against the base when few differ, else as a new base.
        ``touched``, if given, names every file whose entry changed (or went) since `load`."""
        base = self.base
        if touched is not None:  # only these and the loaded delta's files can differ from the base
            near = touched | self._delta
            changed = {f: entries[f] for f in near if f in entries and base.get(f) is not entries[f]}
            removed = sorted(f for f in near if f in base and f not in entries)
        else:
            changed = {f: e for f, e in entries.items() if base.get(f) is not e}
            removed = sorted(base.keys() - entries.keys())
        meta = meta or {}
        if self.token and len(changed) + len(removed) <= max(50, DELTA_SHARE * len(base)):
            delta: dict[str, object] = {
                "fingerprint": self.fingerprint, "base": self.token, "entries": changed,
                "removed": removed, "meta": meta, "stamps": stamps.tobytes()}
            if files != self._base_files:
                delta["files"] = files
            _write(self.delta_path, delta)
            return
        token = secrets.token_hex(8)
        _write(self.base_path, {"fingerprint": self.fingerprint, "token": token, "entries": entries,
                                "meta": meta, "files": files, "stamps": stamps.tobytes()})
        with contextlib.suppress(OSError):
            self.delta_path.unlink(missing_ok=True)
