"""Write generated files: only those whose content changed; remove stale ones.

Unchanged files keep their modification time, so `mkdocs serve` and a second `kb build`
see only what really changed. Everything lives under one generated folder, so removing a
file there never touches hand-written pages.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

Content = str | bytes


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Replace ``path`` (temp file + rename) unless it holds ``data``; return whether it wrote.

    No fsync: these files are regenerated from the records on every build, so a crash costs
    a rebuild, not data (fsync made writing 1,500 pages take 10 s here).
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def write_tree(docs: Path, folder: str, files: Mapping[str, Content]) -> WriteResult:
    """Write ``files`` (paths relative to ``docs``, all inside ``folder``) and prune the rest."""
    base = (docs / folder).resolve()
    result = WriteResult()
    for rel_path, content in sorted(files.items()):
        target = (docs / rel_path).resolve()
        if not target.is_relative_to(base):
            raise ValueError(f"refusing to write {rel_path}: outside {folder}/")
        changed = _write_if_changed(
            target, content if isinstance(content, bytes) else content.encode("utf-8"))
        if changed:
            result.written.append(rel_path)
        else:
            result.unchanged += 1
    wanted = {(docs / p).resolve() for p in files}
    if base.is_dir():
        for path in sorted(base.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
                result.removed.append(path.relative_to(docs.resolve()).as_posix())
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return result
