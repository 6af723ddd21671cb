"""Codes for KB6xx: contributor workflow (kb new, kb fmt, kb mv)."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = ()
