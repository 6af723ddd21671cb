"""`kb evidence verify`: prove the evidentiary copies are untouched, offline.

Checks, all reported together:
- the custody log reads cleanly and its hash chain holds (KB406, KB413);
- every capture it records is on disk (KB407) with the SHA-256 the log recorded (KB408);
  a file that changed is opened to say whether it is unreadable (KB409) or its content was
  altered; with ``deep``, every file is also opened and its content re-hashed;
- nothing else sits in the store, and nothing is a symbolic link (KB414, KB412);
- every `sha256` a record cites is a logged capture (KB410) with a matching `captured` date
  (KB416, a warning); captures nobody cites are reported as warnings (KB411).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kb.diagnostics import Diagnostic
from kb.evidence.errors import EvidenceError
from kb.evidence.manifest import MANIFEST_FILE, Entry, read_manifest
from kb.evidence.paths import CAPTURES, EVIDENCE_DIR, capture_relpath, evidence_path
from kb.evidence.store import UnreadableCapture, read_warc, sha256_bytes, sha256_file
from kb.loading import KnowledgeBase
from kb.yamlio.reader import read_file


@dataclass(slots=True)
class VerifyReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    entries: int = 0
    """Custody entries read."""
    captures: int = 0
    """Distinct captures (files) the log records."""
    verified: set[str] = field(default_factory=set)
    """SHA-256 of the content of every capture found intact."""
    cited: int = 0
    """Evidence items that cite a capture."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity != "error"]

    def summary(self) -> dict[str, object]:
        """The counts, for tools (`--format json`)."""
        return {"entries": self.entries, "captures": self.captures, "verified": len(self.verified),
                "cited": self.cited, "errors": len(self.errors), "warnings": len(self.warnings)}

    def summary_line(self) -> str:
        """The counts, for people."""
        errors, warnings = len(self.errors), len(self.warnings)
        return (f"{self.captures} captures ({self.entries} custody entries): "
                f"{len(self.verified)} intact, {self.cited} cited by records; "
                f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")


def _check_file(root: Path, sha256: str, entries: list[Entry], deep: bool) -> Diagnostic | None:
    rel = capture_relpath(sha256)
    shown = f"{EVIDENCE_DIR}/{rel}"
    related = tuple(f"{MANIFEST_FILE}: entry {e.seq}" for e in entries[:3])
    try:
        path = evidence_path(root, rel)
    except EvidenceError as exc:
        return exc.diagnostic
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return Diagnostic(shown, "KB407", f"capture of {entries[0].url} is missing",
                          hint="restore it from git, or capture the page again", related=related)
    if not stat.S_ISREG(mode):
        return Diagnostic(shown, "KB412", "not a regular file", related=related)
    expected = {e.warc_sha256 for e in entries}
    actual = sha256_file(path)
    if actual in expected and len(expected) == 1 and not deep:
        return None
    try:
        content = read_warc(path)
    except UnreadableCapture as exc:
        return Diagnostic(shown, "KB409", f"capture is unreadable (truncated or corrupt): {exc}",
                          hint="restore it from git, or capture the page again", related=related)
    if sha256_bytes(content.body) != sha256:
        return Diagnostic(shown, "KB408", "captured content was altered: its SHA-256 is "
                          f"{sha256_bytes(content.body)}, the custody log recorded {sha256}",
                          hint="restore the file from git; never edit evidentiary copies",
                          related=related)
    if actual not in expected or len(expected) > 1:
        return Diagnostic(shown, "KB408", f"capture file was altered (SHA-256 {actual}, the "
                          f"custody log recorded {', '.join(sorted(expected))}); the page content "
                          "it holds is intact", hint="restore the file from git", related=related)
    return None


def _store_files(root: Path) -> Iterator[tuple[str, bool]]:
    """(path relative to the KB root, is a regular file) for everything under captures/."""
    base = root / EVIDENCE_DIR / CAPTURES
    if not base.is_dir() or base.is_symlink():
        return
    for folder, dirs, files in os.walk(base, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                yield (here / name).relative_to(root).as_posix(), False
        for name in sorted(files):
            path = here / name
            yield path.relative_to(root).as_posix(), stat.S_ISREG(path.lstat().st_mode)


def _record_mark(root: Path, file: str, name: str = "sha256") -> tuple[int, int]:
    parsed = read_file(root / file, file)
    return parsed.mark_for((name,))


def verify(root: Path, kb: KnowledgeBase | None = None, *, deep: bool = False,
           jobs: int = 4) -> VerifyReport:
    """Verify the store and custody log under ``root`` (and the hashes ``kb`` cites)."""
    report = VerifyReport()
    try:
        evidence_path(root, f"{CAPTURES}/x")
        manifest = read_manifest(root)
    except EvidenceError as exc:
        report.diagnostics.append(exc.diagnostic)
        return report
    report.diagnostics.extend(manifest.diagnostics)
    report.entries = len(manifest.entries)
    by_sha = manifest.by_sha()
    report.captures = len(by_sha)

    def check(item: tuple[str, list[Entry]]) -> tuple[str, Diagnostic | None]:
        return item[0], _check_file(root, item[0], item[1], deep)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for sha256, problem in pool.map(check, sorted(by_sha.items())):
            if problem is None:
                report.verified.add(sha256)
            else:
                report.diagnostics.append(problem)

    expected = {f"{EVIDENCE_DIR}/{capture_relpath(sha)}" for sha in by_sha}
    for rel, regular in _store_files(root):
        if not regular:
            report.diagnostics.append(Diagnostic(
                rel, "KB412", "symbolic link (or other non-file) in the evidence store",
                hint="evidence is never read through links; remove it"))
        elif rel not in expected:
            report.diagnostics.append(Diagnostic(
                rel, "KB414", "file in the evidence store that the custody log does not record",
                hint="working copies live outside evidence/; captures go through "
                "`kb evidence capture`"))

    cited: set[str] = set()
    if kb is not None:
        for item in sorted(kb.sources, key=lambda r: kb.file_of[r.id]):
            if item.sha256 is None:
                continue
            report.cited += 1
            cited.add(item.sha256)
            file = kb.file_of[item.id]
            if item.sha256 not in by_sha:
                line, col = _record_mark(root, file)
                report.diagnostics.append(Diagnostic(
                    file, "KB410", f"source '{item.id}' cites capture {item.sha256}, which "
                    "the custody log does not record", line, col, ("sha256",),
                    hint=f"run `kb evidence capture --source {item.id}`"))
                continue
            dates = sorted({e.date for e in by_sha[item.sha256]})
            if item.captured not in dates:
                line, col = _record_mark(root, file, "captured")
                said = f"'{item.captured}'" if item.captured else "missing"
                report.diagnostics.append(Diagnostic(
                    file, "KB416", f"source '{item.id}' captured date is {said}; the custody "
                    f"log records this capture on {', '.join(dates)}", line, col,
                    ("captured",), severity="warning",
                    hint=f"set captured: '{dates[-1]}'"))
        for sha256, entries in sorted(by_sha.items()):
            if sha256 not in cited:
                report.diagnostics.append(Diagnostic(
                    f"{EVIDENCE_DIR}/{capture_relpath(sha256)}", "KB411",
                    f"capture of {entries[0].url} is cited by no source record",
                    severity="warning",
                    hint=f"add `sha256: {sha256}` to the source record it belongs to"))
    report.diagnostics.sort(key=Diagnostic.sort_key)
    return report
