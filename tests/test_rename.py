"""`kb mv` and `kb withdraw`: renames keep old ids as redirects and rewrite references;
withdrawals keep the record. Bad input is exit 1 with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.yamlio.reader import read_file

runner = CliRunner()
INCIDENT = "incidents/2026-02-23-anthropic-claude-distillation.yaml"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def kb(root: Path, *args: str) -> object:
    return runner.invoke(app, [*args, "--root", str(root)])


def test_mv_rewrites_references_and_keeps_the_old_id(small_kb: Path) -> None:
    result = kb(small_kb, "mv", "minimax", "minimax-ai")
    assert result.exit_code == 0, result.stderr
    assert "3 references rewritten" in result.stderr
    assert not (small_kb / "actors" / "minimax.yaml").exists()
    data = read_file(small_kb / "actors" / "minimax-ai.yaml", "x").data
    assert isinstance(data, dict)
    assert data["id"] == "minimax-ai"
    assert data["former_ids"] == ["minimax"]
    text = (small_kb / INCIDENT).read_text()
    assert "minimax-ai" in text
    assert "actor: minimax," not in text and "party: minimax\n" not in text
    assert "c-minimax" in text  # local ids are not record ids
    checked = kb(small_kb, "validate", "--no-cache")
    assert checked.exit_code == 0, checked.stderr
    assert kb(small_kb, "fmt", "--check").exit_code == 0


def test_mv_of_a_source_rewrites_evidence_relays_and_cited_in(small_kb: Path) -> None:
    old, new = "news-you-need-com-2026-02-24-p-216791", "cnn-mirror-news-you-need"
    result = kb(small_kb, "mv", old, new)
    assert result.exit_code == 0, result.stderr
    assert "3 references rewritten" in result.stderr  # an evidence item, a cited_in, a cited_in
    assert f"source: {new}\n" in (small_kb / INCIDENT).read_text()
    for name in ("cnn-anthropic-chinese-ai-distillation-intl-hnk",
                 "anthropic-2026-02-23-detecting-and-preventing-distillation-attacks"):
        text = (small_kb / "sources" / f"{name}.yaml").read_text()
        assert new in text and old not in text
    data = read_file(small_kb / "sources" / f"{new}.yaml", "x").data
    assert isinstance(data, dict) and data["former_ids"] == [old]
    checked = kb(small_kb, "validate", "--no-cache")
    assert checked.exit_code == 0, checked.stderr


def test_mv_keeps_comments_and_untouched_lines(small_kb: Path) -> None:
    path = small_kb / INCIDENT
    original = path.read_text().replace("models: [claude]", "models: [claude]  # the family")
    path.write_text(original)
    assert kb(small_kb, "mv", "claude", "claude-family").exit_code == 0
    after = path.read_text()
    assert "models: [claude-family] # the family" in after  # ruamel keeps the comment's column
    changed = [(a, b) for a, b in zip(original.splitlines(), after.splitlines(), strict=True) if a != b]
    assert len(changed) == 4
    assert all(a.replace("claude", "claude-family").replace("  #", " #") == b for a, b in changed)


def test_mv_back_removes_the_former_id(small_kb: Path) -> None:
    assert kb(small_kb, "mv", "minimax", "minimax-ai").exit_code == 0
    assert kb(small_kb, "mv", "minimax-ai", "minimax").exit_code == 0
    data = read_file(small_kb / "actors" / "minimax.yaml", "x").data
    assert isinstance(data, dict)
    assert data["former_ids"] == ["minimax-ai"]


def test_dry_run_writes_nothing(small_kb: Path) -> None:
    before = snapshot(small_kb)
    result = kb(small_kb, "mv", "--dry-run", "minimax", "minimax-ai")
    assert result.exit_code == 0
    assert "would write actors/minimax-ai.yaml" in result.stderr
    assert snapshot(small_kb) == before


@pytest.mark.parametrize(("args", "message"), [
    (["mv", "minimax", "deepseek"], "error KB607 the id 'deepseek' is already used"),
    (["mv", "no-such", "x"], "error KB608 no record has the id 'no-such'"),
    (["mv", "minimax", "MiniMax"], "error KB606 'MiniMax' is not a valid id"),
    (["mv", "minimax", "minimax"], "error KB610 the old and new ids are the same"),
    (["withdraw", "claude", "--reason", " "], "error KB610 give the reason"),
    (["withdraw", "claude", "--reason", "x", "--superseded-by", "anthropic"],
     "error KB610 'anthropic' is a actor, not a model"),
    (["withdraw", "nope", "--reason", "x"], "error KB608 no record has the id 'nope'"),
    (["withdraw", "claude", "--reason", "x", "--date", "2026-13-01"],
     "error KB609 '2026-13-01' is not a date"),
])
def test_bad_arguments_are_a_coded_usage_error_and_write_nothing(small_kb: Path, args: list[str],
                                                                 message: str) -> None:
    """Exit 2 (the command line is wrong), one `kb: error KBnnn ...` line, nothing written."""
    before = snapshot(small_kb)
    result = kb(small_kb, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kb: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(small_kb) == before


def test_mv_onto_a_former_id_of_another_record_is_refused(small_kb: Path) -> None:
    assert kb(small_kb, "mv", "minimax", "minimax-ai").exit_code == 0
    before = snapshot(small_kb)
    result = kb(small_kb, "mv", "deepseek", "minimax")
    assert result.exit_code == 2
    assert "former id of 'minimax-ai'" in result.stderr
    assert snapshot(small_kb) == before


def test_withdraw_keeps_the_record_with_a_reason(small_kb: Path) -> None:
    result = kb(small_kb, "withdraw", "claude", "--reason", "Merged into another record.",
                "--date", "2026-11-29")
    assert result.exit_code == 0, result.stderr
    data = read_file(small_kb / "models" / "claude.yaml", "x").data
    assert isinstance(data, dict)
    assert data["withdrawn"] == {"date": "2026-11-29", "reason": "Merged into another record."}
    assert list(data)[-2:] == ["withdrawn", "sources_reviewed_up_to"]
    assert kb(small_kb, "validate", "--no-cache").exit_code == 0
    assert kb(small_kb, "fmt", "--check").exit_code == 0
    again = kb(small_kb, "withdraw", "claude", "--reason", "again")
    assert again.exit_code == 2 and "KB610" in again.stderr and "already withdrawn" in again.stderr


def test_mv_of_a_dataset_rewrites_the_models_trained_on_it(small_kb: Path) -> None:
    (small_kb / "datasets").mkdir()
    (small_kb / "datasets" / "samples.yaml").write_text(
        "id: samples\nname: Samples\nsummary: Outputs.\n"
        "evidence:\n  - {id: e1, source: blocknews-p-75077}\n")
    model = small_kb / "models" / "claude.yaml"
    model.write_text(model.read_text().replace(
        "access: api\n", "access: api\ntrained_on:  # declared\n  - {dataset: samples, evidence: [e1]}\n")
        + "evidence:\n  - {id: e1, source: blocknews-p-75077}\n")
    result = kb(small_kb, "mv", "samples", "claude-samples")
    assert result.exit_code == 0, result.stderr
    assert "- {dataset: claude-samples, evidence: [e1]}" in model.read_text()
    assert "trained_on:  # declared" in model.read_text()
    checked = kb(small_kb, "validate", "--no-cache")
    assert checked.exit_code == 0, checked.stderr
