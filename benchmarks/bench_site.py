"""Benchmark `kb build`: page generation vs the MkDocs build, at 1,000 and 5,000 incidents.

For each N it generates a synthetic KB (benchmarks/synth.py) in a project with this
repository's mkdocs.yml and docs/, then measures:
- load + validate (the KB is refused if it has errors);
- render (records -> {path: markdown}, pure) and write (only changed files);
- a second generation with nothing changed (what `kb serve` pays per rebuild);
- the MkDocs build (a subprocess, the same command `kb build` runs);
and reports ms per page, the generation share of the build, the growth ratio between sizes
(time ratio / page ratio; 1.0 is linear) and the search-index size per record.
Budgets (issue 8): generation < 10% of build time, <= 15 ms per page at 5,000, growth linear,
search index <= 2 KB per record.

Run: python -m benchmarks.bench_site [--sizes 1000 5000] [--zensical] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.synth import generate as synth

REPO = Path(__file__).resolve().parent.parent


def _project(base: Path, n: int, seed: int) -> Path:
    root = base / f"kb-{n}"
    synth(root, n, seed)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs",
                    ignore=lambda d, names: ["generated"] if Path(d) == REPO / "docs" else [])
    return root


def _generation(root: Path) -> dict[str, float | int]:
    from kb.loading import load_kb
    from kb.site import render_site
    from kb.site.assets import vendored_files
    from kb.site.context import GENERATED
    from kb.site.nav import NAV_FILE, handwritten_pages, nav_yaml
    from kb.site.writer import write_tree
    from kb.validation import check

    t0 = time.perf_counter()
    report = check(root, use_cache=False)
    kb = load_kb(root)
    t1 = time.perf_counter()
    files: dict[str, str | bytes] = dict(render_site(kb))
    t2 = time.perf_counter()
    files.update(vendored_files(REPO))
    files[NAV_FILE] = nav_yaml(handwritten_pages(root / "docs"))
    written = write_tree(root / "docs", GENERATED, files)
    t3 = time.perf_counter()
    again = write_tree(root / "docs", GENERATED, {
        **render_site(kb), **vendored_files(REPO),
        NAV_FILE: nav_yaml(handwritten_pages(root / "docs"))})
    t4 = time.perf_counter()
    return {"errors": report.errors, "load_validate_s": t1 - t0, "render_s": t2 - t1,
            "write_s": t3 - t2, "rerender_unchanged_s": t4 - t3,
            "rewritten_when_unchanged": len(again.written),
            "pages": sum(1 for p in files if p.endswith(".md")), "files": len(written.written)}


def _timed(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - t0, proc.returncode, (proc.stdout + proc.stderr)[-2000:]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def run(n: int, base: Path, zensical: bool, seed: int = 0) -> dict[str, object]:
    from kb.site.build import mkdocs_command

    root = _project(base, n, seed)
    gen = _generation(root)
    out = root / "site"
    build_s, rc, tail = _timed(mkdocs_command(root / "mkdocs.yml", out, strict=True), root)
    index = out / "search" / "search_index.json"
    others = ("actors", "models", "policies", "datasets", "sources")
    records = n + sum(len(list((root / f).glob("*.yaml"))) for f in others)
    result: dict[str, object] = {
        "incidents": n, "records": records, **gen, "mkdocs_build_s": build_s, "mkdocs_rc": rc,
        "ms_per_page": 1000 * build_s / int(gen["pages"]),
        "generation_share": (float(gen["render_s"]) + float(gen["write_s"])) / build_s,
        "generation_share_with_validation": (float(gen["load_validate_s"]) + float(gen["render_s"])
                                             + float(gen["write_s"])) / build_s,
        "search_index_bytes": index.stat().st_size if index.exists() else 0,
        "search_index_bytes_per_record": (index.stat().st_size / records) if index.exists() else 0,
        "site_bytes": _size(out),
        "max_child_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    if rc != 0:
        result["mkdocs_tail"] = tail
    if zensical:
        zbin = Path(sys.executable).with_name("zensical")
        z_s, z_rc, z_tail = _timed([str(zbin), "build", "-f", "mkdocs.yml", "--clean"], root)
        result.update({"zensical_build_s": z_s, "zensical_rc": z_rc})
        if z_rc != 0:
            result["zensical_tail"] = z_tail
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--zensical", action="store_true", help="also time a Zensical build")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "site.json")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="kb-bench-site-"))
    results = []
    try:
        for n in args.sizes:
            results.append(run(n, base, args.zensical, args.seed))
            print(json.dumps(results[-1], indent=1), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        growth = (float(b["mkdocs_build_s"]) / float(a["mkdocs_build_s"])) / (
            int(b["pages"]) / int(a["pages"]))
        print(f"growth ratio (build time ratio / page ratio), {a['incidents']} -> "
              f"{b['incidents']}: {growth:.2f} (1.00 = linear)")
        results.append({"growth_ratio": growth})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
