"""Write an export into a folder that kb owns, and only there.

A folder is kb's when it is new, empty, or holds nothing but earlier exports and their
manifests (``.kb-export-<format>.json``, one per format, listing the files it wrote). Anything else — a file
where the folder should be, files kb did not write — is refused (KB802) before anything is
written; kb never deletes what it did not create. Files are written atomically and only when
their content changed; files that the previous export of the same format wrote and this one
no longer produces are removed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kb.export.errors import ExportError

MANIFEST = ".kb-export-{name}.json"
Content = str | bytes


@dataclass
class Written:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def _manifest(path: Path) -> set[str] | None:
    try:
        return set(json.loads(path.read_text("utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _owned(out: Path, name: str) -> set[str]:
    """Files the previous export ``name`` wrote into ``out``; refuse a folder holding anything
    that no manifest lists."""
    if out.exists() and not out.is_dir():
        raise ExportError("KB802", f"{out} is a file, not a folder", str(out),
                          hint="choose a new or empty folder for --out")
    if not out.is_dir():
        return set()
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if not p.is_dir()}
    if not present:
        return set()
    manifests = {p: _manifest(out / p) for p in present
                 if p.startswith(".kb-export-") and p.endswith(".json") and "/" not in p}
    listed = set(manifests).union(*(m for m in manifests.values() if m is not None))
    if not present <= listed:
        foreign = sorted(present - listed)[:3]
        raise ExportError("KB802", f"{out} holds files kb did not write (e.g. {', '.join(foreign)})",
                          str(out), hint="choose a new or empty folder for --out; kb never "
                          "deletes files it did not create")
    return manifests.get(MANIFEST.format(name=name)) or set()


def write_export(out: Path, files: Mapping[str, Content], name: str) -> Written:
    """Write ``files`` (paths relative to ``out``) as export ``name`` into ``out``; see the
    module docstring."""
    from kb.fileio import write_atomic_bytes

    manifest = MANIFEST.format(name=name)
    previous = _owned(out, name)
    base = out.resolve()
    for rel in files:
        if rel.startswith(".kb-export-") or not (base / rel).resolve().is_relative_to(base):
            raise ExportError("KB801", f"refusing to write {rel!r}: outside {out}", str(out))
    result = Written()
    for rel, content in sorted(files.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = base / rel
        try:
            same = target.stat().st_size == len(data) and target.read_bytes() == data
        except FileNotFoundError:
            same = False
        if same:
            result.unchanged += 1
            continue
        write_atomic_bytes(target, data)
        result.written.append(rel)
    for rel in sorted(previous - set(files)):
        (base / rel).unlink(missing_ok=True)
        result.removed.append(rel)
    write_atomic_bytes(base / manifest, (json.dumps({"files": sorted(files)}, indent=1) + "\n").encode())
    return result
