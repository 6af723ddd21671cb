"""`kb serve`'s fast preview (kb/site/preview.py, deps.py, live.py): an edit re-renders only the
pages it can change, and what it writes equals what a full build writes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from site_project import make_hostile_project, make_project

from kb.loading import load_kb
from kb.site import (
    LISTING_GROUPS,
    PREVIEW_LISTING_GROUPS,
    PREVIEW_RECORD_GROUPS,
    RECORD_GROUPS,
    data_files,
    finish,
    render_groups,
    render_site,
)
from kb.site.context import GENERATED, SiteOptions, build_context
from kb.site.deps import References, render_records
from kb.site.indexes import INCIDENTS_INDEX, listings
from kb.site.paging import paged, render_all
from kb.site.preview import Preview
from kb.site.serve import Server, changes, snapshot

SMALL = Path(__file__).parent / "fixtures" / "small_kb"


def _generated_md(docs: Path) -> dict[str, str]:
    base = docs / GENERATED
    return {p.relative_to(docs).as_posix(): p.read_text("utf-8") for p in base.rglob("*.md")}


def _assert_pages_as_full_render(root: Path, options: SiteOptions) -> None:
    """Every Markdown page on disk equals the full render's, but those written from the data
    files (the downloads page lists checksums of every export), which the full step updates."""
    kb = load_kb(root)
    files = render_site(kb, options)
    data = set(data_files(build_context(kb, options)))
    full = {p: t for p, t in files.items() if p.endswith(".md") and p not in data}
    on_disk = {p: t for p, t in _generated_md(root / "docs").items() if p not in data}
    assert on_disk == full


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_record_groups_rendered_alone_are_checked_against_the_full_render(tmp_path: Path) -> None:
    """A record group whose pages, rendered for one record through the subset view, differ
    from the whole-KB render (a page function scanning every record itself) is rendered in
    full by the quick step; the others give, record by record, the full render's pages."""
    from kb.site.incident import incident_pages

    project = make_project(tmp_path / "p")
    preview = Preview(project, tmp_path / "site", html=False)
    assert preview.start().ok
    assert preview.ctx is not None
    ctx = preview.ctx
    full = render_site(ctx.kb, preview.options)
    assert incident_pages not in preview.mixed  # the largest group keeps the fast path
    for group in PREVIEW_RECORD_GROUPS:
        if group in preview.mixed:
            continue
        for record in ctx.kb.records.values():
            alone = render_records(ctx, {record.id}, [group])
            for page, text in finish(alone, set()).items():
                assert text == full[page], page


@pytest.mark.parametrize("rows", [200, 3])
def test_preview_groups_render_the_same_pages_as_the_full_render(tmp_path: Path, rows: int
                                                                 ) -> None:
    """The preview's groups and the paginated listings are the full render's pages, whether
    the listings are one page each or cut into pages."""
    ctx = build_context(load_kb(make_project(tmp_path / "p")), SiteOptions(listing_rows=rows))
    preview = {**render_groups(ctx, PREVIEW_RECORD_GROUPS + PREVIEW_LISTING_GROUPS),
               **render_all(ctx, listings(ctx))}
    assert preview == render_groups(ctx, RECORD_GROUPS + LISTING_GROUPS)


def test_references_name_neighbours_both_ways(tmp_path: Path) -> None:
    kb = load_kb(make_project(tmp_path / "p", SMALL))
    refs = References.of(kb)
    incident = "2026-02-23-anthropic-claude-distillation"
    assert "minimax" in refs.names[incident]
    assert incident in refs.named_by["minimax"]
    assert incident in refs.update(kb, {"minimax"})


EDITS = [
    ("actors/minimax.yaml", "name: MiniMax", "name: MiniMax Renamed"),
    ("models/claude.yaml", "name: Claude", "name: Claude Edited"),
    ("incidents/2026-02-23-anthropic-claude-distillation.yaml", "title: ", "title: Edited "),
    ("sources/blocknews-p-75077.yaml", "publisher: BlockNews", "publisher: BlockNews Edited"),
]


@pytest.mark.parametrize(("file", "old", "new"), EDITS)
def test_quick_step_writes_what_a_full_render_writes(tmp_path: Path, file: str, old: str,
                                                     new: str) -> None:
    """Every Markdown page after the quick step equals the full render of the edited KB."""
    project = make_project(tmp_path / "p", SMALL)
    preview = Preview(project, tmp_path / "site", html=False)
    assert preview.start().ok
    _edit(project / file, old, new)

    result = preview.changed([project / file])

    assert result.ok and result.written
    _assert_pages_as_full_render(project, preview.options)


def test_quick_step_handles_added_and_deleted_records(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SMALL)
    preview = Preview(project, tmp_path / "site", html=False)
    assert preview.start().ok
    added = project / "actors" / "new-lab.yaml"
    added.write_text("id: new-lab\nname: New Lab\nkind: company\njurisdiction: ['US']\n"
                     "summary: A lab added while serving.\n", "utf-8")
    assert preview.changed([added]).ok
    assert (project / "docs" / GENERATED / "actors" / "new-lab.md").is_file()
    _assert_pages_as_full_render(project, preview.options)

    added.unlink()
    assert preview.changed([added]).ok
    assert not (project / "docs" / GENERATED / "actors" / "new-lab.md").exists()
    _assert_pages_as_full_render(project, preview.options)


def test_a_broken_record_keeps_the_last_good_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SMALL)
    preview = Preview(project, tmp_path / "site", html=False)
    assert preview.start().ok
    before = _generated_md(project / "docs")
    _edit(project / "actors/minimax.yaml", "name: MiniMax", "name: [unclosed")

    result = preview.changed([project / "actors/minimax.yaml"])

    assert not result.ok and result.diagnostics[0].file == "actors/minimax.yaml"
    assert _generated_md(project / "docs") == before


def test_snapshot_sees_sources_not_generated_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SMALL)
    (project / "docs" / GENERATED).mkdir()
    before = snapshot(project)
    (project / "docs" / GENERATED / "x.md").write_text("generated", "utf-8")
    assert changes(before, snapshot(project)) == []
    _edit(project / "actors/minimax.yaml", "name: MiniMax", "name: MiniMax 2")
    (project / "docs" / "new.md").write_text("# New\n", "utf-8")
    assert changes(before, snapshot(project)) == [project / "actors/minimax.yaml",
                                                  project / "docs/new.md"]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode())


@pytest.mark.network
def test_an_edit_shows_in_the_served_page_and_index_as_a_full_build_renders_it(
        tmp_path: Path) -> None:
    """Against a real 127.0.0.1 server; then the same pages from `mkdocs build` are identical."""
    project = make_hostile_project(tmp_path / "p")
    site = tmp_path / "site"
    preview = Preview(project, site)
    assert preview.start().ok
    server = Server(site, 0)
    try:
        page = "generated/incidents/2026-02-23-anthropic-claude-distillation.html"
        index = "generated/incidents/index.html"
        assert "Edited headline" not in _get(server.url + page)
        record = project / "incidents/2026-02-23-anthropic-claude-distillation.yaml"
        _edit(record, "title: ", "title: Edited headline ")

        result = preview.changed([record])

        assert result.ok and result.html is not None and not result.html.full
        rendered = set(result.html.rendered)
        assert f"{GENERATED}/incidents/2026-02-23-anthropic-claude-distillation.md" in rendered
        assert len(rendered) < len(list((project / "docs" / GENERATED).rglob("*.md"))) / 2
        assert "Edited headline" in _get(server.url + page)
        assert "Edited headline" in _get(server.url + index)
        assert "Edited headline" in _get(server.url + "search/search_index.json")
    finally:
        server.close()
    full = tmp_path / "full"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
                    "-d", str(full)], cwd=project, env=env, check=True, capture_output=True)
    built = {p.relative_to(full).as_posix() for p in full.rglob("*") if p.is_file()}
    served = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert served - {".kb-site"} == built
    for rel in sorted(built):  # every page, the home page with its snippet, the search index
        assert (site / rel).read_bytes() == (full / rel).read_bytes(), rel


def test_the_full_step_brings_data_files_up_to_date(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", SMALL)
    preview = Preview(project, tmp_path / "site", html=False)
    assert preview.start().ok
    _edit(project / "actors/minimax.yaml", "name: MiniMax", "name: MiniMax Renamed")
    assert preview.changed([project / "actors/minimax.yaml"]).ok

    preview.start_full()
    result = preview.wait_full(300)

    assert result is not None and result.ok
    full = render_site(load_kb(project), preview.options)
    on_disk = {p.relative_to(project / "docs").as_posix()
               for p in (project / "docs" / GENERATED).rglob("*") if p.is_file()}
    assert set(full) <= on_disk
    for rel, content in full.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        assert (project / "docs" / rel).read_bytes() == data, rel
    shutil.rmtree(tmp_path / "site", ignore_errors=True)
    assert re.search("MiniMax Renamed", (project / "docs" / GENERATED / "actors/minimax.md")
                     .read_text("utf-8"))


def test_quick_step_on_the_real_kb_writes_what_a_full_render_writes(tmp_path: Path) -> None:
    """One record of each kind edited in turn on a copy of this repository's KB: after each
    quick step every page equals the full render (the pages of today's page modules)."""
    project = make_project(tmp_path / "p")
    preview = Preview(project, tmp_path / "site", html=False)
    assert preview.start().ok
    for folder, key in (("actors", "name"), ("models", "name"), ("datasets", "name"),
                        ("sources", "publisher"), ("policies", "title"), ("incidents", "title")):
        record = sorted((project / folder).glob("*.yaml"))[0]
        text = record.read_text("utf-8")
        line = re.search(rf"^{key}: .*$", text, re.M)
        assert line is not None, record
        record.write_text(text.replace(line.group(0), f"{key}: Edited {folder} {key}", 1), "utf-8")

        result = preview.changed([record])

        assert result.ok and result.written, record
        _assert_pages_as_full_render(project, preview.options)


ALPACA = "incidents/2023-03-13-stanford-alpaca-documented-distillation.yaml"
#: Edits in turn to a copy of this repository's KB, with listings cut into pages of 3 rows: a
#: title (one page of each listing changes), a date moved to a year with no other incident (a new
#: year page; the old year's pages shift), a tag added and one dropped, a party renamed.
SPLIT_EDITS = [
    (ALPACA, "title: '", "title: 'Edited "),
    (ALPACA, "date: '2023-03-13'", "date: '2021-06-01'"),
    (ALPACA, "tags: [documented-distillation,", "tags: [a-new-tag,"),
    ("actors/minimax.yaml", "name: MiniMax", "name: Zeta MiniMax"),
]


def test_quick_steps_with_listings_cut_into_pages_write_what_a_full_render_writes(
        tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    preview = Preview(project, tmp_path / "site", SiteOptions(listing_rows=3), html=False)
    assert preview.start().ok
    for file, old, new in SPLIT_EDITS:
        _edit(project / file, old, new)

        result = preview.changed([project / file])

        assert result.ok and result.written, (file, new)
        _assert_pages_as_full_render(project, preview.options)
    assert (project / "docs" / GENERATED / "incidents/by-year/2021.md").is_file()
    assert (project / "docs" / GENERATED / "tags/a-new-tag.md").is_file()

    removed = project / ALPACA
    removed.unlink()
    assert preview.changed([removed]).ok
    _assert_pages_as_full_render(project, preview.options)
    assert not (project / "docs" / GENERATED / "incidents/by-year/2021.md").exists()
    assert not (project / "docs" / GENERATED / "tags/a-new-tag.md").exists()


def test_an_edit_renders_only_the_listing_pages_that_show_the_record(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A title edit re-renders, of the incidents index, its landing page and the pages that list
    the incident or a record it names or that names it (their rows may show its title); not the
    other years' pages."""
    from kb.site import paging

    project = make_project(tmp_path / "p")
    preview = Preview(project, tmp_path / "site", SiteOptions(listing_rows=3), html=False)
    assert preview.start().ok
    rendered: set[str] = set()
    render = paging.render

    def spy(*args: object, **kwargs: object) -> dict[str, str]:
        pages = render(*args, **kwargs)  # type: ignore[arg-type]
        rendered.update(pages)
        return pages

    monkeypatch.setattr(paging, "render", spy)
    _edit(project / ALPACA, "title: '", "title: 'Edited ")

    result = preview.changed([project / ALPACA])

    assert result.ok and preview.ctx is not None
    alpaca = "2023-03-13-stanford-alpaca-documented-distillation"
    near = {alpaca} | preview.refs.neighbours(alpaca)  # what its row and its neighbours' show
    cut = paged(preview.ctx, INCIDENTS_INDEX)
    holding = {p.path for p in cut.parts if p.records & near}
    assert {p for p in rendered if p.startswith(f"{GENERATED}/incidents/")} == {
        cut.landing, *holding}
    assert len(holding) < len(cut.parts) / 2


def test_what_the_preview_keeps_is_left_out_of_garbage_collections(tmp_path: Path) -> None:
    """After a build the kept state is frozen (gc.freeze): a full collection during an edit
    would walk every page and record the preview keeps, for seconds on a large KB."""
    import gc

    project = make_project(tmp_path / "p", SMALL)
    preview = Preview(project, tmp_path / "site", html=False)
    gc.unfreeze()
    try:
        assert preview.start().ok
        assert preview.ctx is not None and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
