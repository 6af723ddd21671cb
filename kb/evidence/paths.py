"""Where evidence lives, and refusing any path that leaves the repository.

Every path is built from the knowledge-base root plus fixed or hash-derived parts, and each
existing component is checked with ``lstat``: a symbolic link anywhere under the root, or a
``..``, is refused (KB412) before anything is read or written.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path, PurePosixPath

from kb.evidence.errors import fail

EVIDENCE_DIR = "evidence"
MANIFEST = "manifest.yaml"
CAPTURES = "captures"
WARC_SUFFIX = ".warc.gz"
_SHA_RE = re.compile(r"[0-9a-f]{64}")


def capture_relpath(sha256: str) -> str:
    """Path of a capture relative to ``evidence/``: ``captures/ab/<sha256>.warc.gz``."""
    if not _SHA_RE.fullmatch(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return f"{CAPTURES}/{sha256[:2]}/{sha256}{WARC_SUFFIX}"


def safe_path(root: Path, rel: str) -> Path:
    """``root / rel`` after checking that no component is ``..``, absolute or a symlink."""
    pure = PurePosixPath(rel)
    shown = rel
    if pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or "\\" in rel:
        raise fail("KB412", f"path {shown!r} leaves the knowledge base", file=shown,
                   hint="evidence paths are relative, without '..'")
    current = root
    for part in pure.parts:
        current = current / part
        try:
            mode = current.lstat().st_mode
        except FileNotFoundError:
            break
        except OSError as exc:
            raise fail("KB412", f"cannot inspect {shown}: {exc.strerror}", file=shown) from None
        if stat.S_ISLNK(mode):
            target = current.relative_to(root).as_posix()
            raise fail("KB412", f"{target} is a symbolic link; evidence is never read or written "
                       "through links", file=target,
                       hint="replace the link with a real folder or file inside the repository")
    return root / pure


def evidence_path(root: Path, rel: str = "") -> Path:
    """A path under ``evidence/``, checked by :func:`safe_path`."""
    return safe_path(root, f"{EVIDENCE_DIR}/{rel}" if rel else EVIDENCE_DIR)
