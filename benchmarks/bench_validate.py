"""Benchmark `kb validate` against the YAML parse floor (DESIGN.md budgets).

For each N it generates a synthetic KB (:mod:`benchmarks.synth`) and measures, each run in a
fresh process, in interleaved rounds (floor, cold, warm ... then the next round in a rotated
order, so that a burst of load from other processes hits every mode alike):

- floor: reading and parsing every record file with PyYAML's CSafeLoader in one process;
- cold: `kb.validation.check.check` with no cache (all layers: YAML, records, KB rules), on
  every core, including the import of the validation package;
- touch: re-validating after one file changed without changing its record (a comment added);
- edit: re-validating after one record changed in a way the rules across records see (a
  claim's status, which the graph rules read, and a new reference to an unknown model).

Each run reports wall time and CPU time (this process and its worker processes). The budget
ratios are taken per round (cold / floor of the same round) and reported as the median with
the lowest and highest round, in wall and in CPU time; "2-core" divides the CPU time of the
busier of the cold run's two processes (the main one and its worker) by the floor's: about the
wall ratio two idle cores would give, which a loaded machine cannot show.
Budgets: cold <= 1.0x floor at 10,000
incidents (wall: two cores and the C reader are allowed to pay for the checks); one-file
re-validation < 10% of a cold run; peak memory < 500 MB. The warm ratios compare with the cold
run's check alone (imports excluded, as in a warm run), the stricter comparison.

Run: python -m benchmarks.bench_validate [--sizes 1000 10000] [--repeat 5]
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
from collections.abc import Callable
from pathlib import Path

from benchmarks.synth import generate

FOLDERS = ("incidents", "actors", "models", "policies", "datasets", "sources")
MODES = ("floor", "cold", "touch", "edit")


def _cpu(who: int | None = None) -> float:
    """CPU seconds of this process and its reaped worker processes (or of ``who`` alone)."""
    if who is not None:
        use = resource.getrusage(who)
        return use.ru_utime + use.ru_stime
    return _cpu(resource.RUSAGE_SELF) + _cpu(resource.RUSAGE_CHILDREN)


def _floor(root: Path) -> None:
    import yaml

    for folder in FOLDERS:
        for path in sorted((root / folder).glob("*.yaml")):
            with open(path, "rb") as fh:
                yaml.load(fh.read(), Loader=yaml.CSafeLoader)


def _touch(path: Path) -> None:
    path.write_text(path.read_text("utf-8") + "# touched\n", "utf-8")


def _edit(path: Path) -> None:
    """Change what the rules across records read: a claim's status (graph rules) and a model
    reference that resolves to nothing (KB204, with a did-you-mean)."""
    text = path.read_text("utf-8")
    for status in ("alleged", "disputed", "corroborated", "denied"):
        if f"status: {status}\n" in text:
            new = "disputed" if status != "disputed" else "alleged"
            text = text.replace(f"status: {status}\n", f"status: {new}\n", 1)
            break
    text = text.replace("models: [", "models: [model-9999x, ", 1)
    path.write_text(text, "utf-8")


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    fn()
    return time.perf_counter() - wall, _cpu() - cpu


def _child(mode: str, root: str) -> None:
    """Run one measurement in this process and print wall and CPU seconds and peak RSS as JSON."""
    path = Path(root)
    out: dict[str, float] = {}
    if mode == "floor":
        out["wall"], out["cpu"] = _timed(lambda: _floor(path))
    elif mode == "cold":
        out["import_wall"], out["import_cpu"] = _timed(lambda: __import__("kb.validation.check"))
        from kb.validation.check import check

        mine, workers = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        wall, cpu = _timed(lambda: check(path, use_cache=False))
        out["check_wall"], out["check_cpu"] = wall, cpu
        # On two idle cores the run lasts about as long as its busier process.
        out["busiest_cpu"] = out["import_cpu"] + max(_cpu(resource.RUSAGE_SELF) - mine,
                                                     _cpu(resource.RUSAGE_CHILDREN) - workers)
        out["wall"], out["cpu"] = wall + out["import_wall"], cpu + out["import_cpu"]
    else:
        from kb.validation.check import check

        check(path, use_cache=True)
        victim = sorted((path / "incidents").glob("*.yaml"))[3]
        original = victim.read_bytes()
        (_touch if mode == "touch" else _edit)(victim)
        try:
            out["wall"], out["cpu"] = _timed(lambda: check(path, use_cache=True))
        finally:
            victim.write_bytes(original)
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out["peak_mb"] = max(rss_self, rss_children) / 1024
    print(json.dumps(out))


def _run(mode: str, root: Path, cache_home: Path, code: Path | None = None) -> dict[str, float]:
    """One measurement in a fresh process; with ``code``, of the `kb` package in that tree."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    out = subprocess.run([sys.executable, "-m", "benchmarks.bench_validate", "--child", mode, str(root)],
                         check=True, capture_output=True, text=True, env=env, cwd=code)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _spread(values: list[float], fmt: str) -> str:
    """'median [lowest-highest]'."""
    return f"{statistics.median(values):{fmt}} [{min(values):{fmt}}-{max(values):{fmt}}]"


def measure(n: int, repeat: int, before: Path | None = None) -> dict[str, object]:
    """Every mode, ``repeat`` interleaved rounds; with ``before`` (another source tree, e.g. a
    `git archive` of main), each round also measures that code, interleaved with this one."""
    codes: list[tuple[str, Path | None]] = [("", None)] + ([("before ", before)] if before else [])
    with tempfile.TemporaryDirectory() as tmp:
        root = generate(Path(tmp) / "kb", n)
        runs: dict[str, list[dict[str, float]]] = {}
        for r in range(repeat):
            order = MODES[r % len(MODES):] + MODES[:r % len(MODES)]
            for mode in order:
                for label, code in codes[r % len(codes):] + codes[:r % len(codes)]:
                    cache = Path(tmp) / f"cache-{label.strip()}{mode}-{r}"
                    runs.setdefault(label + mode, []).append(_run(mode, root, cache, code))
    out = {label: _ratios(n, {m: runs[label + m] for m in MODES}) for label, _ in codes}
    return out[""] if not before else {**out[""], "before": out["before "]}


def _ratios(n: int, runs: dict[str, list[dict[str, float]]]) -> dict[str, object]:
    ratios: dict[str, list[float]] = {}
    for clock in ("wall", "cpu"):
        ratios[f"cold/floor {clock}"] = [c[clock] / f[clock] for c, f in zip(runs["cold"], runs["floor"],
                                                                              strict=True)]
        if clock == "cpu":
            # What two idle cores would give: the busier of the two processes against the floor.
            ratios["cold/floor 2-core"] = [c.get("busiest_cpu", c["cpu"]) / f["cpu"]
                                           for c, f in zip(runs["cold"], runs["floor"], strict=True)]
        for warm in ("touch", "edit"):
            ratios[f"{warm}/cold {clock}"] = [w[clock] / c[f"check_{clock}"]
                                             for w, c in zip(runs[warm], runs["cold"], strict=True)]
    return {"n": n, "runs": runs, "ratios": ratios,
            "peak_mb": max(x["peak_mb"] for m in ("cold", "touch", "edit") for x in runs[m])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="also print every run as JSON")
    ap.add_argument("--before", type=Path, help="another source tree to measure interleaved with "
                    "this one (e.g. `git archive main kb benchmarks | tar -x -C DIR`)")
    ap.add_argument("--child", nargs=2, metavar=("MODE", "ROOT"))
    args = ap.parse_args()
    if args.child:
        _child(*args.child)
        return
    load = os.getloadavg()[0]
    print(f"load average at start: {load:.1f} on {os.cpu_count()} cores; "
          f"median [lowest-highest] of {args.repeat} interleaved rounds")
    for n in args.sizes:
        m = measure(n, args.repeat, args.before)
        _print(n, m)
        if isinstance(m.get("before"), dict):
            print(f"  -- before ({args.before}):")
            _print(n, m["before"])  # type: ignore[arg-type]
        if args.json:
            print(json.dumps(m))
        sys.stdout.flush()


def _print(n: int, m: dict[str, object]) -> None:
    runs, ratios = m["runs"], m["ratios"]
    assert isinstance(runs, dict) and isinstance(ratios, dict)
    print(f"N={n} incidents  peak {m['peak_mb']:.0f} MB")
    for mode in MODES:
        print(f"  {mode:<6} wall {_spread([x['wall'] for x in runs[mode]], '.2f')} s   "
              f"cpu {_spread([x['cpu'] for x in runs[mode]], '.2f')} s")
    print(f"  cold check alone: wall {_spread([x['check_wall'] for x in runs['cold']], '.2f')} s, "
          f"imports {_spread([x['import_wall'] for x in runs['cold']], '.2f')} s")
    for name, values in ratios.items():
        fmt = ".1%" if "/cold" in name else ".2f"
        print(f"  {name:<18} {_spread(values, fmt)}")


if __name__ == "__main__":
    main()
