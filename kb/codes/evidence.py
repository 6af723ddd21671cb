"""Codes for KB4xx: evidence capture, verification and link checks."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = ()
