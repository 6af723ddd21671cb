"""Benchmark `kb build` and `kb serve`'s preview, at 1,000 and 5,000 incidents.

For each N it generates a synthetic KB (benchmarks/synth.py) in a project with this
repository's mkdocs.yml and docs/, then measures, wall time and this process's CPU time
(the machine may be shared: CPU time is what an idle machine would take, near enough):
- load + validate (the KB is refused if it has errors);
- render: the Markdown pages (records and listings), then the data files (explorer, API,
  feeds, downloads), and writing them (only changed files);
- a second generation with nothing changed;
- the full MkDocs build: in this process (kb/site/live.py, the same `build()` as
  `mkdocs build`, which `kb serve` starts with), or with --subprocess as `kb build` runs it;
- one edit, shown by `kb serve`'s quick step (kb/site/preview.py): an incident's title
  (its page, the indexes, the pages of its parties and sources change) and, separately, an
  incident's summary (its page only); then the full step that brings every file up to date.
Reports ms per page, the page-generation share of the build, the growth ratio between sizes
(time ratio / page ratio; 1.0 is linear), the search-index size per record, the largest page of
the listings that are cut into pages (kb/site/paging.py: it must not grow with N), the load
average (the machine may be shared: CPU times are the ones to compare), and ratios to the
budgets and baselines of ../shared/DESIGN.md ("Performance budgets"): at most 10 ms per page at
5,000 incidents (8.8 measured in December 2026), page generation under 10% of the build, an
edit (title or summary) shown within 3 s at 5,000 incidents (a full rebuild, about 75 s, before
the preview).

Run: python -m benchmarks.bench_site [--sizes 1000 5000] [--subprocess] [--zensical] [--out FILE]
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
from typing import Any

from benchmarks.synth import generate as synth

REPO = Path(__file__).resolve().parent.parent


def _project(base: Path, n: int, seed: int) -> Path:
    root = base / f"kb-{n}"
    synth(root, n, seed)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs",
                    ignore=lambda d, names: ["generated"] if Path(d) == REPO / "docs" else [])
    return root


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> tuple[float, float]:
    return time.perf_counter() - start[0], time.process_time() - start[1]


def _generation(root: Path) -> dict[str, float | int | str]:
    from kb.loading import load_kb
    from kb.site import LISTING_GROUPS, RECORD_GROUPS, data_files, finish, render_groups
    from kb.site.assets import vendored_files
    from kb.site.context import GENERATED, build_context
    from kb.site.nav import NAV_FILE, handwritten_pages, nav_yaml
    from kb.site.redirects import redirect_pages
    from kb.site.writer import write_tree
    from kb.validation import check

    t = _clock()
    report = check(root, use_cache=False)
    kb = load_kb(root)
    load_s, load_cpu = _since(t)
    t = _clock()
    ctx = build_context(kb)
    pages = finish(render_groups(ctx, LISTING_GROUPS + RECORD_GROUPS), set(redirect_pages(ctx)))
    pages_s, pages_cpu = _since(t)
    t = _clock()
    data = data_files(ctx)
    data_s, data_cpu = _since(t)
    files: dict[str, str | bytes] = {**pages, **finish(data, set())}
    files.update(vendored_files(REPO))
    files[NAV_FILE] = nav_yaml(handwritten_pages(root / "docs"))
    t = _clock()
    written = write_tree(root / "docs", GENERATED, files)
    write_s, write_cpu = _since(t)
    t = _clock()
    again = write_tree(root / "docs", GENERATED, files)
    compare_s, _ = _since(t)
    md = sum(1 for p in files if p.endswith(".md"))
    md_bytes = sum(len(files[p]) for p in files if p.endswith(".md"))
    listed = _listing_pages(ctx)
    largest = max(listed, key=lambda p: len(files[p]))
    return {"errors": report.errors, "load_validate_s": load_s, "load_validate_cpu_s": load_cpu,
            "render_pages_s": pages_s, "render_pages_cpu_s": pages_cpu,
            "render_data_s": data_s, "render_data_cpu_s": data_cpu,
            "write_s": write_s, "write_cpu_s": write_cpu, "compare_unchanged_s": compare_s,
            "rewritten_when_unchanged": len(again.written), "pages": md,
            "markdown_bytes": md_bytes, "files": len(written.written),
            "listing_pages": len(listed), "largest_listing_page": largest,
            "largest_listing_page_bytes": len(files[largest])}


def _listing_pages(ctx: Any) -> list[str]:
    """The pages of the listings that grow with the KB (cut into pages, kb/site/paging.py)."""
    from kb.site.indexes import listings
    from kb.site.paging import paged

    return sorted(p for listing in listings(ctx) for p in paged(ctx, listing).paths)


def _preview(root: Path, out: Path) -> dict[str, object]:
    """Start `kb serve`'s preview (its full build), then time two edits and the full step."""
    from kb.site.preview import Preview

    preview = Preview(root, out)
    t = _clock()
    started = preview.start()
    start_s, start_cpu = _since(t)
    assert started.ok and started.html is not None, started.diagnostics[:3]
    result: dict[str, object] = {
        "serve_start_s": start_s, "serve_start_cpu_s": start_cpu,
        "mkdocs_build_s": started.html.seconds, "mkdocs_build_cpu_s": started.html.cpu_seconds,
        "mkdocs_warnings": len(started.html.warnings)}
    incident = sorted((root / "incidents").glob("*.yaml"))[len(list((root / "incidents")
                                                                    .glob("*.yaml"))) // 2]
    text = incident.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    summary = next(line for line in text.splitlines() if line.startswith("summary: "))
    for name, old, new in (("title", title, "title: An edited title for the benchmark"),
                           ("summary", summary, "summary: An edited summary for the benchmark.")):
        incident.write_text(text.replace(old, new, 1), "utf-8")
        t = _clock()
        quick = preview.changed([incident])
        wall, cpu = _since(t)
        assert quick.ok, quick.diagnostics[:3]
        html = quick.html
        result[f"edit_{name}"] = {
            "shown_s": wall, "shown_cpu_s": cpu, "own_page_shown_s": quick.first_seconds,
            "markdown_written": len(quick.written),
            "html_rendered": len(html.rendered) if html else 0,
            "html_s": html.seconds if html else 0.0, "full_build_instead": html.full if html else ""}
        text = incident.read_text("utf-8")
    t = _clock()
    preview.start_full()
    full = preview.wait_full(3600)
    wall, cpu = _since(t)
    assert full is not None and full.ok, full and full.diagnostics[:3]
    result["full_step_s"] = wall
    result["full_step_html_rendered"] = len(full.html.rendered) if full.html else 0
    return result


def _timed(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - t0, proc.returncode, (proc.stdout + proc.stderr)[-2000:]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def run(n: int, base: Path, zensical: bool, subprocess_build: bool, seed: int = 0
        ) -> dict[str, object]:
    from kb.site.build import mkdocs_command

    root = _project(base, n, seed)
    gen = _generation(root)
    out = root / "site"
    result: dict[str, object] = {"incidents": n, **gen}
    if subprocess_build:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        build_s, rc, tail = _timed(mkdocs_command(root / "mkdocs.yml", out, strict=True), root)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        result.update({"subprocess_build_s": build_s, "subprocess_build_rc": rc,
                       "subprocess_build_cpu_s": (after.ru_utime + after.ru_stime)
                       - (before.ru_utime + before.ru_stime)})
        if rc != 0:
            result["mkdocs_tail"] = tail
    t = _clock()
    result.update(_preview(root, out))
    index = out / "search" / "search_index.json"
    others = ("actors", "models", "policies", "datasets", "sources")
    records = n + sum(len(list((root / f).glob("*.yaml"))) for f in others)
    build_s = float(result["mkdocs_build_s"])  # type: ignore[arg-type]
    pages = int(gen["pages"])
    generation = float(gen["render_pages_s"]) + float(gen["write_s"])
    edit, summary = result["edit_title"], result["edit_summary"]
    assert isinstance(edit, dict) and isinstance(summary, dict)
    result.update({
        "records": records,
        "ms_per_page": 1000 * build_s / pages,
        "cpu_ms_per_page": 1000 * float(str(result["mkdocs_build_cpu_s"])) / pages,
        "ms_per_page_vs_budget_10": 1000 * build_s / pages / 10.0,
        "ms_per_page_vs_baseline_8_8": 1000 * build_s / pages / 8.8,
        "page_generation_share": generation / build_s,
        "page_generation_share_vs_budget_0_10": generation / build_s / 0.10,
        "page_generation_share_cpu": (float(gen["render_pages_cpu_s"])
                                      + float(gen["write_cpu_s"]))
        / float(str(result["mkdocs_build_cpu_s"])),
        "data_files_share_cpu": float(gen["render_data_cpu_s"])
        / float(str(result["mkdocs_build_cpu_s"])),
        "data_files_share": float(gen["render_data_s"]) / build_s,
        "edit_shown_vs_budget_3s": float(edit["shown_s"]) / 3.0,
        "edit_shown_cpu_vs_budget_3s": float(edit["shown_cpu_s"]) / 3.0,
        "edit_summary_shown_vs_budget_3s": float(summary["shown_s"]) / 3.0,
        "edit_summary_shown_cpu_vs_budget_3s": float(summary["shown_cpu_s"]) / 3.0,
        "edit_shown_vs_baseline_75s": float(edit["shown_s"]) / 75.0,
        "edit_own_page_shown_vs_budget_3s": float(edit["own_page_shown_s"]) / 3.0,
        "search_index_bytes": index.stat().st_size if index.exists() else 0,
        "search_index_bytes_per_record": (index.stat().st_size / records) if index.exists() else 0,
        "site_bytes": _size(out),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "bench_s": time.perf_counter() - t[0],
        "load_average_1_5_15_min": os.getloadavg(),
    })
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
    parser.add_argument("--subprocess", action="store_true",
                        help="also time `mkdocs build --strict` in a subprocess, as `kb build` runs it")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "site.json")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="kb-bench-site-"))
    results = []
    try:
        for n in args.sizes:
            results.append(run(n, base, args.zensical, args.subprocess, args.seed))
            print(json.dumps(results[-1], indent=1), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        growth = (float(str(b["mkdocs_build_s"])) / float(str(a["mkdocs_build_s"]))) / (
            int(str(b["pages"])) / int(str(a["pages"])))
        print(f"growth ratio (build time ratio / page ratio), {a['incidents']} -> "
              f"{b['incidents']}: {growth:.2f} (1.00 = linear)")
        results.append({"growth_ratio": growth})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
