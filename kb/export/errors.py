"""The one error type of the export layer: a stable KB8xx code, a message, the file concerned."""

from __future__ import annotations

from kb.diagnostics import Diagnostic


class ExportError(Exception):
    """Bad input to an export or a release (KB801-KB819). Nothing has been written."""

    def __init__(self, code: str, message: str, file: str = ".", hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.file = file
        self.hint = hint

    def diagnostic(self) -> Diagnostic:
        from kb.codes import diagnostic

        return diagnostic(self.file, self.code, self.message, hint=self.hint)
