"""Weight fingerprint on two ~1 GB safetensors checkpoints, memory-mapped: time and peak RSS.

    .venv/bin/python benchmarks/bench_analysis_fingerprint.py [GIGABYTES] [--keep DIR]

Writes two float32 checkpoints of GIGABYTES each (a parent and a fine-tuned copy; 32 layers of
q/k/v/o projections) into a temporary folder, tensor by tensor so the generator itself stays
small, then measures `kb.analysis.fingerprint.open_checkpoint` (headers plus SHA-256 of each
file) and `measure` (one pass over every tensor in row chunks) in a fresh process, reporting
wall time and the process's peak resident memory (ru_maxrss). Needs the `weights` extra.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
LAYERS = 32
PROJ = ("q_proj", "k_proj", "v_proj", "o_proj")


def write_checkpoint(path: Path, gigabytes: float, seed: int, parent: Path | None = None) -> None:
    """A safetensors file written tensor by tensor (header first, then each tensor's bytes)."""
    n = LAYERS * len(PROJ)
    width = int((gigabytes * 1e9 / 4 / n) ** 0.5)
    names = [f"model.layers.{i}.self_attn.{p}.weight" for i in range(LAYERS) for p in PROJ]
    nbytes = width * width * 4
    header = {name: {"dtype": "F32", "shape": [width, width], "data_offsets": [k * nbytes, (k + 1) * nbytes]}
              for k, name in enumerate(names)}
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    rng = np.random.default_rng(seed)
    with path.open("wb") as f, (parent.open("rb") if parent else open("/dev/null", "rb")) as src:
        f.write(struct.pack("<Q", len(raw)) + raw)
        if parent:
            src.seek(8 + len(raw))
        for i in range(n):
            sd = 0.02 * (1 + 0.5 * (i // len(PROJ)) / LAYERS)
            if parent:
                base = np.frombuffer(src.read(nbytes), dtype=np.float32).reshape(width, width)
                w = base + rng.standard_normal((width, width), dtype=np.float32) * (0.2 * sd)
            else:
                w = rng.standard_normal((width, width), dtype=np.float32) * sd
            f.write(w.astype(np.float32).tobytes())


MEASURE = r"""
import resource, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from kb.analysis import fingerprint as fp
a, b = Path({a!r}), Path({b!r})
t0 = time.perf_counter()
cs = [fp.open_checkpoint(a, "suspect", "a"), fp.open_checkpoint(b, "candidate", "b")]
t1 = time.perf_counter()
m = fp.measure(cs, fp.select(cs, fp.DEFAULT_TENSORS))
t2 = time.perf_counter()
stats = fp.pair_statistics(m)
print(f"open+sha256 {{t1 - t0:.2f}} s, measure {{t2 - t1:.2f}} s, "
      f"cosine {{stats['weight_cosine'][0][1]:.4f}}, "
      f"std-profile r {{stats['std_profile_correlation'][0][1]:.4f}}, "
      f"peak RSS {{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}} MiB")
"""


def main() -> None:
    gigabytes = float(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else 1.0
    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    with tempfile.TemporaryDirectory() as tmp:
        folder = keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        a, b = folder / "parent.safetensors", folder / "child.safetensors"
        start = time.perf_counter()
        write_checkpoint(a, gigabytes, 1)
        write_checkpoint(b, gigabytes, 2, parent=a)
        print(f"wrote 2 x {a.stat().st_size / 1e9:.2f} GB in {time.perf_counter() - start:.1f} s")
        for run in range(3):
            out = subprocess.run([sys.executable, "-c", MEASURE.format(repo=str(REPO), a=str(a), b=str(b))],
                                 capture_output=True, text=True, check=True)
            print(f"run {run + 1}: {out.stdout.strip()}")


if __name__ == "__main__":
    main()
