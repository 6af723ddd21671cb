"""`kb validate --changed`: turn "what the pull request touched" into paths to report on."""

from __future__ import annotations

from pathlib import Path

import typer

from kb.cli.common import EXIT_OK, fail_usage


def changed_paths(root: Path, base: str, paths: list[Path] | None, *, jobs: int,
                  use_cache: bool) -> list[Path]:
    """The files to report on; exits 0 at once when no record changed."""
    from kb.workflow.changed import GitError, scope

    if paths:
        fail_usage("--changed works out the files itself; do not also pass paths")
    try:
        found = scope(root, base, jobs=jobs, use_cache=use_cache)
    except GitError as exc:
        fail_usage(f"--changed needs git: {exc}")
    if not found.files:
        removed = f" ({len(found.removed)} removed)" if found.removed else ""
        typer.echo(f"no record changed since {base}{removed}: nothing to validate", err=True)
        raise typer.Exit(EXIT_OK)
    typer.echo(f"{len(found.changed)} changed record{'s' * (len(found.changed) != 1)} since {base}, "
               f"{len(found.dependents)} referring to them", err=True)
    return [root / rel for rel in found.files]
