"""JavaScript vendored into the site from node_modules (installed by `npm ci` from the lockfile).

Nothing is fetched at view time: Mermaid, cytoscape.js and the iframe-worker shim (which lets
Material's search run from file://) are copied into the generated folder. Mermaid (3.5 MB) is
loaded only by the pages that draw a diagram (:func:`with_diagram_loader`), not by every page.
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.site.context import GENERATED, rel_html

MERMAID = f"{GENERATED}/assets/vendor/mermaid.min.js"

#: Target path (relative to docs/) -> source path (relative to the repository root).
VENDORED: dict[str, str] = {
    f"{GENERATED}/assets/vendor/cytoscape.min.js": "node_modules/cytoscape/dist/cytoscape.min.js",
    MERMAID: "node_modules/mermaid/dist/mermaid.min.js",
    f"{GENERATED}/assets/vendor/iframe-worker/shim.js": "node_modules/iframe-worker/shim/index.js",
}

_FENCE = "```mermaid\n"


class MissingAssets(Exception):
    """The npm packages the site vendors are not installed."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing


def vendored_files(repo: Path) -> dict[str, bytes]:
    missing = [src for src in VENDORED.values() if not (repo / src).is_file()]
    if missing:
        raise MissingAssets(missing)
    return {target: (repo / src).read_bytes() for target, src in VENDORED.items()}


def with_diagram_loader(path: str, text: str) -> str:
    """A Markdown page that draws a Mermaid diagram gets Mermaid's script at its end.

    The tag sits in the article, so it runs before Material's bundle looks for diagrams (which
    would otherwise fetch Mermaid from a CDN); pages without a diagram never load it.
    """
    if _FENCE not in text or MERMAID in text:
        return text
    return f'{text.rstrip()}\n\n<script src="{rel_html(path, MERMAID)}"></script>\n'


_ROOTED = re.compile(r'\b(href|src)="/(?!/)')
_HEAD = "<head>"


def relative_404(html: str) -> str:
    """MkDocs writes the 404 page with root-relative URLs ("/assets/..."), which resolve to the
    disk's root when the page is opened from a folder. Make them relative to the site root (where
    404.html lives) and, when served over HTTP (the server shows 404.html at any depth), restore
    the root with a ``<base>`` element written before the first relative URL is read."""
    if _HEAD not in html or not _ROOTED.search(html):
        return html
    base = ('<script>if (location.protocol !== "file:") '
            'document.write(\'<base href="/">\');</script>')
    return _ROOTED.sub(r'\1="', html.replace(_HEAD, _HEAD + base, 1))


def fix_404(site: Path) -> None:
    """Rewrite ``site/404.html`` with :func:`relative_404` (nothing to do if there is none)."""
    page = site / "404.html"
    if page.is_file():
        text = page.read_text("utf-8")
        fixed = relative_404(text)
        if fixed != text:
            page.write_text(fixed, "utf-8")
