"""What a validation run found: its diagnostics, counts, and positions filled in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kb.diagnostics import Diagnostic
from kb.yamlio.reader import read_file


@dataclass(frozen=True)
class Report:
    diagnostics: list[Diagnostic]
    files: int
    records: dict[str, int]

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)

    def summary(self) -> dict[str, object]:
        return {"files": self.files, "records": self.records, "errors": self.errors,
                "warnings": self.warnings}


def locate(root: Path, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Fill in line and column for diagnostics that only know their field path.

    Positions are not kept for the whole KB (that would cost memory at 10,000 files); the few
    files that have problems are read again.
    """
    pending: dict[str, list[Diagnostic]] = defaultdict(list)
    out: list[Diagnostic] = []
    for d in diagnostics:
        (pending[d.file] if d.line == 0 and d.path else out).append(d)
    for file, items in pending.items():
        parsed = read_file(root / file, file)
        for d in items:
            line, col = parsed.mark_for(d.path)
            out.append(d.at(line, col))
    return out
