"""`kb evidence analyze`: behavioural evidence from transcripts (issue 6).

Reads JSONL transcripts of a suspected student, candidate teachers and unrelated baselines,
runs self-identification, stylometry and the paired-prompt test, writes a deterministic JSON
report and its Markdown rendering, and can attach the report to a claim as evidence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kb.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    DataFormatOption,
    OutputFormat,
    RootOption,
    data_format,
    fail_usage,
    find_root,
)
from kb.diagnostics import printable, terminal_safe_json


def _spec(value: str) -> tuple[str, Path]:
    from kb.analysis.inputs import UsageError, parse_spec

    try:
        return parse_spec(value)
    except UsageError as exc:
        fail_usage(str(exc))


def analyze(
    suspect: Annotated[
        str,
        typer.Option(
            "--suspect", "-s", metavar="[LABEL=]FILE", help="JSONL transcript of the suspected student model."
        ),
    ],
    candidate: Annotated[
        list[str],
        typer.Option(
            "--candidate",
            "-c",
            metavar="[LABEL=]FILE",
            help="Candidate teacher transcript (repeat for several).",
        ),
    ],
    baseline: Annotated[
        list[str] | None,
        typer.Option(
            "--baseline",
            "-b",
            metavar="[LABEL=]FILE",
            help="Unrelated baseline transcript (repeat; 3 or more recommended).",
        ),
    ] = None,
    vendor: Annotated[
        list[str] | None,
        typer.Option(
            metavar="LABEL=VENDOR",
            help="Whose model a transcript is (e.g. teacher=anthropic), so its own name is not a foreign "
            "self-claim. Guessed from the label when it names a vendor.",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Folder to write report.json and report.md into.", file_okay=False)
    ] = None,
    fmt: DataFormatOption = OutputFormat.text,
    seed: Annotated[int, typer.Option(help="Seed for bootstrap and permutations.")] = 20260223,
    bootstrap: Annotated[int, typer.Option(min=10, help="Bootstrap resamples for stylometry.")] = 200,
    permutations: Annotated[
        int, typer.Option(min=100, help="Permutations for the paired-prompt test.")
    ] = 10000,
    alpha: Annotated[float, typer.Option(min=0.0001, max=0.5, help="Significance level.")] = 0.05,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Refuse transcript files larger than this.")
    ] = 64 * 1024 * 1024,
    attach: Annotated[
        str | None, typer.Option(metavar="INCIDENT", help="Add the report as evidence to this incident.")
    ] = None,
    claim: Annotated[
        str | None, typer.Option(metavar="CLAIM_ID", help="The claim to reference it from.")
    ] = None,
    url: Annotated[
        str | None,
        typer.Option(help="http(s) URL where report.json is (or will be) published; required with --attach."),
    ] = None,
    publisher: Annotated[
        str | None, typer.Option(help="Who publishes the report; required with --attach.")
    ] = None,
    for_candidate: Annotated[
        str | None,
        typer.Option(metavar="LABEL", help="With several candidates: whose result sets the claim's stance."),
    ] = None,
    root: RootOption = None,
) -> None:
    """Analyse transcripts: self-identification, stylometry, paired-prompt provenance test."""
    fmt = data_format(fmt)
    from kb.analysis.report import Parameters, build, to_json, to_markdown

    _check_attach_options(attach, claim, url, publisher, out)
    specs = [("suspect", *_spec(suspect))]
    specs += [("candidate", *_spec(c)) for c in candidate]
    specs += [("baseline", *_spec(b)) for b in baseline or []]
    transcripts = _load(specs, vendor or [], max_bytes)
    cands = [t for t in transcripts if t.role == "candidate"]
    bases = [t for t in transcripts if t.role == "baseline"]
    params = Parameters(seed=seed, bootstrap=bootstrap, permutations=permutations, alpha=alpha,
                        max_bytes=max_bytes)
    report = build(transcripts[0], cands, bases, params)
    report_json = to_json(report)
    if out is not None:
        from kb.fileio import write_atomic

        write_atomic(out / "report.json", report_json)
        write_atomic(out / "report.md", to_markdown(report))
    if fmt is OutputFormat.json:
        typer.echo(terminal_safe_json(report_json), nl=False)
    else:
        _summary(report, report_json, out)
    if attach is not None:
        assert claim is not None and url is not None and publisher is not None
        _attach(find_root(root), attach, claim, report, report_json, url, publisher, for_candidate)
    raise typer.Exit(EXIT_OK)


def _check_attach_options(attach: str | None, claim: str | None, url: str | None, publisher: str | None,
                          out: Path | None) -> None:
    from kb.analysis.inputs import UsageError, check_attach

    try:
        check_attach(attach, claim, url, publisher, out)
    except UsageError as exc:
        fail_usage(str(exc))


def _load(specs: list[tuple[str, str, Path]], vendor: list[str], max_bytes: int) -> list:  # type: ignore[type-arg]
    """Load every transcript; print diagnostics; exit 1 on errors, 2 on bad labels or vendors."""
    from kb.analysis.inputs import UsageError, check_unique, parse_vendors
    from kb.analysis.selfid import VENDORS, vendor_of
    from kb.analysis.transcripts import load_transcript

    labels = [s[1] for s in specs]
    try:
        check_unique(labels)
        vendors = parse_vendors(vendor, labels, list(VENDORS))
    except UsageError as exc:
        fail_usage(str(exc))
    loaded = [load_transcript(path, role, lab, display=path.as_posix(), max_bytes=max_bytes,  # type: ignore[arg-type]
                              own_vendor=vendors.get(lab) or vendor_of(lab))
              for role, lab, path in specs]
    diagnostics = [d for x in loaded for d in x.diagnostics]
    for d in diagnostics:
        typer.echo(printable(d.as_text()), err=True)
    errors = sum(1 for d in diagnostics if d.severity == "error")
    if errors:
        typer.echo(f"{errors} error{'s' * (errors != 1)} in the transcripts; no report written", err=True)
        raise typer.Exit(EXIT_DATA)
    return [x.transcript for x in loaded if x.transcript is not None]


def _attach(kb_root: Path, incident: str, claim: str, report: dict, report_json: str, url: str,  # type: ignore[type-arg]
            publisher: str, for_candidate: str | None) -> None:
    from kb.analysis.attach import AttachError, attach

    try:
        done = attach(kb_root, incident, claim, report, report_json, url=url, publisher=publisher,
                      candidate=for_candidate)
    except AttachError as exc:
        typer.echo(printable(exc.diagnostic.as_text()), err=True)
        raise typer.Exit(EXIT_DATA) from None
    what = []
    if done.added_evidence:
        what.append(f"evidence {done.evidence_id}")
    if done.added_reference:
        what.append(f"reference from claim {claim} (stance: {done.stance})")
    typer.echo(f"{done.file}: added {' and '.join(what)}" if what
               else f"{done.file}: already attached as {done.evidence_id}; nothing changed", err=True)
    if done.added_evidence:
        import hashlib

        digest = hashlib.sha256(report_json.encode("utf-8")).hexdigest()
        typer.echo(f"next: publish report.json at {url}, then run `kb evidence capture --record {incident} "
                   f"--evidence {done.evidence_id}`; the sha256 it records must be {digest}", err=True)


def _summary(report: dict, report_json: str, out: Path | None) -> None:  # type: ignore[type-arg]
    import hashlib

    for lab, s in sorted(report["summary"].items()):
        typer.echo(printable(f"candidate {lab} (stance if attached: {s['stance']})"))
        for method, verdict in sorted(s["methods"].items()):
            typer.echo(printable(f"  {method}: {verdict}"))
    for c in report["results"]["self_identification"]["comparisons"]:
        typer.echo(printable(f"self-identification: {c['statement']}"))
    for w in report["warnings"]:
        typer.echo(printable(f"warning {w['code']}: {w['message']}"), err=True)
    typer.echo("Results are circumstantial: 'consistent-with' never proves distillation; read the caveats.")
    if out is not None:
        digest = hashlib.sha256(report_json.encode("utf-8")).hexdigest()
        typer.echo(
            f"wrote {(out / 'report.json').as_posix()} (sha256 {digest}) and {(out / 'report.md').as_posix()}"
        )


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add `analyze` to the `kb evidence` group."""
    groups["evidence"].command("analyze")(analyze)
