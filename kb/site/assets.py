"""JavaScript vendored into the site from node_modules (installed by `npm ci` from the lockfile).

Nothing is fetched at view time: Mermaid, cytoscape.js and the iframe-worker shim (which lets
Material's search run from file://) are copied into the generated folder.
"""

from __future__ import annotations

from pathlib import Path

from kb.site.context import GENERATED

#: Target path (relative to docs/) -> source path (relative to the repository root).
VENDORED: dict[str, str] = {
    f"{GENERATED}/assets/vendor/cytoscape.min.js": "node_modules/cytoscape/dist/cytoscape.min.js",
    f"{GENERATED}/assets/vendor/mermaid.min.js": "node_modules/mermaid/dist/mermaid.min.js",
    f"{GENERATED}/assets/vendor/iframe-worker/shim.js": "node_modules/iframe-worker/shim/index.js",
}


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
