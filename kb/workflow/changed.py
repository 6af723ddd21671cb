"""What a pull request touched: changed record files plus the records that reference them.

`kb validate --changed` reports on this set only (the whole KB is still loaded, from the
cache, because references and uniqueness are rules across records).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kb.loading import EXTENSION
from kb.records import KINDS


class GitError(Exception):
    """git is missing, the KB is not in a repository, or the base ref is unknown."""


@dataclass(frozen=True)
class Scope:
    changed: list[str]
    """Record files (relative to the KB root) added or modified since the base, existing now."""
    removed: list[str] = field(default_factory=list)
    """Record files deleted (or renamed away) since the base."""
    dependents: list[str] = field(default_factory=list)
    """Unchanged record files that reference a changed or removed record."""

    @property
    def files(self) -> list[str]:
        return sorted({*self.changed, *self.dependents})


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        raise GitError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else
                       f"git {' '.join(args)} failed")
    return done.stdout


def _is_record(rel: str) -> bool:
    parts = PurePosixPath(rel).parts
    return len(parts) == 2 and parts[0] in KINDS and rel.endswith((EXTENSION, ".yml"))


def git_changes(root: Path, base: str) -> tuple[list[str], list[str]]:
    """(changed, removed) record files between the merge base of ``base`` and the working
    tree, including staged, unstaged and untracked files. Paths are relative to ``root``
    (git runs there, with ``--relative``), which may be a folder inside the repository."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
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


def scope(root: Path, base: str = "HEAD", *, jobs: int = 0, use_cache: bool = True) -> Scope:
    """Changed record files and the records that point at them."""
    from kb.validation.check import check_files

    changed, removed = git_changes(root, base)
    if not changed and not removed:
        return Scope([], [])
    touched_ids = {PurePosixPath(rel).stem for rel in (*changed, *removed)}
    facts = [r.facts for r in check_files(root, jobs=jobs, use_cache=use_cache)
             if r.facts is not None]  # the validation cache makes this cheap
    wanted = set(changed)
    touched_ids.update(f.id for f in facts if f.file in wanted)  # an id may differ from its name
    dependents = sorted({
        f.file for f in facts if any(ref in touched_ids for _path, ref, _kinds in f.refs)
    } - wanted)
    return Scope(changed, removed, dependents)
