"""One entry of the diagnostic-code catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from kb.diagnostics import Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    title: str
    severity: Severity
    explanation: str
    example: str
    fix: str
    retired: bool = False
    """A code no rule emits any more; kept so that it is never reused."""
