"""Codes for KB3xx: the lineage and actor graph."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = ()
