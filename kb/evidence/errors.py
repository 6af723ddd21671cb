"""The one exception the evidence library raises for bad input: it carries a diagnostic."""

from __future__ import annotations

from kb.diagnostics import Diagnostic


class EvidenceError(Exception):
    """Bad input or a failed operation, described by a diagnostic (file, code, message, hint)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def fail(code: str, message: str, *, file: str = "", hint: str | None = None,
         value: str | None = None) -> EvidenceError:
    return EvidenceError(Diagnostic(file or "-", code, message, hint=hint, value=value))
