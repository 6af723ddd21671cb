"""The one exception kb's library raises for bad input or a failed operation.

A :class:`KbError` carries a :class:`~kb.diagnostics.Diagnostic` (code, file, line, message,
fix), so every command reports every error the same way: the CLI catches it in one place
(:class:`kb.cli.common.KbGroup`), prints the diagnostic and exits 1, or 2 when ``usage`` says
the command line itself is wrong (an id that names nothing, a malformed option value). Each
area subclasses it (``ScaffoldError``, ``RenameError``, ``GitError``, ``EvidenceError``) so
callers can catch one area's failures, and every code is in the catalogue (:mod:`kb.codes`).
"""

from __future__ import annotations

from typing import Self

from kb.diagnostics import Diagnostic

NO_FILE = "-"
"""``Diagnostic.file`` for an error that is not about a file (rendered without a location)."""


class KbError(Exception):
    """Bad input or a failed operation, described by a diagnostic."""

    def __init__(self, diagnostic: Diagnostic, *, usage: bool = False) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        self.usage = usage
        """True when the command line is wrong (exit 2), not the knowledge base (exit 1)."""

    @classmethod
    def of(cls, code: str, message: str, *, file: str = NO_FILE, line: int = 0, column: int = 0,
           hint: str | None = None, value: str | None = None, usage: bool = False) -> Self:
        """Build the error from its parts (``file`` defaults to "not about a file")."""
        return cls(Diagnostic(file, code, message, line, column, value=value, hint=hint),
                   usage=usage)
