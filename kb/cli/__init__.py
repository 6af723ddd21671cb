"""The `kb` command line: a thin skin over the library.

Each command module exposes ``register(app, groups)``; command functions import the core
lazily, so `kb --help` stays fast.
"""

from __future__ import annotations

import typer

from kb.cli import (
    analyze_cmd,
    detect_cmd,
    docs_cmd,
    evidence_cmd,
    graph_cmd,
    schema_cmd,
    site_cmd,
    validate_cmd,
    workflow_cmd,
)

app = typer.Typer(
    name="kb",
    help="distillation-kb: validate, explore and publish the knowledge base.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
groups: dict[str, typer.Typer] = {
    "graph": typer.Typer(help="Query and export the lineage and actor graph.", no_args_is_help=True),
    "evidence": typer.Typer(help="Capture, verify, check, grade and analyse evidence.",
                            no_args_is_help=True),
}

app.command("validate")(validate_cmd.validate)
app.command("schema")(schema_cmd.schema)
app.command("docs")(docs_cmd.docs)
for _module in (graph_cmd, evidence_cmd, analyze_cmd, detect_cmd, site_cmd, workflow_cmd):
    _module.register(app, groups)
for _name, _group in groups.items():
    if _group.registered_commands or _group.registered_groups:
        app.add_typer(_group, name=_name)


def main() -> None:
    app()
