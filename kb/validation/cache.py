"""The per-file result cache of `kb validate`: a base file plus a small delta.

Entries map a file to (stamp, result as builtin tuples). Rewriting the whole cache after a
one-file change cost a fifth of a second at 10,000 incidents, so a run that changed few files
writes only a delta next to the base; once the delta grows past a share of the base, the next
run folds it into a new base. Both files carry the code fingerprint; the delta also names the
base it extends, so a delta is never applied to another base. Each write also carries a small
``meta`` mapping (the whole-KB results of the rules across records); the delta's replaces the
base's.

The cache lives outside the repository (a pull request must never be able to plant a pickle).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import secrets
from pathlib import Path
from typing import Any

from kb.fileio import write_atomic_bytes

Stamp = tuple[int, int]
Entries = dict[str, tuple[Any, ...]]
"""File -> (stamp, result as builtin tuples, ...); `kb validate` appends what the rules across
records said of the file (:mod:`kb.validation.incremental`)."""
Meta = dict[str, object]

#: A delta larger than this share of the base (or 50 entries, whichever is more) is folded in.
DELTA_SHARE = 0.02


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "distillation-kb"


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

    def load(self) -> Entries:
        """Every cached entry (base updated by the delta); empty if none is usable."""
        stored = _read(self.base_path)
        entries = stored.get("entries")
        if stored.get("fingerprint") != self.fingerprint or not isinstance(entries, dict):
            return {}
        self.base, self.token = entries, str(stored.get("token", ""))
        meta = stored.get("meta")
        self.meta = meta if isinstance(meta, dict) else {}
        delta = _read(self.delta_path)
        changes = delta.get("entries")
        if (delta.get("fingerprint") == self.fingerprint and delta.get("base") == self.token
                and isinstance(changes, dict)):
            meta = delta.get("meta")
            self.meta = meta if isinstance(meta, dict) else {}
            gone = delta.get("removed")
            merged = {**entries, **changes}
            if isinstance(gone, (list, tuple)):
                for file in gone:
                    merged.pop(file, None)
            return merged
        return dict(entries)

    def save(self, entries: Entries, meta: Meta | None = None) -> None:
        """Store ``entries``: as a delta against the base when few differ, else as a new base."""
        base = self.base
        changed = {f: e for f, e in entries.items() if base.get(f) is not e}
        removed = sorted(base.keys() - entries.keys())
        meta = meta or {}
        if self.token and len(changed) + len(removed) <= max(50, DELTA_SHARE * len(base)):
            _write(self.delta_path, {"fingerprint": self.fingerprint, "base": self.token,
                                     "entries": changed, "removed": removed, "meta": meta})
            return
        token = secrets.token_hex(8)
        _write(self.base_path, {"fingerprint": self.fingerprint, "token": token, "entries": entries,
                                "meta": meta})
        with contextlib.suppress(OSError):
            self.delta_path.unlink(missing_ok=True)
