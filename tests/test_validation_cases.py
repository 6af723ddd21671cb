"""One directory per invalid case under tests/cases/: its files are laid over a copy of the small
valid KB, and `kb validate` must print exactly the diagnostics in the case's expected.txt, exit 1,
and change nothing on disk."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app

CASES = Path(__file__).parent / "cases"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def _snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _apply(case: Path, kb: Path) -> None:
    for src in case.rglob("*"):
        if src.is_file() and src.name != "expected.txt":
            dest = kb / src.relative_to(case)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)


def run_validate(kb: Path, *args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(app, ["validate", "--root", str(kb), "--no-cache", *args])
    lines = result.stderr.splitlines()
    return result.exit_code, lines[:-1], result.stdout


@pytest.mark.parametrize("name", CASE_NAMES)
def test_invalid_case_reports_exact_diagnostics(name: str, small_kb: Path) -> None:
    _apply(CASES / name, small_kb)
    before = _snapshot(small_kb)
    code, diagnostics, _ = run_validate(small_kb)
    expected = (CASES / name / "expected.txt").read_text("utf-8").splitlines()
    assert diagnostics == expected
    assert code == 1
    assert _snapshot(small_kb) == before, "validate must not change any file"


def test_small_kb_is_valid(small_kb: Path) -> None:
    code, diagnostics, _ = run_validate(small_kb)
    assert (code, diagnostics) == (0, [])


def test_rules_on_a_broken_record_skip_only_the_parts_that_failed(small_kb: Path) -> None:
    """A TODO in claims[0].statement (KB601) must not hide a bad reference elsewhere in
    claims[0] (KB204) when the record also fails type-checking in another field."""
    _apply(CASES / "broken-record-reports-everything", small_kb)
    path = small_kb / "incidents" / "2025-01-01-test.yaml"
    path.write_text(path.read_text().replace("statement: Anthropic says", "statement: TODO Anthropic says"))
    _code, diagnostics, _ = run_validate(small_kb)
    codes = [line.split(" ")[2] for line in diagnostics]
    assert codes == ["KB104", "KB601", "KB204", "KB601", "KB203"], diagnostics
