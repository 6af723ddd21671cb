"""`kb export api|feeds|stix|sqlite` and `kb release` (issue 18): thin skins over kb.export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kb.cli.common import EXIT_DATA, RootOption, fail_usage, find_root


class ExportFormat(StrEnum):
    api = "api"
    feeds = "feeds"
    stix = "stix"
    sqlite = "sqlite"


SiteUrlOption = Annotated[str, typer.Option(
    "--site-url", envvar="KB_SITE_URL", help="Public base URL of the site, for page links.")]


def _fail(exc: Exception) -> None:
    from kb.export import ExportError

    if isinstance(exc, ExportError):
        typer.echo(exc.diagnostic().as_text(), err=True)
        raise typer.Exit(EXIT_DATA)
    raise exc


def export(
    fmt: Annotated[ExportFormat, typer.Argument(metavar="FORMAT", help="api, feeds, stix or sqlite.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write into: new, empty, or "
                                      "an earlier `kb export` folder.", file_okay=False)],
    site_url: SiteUrlOption = "",
    root: RootOption = None,
) -> None:
    """Write one open-data export (JSON API, Atom feeds, STIX 2.1 bundle, SQLite) into a folder."""
    from kb.export import ExportError
    from kb.export.run import export as run_export
    from kb.reference.schemas import schemas
    from kb.site.exports import page_url
    from kb.site.text import safe_url

    if site_url and safe_url(site_url) is None:
        fail_usage(f"--site-url must be an http(s) URL, got {site_url!r}")
    kb_root = find_root(root)
    try:
        result = run_export(kb_root, fmt.value, out, page_url(site_url), site_url, schemas())
    except ExportError as exc:
        _fail(exc)
        return
    typer.echo(f"{fmt.value}: {len(result.written)} written, {result.unchanged} unchanged, "
               f"{len(result.removed)} removed in {out}", err=True)


def release(
    version: Annotated[str, typer.Option("--version", help="Release version, e.g. 2026.12.0.")],
    previous: Annotated[Path | None, typer.Option(
        "--previous", help="The previous release's .tar.gz, to write the diff against it.")] = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the release files.",
                                      file_okay=False)] = Path("dist"),
    root: RootOption = None,
) -> None:
    """Write a versioned, reproducible release archive (and its diff against --previous).

    Dated by the HEAD commit (or SOURCE_DATE_EPOCH): the same commit gives the same bytes.
    """
    from kb.export import ExportError
    from kb.export.run import release as run_release

    kb_root = find_root(root)
    try:
        result = run_release(kb_root, version, out, previous)
    except ExportError as exc:
        _fail(exc)
        return
    for path in result.written:
        typer.echo(str(path))


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to the main app."""
    app.command("export")(export)
    app.command("release")(release)
