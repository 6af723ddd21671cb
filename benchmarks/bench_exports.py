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
site build, in wall-clock seconds and in CPU seconds (this process's for the exports and the
generation, the MkDocs child's for its build): on a shared, loaded machine the CPU ratio is the
steadier one. Budget (design brief): exports under 15% of the site build.

Run: python -m benchmarks.bench_exports [--sizes 1000 5000] [--repeat 3] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench_site import REPO, _generation, _project, _timed


def _median(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of ``repeat`` runs, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus), result


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
    total = total_cpu = 0.0
    for fmt in ("api", "feeds", "stix", "sqlite"):
        seconds, cpu, files = _median(lambda fmt=fmt: render(kb, graph, fmt), repeat)
        result[f"{fmt}_s"] = round(seconds, 3)
        result[f"{fmt}_cpu_s"] = round(cpu, 3)
        result[f"{fmt}_files"] = len(files)
        result[f"{fmt}_bytes"] = _size(files)
        total += seconds
        total_cpu += cpu
    result["exports_total_s"] = round(total, 3)
    result["exports_total_cpu_s"] = round(total_cpu, 3)
    c0 = time.process_time()
    gen = _generation(root)
    gen_cpu = time.process_time() - c0
    k0 = _children_cpu()
    build_s, rc, tail = _timed(mkdocs_command(root / "mkdocs.yml", root / "site", strict=True), root)
    build_cpu = _children_cpu() - k0
    site_s = float(gen["load_validate_s"]) + float(gen["render_s"]) + float(gen["write_s"]) + build_s
    result.update({"site_generation_s": round(site_s - build_s, 3), "mkdocs_build_s": round(build_s, 3),
                   "mkdocs_rc": rc, "site_build_s": round(site_s, 3),
                   "site_generation_cpu_s": round(gen_cpu, 3), "mkdocs_build_cpu_s": round(build_cpu, 3),
                   "exports_share_of_site_build": round(total / site_s, 4),
                   "exports_cpu_share_of_site_build": round(total_cpu / (gen_cpu + build_cpu), 4)})
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
