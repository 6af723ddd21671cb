"""`kb evidence capture|verify|linkcheck|score` (issue 5).

Thin: parse options, call one function of :mod:`kb.evidence`, render, set the exit code.
Errors the library raises (``EvidenceError``) are printed by :class:`kb.cli.common.KbGroup`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kb.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    DataFormatOption,
    FormatOption,
    OutputFormat,
    RootOption,
    data_format,
    fail_usage,
    find_root,
    report,
)
from kb.diagnostics import printable, terminal_safe_json


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
    from kb.evidence.fetch import Limits

    if (record is None) != (evidence is None):
        fail_usage("--record and --evidence go together")
    if url is None and record is None and source is None:
        fail_usage("give a URL, --source, or --record and --evidence")
    if source is not None and record is not None:
        fail_usage("give --source, or --record and --evidence, not both")
    result = run(find_root(root), url, record_id=record, evidence_id=evidence, source_id=source,
                 limits=Limits(timeout=timeout, max_bytes=max_bytes, max_redirects=max_redirects))
    entry = result.entry
    typer.echo(f"sha256 {entry.sha256}")
    typer.echo(printable(f"{'stored' if entry.stored else 'already stored'}: {result.path} "
                         f"({entry.size:,} bytes, {entry.content_type or 'no content type'}, "
                         f"HTTP {entry.status})"))
    if entry.final_url != entry.url:
        typer.echo(printable(f"redirected: {entry.url} -> {entry.final_url}"))  # from the server
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
    fmt: FormatOption = OutputFormat.text,
    deep: Annotated[bool, typer.Option(help="Also open every WARC and re-hash its content.")] = False,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too (captures nobody cites).")] = False,
    root: RootOption = None,
) -> None:
    """Recompute every capture's hash; compare with the custody log and the records. Offline."""
    from kb.evidence.verify import verify as run
    from kb.loading import load_kb

    kb_root = find_root(root)
    result = run(kb_root, load_kb(kb_root), deep=deep)
    report(result.diagnostics, fmt, summary=result.summary_line(), data=result.summary())
    raise typer.Exit(EXIT_DATA if result.errors or (strict and result.warnings) else EXIT_OK)


def linkcheck(
    fmt: DataFormatOption = OutputFormat.text,
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

    data_format(fmt)
    kb_root = find_root(root)
    links = collect_links(load_kb(kb_root))
    report = run(links, limits=Limits(timeout=timeout), per_host_interval=interval,
                 workers=workers)
    data = json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n"
    if output is not None:
        write_atomic(output, data)
    if fmt is OutputFormat.json:
        typer.echo(terminal_safe_json(data), nl=False)
    else:
        for r in report.results:
            if r.status != "ok":  # the detail comes from a remote server: never raw to the terminal
                typer.echo(printable(f"{r.status:<12} {r.url}  {r.detail}  [{', '.join(r.cited_by)}]"))
        summary = ", ".join(f"{n} {cls}" for cls, n in report.summary().items() if n)
        typer.echo(f"{len(report.results)} links: {summary or 'none'}", err=True)
    raise typer.Exit(EXIT_DATA if report.broken else EXIT_OK)


def score(
    record: Annotated[str | None, typer.Argument(
        help="Incident or policy id (default: every incident and every policy with claims).",
        show_default=False)] = None,
    fmt: DataFormatOption = OutputFormat.text,
    root: RootOption = None,
) -> None:
    """Score the evidence behind each claim, with the breakdown. Never changes a status."""
    import json

    from kb.evidence.lookup import find_claim_record
    from kb.evidence.score import score_record
    from kb.evidence.verify import verify as run_verify
    from kb.loading import load_kb
    from kb.records import Incident, Policy

    data_format(fmt)
    kb_root = find_root(root)
    kb = load_kb(kb_root)
    records: list[Incident | Policy]
    if record is None:
        records = [*kb.incidents, *(p for p in kb.policies if p.claims)]
    else:
        records = [find_claim_record(kb, record)]
    verified = run_verify(kb_root, kb).verified
    scores = {rec.id: score_record(kb, rec, verified) for rec in records}
    if fmt is OutputFormat.json:
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
