"""`kb new`, `kb fmt`, `kb mv`, `kb withdraw` (issue 7): the contributor workflow."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from kb.diagnostics import Diagnostic, printable

if TYPE_CHECKING:
    from kb.workflow.rename import Plan


def new(
    kind: Annotated[str, typer.Argument(
        help="What to add: incident, policy, actor, model, dataset or source.")],
    title: Annotated[str | None, typer.Option(
        "--title", "-t",
        help="Title (incident, policy) or name (actor, model); the id is made from it.")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", "-d",
        help="When it became public, YYYY-MM-DD (incident, policy; default: today, UTC).")] = None,
    record_id: Annotated[str | None, typer.Option(
        "--id", help="Use this id instead of one made from the title and date.")] = None,
    url: Annotated[str | None, typer.Option(
        "--url", help="The page's address (source; required for a source).")] = None,
    publisher: Annotated[str | None, typer.Option(
        "--publisher", help="Who published the page (source).")] = None,
    root: RootOption = None,
) -> None:
    """Write a new record from a commented template, ready to fill in."""
    from kb.workflow.scaffold import scaffold
    from kb.workflow.sources import new_source

    kb_root = find_root(root)
    if kind == "source" and url is None:
        fail_usage("kb new source needs --url")
    if kind != "source" and (url is not None or publisher is not None):
        fail_usage("--url and --publisher are for kb new source")
    if kind == "source" and url is not None:
        created = new_source(kb_root, url, title=title, publisher=publisher, date=date,
                             record_id=record_id)
    else:
        created = scaffold(kb_root, kind, title=title, date=date, record_id=record_id)
    rel = created.relative_to(kb_root).as_posix()
    typer.echo(rel)
    typer.echo(
        f"wrote {rel}. Next:\n"
        f"  1. replace every TODO in it (your editor completes fields from schemas/);\n"
        f"  2. kb fmt {rel}\n"
        f"  3. kb validate --changed   (it lists every problem; repeat until 0 errors)\n"
        f"  4. commit, push, open a pull request (see CONTRIBUTING.md)",
        err=True,
    )


def fmt(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Record files or folders (default: every record).")] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; fail if a file would change.")] = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Write nothing; print what would change, as a unified diff.")] = False,
    only_changed: Annotated[bool, typer.Option(
        "--changed", help="Only record files changed since --base (git).")] = False,
    base: BaseOption = None,
    output: FormatOption = OutputFormat.text,
    jobs: Annotated[int, typer.Option(help="Worker processes (0: one per core).")] = 0,
    root: RootOption = None,
) -> None:
    """Format record files canonically: key order, quoting of dates and codes, indentation."""
    import difflib

    from kb.workflow.fmt import format_files, not_formatted, record_files

    kb_root = find_root(root)
    if diff and output is not OutputFormat.text:
        fail_usage("--diff prints a diff; it goes with --format text only")
    if only_changed:
        from kb.workflow.changed import scope

        if paths:
            fail_usage("--changed works out the files itself; do not also pass paths")
        found = scope(kb_root, base, dependents=False)
        if not found.changed:
            typer.echo(found.summary(), err=True)
            raise typer.Exit(EXIT_OK)
        paths = [kb_root / rel for rel in found.changed]
    elif base is not None:
        fail_usage("--base goes with --changed")
    changed = failed = 0
    diagnostics: list[Diagnostic] = []
    files = list(record_files(kb_root, paths))
    for (path, shown), outcome in zip(files, format_files(files, write=not (check or diff), jobs=jobs),
                                      strict=True):
        diagnostics += outcome.diagnostics
        failed += bool(outcome.diagnostics)
        if not outcome.changed:
            continue
        changed += 1
        if diff and outcome.text is not None:
            old = path.read_text("utf-8").splitlines(keepends=True)
            typer.echo("".join(difflib.unified_diff(old, outcome.text.splitlines(keepends=True),
                                                    f"a/{shown}", f"b/{shown}")), nl=False)
        elif check:
            diagnostics.append(not_formatted(shown))
        elif output is OutputFormat.text:
            typer.echo(printable(f"formatted {shown}"), err=True)
    verb = "would be reformatted" if (check or diff) else "reformatted"
    report(sorted(diagnostics, key=Diagnostic.sort_key), output,
           summary=f"{plural(len(files), 'file')}: {changed} {verb}, {failed} with errors",
           data={"files": len(files), "changed": changed, "errors": failed})
    raise typer.Exit(EXIT_DATA if failed or ((check or diff) and changed) else EXIT_OK)


def _run_plan(kb_root: Path, plan: Plan, dry_run: bool) -> None:
    from kb.workflow.rename import execute

    for rel in plan.writes:
        typer.echo(f"{'would write' if dry_run else 'wrote'} {rel}", err=True)
    if plan.remove and plan.remove not in plan.writes:
        typer.echo(f"{'would remove' if dry_run else 'removed'} {plan.remove}", err=True)
    if not dry_run:
        execute(kb_root, plan)


def mv(
    old: Annotated[str, typer.Argument(help="Current id of the record.")],
    new: Annotated[str, typer.Argument(help="New id.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change.")] = False,
    root: RootOption = None,
) -> None:
    """Rename a record: move its file, rewrite references, keep the old id as a redirect."""
    from kb.workflow.rename import plan_rename

    kb_root = find_root(root)
    plan = plan_rename(kb_root, old, new)
    _run_plan(kb_root, plan, dry_run)
    refs = plan.references
    typer.echo(f"{old} -> {new}: {refs} reference{'s' * (refs != 1)} rewritten; '{old}' kept in "
               "former_ids so old links redirect", err=True)
    for rel in plan.unreadable:
        typer.echo(f"warning: {rel} could not be read; check it for references to '{old}'", err=True)


def withdraw(
    record_id: Annotated[str, typer.Argument(help="Id of the record to withdraw.")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why, in a sentence readers see.")],
    date: Annotated[str | None, typer.Option(help="Date of the withdrawal (default: today, UTC).")] = None,
    superseded_by: Annotated[str | None, typer.Option(
        "--superseded-by", help="Id of the record that replaces it.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change.")] = False,
    root: RootOption = None,
) -> None:
    """Withdraw a record without deleting it: its page stays, with a banner and the reason."""
    from kb.workflow.rename import plan_withdraw

    kb_root = find_root(root)
    _run_plan(kb_root, plan_withdraw(kb_root, record_id, reason, date=date,
                                     superseded_by=superseded_by), dry_run)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to the main app (or to one of its groups)."""
    app.command("new")(new)
    app.command("fmt")(fmt)
    app.command("mv")(mv)
    app.command("withdraw")(withdraw)
