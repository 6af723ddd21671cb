"""The site's output folder: a build never empties a folder it did not create (kb/site/output.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_project import make_hostile_project
from typer.testing import CliRunner

from kb.cli import app
from kb.site.build import generate
from kb.site.output import MARKER, UnsafeOutput, check_output, claim_output


@pytest.fixture
def kb_root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for folder in ("incidents", "actors", "models", "policies", "docs"):
        (root / folder).mkdir(parents=True)
    return root


def test_cli_build_refuses_a_folder_holding_a_file_and_keeps_it(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "p")
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "thesis.odt").write_text("years of work", "utf-8")

    result = CliRunner().invoke(app, ["build", "--root", str(project), "--out", str(documents)])

    assert result.exit_code == 2
    assert "refusing to build into" in result.stderr and "thesis.odt" in result.stderr
    assert (documents / "thesis.odt").read_text("utf-8") == "years of work"
    assert not (documents / MARKER).exists()


def test_a_new_folder_is_accepted_and_marked(kb_root: Path, tmp_path: Path) -> None:
    real = check_output(tmp_path / "new" / "site", kb_root)
    claim_output(real)
    assert (real / MARKER).is_file()
    check_output(tmp_path / "new" / "site", kb_root)  # a marked folder may be rebuilt


def test_a_marked_site_with_files_is_accepted(kb_root: Path) -> None:
    site = kb_root / "site"
    site.mkdir()
    (site / "index.html").write_text("old", "utf-8")
    (site / MARKER).write_text("", "utf-8")
    assert check_output(site, kb_root) == site.resolve()


def test_a_folder_with_only_hidden_entries_counts_as_empty(kb_root: Path, tmp_path: Path) -> None:
    """A gh-pages checkout keeps its .git: MkDocs never deletes hidden entries."""
    out = tmp_path / "pages"
    (out / ".git").mkdir(parents=True)
    assert check_output(out, kb_root) == out.resolve()


def test_a_site_built_before_the_marker_existed_is_adopted(kb_root: Path) -> None:
    site = kb_root / "site"
    (site / "search").mkdir(parents=True)
    (site / "generated").mkdir()
    (site / "sitemap.xml").write_text("", "utf-8")
    (site / "search/search_index.json").write_text("{}", "utf-8")
    assert check_output(site, kb_root) == site.resolve()


@pytest.mark.parametrize("out", [".", "..", "incidents", "docs", "docs/site", "actors/x"])
def test_folders_holding_the_knowledge_base_are_refused(kb_root: Path, out: str) -> None:
    target = kb_root / out
    if target.is_dir():
        (target / MARKER).write_text("", "utf-8")  # even a marker does not make them safe
    with pytest.raises(UnsafeOutput):
        check_output(target, kb_root)


def test_a_file_is_refused(kb_root: Path, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep", "utf-8")
    with pytest.raises(UnsafeOutput, match="is a file"):
        check_output(target, kb_root)


def test_a_symlink_is_judged_by_the_folder_it_points_to(kb_root: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "photo.jpg").write_bytes(b"\xff")
    link = tmp_path / "site-link"
    link.symlink_to(home)
    with pytest.raises(UnsafeOutput, match="not empty"):
        check_output(link, kb_root)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(UnsafeOutput, match="link to nothing"):
        check_output(dangling, kb_root)


def test_a_nul_in_the_folder_name_is_refused_not_a_traceback(kb_root: Path) -> None:
    with pytest.raises(UnsafeOutput, match="NUL"):
        check_output(Path("si\0te"), kb_root)


def test_generated_pages_folder_that_is_a_symlink_stops_the_build(tmp_path: Path) -> None:
    """Pruning stale pages through a committed docs/generated link would delete files elsewhere."""
    project = make_hostile_project(tmp_path / "p")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.txt").write_text("keep", "utf-8")
    (project / "docs/generated").symlink_to(elsewhere)

    result = generate(project)

    assert [d.code for d in result.diagnostics] == ["KB705"]
    assert (elsewhere / "precious.txt").read_text("utf-8") == "keep"


def test_cli_serve_refuses_a_folder_holding_a_file_before_serving(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "p")
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "notes.txt").write_text("keep", "utf-8")

    result = CliRunner().invoke(app, ["serve", "--root", str(project), "--out", str(documents),
                                      "--port", "0"])

    assert result.exit_code == 2 and "refusing to build into" in result.stderr
    assert "serving" not in result.stderr
    assert (documents / "notes.txt").read_text("utf-8") == "keep"
