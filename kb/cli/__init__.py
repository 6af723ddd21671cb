"""The `kb` command line: a thin skin over the library.

Each command module exposes ``register(app, groups)``; command functions import the core
lazily, so `kb --help` stays fast. Errors the library raises (:class:`kb.errors.KbError`) are
printed in one place, :class:`kb.cli.common.KbGroup`.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kb.cli import (
    analyze_cmd,
    detect_cmd,
    docs_cmd,
    evidence_cmd,
    export_cmd,
    graph_cmd,
    schema_cmd,
    site_cmd,
    validate_cmd,
    workflow_cmd,
)
from kb.cli.common import KbGroup

#: `-h` works like `--help` on every command.
CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(
    name="kb",
    help="distillation-kb: validate, explore and publish the knowledge base.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
    cls=KbGroup,
    context_settings=CONTEXT,
)
groups: dict[str, typer.Typer] = {
    "graph": typer.Typer(help="Query and export the lineage and actor graph.", no_args_is_help=True,
                         cls=KbGroup, context_settings=CONTEXT),
    "evidence": typer.Typer(help="Capture, verify, check, grade and analyse evidence.",
                            no_args_is_help=True, cls=KbGroup, context_settings=CONTEXT),
}


def _version(value: bool) -> None:
    if value:
        from kb import __version__

        typer.echo(f"kb (distillation-kb) {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", callback=_version, is_eager=True)] = False,
) -> None:
    """distillation-kb: validate, explore and publish the knowledge base."""


app.command("validate")(validate_cmd.validate)
app.command("schema")(schema_cmd.schema)
app.command("docs")(docs_cmd.docs)
for _module in (graph_cmd, evidence_cmd, analyze_cmd, detect_cmd, site_cmd, workflow_cmd, export_cmd):
    _module.register(app, groups)
for _name, _group in groups.items():
    if _group.registered_commands or _group.registered_groups:
        app.add_typer(_group, name=_name)


def main() -> None:
    app()
