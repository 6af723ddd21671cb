"""Shared CLI helpers: finding the KB root, printing to the right stream, exit codes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, NoReturn

import typer

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2

RootOption = Annotated[
    Path | None,
    typer.Option("--root", help="Knowledge-base root (default: nearest folder above with incidents/).",
                 file_okay=False),
]


def fail_usage(message: str) -> NoReturn:
    typer.echo(f"kb: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def find_root(root: Path | None) -> Path:
    if root is not None:
        if not (root / "incidents").is_dir():
            fail_usage(f"{root} is not a knowledge base (it has no incidents/ folder)")
        return root.resolve()
    env = os.environ.get("KB_ROOT")
    if env:
        return find_root(Path(env))
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "incidents").is_dir() and (folder / "actors").is_dir():
            return folder
    fail_usage("not inside a knowledge base (no incidents/ and actors/ folders here or above); "
               "use --root")
