"""What a pull request touched: changed record files plus the records that reference them.

`kb validate --changed` reports on this set only (the whole KB is still loaded, from the
cache, because references and uniqueness are rules across records); `kb fmt --changed`
formats the changed files. Both compare the working tree (committed, staged, unstaged and
untracked changes) with the merge base of ``--base``, which defaults to the repository's
default branch (:func:`default_base`), so a branch whose changes are committed is still
checked.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kb.errors import KbError
from kb.loading import EXTENSION
from kb.records import KINDS


class GitError(KbError):
    """git is missing, the KB is not in a repository (KB612), or the base ref is unknown (KB613)."""


def _git_error(message: str) -> GitError:
    return GitError.of("KB612", message, usage=True,
                       hint="run inside a git clone with git installed, or without --changed")


@dataclass(frozen=True)
class Scope:
    base: str
    """The ref compared with (from the merge base of it and HEAD)."""
    changed: list[str]
    """Record files (relative to the KB root) added or modified since the base, existing now."""
    removed: list[str] = field(default_factory=list)
    """Record files deleted (or renamed away) since the base."""
    dependents: list[str] = field(default_factory=list)
    """Unchanged record files that reference a changed or removed record."""

    @property
    def files(self) -> list[str]:
        return sorted({*self.changed, *self.dependents})

    def summary(self) -> str:
        """One line for people: what is checked, compared with what."""
        removed = f" ({len(self.removed)} removed)" if self.removed else ""
        if not self.files:
            return f"no record changed since {self.base}{removed}: nothing to check"
        n = len(self.changed)
        return (f"{n} changed record{'s' * (n != 1)} since {self.base}{removed}, "
                f"{len(self.dependents)} referring to them")


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _git_error(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        raise _git_error(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else
                         f"git {' '.join(args)} failed")
    return done.stdout


def _known(root: Path, ref: str) -> bool:
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        return False
    return True


DEFAULT_BRANCHES = ("main", "master")


def default_base(root: Path) -> str:
    """The default branch to compare with: what ``origin/HEAD`` points at (the remote's default
    branch), else ``origin/main``, ``main``, ``origin/master`` or ``master``, whichever exists
    first; else ``HEAD`` (only uncommitted changes)."""
    _git(root, "rev-parse", "--git-dir")  # KB612 when git or the repository is missing
    try:
        remote_head = _git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD").strip()
    except GitError:
        remote_head = ""
    candidates = [remote_head] if remote_head else []
    for branch in DEFAULT_BRANCHES:
        candidates += [f"origin/{branch}", branch]
    return next((ref for ref in candidates if _known(root, ref)), "HEAD")


def check_base(root: Path, base: str) -> None:
    """KB612 when git cannot run here; KB613 when ``base`` names no commit."""
    _git(root, "rev-parse", "--git-dir")
    if not _known(root, base):
        raise GitError.of("KB613", f"git knows no commit, branch or tag named '{base}'", usage=True,
                          hint="check the name (git branch -a); in CI, fetch the base branch")


def _is_record(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return len(parts) == 2 and parts[0] in KINDS and rel.endswith((EXTENSION, ".yml"))


def git_changes(root: Path, base: str) -> tuple[list[str], list[str]]:
    """(changed, removed) record files between the merge base of ``base`` and the working
    tree, including staged, unstaged and untracked files. Paths are relative to ``root``
    (git runs there, with ``--relative``), which may be a folder inside the repository."""
    check_base(root, base)
    diff = _git(root, "diff", "--merge-base", base, "--name-status", "-z", "--no-renames",
                "--relative", "--", *KINDS)
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *KINDS)
    changed: set[str] = set()
    removed: set[str] = set()
    fields = diff.split("\0")
    for status, rel in zip(fields[0::2], fields[1::2], strict=False):
        if not rel or not _is_record(rel):
            continue
        (removed if status.startswith("D") else changed).add(rel)
    changed.update(rel for rel in untracked.split("\0") if rel and _is_record(rel))
    return sorted(changed), sorted(removed)


def scope(root: Path, base: str | None = None, *, dependents: bool = True, jobs: int = 0,
          use_cache: bool = True) -> Scope:
    """Changed record files since the merge base of ``base`` (default: :func:`default_base`)
    and, with ``dependents``, the records that point at them."""
    from kb.validation.check import check_files

    base = base or default_base(root)
    changed, removed = git_changes(root, base)
    if not dependents or (not changed and not removed):
        return Scope(base, changed, removed)
    touched_ids = {PurePosixPath(rel).stem for rel in (*changed, *removed)}
    facts = [r.facts for r in check_files(root, jobs=jobs, use_cache=use_cache)
             if r.facts is not None]  # the validation cache makes this cheap
    wanted = set(changed)
    touched_ids.update(f.id for f in facts if f.file in wanted)  # an id may differ from its name
    dependent_files = sorted({
        f.file for f in facts if any(ref in touched_ids for _path, ref, _kinds in f.refs)
    } - wanted)
    return Scope(base, changed, removed, dependent_files)
