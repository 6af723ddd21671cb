"""`kb build` end to end: strict MkDocs build, refusal on bad data, incremental writes, Zensical."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from site_project import built_site, make_hostile_project
from typer.testing import CliRunner

from kb.cli import app
from kb.site.build import parse_log

INCIDENT = "generated/incidents/2026-02-23-anthropic-claude-distillation.html"


def test_real_kb_builds_in_strict_mode(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The repository's own records build with no MkDocs warning (strict), nav by folder."""
    site = built_site("real", tmp_path_factory.getbasetemp())

    assert (site / INCIDENT).is_file()
    assert (site / "generated/downloads/SHA256SUMS").is_file()
    assert (site / "generated/assets/vendor/cytoscape.min.js").is_file()
    assert not (site / "generated/partials").exists()
    home = (site / "index.html").read_text("utf-8")
    assert "Latest changes" in home and "Methodology" in home


def test_build_rewrites_nothing_when_nothing_changed(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "p")
    runner = CliRunner()
    first = runner.invoke(app, ["build", "--root", str(project), "--out", str(tmp_path / "site")])
    page = project / "docs/generated/incidents/2026-03-01-hostile-test.md"
    mtime = page.stat().st_mtime_ns

    second = runner.invoke(app, ["build", "--root", str(project), "--out", str(tmp_path / "site")])

    assert first.exit_code == 0, first.stderr
    assert second.exit_code == 0, second.stderr
    assert "(0 written," in second.stderr and "0 removed" in second.stderr
    assert page.stat().st_mtime_ns == mtime
    assert (tmp_path / "site/generated/incidents/2026-03-01-hostile-test.html").is_file()


def test_removed_record_page_is_removed(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "p")
    runner = CliRunner()
    runner.invoke(app, ["build", "--root", str(project), "--out", str(tmp_path / "site")])
    (project / "incidents/2026-03-01-hostile-test.yaml").unlink()
    (project / "actors/evil-actor.yaml").unlink()

    result = runner.invoke(app, ["build", "--root", str(project), "--out", str(tmp_path / "site")])

    assert result.exit_code == 0, result.stderr
    assert not (project / "docs/generated/incidents/2026-03-01-hostile-test.md").exists()
    assert not (tmp_path / "site/generated/incidents/2026-03-01-hostile-test.html").exists()


def test_build_refuses_a_kb_with_errors(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "p")
    bad = project / "incidents/2026-03-01-hostile-test.yaml"
    bad.write_text(bad.read_text().replace("subject: evil-actor", "subject: no-such-actor"))

    result = CliRunner().invoke(app, ["build", "--root", str(project), "--out",
                                      str(tmp_path / "site")])

    assert result.exit_code == 1
    assert "KB701" in result.stderr
    assert not (tmp_path / "site").exists()


def test_mkdocs_warnings_become_diagnostics() -> None:
    log = ("INFO    -  The following pages exist in the docs directory, but are not included "
           'in the "nav" configuration:\n  - analysis/x.md\n'
           "WARNING -  Doc file 'a.md' contains a link 'b.md', but the target is not found.\n")

    diags = parse_log(log, Path("."))

    assert [(d.code, d.severity) for d in diags] == [("KB704", "warning"), ("KB703", "error")]
    assert diags[0].file == "docs/analysis/x.md"


def test_zensical_builds_the_same_pages(tmp_path: Path) -> None:
    """The generated pages and mkdocs.yml also build with Zensical, in strict mode."""
    project = make_hostile_project(tmp_path / "p")
    gen = CliRunner().invoke(app, ["build", "--root", str(project), "--out", str(tmp_path / "s")])
    assert gen.exit_code == 0, gen.stderr
    zensical = Path(sys.executable).with_name("zensical")

    proc = subprocess.run([str(zensical), "build", "-f", "mkdocs.yml", "--clean", "--strict"],
                          cwd=project, capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_COLOR": "1"})

    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (project / "site/generated/incidents/2026-03-01-hostile-test.html").read_text("utf-8")
    assert "<script>window.__pwned" not in page
    assert 'class="mermaid"' in page


@pytest.mark.network
def test_serve_rebuilds_when_a_record_changes(tmp_path: Path) -> None:
    """`kb serve` serves on 127.0.0.1 and picks up an edited record without a restart."""
    import re
    import time

    project = make_hostile_project(tmp_path / "p")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from kb.cli import main; main()", "serve", "--root", str(project),
         "--out", str(tmp_path / "site"), "--port", "0"],
        stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        url = ""
        for line in proc.stderr:
            match = re.search(r"at (http://127\.0\.0\.1:\d+/)", line)
            if match:
                url = match.group(1)
                break
        page = url + "generated/actors/minimax.html"
        assert "MiniMax" in _get(page)
        record = project / "actors/minimax.yaml"
        record.write_text(record.read_text().replace("name: MiniMax", "name: MiniMax Renamed"))
        deadline = time.monotonic() + 90
        body = ""
        while time.monotonic() < deadline and "MiniMax Renamed" not in body:
            time.sleep(1)
            try:
                body = _get(page)
            except OSError:  # the site folder is being rebuilt
                continue

        assert "MiniMax Renamed" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stderr is not None:
            proc.stderr.close()


def _get(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode())


def test_listings_cut_into_pages_build_in_strict_mode_out_of_the_navigation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With pages of one row every listing is cut into pages by year or initial (and every cited
    detection method gets its own listing): the strict build (no broken link or anchor) passes,
    the landing pages link them, the navigation does not list them."""
    from kb.site import methods
    from kb.site.build import build
    from kb.site.context import SiteOptions

    monkeypatch.setattr(methods, "INLINE", 0)

    project = make_hostile_project(tmp_path / "p")
    hostile = (project / "incidents/2026-03-01-hostile-test.yaml").read_text("utf-8")
    for n, date in enumerate(("2025-05-01", "2025-04-01", "2024-01-01"), 1):
        new_id = f"{date}-hostile-copy-{n}"
        (project / "incidents" / f"{new_id}.yaml").write_text(
            hostile.replace("id: 2026-03-01-hostile-test", f"id: {new_id}")
            .replace("date: '2026-03-01'", f"date: '{date}'"), "utf-8")
    site = tmp_path / "site"

    result = build(project, site, SiteOptions(listing_rows=1))

    assert result.ok, [(d.code, d.message) for d in result.diagnostics][:5]
    for page in ("incidents/by-year/2026.html", "incidents/by-year/2026-2.html",
                 "incidents/by-year/2024.html", "timeline/2026.html", "tags/hostile/2025.html",
                 "sources/by-publisher/a.html"):
        assert (site / "generated" / page).is_file(), page
    landing = (site / "generated/incidents/index.html").read_text("utf-8")
    assert 'href="by-year/2026.html"' in landing and 'href="by-year/2024.html"' in landing
    year = (site / "generated/incidents/by-year/2025.html").read_text("utf-8")
    assert 'href="../2025-05-01-hostile-copy-1.html"' in year
    home = (site / "index.html").read_text("utf-8")
    navigation = home[home.index('class="md-nav md-nav--primary"'):home.index("</nav>", home.index(
        'class="md-nav md-nav--primary"'))]
    assert "by-year" not in navigation and "by-year" not in (
        project / "docs/generated/partials/nav.yml").read_text("utf-8")  # not in the navigation
    assert 'href="generated/incidents/by-year/2025.html"' in home  # the home's year bars link them
    assert list((site / "generated/methods").glob("*.html"))
