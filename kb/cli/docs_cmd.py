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
    from kb.docgen import pages
    from kb.fileio import write_if_changed

    kb_root = find_root(root)
    folder = kb_root / "docs"
    generated = {**pages(), **extra_pages(kb_root)}
    if check:
        stale = [name for name, text in generated.items()
                 if not (folder / name).is_file() or (folder / name).read_text("utf-8") != text]
        for name in stale:
            typer.echo(f"docs/{name}: out of date; run `kb docs`", err=True)
        raise typer.Exit(EXIT_DATA if stale else 0)
    for name, text in generated.items():
        if write_if_changed(folder / name, text):
            typer.echo(f"wrote docs/{name}", err=True)
