"""`kb evidence watermark | radioactivity | shared-errors | fingerprint | simulate` (issue 17).

The detection methods named in the project seed, siblings of `kb evidence analyze` with the
same discipline: validated inputs with file:line diagnostics, a deterministic JSON and Markdown
report with input SHA-256s, "consistent with" wording, and `--attach` to an incident. Each
command parses options, calls one `kb.analysis.pipeline` function and renders the outcome.
Everything printed passes through `kb.diagnostics.printable` (input files are untrusted).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NamedTuple, NoReturn

import typer

from kb.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    EXIT_USAGE,
    DataFormatOption,
    OutputFormat,
    RootOption,
    data_format,
    fail_usage,
    find_root,
)
from kb.diagnostics import printable, terminal_safe_json

Out = Annotated[
    Path | None, typer.Option(help="Folder to write report.json and report.md into.", file_okay=False)
]
Fmt = DataFormatOption
Alpha = Annotated[float, typer.Option(min=0.0001, max=0.5, help="Significance level (after Holm).")]
MaxBytes = Annotated[int, typer.Option(min=1, help="Refuse JSONL files larger than this.")]
Attach = Annotated[
    str | None, typer.Option(metavar="INCIDENT", help="Add the report as evidence to this incident.")
]
Claim = Annotated[str | None, typer.Option(metavar="CLAIM_ID", help="The claim to reference it from.")]
Url = Annotated[
    str | None, typer.Option(help="http(s) URL where report.json is published; required with --attach.")
]
Publisher = Annotated[str | None, typer.Option(help="Who publishes the report; required with --attach.")]
ForCandidate = Annotated[
    str | None, typer.Option(metavar="LABEL", help="With several candidates: whose result sets the stance.")
]
KeyOpt = Annotated[
    Path,
    typer.Option("--key", "-k", help="The owner's watermark key file (JSON; see the docs).", dir_okay=False),
]
TokOpt = Annotated[
    Path | None,
    typer.Option(
        help="The model's tokenizer.json, when the key's scheme names one "
        "(needs the 'tokenizers' extra; never downloaded).",
        dir_okay=False,
    ),
]
DEFAULT_MAX = 64 * 1024 * 1024


def _echo(text: str, *, err: bool = False) -> None:
    typer.echo(printable(text), err=err)


def _spec(value: str) -> tuple[str, Path]:
    from kb.analysis.inputs import UsageError, parse_spec

    try:
        return parse_spec(value)
    except UsageError as exc:
        fail_usage(str(exc))


def _usage(exc: Exception) -> NoReturn:
    fail_usage(str(exc))


class AttachTo(NamedTuple):
    """Where a report goes as evidence (`--attach` and its companions), as given."""

    incident: str | None
    claim: str | None
    url: str | None
    publisher: str | None
    for_candidate: str | None
    root: Path | None


def _execute(call: Callable[[], object], out: Path | None, fmt: OutputFormat, to: AttachTo) -> NoReturn:
    """Check the attach options, run the analysis, print or write the report, attach it."""
    outcome = _run(call, to.incident, to.claim, to.url, to.publisher, out)
    _finish(outcome, out=out, fmt=fmt, attach=to.incident, claim=to.claim, url=to.url,
            publisher=to.publisher, for_candidate=to.for_candidate, root=to.root)


def _run(
    call: Callable[[], object],
    attach: str | None,
    claim: str | None,
    url: str | None,
    publisher: str | None,
    out: Path | None,
) -> object:
    """Check the attach options, then run the pipeline call, mapping usage problems to exit 2."""
    from kb.analysis.inputs import UsageError, check_attach
    from kb.analysis.tokenizer import MissingExtra

    try:
        check_attach(attach, claim, url, publisher, out)
        return call()
    except (UsageError, MissingExtra) as exc:
        _usage(exc)


def _finish(
    outcome: object,
    *,
    out: Path | None,
    fmt: OutputFormat,
    attach: str | None,
    claim: str | None,
    url: str | None,
    publisher: str | None,
    for_candidate: str | None,
    root: Path | None,
) -> NoReturn:
    fmt = data_format(fmt)
    from kb.analysis.detection_report import report_data, to_json, to_markdown
    from kb.analysis.pipeline import Outcome

    assert isinstance(outcome, Outcome)
    for d in sorted(outcome.diagnostics, key=lambda d: d.sort_key()):
        _echo(d.as_text(), err=True)
    if outcome.report is None or outcome.errors:
        n = outcome.errors
        _echo(f"{n} error{'s' * (n != 1)} in the inputs; no report written", err=True)
        raise typer.Exit(EXIT_DATA)
    data = report_data(outcome.report)
    report_json = to_json(data)
    digest = hashlib.sha256(report_json.encode("utf-8")).hexdigest()
    if out is not None:
        from kb.fileio import write_atomic

        write_atomic(out / "report.json", report_json)
        write_atomic(out / "report.md", to_markdown(data))
    if fmt is OutputFormat.json:
        typer.echo(terminal_safe_json(report_json), nl=False)
    else:
        for lab, s in sorted(data["summary"].items()):
            _echo(f"candidate {lab} (stance if attached: {s['stance']})")
            for method, verdict in sorted(s["methods"].items()):
                _echo(f"  {method}: {verdict}")
        _echo("Results are circumstantial: 'consistent-with' never proves distillation; read the caveats.")
        if out is not None:
            _echo(
                f"wrote {(out / 'report.json').as_posix()} (sha256 {digest}) and "
                f"{(out / 'report.md').as_posix()}"
            )
    for w in data["warnings"]:
        _echo(f"warning {w['code']}: {w['message']}", err=True)
    if attach is not None:
        assert claim is not None and url is not None and publisher is not None
        _attach(find_root(root), attach, claim, data, report_json, url, publisher, for_candidate, digest)
    raise typer.Exit(EXIT_OK)


def _attach(
    kb_root: Path,
    incident: str,
    claim: str,
    data: dict[str, Any],
    report_json: str,
    url: str,
    publisher: str,
    for_candidate: str | None,
    digest: str,
) -> None:
    from kb.analysis.attach import AttachError, attach

    try:
        done = attach(
            kb_root, incident, claim, data, report_json, url=url, publisher=publisher, candidate=for_candidate
        )
    except AttachError as exc:
        _echo(exc.diagnostic.as_text(), err=True)
        raise typer.Exit(EXIT_DATA) from None
    what = []
    if done.added_evidence:
        what.append(f"evidence {done.evidence_id}")
    if done.added_reference:
        what.append(f"reference from claim {claim} (stance: {done.stance})")
    _echo(
        f"{done.file}: added {' and '.join(what)}"
        if what
        else f"{done.file}: already attached as {done.evidence_id}; nothing changed",
        err=True,
    )
    if done.added_evidence:
        _echo(
            f"next: publish report.json at {url}, then run `kb evidence capture --record {incident} "
            f"--evidence {done.evidence_id}`; the sha256 it records must be {digest}",
            err=True,
        )


def watermark(
    key: KeyOpt,
    texts: Annotated[
        list[str],
        typer.Option(
            "--texts",
            "-t",
            metavar="[LABEL=]FILE",
            help='JSONL of texts to test, {"id", "text"} per line (repeat).',
        ),
    ],
    tokenizer: TokOpt = None,
    owner: Annotated[
        str | None,
        typer.Option(
            metavar="LABEL", help="Whose key it is (default: the key file's 'owner', else its file name)."
        ),
    ] = None,
    per_text: Annotated[bool, typer.Option(help="Also test each text alone.")] = True,
    out: Out = None,
    fmt: Fmt = OutputFormat.text,
    alpha: Alpha = 0.05,
    max_bytes: MaxBytes = DEFAULT_MAX,
    attach: Attach = None,
    claim: Claim = None,
    url: Url = None,
    publisher: Publisher = None,
    for_candidate: ForCandidate = None,
    root: RootOption = None,
) -> None:
    """Detect a green-list watermark with its owner's key: green counts, z-score, p-value.

    After Kirchenbauer et al. 2023 (arXiv 2301.10226). Each distinct (context, token) pair is
    scored once. Only the key's owner can run it.
    """
    from kb.analysis.pipeline import run_watermark

    specs = [_spec(t) for t in texts]
    _execute(lambda: run_watermark(key, specs, tokenizer=tokenizer, owner=owner, alpha=alpha,
                                   max_bytes=max_bytes, per_text=per_text),
             out, fmt, AttachTo(attach, claim, url, publisher, for_candidate, root))


def radioactivity(
    key: KeyOpt,
    suspect: Annotated[
        str,
        typer.Option(
            "--suspect",
            "-s",
            metavar="[LABEL=]FILE",
            help='JSONL of the suspect model\'s outputs ({"id", "text", "prompt"?} per line).',
        ),
    ],
    control: Annotated[
        list[str],
        typer.Option(
            "--control",
            "-c",
            metavar="[LABEL=]FILE",
            help="Outputs of a model that did not train on the teacher's "
            "output (repeat; 3 or more recommended).",
        ),
    ],
    tokenizer: TokOpt = None,
    teacher: Annotated[
        str | None,
        typer.Option(
            metavar="LABEL",
            help="The key owner's model (default: the key file's 'owner', else its file name).",
        ),
    ] = None,
    out: Out = None,
    fmt: Fmt = OutputFormat.text,
    alpha: Alpha = 0.05,
    max_bytes: MaxBytes = DEFAULT_MAX,
    attach: Attach = None,
    claim: Claim = None,
    url: Url = None,
    publisher: Publisher = None,
    for_candidate: ForCandidate = None,
    root: RootOption = None,
) -> None:
    """Radioactivity: does the suspect's output carry the teacher's watermark, unlike controls?

    After Sander et al. 2024 (arXiv 2402.14904). Needs the teacher's key; pairs are
    de-duplicated across the whole corpus.
    """
    from kb.analysis.pipeline import run_radioactivity

    s = _spec(suspect)
    controls = [_spec(c) for c in control]
    _execute(lambda: run_radioactivity(key, s, controls, tokenizer=tokenizer, teacher=teacher,
                                       alpha=alpha, max_bytes=max_bytes),
             out, fmt, AttachTo(attach, claim, url, publisher, for_candidate, root))


def shared_errors(
    probes: Annotated[
        Path,
        typer.Option(
            "--probes",
            "-p",
            dir_okay=False,
            help='JSONL probe set: {"id", "question"?, "answer"} per line; '
            "'answer' is the reference (a string or a list of accepted answers).",
        ),
    ],
    teacher: Annotated[
        list[str],
        typer.Option(
            "--teacher",
            "-c",
            metavar="[LABEL=]FILE",
            help='The candidate teacher\'s answers, {"id", "answer"} per line (repeat for several).',
        ),
    ],
    suspect: Annotated[
        str, typer.Option("--suspect", "-s", metavar="[LABEL=]FILE", help="The suspect's answers.")
    ],
    baseline: Annotated[
        list[str],
        typer.Option(
            "--baseline",
            "-b",
            metavar="[LABEL=]FILE",
            help="Unrelated models' answers (repeat; 3 or more recommended).",
        ),
    ],
    out: Out = None,
    fmt: Fmt = OutputFormat.text,
    alpha: Alpha = 0.05,
    max_bytes: MaxBytes = DEFAULT_MAX,
    attach: Attach = None,
    claim: Claim = None,
    url: Url = None,
    publisher: Publisher = None,
    for_candidate: ForCandidate = None,
    root: RootOption = None,
) -> None:
    """Shared errors: does the suspect repeat the teacher's specific wrong answers more than baselines do?"""
    from kb.analysis.pipeline import run_shared_errors

    teachers = [_spec(t) for t in teacher]
    s = _spec(suspect)
    bases = [_spec(b) for b in baseline]
    _execute(lambda: run_shared_errors(probes, teachers, s, bases, alpha=alpha, max_bytes=max_bytes),
             out, fmt, AttachTo(attach, claim, url, publisher, for_candidate, root))


def fingerprint(
    suspect: Annotated[
        str,
        typer.Option(
            "--suspect",
            "-s",
            metavar="[LABEL=]PATH",
            help="The suspect's .safetensors file (or a folder of shards).",
        ),
    ],
    candidate: Annotated[
        list[str],
        typer.Option(
            "--candidate", "-c", metavar="[LABEL=]PATH", help="A candidate parent's checkpoint (repeat)."
        ),
    ],
    reference: Annotated[
        list[str],
        typer.Option(
            "--reference",
            "-r",
            metavar="[LABEL=]PATH",
            help="An unrelated model of the same architecture (repeat; "
            "8 or more before anything can be significant).",
        ),
    ],
    tensors: Annotated[
        str | None,
        typer.Option(
            metavar="REGEX", help="Which tensors to compare (default: attention q/k/v/o projection weights)."
        ),
    ] = None,
    chunk_mb: Annotated[int, typer.Option(min=1, help="Memory per model per read (MiB).")] = 8,
    out: Out = None,
    fmt: Fmt = OutputFormat.text,
    alpha: Alpha = 0.05,
    attach: Attach = None,
    claim: Claim = None,
    url: Url = None,
    publisher: Publisher = None,
    for_candidate: ForCandidate = None,
    root: RootOption = None,
) -> None:
    """Weight fingerprint of open checkpoints, always ranked against unrelated reference models."""
    from kb.analysis.pipeline import run_fingerprint

    s = _spec(suspect)
    cands = [_spec(c) for c in candidate]
    refs = [_spec(r) for r in reference]
    _execute(lambda: run_fingerprint(s, cands, refs, pattern=tensors, alpha=alpha,
                                     chunk_bytes=chunk_mb * 1024 * 1024),
             out, fmt, AttachTo(attach, claim, url, publisher, for_candidate, root))


def simulate(
    outdir: Annotated[Path, typer.Argument(metavar="OUTDIR", file_okay=False, help="Folder to write into.")],
    seed: Annotated[int, typer.Option(help="Seed of the simulation.")] = 20260223,
    fraction: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Share of the student's training text the teacher watermarked."),
    ] = 0.25,
    weights: Annotated[
        bool, typer.Option(help="Also write small safetensors checkpoints (needs the 'weights' extra).")
    ] = False,
) -> None:
    """Write a synthetic worked example with known ground truth for every detection method."""
    from kb.analysis.simulate import example
    from kb.analysis.tokenizer import MissingExtra
    from kb.fileio import write_atomic_bytes

    files = dict(example(seed, fraction=fraction).files)
    if weights:
        try:
            from kb.analysis.simulate_weights import checkpoints
        except MissingExtra as exc:
            _usage(exc)
        files.update(checkpoints(seed))
    for rel, data in sorted(files.items()):
        path = outdir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic_bytes(path, data)
    _echo(f"wrote {len(files)} files to {outdir.as_posix()} (ground truth in ground-truth.json)")
    raise typer.Exit(EXIT_OK)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add the detection commands to the `kb evidence` group."""
    del app
    group = groups["evidence"]
    group.command("watermark")(watermark)
    group.command("radioactivity")(radioactivity)
    group.command("shared-errors")(shared_errors)
    group.command("fingerprint")(fingerprint)
    group.command("simulate")(simulate)


__all__ = ["EXIT_USAGE", "register"]
