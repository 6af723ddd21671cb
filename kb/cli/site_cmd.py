"""`kb build` and `kb serve` (issue 8)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kb.cli.common import EXIT_DATA, EXIT_OK, RootOption, fail_usage, find_root, report

if TYPE_CHECKING:
    from kb.site.build import BuildResult
    from kb.site.context import SiteOptions
    from kb.site.preview import PreviewResult

OutOption = Annotated[Path, typer.Option("--out", help="Folder to write the site to.",
                                         file_okay=False)]
SiteUrlOption = Annotated[str, typer.Option(
    "--site-url", envvar="KB_SITE_URL", help="Public base URL, for permalinks in 'cite this'.")]
EditUrlOption = Annotated[str, typer.Option(
    "--edit-url", envvar="KB_EDIT_URL",
    help="Base URL to edit a file in the repository (e.g. https://host/org/repo/edit/main/).")]


def _options(site_url: str, edit_url: str) -> SiteOptions:
    from kb.site.context import SiteOptions
    from kb.site.text import safe_url

    for name, value in (("--site-url", site_url), ("--edit-url", edit_url)):
        if value and safe_url(value) is None:
            fail_usage(f"{name} must be an http(s) URL, got {value!r}")
    return SiteOptions(site_url=site_url, edit_url=edit_url)


def _config(root: Path) -> Path:
    config = root / "mkdocs.yml"
    if not config.is_file():
        fail_usage(f"{root} has no mkdocs.yml; run kb build from the repository")
    return config


def _build(kb_root: Path, target: Path, options: SiteOptions, config: Path) -> BuildResult:
    """Build the site; a folder the build must not empty is a usage error (exit 2)."""
    from kb.site.build import build as build_site
    from kb.site.output import UnsafeOutput

    try:
        return build_site(kb_root, target, options, config=config)
    except UnsafeOutput as exc:
        fail_usage(str(exc))


def _report(result: BuildResult, out: Path) -> int:
    report([*result.generate.diagnostics, *result.diagnostics])
    gen = result.generate
    if gen.written is not None:
        typer.echo(f"generated {gen.pages} pages in {gen.seconds:.1f}s "
                   f"({len(gen.written.written)} written, {gen.written.unchanged} unchanged, "
                   f"{len(gen.written.removed)} removed) in docs/generated/", err=True)
    if result.returncode is not None:
        state = "built" if result.ok else "FAILED"
        typer.echo(f"mkdocs build --strict: {state} in {result.seconds:.1f}s -> {out}", err=True)
    return EXIT_OK if result.ok else EXIT_DATA


def build(
    root: RootOption = None,
    out: OutOption = Path("site"),
    site_url: SiteUrlOption = "",
    edit_url: EditUrlOption = "",
) -> None:
    """Validate the KB, write its pages into docs/generated/ and build the site (strict).

    The output folder must be new, empty, or a site kb built before: the build empties it."""
    kb_root = find_root(root)
    config = _config(kb_root)
    target = out if out.is_absolute() else Path.cwd() / out
    raise typer.Exit(_report(_build(kb_root, target, _options(site_url, edit_url), config), target))


def serve(
    root: RootOption = None,
    out: OutOption = Path("site"),
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8000,
    site_url: SiteUrlOption = "",
    edit_url: EditUrlOption = "",
) -> None:
    """Build the site, serve it on 127.0.0.1, and show each saved edit within seconds.

    An edit re-renders only the pages it can change; the whole site is then brought up to date
    in the background. Publish with `kb build`, which checks everything (strict)."""
    from kb.site.output import UnsafeOutput, check_output, claim_output
    from kb.site.preview import Preview
    from kb.site.serve import Server, previews

    kb_root = find_root(root)
    config = _config(kb_root)
    target = out if out.is_absolute() else Path.cwd() / out
    options = _options(site_url, edit_url)
    try:
        real = check_output(target, kb_root)
    except UnsafeOutput as exc:
        fail_usage(str(exc))
    claim_output(real)
    preview = Preview(kb_root, real, options, config)
    _report_preview(preview.start())
    server = Server(real, port)
    typer.echo(f"serving {target} at {server.url} (Ctrl-C to stop)", err=True)
    try:
        for result in previews(preview, kb_root):
            _report_preview(result)
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop_full()
        server.close()


def _report_preview(result: PreviewResult) -> None:
    from kb.diagnostics import Diagnostic

    html = result.html
    report([*result.diagnostics, *(Diagnostic("mkdocs.yml", "KB703", w, severity="warning")
                                   for w in (html.warnings if html else []))])
    pages = f"{len(html.rendered)} page{'s' * (len(html.rendered) != 1)} re-rendered" if html else ""
    if html and html.full:
        pages = f"whole site built ({html.full})"
    what = {"start": "built", "quick": "edit shown", "full": "site up to date"}[result.step]
    typer.echo(f"{what} in {result.seconds:.1f}s" + (f": {pages}" if pages else ""), err=True)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to the main app (or to one of its groups)."""
    app.command("build")(build)
    app.command("serve")(serve)
