"""Generated reference artefacts: JSON Schemas (`schemas`) and reference pages (`pages`).

Each has one source (the record types, the codes catalogue, the vocabularies) and a drift check
(`drift`) that CI runs: a generated file that differs from what would be generated is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def drift(folder: Path, generated: Mapping[str, str]) -> list[str]:
    """Names (relative to ``folder``) whose file is missing or differs from ``generated``."""
    return [name for name, text in generated.items()
            if not (folder / name).is_file() or (folder / name).read_text("utf-8") != text]


def write(folder: Path, generated: Mapping[str, str]) -> list[str]:
    """Write what changed (atomically); return the names written."""
    from kb.fileio import write_if_changed

    return [name for name, text in generated.items() if write_if_changed(folder / name, text)]
