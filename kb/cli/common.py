"""Shared CLI helpers: finding the KB root, one output format, one way to print diagnostics and
errors, exit codes.

Exit codes, for every command: 0 success; 1 the knowledge base or a file or URL it reads has
problems, or the operation failed; 2 the command line is wrong (an unknown option, a malformed
value, options that do not go together, an id or name that matches nothing).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from kb.diagnostics import Diagnostic

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2

RootOption = Annotated[
    Path | None,
    typer.Option("--root", help="Knowledge-base root (default: nearest folder above with incidents/).",
                 file_okay=False),
]

BaseOption = Annotated[str | None, typer.Option(
    "--base", help="Git ref to compare with for --changed, from its merge base with HEAD "
    "(default: the default branch: origin/HEAD, else main or master).", show_default=False)]


class OutputFormat(StrEnum):
    """How a command prints: text for people (diagnostics on stderr), json for tools (stdout),
    github for pull-request annotations (stdout; diagnostics only)."""

    text = "text"
    json = "json"
    github = "github"


FormatOption = Annotated[OutputFormat, typer.Option(
    "--format", "-f", help="text (for people), json (for tools) or github (PR annotations).")]
DataFormatOption = Annotated[OutputFormat, typer.Option(
    "--format", "-f", help="text (for people) or json (for tools).")]


def data_format(fmt: OutputFormat) -> OutputFormat:
    """Commands that print data, not diagnostics, have nothing to annotate."""
    if fmt is OutputFormat.github:
        fail_usage("--format github annotates diagnostics; this command prints data: use text or json")
    return fmt


def report(diagnostics: Sequence[Diagnostic], fmt: OutputFormat = OutputFormat.text, *,
           summary: str = "", data: dict[str, object] | None = None) -> None:
    """Print diagnostics the one way every command does: text lines on stderr, annotations on
    stdout, or one JSON document ``{"diagnostics": [...], "summary": data}`` on stdout. The
    ``summary`` line (a count, for people) goes to stderr, except in json."""
    from kb.diagnostics import render_json

    if fmt is OutputFormat.json:
        typer.echo(render_json(list(diagnostics), data if data is not None else {}))
        return
    for d in diagnostics:
        if fmt is OutputFormat.github:
            typer.echo(d.as_github())
        else:
            typer.echo(d.as_text(), err=True)
    if summary:
        typer.echo(summary, err=True)


def echo_error(diagnostic: Diagnostic) -> None:
    """One error on stderr; an error not about a file is shown without a location."""
    from kb.errors import NO_FILE

    text = diagnostic.as_text()
    if diagnostic.file == NO_FILE:
        text = "kb: " + text.split(": ", 1)[1]
    typer.echo(text, err=True)


class KbGroup(TyperGroup):
    """The `kb` command group: turns a :class:`kb.errors.KbError` raised anywhere below into
    its diagnostic on stderr and exit 1 (2 for a usage error), so no command catches errors
    itself and every error looks the same."""

    def invoke(self, ctx: Any) -> Any:  # typer.Context; typer declares the vendored click one
        from kb.errors import KbError

        try:
            return super().invoke(ctx)
        except KbError as exc:
            echo_error(exc.diagnostic)
            raise typer.Exit(EXIT_USAGE if exc.usage else EXIT_DATA) from None


def fail_usage(message: str) -> NoReturn:
    typer.echo(f"kb: error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def plural(n: int, word: str) -> str:
    """'1 error', '2 errors', '3 entries'."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else f"{n} {word}s"


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
