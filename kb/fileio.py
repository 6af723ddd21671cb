"""Writing files atomically (temp file + rename), and writing only what changed.

One write step for every command that writes: the data goes to a temporary file beside the
target, is flushed to disk, and then takes the target's name in one step, so a reader (or a
crash) sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _write(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        mode = 0o644
        if not exclusive and path.exists():
            mode = path.stat().st_mode & 0o777
        os.chmod(tmp, mode)
        if exclusive:
            os.link(tmp, path)  # atomic, and refuses to replace an existing file
        else:
            os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, newlines as given), keeping its permissions."""
    _write(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """Binary variant of :func:`write_atomic`."""
    _write(path, data)


def create_new(path: Path, text: str) -> None:
    """Write a complete new file atomically; FileExistsError if the name is taken, even by a
    file that appeared meanwhile (never overwrites)."""
    _write(path, text.encode("utf-8"), exclusive=True)


def create_new_bytes(path: Path, data: bytes) -> None:
    """Binary variant of :func:`create_new`."""
    _write(path, data, exclusive=True)


def write_if_changed(path: Path, text: str) -> bool:
    """Write atomically unless the file already holds ``text``; return whether it wrote."""
    try:
        if path.read_text("utf-8") == text:
            return False
    except (FileNotFoundError, UnicodeDecodeError):
        pass
    write_atomic(path, text)
    return True
