"""`kb docs`."""

from __future__ import annotations

from typing import Annotated

import typer

from kb.cli.common import EXIT_DATA, RootOption, find_root


def docs(
    check: Annotated[bool, typer.Option("--check", help="Fail if the pages differ; write nothing.")] = False,
    root: RootOption = None,
) -> None:
    """Write the generated reference pages in docs/ (error codes, vocabularies)."""
    from kb.docgen import drift, pages
    from kb.fileio import write_if_changed

    folder = find_root(root) / "docs"
    if check:
        stale = drift(folder)
        for name in stale:
            typer.echo(f"docs/{name}: out of date; run `kb docs`", err=True)
        raise typer.Exit(EXIT_DATA if stale else 0)
    for name, text in pages().items():
        if write_if_changed(folder / name, text):
            typer.echo(f"wrote docs/{name}", err=True)
