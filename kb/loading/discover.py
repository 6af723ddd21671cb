"""Which files are record files: one rule for validate, fmt, mv, changed and the site.

A record file is ``<kind folder>/<id>.yaml`` directly inside one of the record folders
(:data:`kb.records.KINDS`). Hidden files are skipped; ``.yml`` files are found so that
validation can tell their author to rename them (KB013).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from kb.diagnostics import Diagnostic
from kb.records import KINDS

EXTENSION = ".yaml"
_FOUND = (EXTENSION, ".yml")


def is_record_file(rel: str) -> bool:
    """Whether a KB-relative, forward-slash path names a (candidate) record file."""
    parts = PurePosixPath(rel).parts
    return (len(parts) == 2 and parts[0] in KINDS and not parts[1].startswith(".")
            and parts[1].endswith(_FOUND))


def discover(root: Path) -> Iterator[tuple[str, str]]:
    """Yield (relative file, folder) for every candidate record file, in a stable order."""
    for folder in KINDS:
        try:
            names = sorted(os.listdir(root / folder))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name in names:
            if not name.startswith(".") and name.endswith(_FOUND):
                yield f"{folder}/{name}", folder


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


