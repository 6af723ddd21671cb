"""Benchmark `kb validate` against the YAML parse floor (DESIGN.md budgets).

For each N it generates a synthetic KB and measures, each in a fresh process:
- floor: reading and parsing every file with PyYAML's CSafeLoader in one process;
- cold: `kb.validation.check.check` with no cache (all layers: YAML, records, KB rules);
- warm: the same after one file changed (the cache is reused for the rest);
and prints ratios and peak memory. Budgets: cold <= 1.0x floor at 10,000 incidents, peak
memory < 500 MB, warm < 10% of cold. Numbers are noisy on shared machines: medians of --repeat.

Run: python -m benchmarks.bench_validate [--sizes 1000 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synth import generate

FOLDERS = ("incidents", "actors", "models", "policies", "datasets", "sources")


def _floor(root: Path) -> None:
    import yaml

    for folder in FOLDERS:
        for path in sorted((root / folder).glob("*.yaml")):
            with open(path, "rb") as fh:
                yaml.load(fh.read(), Loader=yaml.CSafeLoader)


def _cold(root: Path) -> None:
    from kb.validation.check import check

    report = check(root, use_cache=False)
    assert report.errors == 0, report.diagnostics[:3]




def _child(mode: str, root: str) -> None:
    """Run one measurement in this process and print seconds and peak RSS as JSON."""
    path = Path(root)
    if mode == "warm":
        from kb.validation.check import check

        check(path, use_cache=True)
        victim = sorted((path / "incidents").glob("*.yaml"))[0]
        victim.write_text(victim.read_text("utf-8") + "# touched\n", "utf-8")
        start = time.perf_counter()
        check(path, use_cache=True)
        seconds = time.perf_counter() - start
    else:
        fn = {"floor": _floor, "cold": _cold}[mode]
        start = time.perf_counter()
        fn(path)
        seconds = time.perf_counter() - start
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": max(rss_self, rss_children) / 1024}))


def _run(mode: str, root: Path, cache_home: Path) -> dict[str, float]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_validate", "--child", mode, str(root)],
                         check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"))
    args = ap.parse_args()
    if args.child:
        _child(*args.child)
        return
    print(f"{'N':>6} {'floor s':>8} {'cold s':>8} {'ratio':>6} {'warm s':>7} {'warm/cold':>9} {'peak MB':>8}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = generate(Path(tmp) / "kb", n)
            results: dict[str, list[dict[str, float]]] = {"floor": [], "cold": [], "warm": []}
            for _ in range(args.repeat):
                for mode, runs in results.items():
                    cache = Path(tmp) / f"cache-{mode}-{len(runs)}"
                    runs.append(_run(mode, root, cache))
            med = {m: statistics.median(r["seconds"] for r in rs) for m, rs in results.items()}
            peak = max(r["peak_mb"] for r in results["cold"] + results["warm"])
            print(f"{n:>6} {med['floor']:>8.2f} {med['cold']:>8.2f} {med['cold'] / med['floor']:>6.2f} "
                  f"{med['warm']:>7.2f} {med['warm'] / med['cold']:>9.1%} {peak:>8.0f}", flush=True)


if __name__ == "__main__":
    main()
