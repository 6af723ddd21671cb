"""Accessibility of the built site, checked by axe-core (vendored by npm, pinned in
package-lock.json, injected from node_modules: nothing is fetched) in headless Chromium.

No page may have a serious or critical violation. Like the other browser tests these fail,
not skip, when no browser is found (tests/browsers.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsers import chromium_browser
from playwright.sync_api import Page
from site_project import REPO, built_site

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def _first(site: Path, folder: str) -> str:
    pages = sorted(p for p in (site / "generated" / folder).glob("*.html") if p.name != "index.html")
    assert pages, folder
    return pages[0].relative_to(site).as_posix()


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site("real", tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def page(real_site: Path) -> Iterator[Page]:
    with chromium_browser() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("file:", "data:", "blob:")) else route.abort())
        yield page


def _violations(page: Page, url: str | None, ready: str | None = None) -> list[dict[str, Any]]:
    if url is not None:
        page.goto(url)
        page.wait_for_load_state("load")
    if ready:
        page.locator(ready).first.wait_for(timeout=20000)
    page.wait_for_timeout(300)
    page.add_script_tag(content=AXE.read_text("utf-8"))
    found: list[dict[str, Any]] = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
    }""")
    return [v for v in found if v["impact"] in BLOCKING]


PAGES = {
    "home": ("index.html", None),
    "incident": ("generated/incidents/2026-02-23-anthropic-claude-distillation.html", "div.mermaid"),
    "actor": ("generated/actors/deepseek.html", None),
    "model": ("generated/models/claude.html", "div.mermaid"),
    "policy": ("policies", None),
    "source": ("sources", None),
    "timeline": ("generated/timeline.html", None),
    "explorer": ("generated/explorer.html", "#kb-explorer[data-ready=true]"),
    "explorer-focus": ("generated/explorer.html?focus=deepseek", "#kb-explorer[data-ready=true]"),
    "404": ("404.html", None),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_has_no_serious_or_critical_axe_violation(page: Page, real_site: Path, name: str) -> None:
    path, ready = PAGES[name]
    if "/" not in path and not path.endswith(".html"):
        path = _first(real_site, path)
    target, _, query = path.partition("?")
    url = (real_site / target).as_uri() + (f"?{query}" if query else "")

    assert _violations(page, url, ready) == []


def test_axe_does_find_a_critical_violation(page: Page) -> None:
    """The check is not vacuous: an image without a text alternative is caught."""
    page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>')

    assert [v["id"] for v in _violations(page, None)] == ["image-alt"]
