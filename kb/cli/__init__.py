"""The `kb` command line: a thin skin over the library.

Command modules import the core lazily inside each command, so `kb --help` stays fast.
"""

from __future__ import annotations

import typer

from kb.cli import docs_cmd, schema_cmd, validate_cmd

app = typer.Typer(
    name="kb",
    help="distillation-kb: validate, explore and publish the knowledge base.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)

app.command("validate")(validate_cmd.validate)
app.command("schema")(schema_cmd.schema)
app.command("docs")(docs_cmd.docs)


def main() -> None:
    app()
