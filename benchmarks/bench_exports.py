"""Benchmark the open-data exports beside the site build, at 1,000 and 5,000 incidents.

For each N it generates a synthetic KB (benchmarks/synth.py) in a project with this
repository's mkdocs.yml and docs/, then measures, each export as a pure render from the loaded
KB and its graph (median of --repeat runs):
- the JSON API (one file per record, indexes, kb.json, schemas);
- the Atom feeds (whole KB, status changes, per actor and per model);
- the STIX 2.1 bundle;
- the SQLite database (built in memory, vacuumed, serialised);
and, once, the site build as `kb build` runs it: page generation (which includes the exports
and writes them) plus the MkDocs build. It reports the exports' total and its share of the
site build. Budget (design brief): exports under 15% of the site build.

Run: python -m benchmarks.bench_exports [--sizes 1000 5000] [--repeat 3] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench_site import REPO, _generation, _project, _timed


def _median(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _size(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_size(v) for v in value.values())
    return len(value.encode() if isinstance(value, str) else value)


def run(n: int, base: Path, repeat: int, seed: int = 0) -> dict[str, object]:
    from kb.export.run import render
    from kb.graph.build import build_graph
    from kb.loading import load_kb
    from kb.site.build import mkdocs_command

    root = _project(base, n, seed)
    kb = load_kb(root)
    graph = build_graph(kb)
    result: dict[str, object] = {"incidents": n, "records": len(kb.records)}
    total = 0.0
    for fmt in ("api", "feeds", "stix", "sqlite"):
        seconds, files = _median(lambda fmt=fmt: render(kb, graph, fmt), repeat)
        result[f"{fmt}_s"] = round(seconds, 3)
        result[f"{fmt}_files"] = len(files)
        result[f"{fmt}_bytes"] = _size(files)
        total += seconds
    result["exports_total_s"] = round(total, 3)
    gen = _generation(root)
    build_s, rc, tail = _timed(mkdocs_command(root / "mkdocs.yml", root / "site", strict=True), root)
    site_s = float(gen["load_validate_s"]) + float(gen["render_s"]) + float(gen["write_s"]) + build_s
    result.update({"site_generation_s": round(site_s - build_s, 3), "mkdocs_build_s": round(build_s, 3),
                   "mkdocs_rc": rc, "site_build_s": round(site_s, 3),
                   "exports_share_of_site_build": round(total / site_s, 4)})
    if rc != 0:
        result["mkdocs_tail"] = tail
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "exports.json")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="kb-bench-exports-"))
    results = []
    try:
        for n in args.sizes:
            results.append(run(n, base, args.repeat, args.seed))
            print(json.dumps(results[-1], indent=1), flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
