"""`kb graph ...`: lineage and actor graph queries and exports (issue 4)."""

from __future__ import annotations

import typer


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to the main app (or to one of its groups)."""
