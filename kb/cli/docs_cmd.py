"""`kb docs`."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.cli.common import EXIT_DATA, RootOption, find_root


def docs(
    check: Annotated[bool, typer.Option("--check", help="Fail if the pages differ; write nothing.")] = False,
    root: RootOption = None,
) -> None:
    """Write the generated pages in docs/ (error codes, vocabularies, CLI reference, contributing)."""
    from kb.cli.reference import extra_pages
    from kb.reference import drift, write
    from kb.reference.pages import pages

    folder = find_root(root) / "docs"
    generated = {**pages(), **extra_pages(folder.parent)}
    if check:
        stale = drift(folder, generated)
        for name in stale:
            typer.echo(f"docs/{name}: out of date; run `kb docs`", err=True)
        raise typer.Exit(EXIT_DATA if stale else 0)
    for name in write(folder, generated):
        typer.echo(f"wrote docs/{name}", err=True)
