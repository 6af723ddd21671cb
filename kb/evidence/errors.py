"""The evidence library's errors: a :class:`kb.errors.KbError` with a KB4xx code."""

from __future__ import annotations

from kb.errors import NO_FILE, KbError

#: Codes that mean an argument names something that does not exist (a usage error, exit 2).
_USAGE = frozenset({"KB402", "KB403"})


class EvidenceError(KbError):
    """Bad input or a failed operation, described by a diagnostic (file, code, message, hint)."""


def fail(code: str, message: str, *, file: str = "", hint: str | None = None,
         value: str | None = None) -> EvidenceError:
    return EvidenceError.of(code, message, file=file or NO_FILE, hint=hint, value=value,
                            usage=code in _USAGE)
