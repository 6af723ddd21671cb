"""The site's output folder: `kb build` and `kb serve` never delete what they did not create.

MkDocs empties its output folder (``--clean``) before writing, so ``kb build --out ~/Documents``
would delete a user's files. Before each build the output folder is checked: it must be new,
empty (hidden entries such as ``.git`` do not count: MkDocs never deletes them), or a site an
earlier build wrote, which it marks with :data:`MARKER`. Folders that hold the knowledge base
itself (the root or one of its parents, a record folder, the hand-written ``docs/``) are refused
even when marked.
"""

from __future__ import annotations

from pathlib import Path

from kb.records import KINDS

MARKER = ".kb-site"
"""Written into every output folder `kb build` uses; MkDocs' clean step keeps hidden files."""
_MARKER_TEXT = "This folder is a site built by `kb build`; the next build replaces its contents.\n"
_LEGACY = ("sitemap.xml", "search/search_index.json", "generated")
"""A site built before the marker existed holds all of these (it is adopted and marked)."""


class UnsafeOutput(ValueError):
    """The output folder is not one the build may empty; the message says why and what to do."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def _visible_entries(folder: Path) -> list[str]:
    return sorted(name for name in (p.name for p in folder.iterdir()) if not name.startswith("."))


def check_output(out: Path, root: Path, docs: Path | None = None) -> Path:
    """Return the real output folder if a build may empty and fill it, else raise UnsafeOutput."""
    shown = str(out)
    if "\0" in shown:
        raise UnsafeOutput(f"--out {shown!r} contains a NUL character; pass a folder name")
    if out.is_symlink() and not out.exists():
        raise UnsafeOutput(f"--out {shown} is a symbolic link to nothing; pass a real folder")
    real = out.resolve()
    kb_root = root.resolve()
    if _inside(kb_root, real):
        raise UnsafeOutput(f"--out {shown} holds the knowledge base itself ({kb_root}); building "
                           "there would delete it. Use a new folder such as `site`")
    for folder in (*(kb_root / kind for kind in KINDS), (docs or kb_root / "docs").resolve()):
        if _inside(real, folder.resolve()):
            raise UnsafeOutput(f"--out {shown} is inside {folder.name}/, which holds hand-written "
                               "files; use a folder outside it, such as `site`")
    if real.exists() and not real.is_dir():
        raise UnsafeOutput(f"--out {shown} is a file, not a folder; pass a folder")
    if real.is_dir() and not (real / MARKER).is_file():
        entries = _visible_entries(real)
        if entries and not all((real / name).exists() for name in _LEGACY):
            listed = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
            raise UnsafeOutput(
                f"refusing to build into {shown}: it is not empty ({listed}) and is not a site "
                f"built by kb (no {MARKER} file), and the build deletes everything in it. "
                "Choose a new or empty folder")
    return real


def claim_output(real: Path) -> None:
    """Create the output folder if needed and mark it as a site built by kb."""
    real.mkdir(parents=True, exist_ok=True)
    marker = real / MARKER
    if not marker.is_file():
        marker.write_text(_MARKER_TEXT, "utf-8")
