"""`kb evidence capture|verify|linkcheck|score` (issue 5).

Thin: parse options, call one function of :mod:`kb.evidence`, render, set the exit code.
Bad input is reported as a diagnostic on stderr with exit 1; usage mistakes exit 2.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kb.cli.common import EXIT_DATA, EXIT_OK, RootOption, fail_usage, find_root

if TYPE_CHECKING:
    from kb.diagnostics import Diagnostic


class Format(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


def _fail(diagnostic: Diagnostic) -> None:
    text = diagnostic.as_text()
    if diagnostic.file == "-":  # not about a file: no location to show
        text = "kb: " + text.removeprefix("-:0:0: ")
    typer.echo(text, err=True)
    raise typer.Exit(EXIT_DATA)


def capture(
    url: Annotated[str | None, typer.Argument(help="The http(s) URL to capture (default: the "
                                              "source's url).", show_default=False)] = None,
    record: Annotated[str | None, typer.Option("--record", help="Record whose evidence item "
                                               "names the source to capture.")] = None,
    evidence: Annotated[str | None, typer.Option("--evidence", help="Evidence id in that record "
                                                 "(e.g. e2).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Source record that receives the "
                                               "hash and capture date.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds for the whole fetch.", min=0.1)] = 20.0,
    max_bytes: Annotated[int, typer.Option(help="Size cap of the response, in bytes.",
                                           min=1)] = 20 * 1024 * 1024,
    max_redirects: Annotated[int, typer.Option(help="Redirects followed at most.", min=0)] = 5,
    root: RootOption = None,
) -> None:
    """Fetch a page, store it as a WARC addressed by its SHA-256, and log the custody entry.

    With --source (or --record and --evidence, naming the evidence item that cites the source),
    also write `sha256` and `captured` into the source record (comments and key order kept).
    """
    from kb.evidence.capture import capture as run
    from kb.evidence.errors import EvidenceError
    from kb.evidence.fetch import Limits

    if (record is None) != (evidence is None):
        fail_usage("--record and --evidence go together")
    if url is None and record is None and source is None:
        fail_usage("give a URL, --source, or --record and --evidence")
    if source is not None and record is not None:
        fail_usage("give --source, or --record and --evidence, not both")
    kb_root = find_root(root)
    kb = None
    if record is not None or source is not None:
        from kb.loading import load_kb

        kb = load_kb(kb_root)
    try:
        result = run(kb_root, url, kb=kb, record_id=record, evidence_id=evidence, source_id=source,
                     limits=Limits(timeout=timeout, max_bytes=max_bytes,
                                   max_redirects=max_redirects))
    except EvidenceError as exc:
        _fail(exc.diagnostic)
        return
    entry = result.entry
    typer.echo(f"sha256 {entry.sha256}")
    typer.echo(f"{'stored' if entry.stored else 'already stored'}: {result.path} "
               f"({entry.size:,} bytes, {entry.content_type or 'no content type'}, "
               f"HTTP {entry.status})")
    if entry.final_url != entry.url:
        typer.echo(f"redirected: {entry.url} -> {entry.final_url}")
    typer.echo(f"custody entry {entry.seq} appended to evidence/manifest.yaml")
    if result.target is not None:
        t = result.target
        if result.record_updated:
            typer.echo(f"{t.file}: sha256 and captured: '{entry.date}' written")
            if t.previous_sha256 and t.previous_sha256 != entry.sha256:
                typer.echo(f"note: the content changed since the previous capture "
                           f"({t.previous_sha256})", err=True)
        else:
            typer.echo(f"{t.file}: already records this capture")
    raise typer.Exit(EXIT_OK)


def verify(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    deep: Annotated[bool, typer.Option(help="Also open every WARC and re-hash its content.")] = False,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too (captures nobody cites).")] = False,
    root: RootOption = None,
) -> None:
    """Recompute every capture's hash; compare with the custody log and the records. Offline."""
    from kb.diagnostics import render_json
    from kb.evidence.verify import verify as run
    from kb.loading import load_kb

    kb_root = find_root(root)
    report = run(kb_root, load_kb(kb_root), deep=deep)
    errors = len(report.errors)
    warnings = len(report.diagnostics) - errors
    summary: dict[str, object] = {"entries": report.entries, "captures": report.captures,
               "verified": len(report.verified), "cited": report.cited,
               "errors": errors, "warnings": warnings}
    if fmt is Format.json:
        typer.echo(render_json(report.diagnostics, summary))
    else:
        for d in report.diagnostics:
            typer.echo(d.as_github() if fmt is Format.github else d.as_text(), err=True)
        typer.echo(f"{report.captures} captures ({report.entries} custody entries): "
                   f"{len(report.verified)} intact, {report.cited} cited by records; "
                   f"{errors} error{'s' * (errors != 1)}, "
                   f"{warnings} warning{'s' * (warnings != 1)}", err=True)
    raise typer.Exit(EXIT_DATA if errors or (strict and warnings) else EXIT_OK)


def linkcheck(
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write the JSON report "
                                                "to this file.", dir_okay=False)] = None,
    timeout: Annotated[float, typer.Option(help="Seconds per link.", min=0.1)] = 15.0,
    interval: Annotated[float, typer.Option(help="Seconds between two requests to one host.",
                                            min=0.0)] = 1.0,
    workers: Annotated[int, typer.Option(help="Links checked at once (across hosts).", min=1)] = 8,
    root: RootOption = None,
) -> None:
    """Check every evidence and archive URL (network; for a scheduled job, not the PR gate).

    Exit 1 when a link is gone, unreachable, or changed since its capture.
    """
    import json

    from kb.evidence.fetch import Limits
    from kb.evidence.linkcheck import collect_links
    from kb.evidence.linkcheck import linkcheck as run
    from kb.fileio import write_atomic
    from kb.loading import load_kb

    kb_root = find_root(root)
    links = collect_links(load_kb(kb_root))
    report = run(links, limits=Limits(timeout=timeout), per_host_interval=interval,
                 workers=workers)
    data = json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if output is not None:
        write_atomic(output, data)
    if fmt is ReportFormat.json:
        typer.echo(data, nl=False)
    else:
        for r in report.results:
            if r.status != "ok":
                typer.echo(f"{r.status:<12} {r.url}  {r.detail}  [{', '.join(r.cited_by)}]")
        summary = ", ".join(f"{n} {cls}" for cls, n in report.summary().items() if n)
        typer.echo(f"{len(report.results)} links: {summary or 'none'}", err=True)
    raise typer.Exit(EXIT_DATA if report.broken else EXIT_OK)


def score(
    record: Annotated[str | None, typer.Argument(help="Incident id (default: every incident).",
                                                 show_default=False)] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.text,
    root: RootOption = None,
) -> None:
    """Score the evidence behind each claim, with the breakdown. Never changes a status."""
    import difflib
    import json

    from kb.evidence.score import score_incident
    from kb.evidence.verify import verify as run_verify
    from kb.loading import load_kb
    from kb.records import Incident

    kb_root = find_root(root)
    kb = load_kb(kb_root)
    incidents = kb.incidents
    if record is not None:
        found = kb.records.get(record)
        if not isinstance(found, Incident):
            near = difflib.get_close_matches(record, [i.id for i in incidents], n=1)
            what = "is not an incident" if found is not None else "does not exist"
            hint = f"; did you mean '{near[0]}'?" if near else ""
            typer.echo(f"kb: error KB402 record '{record}' {what}{hint}", err=True)
            raise typer.Exit(EXIT_DATA)
        incidents = [found]
    verified = run_verify(kb_root, kb).verified
    scores = {inc.id: score_incident(kb, inc, verified) for inc in incidents}
    if fmt is ReportFormat.json:
        typer.echo(json.dumps({k: [s.as_dict() for s in v] for k, v in scores.items()},
                              indent=2, ensure_ascii=False))
        raise typer.Exit(EXIT_OK)
    for incident_id, claim_scores in scores.items():
        typer.echo(incident_id)
        for s in claim_scores:
            typer.echo(f"  {s.claim}: {s.claimant} says {s.subject} {s.predicate} {s.object} "
                       f"(status: {s.status})")
            typer.echo(f"    evidence score {s.total}/{s.maximum}: {s.band}")
            for c in s.components:
                points = f"{c.points:+d}/{c.maximum}" if c.maximum else f"{c.points:+d}"
                typer.echo(f"      {points:>6}  {c.label:<30} {c.reason}")
            for flag in s.flags:
                typer.echo(f"        note: {flag}")
    typer.echo("The score describes the recorded evidence, not the truth of a claim, and never "
               "changes a claim's status; rubric: docs/methodology/evidence-score.md", err=True)
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to the `kb evidence` group."""
    group = groups["evidence"]
    group.command("capture")(capture)
    group.command("verify")(verify)
    group.command("linkcheck")(linkcheck)
    group.command("score")(score)
    del app  # this module adds nothing at the top level
