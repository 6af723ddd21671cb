"""The catalogue of diagnostic codes: one entry per stable code, rendered on the site.

Each area keeps its codes in its own module; codes are never reused.
"""

from __future__ import annotations

from kb.codes import analysis, core, evidence, export, graph, relations, site, workflow
from kb.codes.code import Code
from kb.diagnostics import Diagnostic, FieldPath, Severity

CODES: dict[str, Code] = {}
for _area in (core, relations, graph, evidence, analysis, workflow, site, export):
    for _c in _area.CODES:
        if _c.code in CODES:
            raise ValueError(f"diagnostic code {_c.code} defined twice")
        CODES[_c.code] = _c


def severity_of(code: str) -> Severity:
    return CODES[code].severity


def diagnostic(file: str, code: str, message: str, path: FieldPath = (), value: str | None = None,
               hint: str | None = None, related: tuple[str, ...] = ()) -> Diagnostic:
    """A diagnostic whose severity is the catalogue's (the one place a rule's severity is set)."""
    return Diagnostic(file, code, message, 0, 0, path, value, hint, severity_of(code), related)


__all__ = ["CODES", "Code", "diagnostic", "severity_of"]
