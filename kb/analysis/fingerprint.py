"""Weight fingerprints of open-weight checkpoints (safetensors), always against unrelated references.

Two statistics per pair of models, computed tensor by tensor from memory-mapped files (safetensors
`safe_open`, row chunks), so a checkpoint never has to fit in memory:

- **std-profile correlation** (after HonestAGI 2025, arXiv 2507.03014): the standard deviation of
  each selected tensor (by default the attention Q/K/V/O projections), per tensor family
  normalised across layers (z-scores), concatenated; Pearson correlation of two models' profiles.
  Unrelated models of one architecture correlate strongly too (the Pangu-team rebuttal reported
  0.91 for deepseek-llm-7b vs llama2-7b), which is why the number alone means little.
- **weight cosine**: the cosine similarity of corresponding tensors, median over tensors. A
  fine-tuned derivative stays close to its parent; independently initialised models are near 0.
  Permuting hidden units or re-initialising defeats it (invariant methods such as HuRef do not).

Each statistic for (suspect, candidate) is ranked among the same statistic for pairs of models
assumed unrelated: reference-reference, suspect-reference and candidate-reference. Empirical
p = (1 + #{null pairs at least as similar}) / (1 + #null pairs); Holm across candidates and both
statistics. The smallest reachable p is 1 / (1 + #null pairs): a small reference set cannot show
anything, and the report says so (KB566).

Needs the `weights` extra (numpy, safetensors), imported lazily.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.analysis.stats import holm, mean, stdev
from kb.analysis.tokenizer import MissingExtra
from kb.diagnostics import Diagnostic

DEFAULT_TENSORS = r"(?:^|\.)(?:q|k|v|o)_proj\.weight$"
CHUNK_BYTES = 8 * 1024 * 1024
STATISTICS = ("std_profile_correlation", "weight_cosine")
_LAYER = re.compile(r"\.(\d+)\.")
_FLOATS = ("F16", "F32", "F64")


class FingerprintError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _numpy() -> Any:
    try:
        import numpy as np
        import safetensors  # noqa: F401
    except ImportError:
        raise MissingExtra(
            "weight fingerprints need numpy and safetensors: pip install 'distillation-kb[weights]'"
        ) from None
    return np


@dataclass(frozen=True, slots=True)
class Checkpoint:
    role: str
    label: str
    display: str
    files: tuple[Path, ...]
    sha256: str
    """SHA-256 of the file (of the shards' SHA-256 list, in name order, for a folder)."""
    size: int
    tensors: dict[str, tuple[tuple[int, ...], str, int]]
    """Tensor name -> (shape, dtype, index of the file holding it)."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def open_checkpoint(path: Path, role: str, label: str, display: str | None = None) -> Checkpoint:
    """Read the headers of a .safetensors file (or a folder of shards); KB561 when unreadable."""
    _numpy()
    from safetensors import safe_open

    shown = display or path.as_posix()
    files = tuple(sorted(path.glob("*.safetensors"))) if path.is_dir() else (path,)
    if not files:
        raise FingerprintError(Diagnostic(shown, "KB561", "the folder holds no .safetensors files"))
    tensors: dict[str, tuple[tuple[int, ...], str, int]] = {}
    digests = []
    for i, f in enumerate(files):
        try:
            with safe_open(str(f), framework="numpy") as handle:
                for name in handle.keys():  # noqa: SIM118 - safe_open is not a mapping
                    sl = handle.get_slice(name)
                    tensors[name] = (tuple(sl.get_shape()), str(sl.get_dtype()), i)
            digests.append(_sha256(f))
        except Exception as exc:  # safetensors raises its own error type, and OSError
            first = (str(exc).splitlines() or [type(exc).__name__])[0]
            raise FingerprintError(
                Diagnostic(
                    f.as_posix() if path.is_dir() else shown,
                    "KB561",
                    f"not a readable safetensors file ({first[:200]})",
                )
            ) from None
    sha = digests[0] if len(files) == 1 else hashlib.sha256("\n".join(digests).encode()).hexdigest()
    return Checkpoint(role, label, shown, files, sha, sum(f.stat().st_size for f in files), tensors)


def _natural(name: str) -> tuple[object, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def select(checkpoints: Sequence[Checkpoint], pattern: str) -> list[str]:
    """The tensors to compare: matched by `pattern`, present with equal shapes in every checkpoint."""
    first = checkpoints[0]
    rx = re.compile(pattern)
    names = sorted((n for n in first.tensors if rx.search(n)), key=_natural)
    if not names:
        sample = ", ".join(sorted(first.tensors, key=_natural)[:4])
        raise FingerprintError(
            Diagnostic(
                first.display,
                "KB565",
                f"no tensor name matches /{pattern}/",
                hint=f"pass --tensors REGEX; names look like: {sample}",
            )
        )
    for c in checkpoints[1:]:
        wanted = set(names)
        missing = sorted(wanted - set(c.tensors), key=_natural)
        extra = sorted((n for n in c.tensors if rx.search(n) and n not in wanted), key=_natural)
        if missing or extra:
            what = (
                f"lacks {len(missing)} tensor(s) {first.label} has (first: '{missing[0]}')"
                if missing
                else f"has {len(extra)} matching tensor(s) {first.label} lacks (first: '{extra[0]}')"
            )
            raise FingerprintError(
                Diagnostic(
                    c.display,
                    "KB562",
                    f"layer names differ: {c.label} {what}",
                    hint="compare checkpoints of one architecture",
                )
            )
        for n in names:
            if c.tensors[n][0] != first.tensors[n][0]:
                raise FingerprintError(
                    Diagnostic(
                        c.display,
                        "KB563",
                        f"tensor '{n}' has shape {list(c.tensors[n][0])} in {c.label} but "
                        f"{list(first.tensors[n][0])} in {first.label}",
                        hint="compare checkpoints of one architecture",
                    )
                )
    for c in checkpoints:
        for n in names:
            if c.tensors[n][1] not in _FLOATS:
                raise FingerprintError(
                    Diagnostic(
                        c.display,
                        "KB561",
                        f"tensor '{n}' has dtype {c.tensors[n][1]}; supported: {', '.join(_FLOATS)}",
                        hint="convert the checkpoint to float16 or float32",
                    )
                )
    return names


@dataclass(frozen=True, slots=True)
class Measured:
    labels: tuple[str, ...]
    tensors: tuple[str, ...]
    std: tuple[tuple[float, ...], ...]
    """std[model][tensor]."""
    cosine: tuple[tuple[tuple[float, ...], ...], ...]
    """cosine[tensor][model a][model b]."""


def measure(
    checkpoints: Sequence[Checkpoint], names: Sequence[str], chunk_bytes: int = CHUNK_BYTES
) -> Measured:
    """One pass over the selected tensors of every checkpoint together, a row chunk at a time.

    Each tensor gets its own `safe_open` (a fresh memory map) that is closed before the next, so
    the mapped pages of a file are released tensor by tensor: the peak resident memory stays
    near one tensor per model plus the chunk buffers, not the size of the checkpoints."""
    np = _numpy()
    from safetensors import safe_open

    m = len(checkpoints)
    stds: list[list[float]] = [[] for _ in range(m)]
    cos: list[tuple[tuple[float, ...], ...]] = []
    for name in names:
        shape = checkpoints[0].tensors[name][0]
        rows = shape[0] if shape else 1
        per_row = math.prod(shape[1:]) if len(shape) > 1 else 1
        step = max(1, chunk_bytes // (8 * per_row))
        gram = np.zeros((m, m))
        total = np.zeros(m)
        squares = np.zeros(m)
        with ExitStack() as stack:
            slices = [
                stack.enter_context(safe_open(str(c.files[c.tensors[name][2]]), framework="numpy")).get_slice(
                    name
                )
                for c in checkpoints
            ]
            for start in range(0, rows, step):
                x = np.stack(
                    [
                        np.asarray(
                            sl[start : min(rows, start + step)] if shape else sl[:], dtype=np.float64
                        ).ravel()
                        for sl in slices
                    ]
                )
                if not np.isfinite(x).all():
                    bad = int(np.flatnonzero(~np.isfinite(x).all(axis=1))[0])
                    raise FingerprintError(
                        Diagnostic(
                            checkpoints[bad].display,
                            "KB564",
                            f"tensor '{name}' of {checkpoints[bad].label} holds NaN or infinite values",
                            hint="a corrupt or diverged checkpoint cannot be fingerprinted",
                        )
                    )
                total += x.sum(axis=1)
                squares += np.einsum("ij,ij->i", x, x)
                gram += x @ x.T
        n = rows * per_row
        mu = total / n
        sd = np.sqrt(np.maximum(squares / n - mu * mu, 0.0))
        norms = np.sqrt(np.maximum(np.diag(gram), 1e-300))
        c = gram / np.outer(norms, norms)
        for i in range(m):
            stds[i].append(float(sd[i]))
        cos.append(tuple(tuple(float(v) for v in row) for row in c))
    return Measured(
        tuple(c.label for c in checkpoints), tuple(names), tuple(tuple(s) for s in stds), tuple(cos)
    )


def measure_arrays(
    labels: Sequence[str], models: Sequence[Mapping[str, Any]], names: Sequence[str]
) -> Measured:
    """The same measurements from in-memory arrays (numpy), for models already loaded."""
    np = _numpy()
    stds = [[float(np.asarray(m[n], dtype=np.float64).std()) for n in names] for m in models]
    cos = []
    for n in names:
        x = np.stack([np.asarray(m[n], dtype=np.float64).ravel() for m in models])
        norms = np.sqrt(np.maximum(np.einsum("ij,ij->i", x, x), 1e-300))
        c = (x @ x.T) / np.outer(norms, norms)
        cos.append(tuple(tuple(float(v) for v in row) for row in c))
    return Measured(tuple(labels), tuple(names), tuple(tuple(s) for s in stds), tuple(cos))


# ---------------------------------------------------------------------------------------------
# Statistics over the measurements (pure Python)


def _family(name: str) -> str:
    return _LAYER.sub(".*.", name)


def profile(stds: Sequence[float], names: Sequence[str]) -> list[float]:
    """Per tensor family, the stds across layers as z-scores; families concatenated in name order."""
    families: dict[str, list[float]] = {}
    for n, s in zip(names, stds, strict=True):
        families.setdefault(_family(n), []).append(s)
    out: list[float] = []
    for fam in sorted(families):
        values = families[fam]
        mu, sd = mean(values), stdev(values)
        out += [(v - mu) / sd if sd > 0 else 0.0 for v in values]
    return out


def pearson(a: Sequence[float], b: Sequence[float]) -> float:
    ma, mb = mean(a), mean(b)
    da = [x - ma for x in a]
    db = [y - mb for y in b]
    num = sum(x * y for x, y in zip(da, db, strict=True))
    den = math.sqrt(sum(x * x for x in da) * sum(y * y for y in db))
    return num / den if den > 0 else 0.0


def pair_statistics(measured: Measured) -> dict[str, list[list[float]]]:
    """Both statistics for every pair of models: {statistic: matrix[a][b]}."""
    k = len(measured.labels)
    profiles = [profile(measured.std[i], measured.tensors) for i in range(k)]
    corr = [[pearson(profiles[a], profiles[b]) for b in range(k)] for a in range(k)]
    cosine = [
        [_median([measured.cosine[t][a][b] for t in range(len(measured.tensors))]) for b in range(k)]
        for a in range(k)
    ]
    return {"std_profile_correlation": corr, "weight_cosine": cosine}


def _median(values: Sequence[float]) -> float:
    data = sorted(values)
    mid = len(data) // 2
    return data[mid] if len(data) % 2 else (data[mid - 1] + data[mid]) / 2


@dataclass(frozen=True, slots=True)
class StatisticTest:
    statistic: str
    observed: float
    null_pairs: int
    null_mean: float
    null_max: float
    null_at_least_observed: int
    p_value: float
    p_value_holm: float
    verdict: str


@dataclass(frozen=True, slots=True)
class CandidateTest:
    candidate: str
    tests: tuple[StatisticTest, ...]


def null_pairs(roles: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs assumed unrelated: reference-reference, suspect-reference, candidate-reference."""
    refs = [i for i, r in enumerate(roles) if r == "reference"]
    others = [i for i, r in enumerate(roles) if r != "reference"]
    pairs = [(a, b) for i, a in enumerate(refs) for b in refs[i + 1 :]]
    pairs += [(o, r) for o in others for r in refs]
    return pairs


def min_p(roles: Sequence[str]) -> float:
    return 1 / (1 + len(null_pairs(roles)))


def compare(
    matrices: dict[str, list[list[float]]], roles: Sequence[str], labels: Sequence[str], *, alpha: float
) -> tuple[CandidateTest, ...]:
    """Each candidate's pair statistics against the null pairs; Holm across candidates x statistics."""
    suspect = roles.index("suspect")
    nulls = null_pairs(roles)
    raw: dict[tuple[str, str], tuple[float, list[float]]] = {}
    for ci in (i for i, r in enumerate(roles) if r == "candidate"):
        for stat in STATISTICS:
            mat = matrices[stat]
            raw[(labels[ci], stat)] = (mat[suspect][ci], [mat[a][b] for a, b in nulls])
    pvals = {
        f"{c}\x1f{s}": (1 + sum(1 for v in null if v >= obs - 1e-12)) / (1 + len(null))
        for (c, s), (obs, null) in raw.items()
    }
    adjusted = holm(pvals)
    out = []
    for c in (labels[i] for i, r in enumerate(roles) if r == "candidate"):
        tests = []
        for stat in STATISTICS:
            obs, null = raw[(c, stat)]
            key = f"{c}\x1f{stat}"
            verdict = "consistent-with" if adjusted[key] < alpha else "not-distinguishable-from-references"
            tests.append(
                StatisticTest(
                    stat,
                    obs,
                    len(null),
                    mean(null),
                    max(null) if null else 0.0,
                    sum(1 for v in null if v >= obs - 1e-12),
                    pvals[key],
                    adjusted[key],
                    verdict,
                )
            )
        out.append(CandidateTest(c, tuple(tests)))
    return tuple(out)
