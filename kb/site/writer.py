"""Write generated files: only those whose content changed; remove stale ones.

Unchanged files keep their modification time, so `mkdocs serve` and a second `kb build`
see only what really changed. Everything lives under one generated folder, so removing a
file there never touches hand-written pages.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

Content = str | bytes


@dataclass
class WriteResult:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def _write_if_changed(path: Path, data: bytes, made: set[Path]) -> bool:
    """Replace ``path`` (temp file + rename) unless it holds ``data``; return whether it wrote.
    A new file is written in place (nothing to replace: an interrupted write leaves a file
    that the next build finds different and rewrites). ``made``: folders known to exist.

    No fsync: these files are regenerated from the records on every build, so a crash costs
    a rebuild, not data (fsync made writing 1,500 pages take 10 s here).
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        try:
            with open(path, "xb") as new:
                new.write(data)
            return True
        except FileExistsError:  # a dangling link: replace the link, never write through it
            pass
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


class _Targets:
    """Resolve output paths, checking each folder once that it stays inside ``base`` (a link
    inside the generated folder must not lead writes elsewhere)."""

    def __init__(self, docs: Path, folder: str) -> None:
        self.docs = docs
        self.folder = folder
        self.base = (docs / folder).resolve()
        self.dirs: dict[str, Path] = {}

    def __call__(self, rel_path: str) -> Path:
        parent, _, name = rel_path.rpartition("/")
        real = self.dirs.get(parent)
        if real is None:
            real = (self.docs / parent).resolve()
            self.dirs[parent] = real
        if name in ("", ".", "..") or not real.is_relative_to(self.base):
            raise ValueError(f"refusing to write {rel_path}: outside {self.folder}/")
        return real / name


def write_changed(docs: Path, folder: str, files: Mapping[str, Content],
                  remove: Iterable[str] = ()) -> WriteResult:
    """Write ``files`` (paths relative to ``docs``, all inside ``folder``) whose content differs
    from what is on disk, and delete the files at ``remove``."""
    target = _Targets(docs, folder)
    result = WriteResult()
    made: set[Path] = set()
    for rel_path, content in sorted(files.items()):
        changed = _write_if_changed(
            target(rel_path), content if isinstance(content, bytes) else content.encode("utf-8"),
            made)
        if changed:
            result.written.append(rel_path)
        else:
            result.unchanged += 1
    for rel_path in sorted(set(remove) - set(files)):
        path = target(rel_path)
        if path.is_file():
            path.unlink()
            result.removed.append(rel_path)
    return result


def write_tree(docs: Path, folder: str, files: Mapping[str, Content]) -> WriteResult:
    """Write ``files`` (paths relative to ``docs``, all inside ``folder``) and prune the rest."""
    result = write_changed(docs, folder, files)
    base = (docs / folder).resolve()
    root = docs.resolve()
    wanted = {(root / p).as_posix() for p in files}
    if base.is_dir():
        for dirpath, _dirs, filenames in sorted(os.walk(base), reverse=True):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if path not in wanted:
                    os.unlink(path)
                    result.removed.append(Path(path).relative_to(root).as_posix())
            if dirpath != str(base) and not os.listdir(dirpath):
                os.rmdir(dirpath)
    return result
