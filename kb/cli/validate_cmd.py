"""`kb validate`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kb.cli.common import EXIT_DATA, EXIT_OK, RootOption, find_root


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to report on (default: all).")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    root: RootOption = None,
    jobs: Annotated[int, typer.Option(help="Worker processes (0: one per core, for large KBs).")] = 0,
    cache: Annotated[bool, typer.Option(help="Reuse results for unchanged files (.kb-cache/).")] = True,
    changed: Annotated[bool, typer.Option(
        "--changed",
        help="Report only on records changed since --base, and records referring to them.")] = False,
    base: Annotated[str, typer.Option(help="Git ref to compare with for --changed.")] = "HEAD",
) -> None:
    """Check every record: YAML, fields, and the rules across the knowledge base."""
    from kb.diagnostics import render_json
    from kb.validation.check import check

    kb_root = find_root(root)
    if changed:
        from kb.cli.changed_scope import changed_paths

        paths = changed_paths(kb_root, base, paths, jobs=jobs, use_cache=cache)
    report = check(kb_root, paths=paths, jobs=jobs, use_cache=cache)
    if fmt is Format.json:
        typer.echo(render_json(report.diagnostics, report.summary()))
    elif fmt is Format.github:
        for d in report.diagnostics:
            typer.echo(d.as_github())
    else:
        for d in report.diagnostics:
            typer.echo(d.as_text(), err=True)
    if fmt is not Format.json:
        counts = ", ".join(f"{n} {_plural(kind, n)}" for kind, n in report.records.items())
        typer.echo(
            f"{report.files} files ({counts or 'no records'}): "
            f"{report.errors} error{'s' * (report.errors != 1)}, "
            f"{report.warnings} warning{'s' * (report.warnings != 1)}",
            err=True,
        )
    raise typer.Exit(EXIT_DATA if report.errors else EXIT_OK)


def _plural(word: str, n: int) -> str:
    if n == 1:
        return word
    return word[:-1] + "ies" if word.endswith("y") else word + "s"
