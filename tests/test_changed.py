"""`kb validate --changed`: only what a PR touched, plus the records that refer to it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.workflow.changed import GitError, default_base, git_changes, scope

runner = CliRunner()


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t",
                    *args], check=True, capture_output=True)


@pytest.fixture
def repo(small_kb: Path) -> Path:
    git(small_kb, "init", "-q", "-b", "main")
    git(small_kb, "add", "-A")
    git(small_kb, "commit", "-q", "-m", "base")
    return small_kb


def test_nothing_changed_validates_nothing(repo: Path) -> None:
    result = runner.invoke(app, ["validate", "--changed", "--root", str(repo)])
    assert result.exit_code == 0
    assert "no record changed since main" in result.stderr


def test_committed_changes_on_a_branch_are_checked_by_default(repo: Path) -> None:
    """`--changed` after committing used to compare with HEAD and check nothing; it compares
    with the merge base of the default branch."""
    git(repo, "checkout", "-q", "-b", "topic")
    target = repo / "actors" / "deepseek.yaml"
    target.write_text(target.read_text() + "bogus: 1\n")
    git(repo, "commit", "-q", "-am", "edit")
    result = runner.invoke(app, ["validate", "--changed", "--root", str(repo)])
    assert result.exit_code == 1
    assert "1 changed record since main" in result.stderr
    assert "actors/deepseek.yaml" in result.stderr and "KB101" in result.stderr


def test_default_base_is_the_remotes_default_branch(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    assert default_base(clone) == "origin/main"
    git(repo, "branch", "-q", "-m", "main", "trunk")
    assert default_base(repo) == "HEAD"  # no origin, main or master: uncommitted changes only


def test_changed_file_and_its_referrers_are_reported(repo: Path) -> None:
    deepseek = repo / "actors" / "deepseek.yaml"
    deepseek.write_text(deepseek.read_text() + "bogus: 1\n")
    (repo / "actors" / "minimax.yaml").unlink()
    changed, removed = git_changes(repo, "HEAD")
    assert changed == ["actors/deepseek.yaml"]
    assert removed == ["actors/minimax.yaml"]
    found = scope(repo, "HEAD")
    assert found.dependents == ["incidents/2026-02-23-anthropic-claude-distillation.yaml"]
    result = runner.invoke(app, ["validate", "--changed", "--root", str(repo), "--format", "github"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert any("file=actors/deepseek.yaml" in line and "KB101" in line for line in lines)
    assert any("KB204" in line and "minimax" in line for line in lines)


def test_unrelated_broken_files_are_not_reported(repo: Path) -> None:
    """A problem in a file the PR did not touch (and that does not refer to it) stays out."""
    (repo / "models" / "claude.yaml").write_text("id: claude\nname: [broken\n")
    git(repo, "commit", "-q", "-am", "broken on main")
    (repo / "actors" / "anthropic.yaml").write_text(
        (repo / "actors" / "anthropic.yaml").read_text().replace("US AI", "A US AI"))
    result = runner.invoke(app, ["validate", "--changed", "--root", str(repo)])
    assert "models/claude.yaml" not in result.stderr
    full = runner.invoke(app, ["validate", "--root", str(repo)])
    assert "models/claude.yaml" in full.stderr


def test_untracked_new_record_counts_as_changed(repo: Path) -> None:
    result = runner.invoke(app, ["new", "actor", "--title", "Acme AI", "--root", str(repo)])
    assert result.exit_code == 0
    checked = runner.invoke(app, ["validate", "--changed", "--root", str(repo)])
    assert checked.exit_code == 1
    assert "actors/acme-ai.yaml" in checked.stderr


def test_base_is_compared_from_the_merge_base(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "topic")
    target = repo / "actors" / "deepseek.yaml"
    target.write_text(target.read_text().replace("Chinese AI", "A Chinese AI"))
    git(repo, "commit", "-q", "-am", "edit")
    assert git_changes(repo, "main") == (["actors/deepseek.yaml"], [])
    assert git_changes(repo, "HEAD") == ([], [])


def test_unknown_base_is_a_usage_error(repo: Path) -> None:
    """An unknown --base used to be reported as git missing."""
    with pytest.raises(GitError):
        git_changes(repo, "no-such-ref")
    result = runner.invoke(app, ["validate", "--changed", "--base", "no-such-ref", "--root", str(repo)])
    assert result.exit_code == 2
    assert result.stderr.startswith("kb: error KB613 git knows no commit, branch or tag named "
                                    "'no-such-ref'")


def test_not_a_git_repository_is_a_usage_error(small_kb: Path) -> None:
    result = runner.invoke(app, ["validate", "--changed", "--root", str(small_kb)],
                           env={"GIT_CEILING_DIRECTORIES": str(small_kb.parent)})
    assert result.exit_code == 2
    assert "KB612" in result.stderr


def test_fmt_changed_checks_only_what_changed(repo: Path) -> None:
    """`kb fmt --check --changed` (the PR gate) looks at changed records only."""
    untouched = repo / "models" / "claude.yaml"
    untouched.write_text(untouched.read_text().replace("'2026-11-29'", "2026-11-29"))
    git(repo, "commit", "-q", "-am", "unformatted on main")
    assert runner.invoke(app, ["fmt", "--check", "--changed", "--root", str(repo)]).exit_code == 0
    target = repo / "actors" / "deepseek.yaml"
    target.write_text(target.read_text().replace("'2026-11-29'", "2026-11-29"))
    result = runner.invoke(app, ["fmt", "--check", "--changed", "--root", str(repo)])
    assert result.exit_code == 1
    assert "actors/deepseek.yaml" in result.stderr and "models/claude.yaml" not in result.stderr
    assert "1 file: 1 would be reformatted" in result.stderr
