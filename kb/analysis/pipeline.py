"""One entry per detection command: read and check the inputs, run the method, build the report.

Each `run_*` returns an `Outcome`: the report, or None when the inputs hold errors, plus every
diagnostic found on the way (file:line, KB codes). Usage mistakes raise `UsageError`; a missing
optional dependency raises `MissingExtra`. Nothing is printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kb.analysis import detection, shared_errors
from kb.analysis.detection_report import InputFile, Report, Summary, Warning
from kb.analysis.inputs import UsageError, check_unique
from kb.analysis.jsonl import MAX_BYTES, Schema, Table, read_jsonl
from kb.analysis.tokenizer import BUILTIN, FileTokenizer, Tokenizer, TokenizerError, WordTokenizer
from kb.analysis.watermark import SCHEME, KeyFileError, Scheme, Scorer, load_key
from kb.diagnostics import Diagnostic

Spec = tuple[str, Path]


@dataclass(slots=True)
class Outcome:
    report: Report | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")


def _table_input(role: str, label: str, t: Table) -> InputFile:
    return InputFile(role, label, t.name, t.sha256, t.size, len(t.rows))


def _read_all(
    specs: Sequence[tuple[str, Spec]], schema: Schema, max_bytes: int, diags: list[Diagnostic]
) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for _, (label, path) in specs:
        read = read_jsonl(path, schema, display=path.as_posix(), max_bytes=max_bytes)
        diags.extend(read.diagnostics)
        if read.table is not None:
            tables[label] = read.table
    return tables


# ---------------------------------------------------------------------------------------------
# Watermark detection and radioactivity


@dataclass(frozen=True, slots=True)
class KeyAndTokenizer:
    scheme: Scheme
    tokenizer: Tokenizer
    inputs: tuple[InputFile, ...]
    owner: str


def _key(
    key: Path, tokenizer: Path | None, owner: str | None, diags: list[Diagnostic]
) -> KeyAndTokenizer | None:
    try:
        scheme, key_sha = load_key(key, key.as_posix())
    except KeyFileError as exc:
        diags.append(exc.diagnostic)
        return None
    import json

    owner = owner or json.loads(key.read_text("utf-8-sig")).get("owner") or key.stem
    inputs = [InputFile("key", owner, key.name, key_sha, key.stat().st_size)]
    tok: Tokenizer
    if scheme.tokenizer == BUILTIN:
        if tokenizer is not None:
            raise UsageError(f"the key's scheme uses the built-in tokenizer '{BUILTIN}'; drop --tokenizer")
        tok = WordTokenizer()
    else:
        if tokenizer is None:
            raise UsageError(
                "the key's scheme uses a model tokenizer: pass its tokenizer.json with --tokenizer"
            )
        try:
            tok = FileTokenizer(tokenizer)
        except TokenizerError as exc:
            diags.append(
                Diagnostic(
                    tokenizer.as_posix(),
                    "KB544",
                    str(exc),
                    hint="pass the tokenizer.json the watermarked model was served with",
                )
            )
            return None
        if scheme.tokenizer_sha256 and tok.sha256 != scheme.tokenizer_sha256:
            diags.append(
                Diagnostic(
                    tokenizer.as_posix(),
                    "KB544",
                    f"the tokenizer's SHA-256 {tok.sha256} is not "
                    f"the {scheme.tokenizer_sha256} the key file names",
                    hint="pass the tokenizer the key was made with",
                )
            )
            return None
        inputs.append(
            InputFile("tokenizer", tokenizer.name, tokenizer.name, tok.sha256 or "", tokenizer.stat().st_size)
        )
    return KeyAndTokenizer(scheme, tok, tuple(inputs), owner)


def _scheme_parameters(k: KeyAndTokenizer, alpha: float, max_bytes: int) -> dict[str, object]:
    return {
        "alpha": alpha,
        "scheme": SCHEME,
        "gamma": k.scheme.gamma,
        "context_width": k.scheme.context_width,
        "tokenizer": k.tokenizer.name,
        "max_bytes": max_bytes,
    }


def run_watermark(
    key: Path,
    texts: Sequence[Spec],
    *,
    tokenizer: Path | None = None,
    owner: str | None = None,
    alpha: float = 0.05,
    max_bytes: int = MAX_BYTES,
    per_text: bool = True,
) -> Outcome:
    """Were these corpora written by a model watermarked with this key?"""
    if not texts:
        raise UsageError("give at least one --texts file")
    check_unique([lab for lab, _ in texts])
    diags: list[Diagnostic] = []
    k = _key(key, tokenizer, owner, diags)
    tables = _read_all([("suspect", s) for s in texts], detection.TEXTS, max_bytes, diags)
    if k is None or any(d.severity == "error" for d in diags):
        return Outcome(None, diags)
    scorer = Scorer(k.scheme, k.tokenizer)
    diags.extend(detection.check_corpora(scorer, list(tables.values())).diagnostics)
    if any(d.severity == "error" for d in diags):
        return Outcome(None, diags)
    corpora = detection.detect_watermark(
        scorer, [(lab, tables[lab]) for lab, _ in texts], alpha=alpha, per_text=per_text
    )
    results = {
        "scheme": SCHEME,
        "gamma": k.scheme.gamma,
        "context_width": k.scheme.context_width,
        "tokenizer": k.tokenizer.name,
        "corpora": corpora,
    }
    summary = {k.owner: Summary({f"watermark {c.label}": c.verdict for c in corpora})}
    report = Report(
        "watermark",
        "kb evidence watermark",
        "Watermark detection",
        "transcript-analysis",
        (*k.inputs, *(_table_input("suspect", lab, tables[lab]) for lab, _ in texts)),
        _scheme_parameters(k, alpha, max_bytes),
        results,
        summary,
    )
    return Outcome(report, diags)


def run_radioactivity(
    key: Path,
    suspect: Spec,
    controls: Sequence[Spec],
    *,
    tokenizer: Path | None = None,
    teacher: str | None = None,
    alpha: float = 0.05,
    max_bytes: int = MAX_BYTES,
) -> Outcome:
    """Does the suspect's output carry the teacher's watermark, against control models?"""
    if not controls:
        raise UsageError(
            "radioactivity needs at least one --control (a model that did not train on the "
            "teacher's output); 3 or more are recommended"
        )
    check_unique([suspect[0], *(lab for lab, _ in controls)])
    diags: list[Diagnostic] = []
    k = _key(key, tokenizer, teacher, diags)
    specs = [("suspect", suspect), *(("control", c) for c in controls)]
    tables = _read_all(specs, detection.TEXTS, max_bytes, diags)
    if k is None or any(d.severity == "error" for d in diags):
        return Outcome(None, diags)
    scorer = Scorer(k.scheme, k.tokenizer)
    diags.extend(detection.check_corpora(scorer, list(tables.values())).diagnostics)
    if any(d.severity == "error" for d in diags):
        return Outcome(None, diags)
    corpora = detection.radioactivity(
        scorer, (suspect[0], tables[suspect[0]]), [(lab, tables[lab]) for lab, _ in controls], alpha=alpha
    )
    warnings = []
    if len(controls) < detection.RECOMMENDED_CONTROLS:
        warnings.append(
            Warning(
                "KB547",
                f"only {len(controls)} control model(s); with fewer than "
                f"{detection.RECOMMENDED_CONTROLS} a miscalibrated test is hard to notice",
            )
        )
    results = {
        "scheme": SCHEME,
        "gamma": k.scheme.gamma,
        "context_width": k.scheme.context_width,
        "tokenizer": k.tokenizer.name,
        "corpora": corpora,
    }
    summary = {k.owner: Summary({"radioactivity": corpora[0].verdict})}
    report = Report(
        "radioactivity",
        "kb evidence radioactivity",
        "Watermark radioactivity",
        "transcript-analysis",
        (*k.inputs, *(_table_input(role, lab, tables[lab]) for role, (lab, _) in specs)),
        _scheme_parameters(k, alpha, max_bytes),
        results,
        summary,
        tuple(warnings),
    )
    return Outcome(report, diags)


# ---------------------------------------------------------------------------------------------
# Shared errors


def run_shared_errors(
    probes: Path,
    teachers: Sequence[Spec],
    suspect: Spec,
    baselines: Sequence[Spec],
    *,
    alpha: float = 0.05,
    max_bytes: int = MAX_BYTES,
) -> Outcome:
    """Does the suspect repeat the teachers' specific wrong answers more than the baselines do?"""
    if not teachers or not baselines:
        raise UsageError(
            "shared errors need at least one --teacher and one --baseline (3 or more recommended)"
        )
    check_unique([*(lab for lab, _ in teachers), suspect[0], *(lab for lab, _ in baselines)])
    diags: list[Diagnostic] = []
    read = read_jsonl(probes, shared_errors.PROBES, display=probes.as_posix(), max_bytes=max_bytes)
    diags.extend(read.diagnostics)
    specs = [
        *(("candidate", t) for t in teachers),
        ("suspect", suspect),
        *(("baseline", b) for b in baselines),
    ]
    tables = _read_all(specs, shared_errors.ANSWERS, max_bytes, diags)
    if read.table is None or any(d.severity == "error" for d in diags):
        return Outcome(None, diags)
    for _, (lab, _) in specs:
        diags.extend(shared_errors.check_answers(read.table, tables[lab]))
    if any(d.severity == "error" for d in diags):
        return Outcome(None, diags)
    tests = shared_errors.analyse(
        read.table,
        [(lab, tables[lab]) for lab, _ in teachers],
        (suspect[0], tables[suspect[0]]),
        [(lab, tables[lab]) for lab, _ in baselines],
        alpha=alpha,
    )
    warnings = [Warning("KB553", f"teacher {t.teacher}: {t.reason}") for t in tests if t.reason]
    if len(baselines) < shared_errors.RECOMMENDED_BASELINES:
        warnings.append(
            Warning(
                "KB554",
                f"only {len(baselines)} baseline(s); with fewer than "
                f"{shared_errors.RECOMMENDED_BASELINES} one odd baseline sets the chance rate",
            )
        )
    summary = {t.teacher: Summary({"shared errors": t.verdict}) for t in tests}
    inputs = (
        InputFile(
            "probes",
            read.table.name,
            read.table.name,
            read.table.sha256,
            read.table.size,
            len(read.table.rows),
        ),
        *(_table_input(role, lab, tables[lab]) for role, (lab, _) in specs),
    )
    report = Report(
        "shared_errors",
        "kb evidence shared-errors",
        "Shared errors",
        "transcript-analysis",
        inputs,
        {
            "alpha": alpha,
            "max_bytes": max_bytes,
            "normalisation": "NFKC, casefold, punctuation/symbols removed, leading article removed",
        },
        {"teachers": tests, "min_teacher_errors": shared_errors.MIN_TEACHER_ERRORS},
        summary,
        tuple(warnings),
    )
    return Outcome(report, diags)


# ---------------------------------------------------------------------------------------------
# Weight fingerprint


def run_fingerprint(
    suspect: Spec,
    candidates: Sequence[Spec],
    references: Sequence[Spec],
    *,
    pattern: str | None = None,
    alpha: float = 0.05,
    chunk_bytes: int | None = None,
) -> Outcome:
    """Weight statistics of suspect vs candidate, ranked among pairs of unrelated reference models."""
    from kb.analysis import fingerprint as fp

    if not candidates:
        raise UsageError("give at least one --candidate checkpoint")
    if len(references) < 2:
        raise UsageError(
            "give at least 2 --reference checkpoints of unrelated models (8 or more are needed "
            "before any result can be significant)"
        )
    pattern = pattern or fp.DEFAULT_TENSORS
    try:
        re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"--tensors '{pattern}' is not a regular expression ({exc})") from None
    specs = [
        ("suspect", suspect),
        *(("candidate", c) for c in candidates),
        *(("reference", r) for r in references),
    ]
    check_unique([lab for _, (lab, _) in specs])
    diags: list[Diagnostic] = []
    try:
        ckpts = [fp.open_checkpoint(path, role, lab, path.as_posix()) for role, (lab, path) in specs]
        names = fp.select(ckpts, pattern)
        measured = fp.measure(ckpts, names, chunk_bytes or fp.CHUNK_BYTES)
    except fp.FingerprintError as exc:
        return Outcome(None, [exc.diagnostic])
    roles = [c.role for c in ckpts]
    labels = [c.label for c in ckpts]
    matrices = fp.pair_statistics(measured)
    tests = fp.compare(matrices, roles, labels, alpha=alpha)
    warnings = []
    n_tests = len(tests) * len(fp.STATISTICS)
    floor = fp.min_p(roles)
    if floor * n_tests >= alpha:
        warnings.append(
            Warning(
                "KB566",
                f"with {len(references)} references there are {len(fp.null_pairs(roles))} "
                f"null pairs: the smallest reachable p is {floor:.3g}, {floor * n_tests:.3g} after "
                f"Holm over {n_tests} tests, not below alpha {alpha}; add references",
            )
        )
    results = {
        "models": labels,
        "roles": roles,
        "tensors": list(names),
        "pattern": pattern,
        "null_pairs": len(fp.null_pairs(roles)),
        "min_p": floor,
        "pairs": matrices,
        "candidates": tests,
    }
    summary = {
        t.candidate: Summary({f"weights {s.statistic.replace('_', ' ')}": s.verdict for s in t.tests})
        for t in tests
    }
    inputs = tuple(
        InputFile(
            c.role,
            c.label,
            c.files[0].name if len(c.files) == 1 else c.display,
            c.sha256,
            c.size,
            len(c.tensors),
        )
        for c in ckpts
    )
    report = Report(
        "fingerprint",
        "kb evidence fingerprint",
        "Weight fingerprint",
        "analysis",
        inputs,
        {"alpha": alpha, "tensors": pattern, "chunk_bytes": chunk_bytes or fp.CHUNK_BYTES},
        results,
        summary,
        tuple(warnings),
    )
    return Outcome(report, diags)
