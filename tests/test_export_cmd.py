"""`kb export`: writes each format into a folder kb owns, and never touches other files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner, Result

from kb.cli import app
from tests.export_helpers import edit, rename_minimax


def _export(root: Path, fmt: str, out: Path, *extra: str) -> Result:
    return CliRunner().invoke(app, ["export", fmt, "--root", str(root), "--out", str(out), *extra])


def test_each_format_writes_its_files(small_kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for fmt in ("api", "feeds", "stix", "sqlite"):
        result = _export(small_kb, fmt, out, "--site-url", "https://kb.example/")
        assert result.exit_code == 0, result.stderr
    assert json.loads((out / "v1/actors/minimax.json").read_text())["name"] == "MiniMax"
    index = json.loads((out / "v1/actors/index.json").read_text())
    assert index["records"][0]["page"] == "https://kb.example/generated/actors/anthropic.html"
    assert (out / "v1/schemas/api-index.schema.json").is_file()
    assert (out / "kb.atom").read_text().startswith("<?xml")
    assert json.loads((out / "distillation-kb.stix.json").read_text())["type"] == "bundle"
    db = sqlite3.connect(out / "distillation-kb.sqlite")
    records = sum(1 for p in small_kb.glob("*/*.yaml") if p.parent.name != "schemas")
    assert db.execute("SELECT count(*) FROM records").fetchone()[0] == records


def test_a_second_export_rewrites_nothing_and_keeps_other_formats(small_kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _export(small_kb, "api", out)
    _export(small_kb, "stix", out)
    result = _export(small_kb, "api", out)
    assert result.exit_code == 0
    assert "api: 0 written" in result.stderr and "0 removed" in result.stderr
    assert (out / "distillation-kb.stix.json").is_file()


def test_a_file_the_export_no_longer_produces_is_removed(small_kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rename_minimax(small_kb)
    _export(small_kb, "api", out)
    assert (out / "v1/actors/mini-max.json").is_file()
    edit(small_kb, "actors/minimax.yaml", "former_ids: [mini-max]\n", "")
    result = _export(small_kb, "api", out)
    assert result.exit_code == 0 and "1 removed" in result.stderr
    assert not (out / "v1/actors/mini-max.json").exists()


def test_a_folder_holding_other_files_is_refused_untouched(small_kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    result = _export(small_kb, "api", out)
    assert result.exit_code == 1 and "KB802" in result.stderr and "notes.txt" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_an_output_path_that_is_a_file_is_refused(small_kb: Path, tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    target.write_text("{}")
    result = _export(small_kb, "stix", target)  # --out names a folder: a file is a usage error
    assert result.exit_code == 2 and "is a file" in result.output and "Traceback" not in result.output
    assert target.read_text() == "{}"


def test_a_kb_with_errors_is_not_exported(small_kb: Path, tmp_path: Path) -> None:
    (small_kb / "actors/minimax.yaml").write_text("id: minimax\nname: [unclosed\n")
    result = _export(small_kb, "api", tmp_path / "out")
    assert result.exit_code == 1 and "KB807" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_site_url_that_is_not_http_is_a_usage_error(small_kb: Path, tmp_path: Path) -> None:
    result = _export(small_kb, "feeds", tmp_path / "out", "--site-url", "javascript:alert(1)")
    assert result.exit_code == 2 and "--site-url must be an http(s) URL" in result.stderr
    assert not (tmp_path / "out").exists()
