"""Which files are record files: one rule for validate, fmt, mv, changed and the site.

A record file is ``<kind folder>/<id>.yaml`` directly inside one of the record folders
(:data:`kb.records.KINDS`). Hidden files are skipped; ``.yml`` files are found so that
validation can tell their author to rename them (KB013).

A record folder or file that is a symbolic link leading outside the knowledge base is refused
here (KB014), for every command: a pull request could otherwise make `kb validate` read, `kb
fmt` rewrite, or the site publish a file anywhere on the reader's machine.
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


def _outside(path: Path, real_root: str) -> bool:
    real = os.path.realpath(path)
    return real != real_root and not real.startswith(real_root + os.sep)


def _refused(file: str, what: str) -> Diagnostic:
    return Diagnostic(file, "KB014", f"{what} is a symbolic link that leads outside the knowledge base",
                      hint="replace the link with the file itself, or remove it")


def scan(root: Path) -> tuple[list[tuple[str, str]], list[Diagnostic]]:
    """(relative file, folder) for every candidate record file, in a stable order, and a
    KB014 diagnostic for each record folder or file that leads outside the knowledge base, and
    each entry named like a record that is not a regular file (a folder, a pipe)."""
    real_root = os.path.realpath(root)
    pairs: list[tuple[str, str]] = []
    refused: list[Diagnostic] = []
    for folder in KINDS:
        base = root / folder
        if base.is_symlink() and _outside(base, real_root):
            refused.append(_refused(f"{folder}/", "the record folder"))
            continue
        try:
            with os.scandir(base) as entries:
                found = {e.name: e for e in entries
                         if e.name.endswith(_FOUND) and not e.name.startswith(".")}
        except (FileNotFoundError, NotADirectoryError):
            continue
        prefix = folder + "/"
        for name in sorted(found):
            entry, file = found[name], prefix + name
            if entry.is_symlink() and _outside(base / name, real_root):
                refused.append(_refused(file, "the record file"))
            elif not entry.is_file():  # a folder or a pipe named like a record: reading a pipe blocks
                refused.append(Diagnostic(file, "KB014", "not a regular file",
                                          hint="a record is a YAML file; rename or remove this"))
            else:
                pairs.append((file, folder))
    return pairs, refused


def discover(root: Path) -> Iterator[tuple[str, str]]:
    """Yield (relative file, folder) for every record file to read, in a stable order.

    Links leading outside the knowledge base are left out; :func:`scan` also reports them.
    """
    yield from scan(root)[0]


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


