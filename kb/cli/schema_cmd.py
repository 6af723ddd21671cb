"""`kb schema`."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.cli.common import EXIT_DATA, RootOption, find_root


def schema(
    check: Annotated[bool, typer.Option("--check", help="Fail if schemas/ differs; write nothing.")] = False,
    root: RootOption = None,
) -> None:
    """Write schemas/<kind>.schema.json from the record types."""
    from kb.reference import drift, write
    from kb.reference.schemas import schemas

    folder = find_root(root) / "schemas"
    generated = schemas()
    if check:
        stale = drift(folder, generated)
        for name in stale:
            typer.echo(f"schemas/{name}: out of date; run `kb schema`", err=True)
        raise typer.Exit(EXIT_DATA if stale else 0)
    for name in write(folder, generated):
        typer.echo(f"wrote schemas/{name}", err=True)
