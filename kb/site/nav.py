"""The navigation: fixed entries for the generated indexes, then hand-written docs by folder.

MkDocs and Zensical only accept files in ``nav:``, so ``kb build`` writes the nav into
``docs/generated/partials/nav.yml`` and mkdocs.yml inherits it (``INHERIT:``). A page added
under docs/<folder>/ appears in the navigation with no edit to mkdocs.yml; record pages stay
out of it (a nav listing every page makes the Material build quadratic).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from kb.site.context import GENERATED

NAV_FILE = f"{GENERATED}/partials/nav.yml"

#: Generated entries, in reading order: (title, path) or (section, [(title, path), ...]).
FIXED: list[tuple[str, str | list[tuple[str | None, str]]]] = [
    ("Home", "index.md"),
    ("Incidents", [(None, f"{GENERATED}/incidents/index.md"),
                   ("Timeline", f"{GENERATED}/timeline.md"),
                   ("Tags", f"{GENERATED}/tags/index.md")]),
    ("Lineage explorer", f"{GENERATED}/explorer.md"),
    ("Actors", f"{GENERATED}/actors/index.md"),
    ("Models", f"{GENERATED}/models/index.md"),
    ("Datasets", f"{GENERATED}/datasets/index.md"),
    ("Policies", f"{GENERATED}/policies/index.md"),
    ("Sources", f"{GENERATED}/sources/index.md"),
    ("Downloads", f"{GENERATED}/downloads.md"),
]
#: Hand-written folders first in this order; others follow alphabetically.
FOLDER_ORDER = ("methodology", "analysis", "reference")
SKIP = ("generated", "assets", "overrides")


def handwritten_pages(docs: Path) -> list[str]:
    """Markdown pages under docs/ that people write (relative, forward slashes), home excluded."""
    pages = (p.relative_to(docs) for p in docs.rglob("*.md"))
    return sorted(p.as_posix() for p in pages if p.parts[0] not in SKIP and p.as_posix() != "index.md")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # a JSON string is a YAML flow scalar


def _title(folder: str) -> str:
    return folder.replace("-", " ").replace("_", " ").capitalize()


def nav_yaml(pages: Iterable[str]) -> str:
    """The ``nav:`` mapping for the fixed entries plus ``pages`` grouped by folder."""
    lines = ["# Written by `kb build` (kb/site/nav.py): do not edit.", "nav:"]
    for title, target in FIXED:
        if isinstance(target, str):
            lines.append(f"  - {_q(title)}: {_q(target)}")
        else:
            lines.append(f"  - {_q(title)}:")
            lines += [f"      - {_q(t)}: {_q(p)}" if t else f"      - {_q(p)}" for t, p in target]
    top: list[str] = []
    folders: dict[str, list[str]] = {}
    for page in pages:
        head, _, rest = page.partition("/")
        if rest:
            folders.setdefault(head, []).append(page)
        elif page != "index.md":
            top.append(page)
    order = [f for f in FOLDER_ORDER if f in folders] + sorted(set(folders) - set(FOLDER_ORDER))
    for folder in order:
        entries = sorted(folders[folder], key=lambda p: (not p.endswith("/index.md"), p))
        lines.append(f"  - {_q(_title(folder))}:")
        lines += [f"      - {_q(p)}" for p in entries]
    lines += [f"  - {_q(p)}" for p in top]
    return "\n".join(lines) + "\n"
