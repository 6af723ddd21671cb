"""Codes for KB7xx: site build."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = ()
