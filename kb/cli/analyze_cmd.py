"""`kb evidence analyze ...`: transcript analysis (issue 6); registered into the evidence group."""

from __future__ import annotations

import typer


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to the main app (or to one of its groups)."""
