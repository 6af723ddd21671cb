"""Benchmark the lineage and actor graph (DESIGN.md budgets).

For each N it generates a synthetic KB (benchmarks.synth), loads it once, then measures:
- build: `build_graph` over the loaded records (budget < 1 s at 10,000 incidents);
- lineage: a downward lineage query from the most-targeted model, and an upward one from the
  most-accused actor's claim subject (budget < 50 ms at 10,000);
- implicated, path and contested queries, the KB3xx checks over the validation facts, and the
  JSON and GraphML exports, for context.
Numbers are medians of --repeat runs. Build and lineage also report CPU time (process time),
which a busy shared machine disturbs much less than wall-clock time.

Run: python -m benchmarks.bench_graph [--sizes 1000 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.synth import generate


def _median_seconds(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _median_cpu(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def measure(n: int, repeat: int) -> dict[str, Any]:
    from kb.graph.build import build_graph
    from kb.graph.export import export
    from kb.graph.queries import contested, implicated, lineage, path, stats
    from kb.loading import load_kb
    from kb.validation.facts import facts_of
    from kb.validation.graph_rules import graph_checks
    from kb.validation.rules import Index

    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp), n)
        start = time.perf_counter()
        kb = load_kb(root)
        load_s = time.perf_counter() - start
        graph = build_graph(kb)
        top = stats(graph, top=1)
        model = top.most_targeted_models[0][0]
        accused = top.most_accused[0][0]
        index = Index([facts_of(d.record, d.file) for d in kb.documents if d.record is not None])
        down = lineage(graph, model)
        result: dict[str, Any] = {
            "incidents": n,
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
            "load_s": load_s,
            "build_s": _median_seconds(lambda: build_graph(kb), repeat),
            "build_cpu_s": _median_cpu(lambda: build_graph(kb), repeat),
            "lineage_down_ms": 1000 * _median_seconds(lambda: lineage(graph, model), repeat),
            "lineage_down_cpu_ms": 1000 * _median_cpu(lambda: lineage(graph, model), repeat),
            "lineage_down_found": len(down.entries),
            "lineage_down_filtered_ms": 1000 * _median_seconds(
                lambda: lineage(graph, model, statuses=["alleged", "corroborated"], as_of="2026-06"),
                repeat),
            "lineage_up_ms": 1000 * _median_seconds(lambda: lineage(graph, accused, up=True), repeat),
            "implicated_ms": 1000 * _median_seconds(lambda: implicated(graph, model), repeat),
            "path_ms": 1000 * _median_seconds(lambda: path(graph, accused, model), repeat),
            "contested_ms": 1000 * _median_seconds(lambda: contested(graph), repeat),
            "checks_s": _median_seconds(lambda: graph_checks(index), repeat),
            "export_json_s": _median_seconds(lambda: export(graph, "json"), max(1, repeat // 2)),
            "export_graphml_s": _median_seconds(lambda: export(graph, "graphml"), max(1, repeat // 2)),
        }
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = ap.parse_args()
    rows = [measure(n, args.repeat) for n in args.sizes]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    for r in rows:
        print(f"{r['incidents']:>6} incidents: {r['nodes']} nodes, {r['edges']} edges "
              f"(load {r['load_s']:.2f} s, not part of the budget)")
        print(f"    build {r['build_s'] * 1000:8.1f} ms, cpu {r['build_cpu_s'] * 1000:.1f} ms "
              "(budget < 1000 ms at 10,000)")
        print(f"    lineage down {r['lineage_down_ms']:6.2f} ms, cpu {r['lineage_down_cpu_ms']:.2f} ms, "
              f"{r['lineage_down_found']} found "
              f"(budget < 50 ms); filtered {r['lineage_down_filtered_ms']:.2f} ms; "
              f"up {r['lineage_up_ms']:.2f} ms")
        print(f"    implicated {r['implicated_ms']:.1f} ms, path {r['path_ms']:.1f} ms, "
              f"contested {r['contested_ms']:.1f} ms")
        print(f"    KB3xx checks {r['checks_s'] * 1000:.1f} ms; export json {r['export_json_s']:.2f} s, "
              f"graphml {r['export_graphml_s']:.2f} s")


if __name__ == "__main__":
    main()
