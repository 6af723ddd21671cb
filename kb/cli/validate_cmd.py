"""`kb validate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kb.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    BaseOption,
    FormatOption,
    OutputFormat,
    RootOption,
    fail_usage,
    find_root,
    plural,
    report,
)


def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to report on (default: all).")
    ] = None,
    fmt: FormatOption = OutputFormat.text,
    root: RootOption = None,
    jobs: Annotated[int, typer.Option(help="Worker processes (0: one per core, for large KBs).")] = 0,
    cache: Annotated[bool, typer.Option(
        help="Reuse results for unchanged files (kept in $XDG_CACHE_HOME/distillation-kb/, "
        "by default ~/.cache/distillation-kb/).")] = True,
    changed: Annotated[bool, typer.Option(
        "--changed",
        help="Report only on records changed since --base, and records referring to them.")] = False,
    base: BaseOption = None,
) -> None:
    """Check every record: YAML, fields, and the rules across the knowledge base."""
    from kb.validation.check import check

    kb_root = find_root(root)
    if changed:
        from kb.workflow.changed import scope

        if paths:
            fail_usage("--changed works out the files itself; do not also pass paths")
        found = scope(kb_root, base, jobs=jobs, use_cache=cache)
        typer.echo(found.summary(), err=True)
        if not found.files:
            raise typer.Exit(EXIT_OK)
        paths = [kb_root / rel for rel in found.files]
    elif base is not None:
        fail_usage("--base goes with --changed")
    result = check(kb_root, paths=paths, jobs=jobs, use_cache=cache)
    counts = ", ".join(plural(n, kind) for kind, n in result.records.items())
    report(result.diagnostics, fmt, data=result.summary(),
           summary=f"{plural(result.files, 'file')} ({counts or 'no records'}): "
                   f"{plural(result.errors, 'error')}, {plural(result.warnings, 'warning')}")
    raise typer.Exit(EXIT_DATA if result.errors else EXIT_OK)
