"""Codes for KB5xx: transcript analysis input."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = ()
