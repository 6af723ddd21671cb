"""The built site in a real browser (headless Chromium): offline, searchable, safe.

These tests fail, not skip, when no browser is found (tests/browsers.py says where it looks;
`KB_CHROMIUM` names one): `scripts/test.sh` installs one.
Screenshots of the main pages go to test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browsers import chromium_browser
from playwright.sync_api import Browser, Page
from site_project import REPO, built_site

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
INCIDENT = "generated/incidents/2026-02-23-anthropic-claude-distillation.html"
HOSTILE = "generated/incidents/2026-03-01-hostile-test.html"


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site("real", tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site("hostile", tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def served(real_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(real_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as b:
        yield b


class Watched:
    """A page that records console errors, dialogs and every request to another host."""

    def __init__(self, browser: Browser) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "blob") or parts.hostname == "127.0.0.1":
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.foreign.append(url)
            route.abort()  # type: ignore[attr-defined]

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"site-{name}.png"), full_page=False)


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.page.close()


def test_home_loads_with_no_errors_and_no_request_to_another_host(
        watched: Watched, served: str) -> None:
    watched.page.goto(served)
    watched.page.wait_for_load_state("networkidle")
    watched.shot("home")

    assert "distillation-kb" in watched.page.title()
    assert watched.page.get_by_text("Latest changes").count() >= 1
    assert watched.errors == []
    assert watched.foreign == []


def test_search_for_minimax_finds_the_february_2026_incident(watched: Watched, served: str) -> None:
    watched.page.goto(served)
    watched.page.locator("label.md-search__icon, .md-search__input").first.click()
    watched.page.locator(".md-search__input").click()
    watched.page.keyboard.type("MiniMax", delay=50)
    result = watched.page.locator(".md-search-result__item", has_text="Anthropic alleges DeepSeek")
    result.first.wait_for(timeout=30000)
    watched.shot("search")

    assert result.count() >= 1
    assert watched.foreign == []


def test_incident_page_shows_the_labs_the_figure_and_a_response(
        watched: Watched, served: str) -> None:
    watched.page.goto(served + INCIDENT)
    watched.page.locator("div.mermaid").first.wait_for(timeout=20000)
    watched.shot("incident")
    text = watched.page.locator("article").inner_text()

    for lab in ("DeepSeek", "Moonshot AI", "MiniMax"):
        assert lab in text
    assert "24,000" in text
    assert "No public response from DeepSeek was found" in text  # in its claim's card
    assert watched.page.locator("pre.mermaid").count() == 0  # Mermaid replaced it with a diagram
    watched.page.locator("#claims").scroll_into_view_if_needed()
    watched.shot("incident-responses")
    assert watched.errors == [] and watched.foreign == []


def test_explorer_renders_nodes_and_a_click_opens_the_node_page(
        watched: Watched, served: str) -> None:
    page = watched.page
    page.goto(served + "generated/explorer.html")
    page.locator("#kb-explorer[data-ready=true]").wait_for(timeout=20000)
    watched.shot("explorer")
    count = page.evaluate("() => window.KB_CY.nodes().not('.hidden').length")
    box = page.locator("#kb-explorer").bounding_box()
    pos = page.evaluate("() => window.KB_CY.getElementById('claude').renderedPosition()")

    assert count > 5
    assert box is not None
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_url("**/generated/models/claude.html", timeout=10000)
    assert watched.errors == [] and watched.foreign == []


def test_site_opened_from_disk_searches_and_draws_diagrams(watched: Watched, real_site: Path) -> None:
    page = watched.page
    page.goto((real_site / INCIDENT).as_uri())
    page.locator("div.mermaid").first.wait_for(timeout=20000)
    page.goto((real_site / "index.html").as_uri())
    page.locator(".md-search__input").click()
    page.keyboard.type("MiniMax", delay=50)
    page.locator(".md-search-result__item").first.wait_for(timeout=30000)
    watched.shot("file-search")
    page.goto((real_site / "generated/explorer.html").as_uri())
    page.locator("#kb-explorer[data-ready=true]").wait_for(timeout=20000)

    assert watched.errors == []
    assert watched.foreign == []


def test_hostile_record_text_stays_inert(watched: Watched, hostile_site: Path) -> None:
    page = watched.page
    for path in (HOSTILE, "generated/actors/evil-actor.html", "generated/incidents/index.html",
                 "generated/explorer.html", "index.html"):
        page.goto((hostile_site / path).as_uri())
        page.wait_for_timeout(1500)
        if path == HOSTILE:
            page.locator("div.mermaid").first.wait_for(timeout=20000)
            watched.shot("hostile")
            text = page.locator("article").inner_text()
            assert "<script>window.__pwned=1" in text  # shown as text
            assert "<img src=x onerror=alert(1)>" in text
            assert page.locator("article a[href^='javascript']").count() == 0
            assert page.locator("article img, article svg[onload], article iframe").count() == 0
        assert page.evaluate("() => window.__pwned === undefined")
        assert page.locator("[onerror], [onload], [onclick], [onmouseover]").count() == 0

    assert watched.dialogs == []
    assert watched.foreign == []


EXPLORER = "generated/explorer.html"
_POSITIONS = "() => Object.fromEntries(window.KB_CY.nodes().map(n => [n.id(), n.position()]))"
_LABELS = """() => {
  const cy = window.KB_CY;
  const shown = cy.nodes('.labelled').filter(n => !n.hasClass('hidden'));
  const boxes = shown.map(n => n.boundingBox({includeNodes: false, includeEdges: false,
                                                includeLabels: true}));
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.x1 < b.x2 - 1 && b.x1 < a.x2 - 1 && a.y1 < b.y2 - 1 && b.y1 < a.y2 - 1) overlaps++;
  }
  const sizes = shown.map(n => parseFloat(n.renderedStyle('font-size')));
  return {count: shown.length, overlaps: overlaps, smallest: Math.min(...sizes)};
}"""


def _explorer(page: Page, url: str) -> None:
    page.goto(url)
    page.locator("#kb-explorer[data-ready=true]").wait_for(timeout=20000)
    page.wait_for_timeout(300)  # labels are placed on the next animation frame


def test_mermaid_loads_only_on_pages_that_draw_a_diagram(watched: Watched, served: str,
                                                         real_site: Path) -> None:
    page = watched.page
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    source = sorted((real_site / "generated" / "sources").glob("*.html"))[0]
    for path in ("", "generated/timeline.html", source.relative_to(real_site).as_posix(),
                 EXPLORER):
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => typeof window.mermaid") == "undefined", path
    assert not [url for url in requested if "mermaid" in url]

    page.goto(served + INCIDENT)
    page.locator("div.mermaid").first.wait_for(timeout=20000)  # drawn by Material
    assert len([url for url in requested if "mermaid" in url]) == 1
    assert watched.errors == [] and watched.foreign == []


def test_explorer_draws_the_same_positions_on_every_load_and_fills_its_box(
        browser: Browser, served: str) -> None:
    seen = []
    for _ in range(2):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        _explorer(page, served + EXPLORER)
        seen.append(page.evaluate(_POSITIONS))
        drawn = page.evaluate("() => window.KB_CY.elements().not('.hidden').renderedBoundingBox()")
        box = page.locator("#kb-explorer").bounding_box()
        page.close()

    assert seen[0] == seen[1] and len(seen[0]) > 50
    assert box is not None
    assert drawn["w"] / box["width"] > 0.85 or drawn["h"] / box["height"] > 0.85
    assert drawn["w"] / box["width"] > 0.6 and drawn["h"] / box["height"] > 0.6


def test_explorer_labels_stay_readable_and_apart_at_every_zoom(watched: Watched, served: str) -> None:
    page = watched.page
    _explorer(page, served + EXPLORER)
    for zoom in (None, 0.2, 0.5, 1.0, 2.5):
        if zoom is not None:
            page.evaluate(f"() => {{ window.KB_CY.zoom({zoom}); }}")  # (returning cy would be serialised)
            page.wait_for_timeout(200)
        labels = page.evaluate(_LABELS)

        assert labels["count"] >= 5, zoom
        assert labels["smallest"] >= 11, zoom  # CSS px on screen
        assert labels["overlaps"] == 0, zoom
    watched.shot("explorer-zoomed")
    assert watched.errors == []


def test_explorer_shows_who_claims_each_arrow_and_draws_weak_claims_dashed(
        watched: Watched, served: str) -> None:
    page = watched.page
    _explorer(page, served + EXPLORER)
    edges = page.evaluate("""() => window.KB_CY.edges('[type = "claim"]').map(e => ({
        label: e.data('label'), sentence: e.data('sentence'), status: e.data('status'),
        claimant: window.KB_CY.getElementById(e.data('claimant')).data('label'),
        line: e.style('line-style')}))""")

    assert len(edges) > 10
    for edge in edges:
        assert f"claimed by {edge['claimant']}" in edge["label"]
        assert edge["sentence"].startswith(f"{edge['claimant']} claims that ")
        weak = edge["status"] in ("unsubstantiated", "refuted", "retracted")
        assert (edge["line"] == "dashed") == weak, edge
        assert (edge["status"] in edge["label"]) and (not weak or "not supported" in edge["sentence"])


def test_explorer_focus_view_opens_from_its_url(watched: Watched, served: str) -> None:
    page = watched.page
    _explorer(page, served + EXPLORER + "?focus=claude")
    shown = set(page.evaluate("() => window.KB_CY.nodes().not('.hidden').map(n => n.id())"))
    around = set(page.evaluate(
        "() => window.KB_CY.getElementById('claude').neighborhood('node').map(n => n.id())"))
    watched.shot("explorer-focus")

    assert "claude" in shown and shown <= around | {"claude"} and len(shown) > 3
    assert "Claude" in page.locator("[data-kb-explorer-summary]").inner_text()
    items = page.locator("[data-kb-explorer-links] li").all_inner_texts()
    arrows = page.evaluate("() => window.KB_CY.edges().not('.hidden').length")
    assert items[0] == "Open the page of Claude" and len(items) == 1 + arrows  # a sentence each
    assert any("Anthropic claims that DeepSeek" in item for item in items)
    assert watched.errors == []



def test_explorer_focus_view_has_its_own_layout_that_fills_the_box(
        browser: Browser, served: str) -> None:
    """``?focus=`` lays out the neighbourhood alone (not the whole graph's positions, which
    scatter it): the same on every load, filling the box, every label readable and apart."""
    seen, drawn, labels = [], [], []
    for focus in ("deepseek", "deepseek", "2026-02-23-anthropic-claude-distillation"):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        _explorer(page, served + EXPLORER + "?focus=" + focus)
        seen.append(page.evaluate(
            "() => Object.fromEntries(window.KB_CY.nodes().not('.hidden')"
            ".map(n => [n.id(), n.position()]))"))
        box = page.locator("#kb-explorer").bounding_box()
        shown = page.evaluate("() => window.KB_CY.elements().not('.hidden').renderedBoundingBox()")
        assert box is not None
        drawn.append((shown["w"] / box["width"], shown["h"] / box["height"]))
        labels.append(page.evaluate(_LABELS))
        home = page.evaluate("() => Object.fromEntries(window.KB_GRAPH.nodes.map(n => [n.id, n]))")
        page.close()
        moved = [n for n, p in seen[-1].items() if (p["x"], p["y"]) != (home[n]["x"], home[n]["y"])]
        assert len(moved) >= len(seen[-1]) - 1, focus  # its own layout (the centre may stay)

    assert seen[0] == seen[1] and len(seen[0]) > 5
    for (w, h), label in zip(drawn, labels, strict=True):
        assert (w > 0.8 or h > 0.8) and w > 0.6 and h > 0.6, drawn
        assert label["count"] >= 4 and label["smallest"] >= 11 and label["overlaps"] == 0, label

def test_explorer_is_usable_from_the_keyboard(watched: Watched, served: str) -> None:
    page = watched.page
    _explorer(page, served + EXPLORER)
    page.locator("h1").click()  # start from the page body, then only the keyboard
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "kb-explorer-pick":
            break
    assert page.evaluate("() => document.activeElement.id") == "kb-explorer-pick"
    page.keyboard.type("Claude")
    page.wait_for_timeout(300)

    assert "neighbourhood of Claude" in page.locator("[data-kb-explorer-summary]").inner_text()
    assert "#focus=claude" in page.url
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused == "Open the page of Claude"
    ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/generated/models/claude.html", timeout=10000)
    assert watched.errors == []


def test_explorer_filters_show_a_focus_ring(watched: Watched, served: str) -> None:
    page = watched.page
    _explorer(page, served + EXPLORER)
    page.locator("[data-kb-filter-group=status] input").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    style = page.evaluate("""() => { const el = document.activeElement;
        const s = getComputedStyle(el), l = getComputedStyle(el.closest('label'));
        return {input: s.outlineStyle, label: l.outlineStyle, type: el.type}; }""")

    assert style["type"] == "checkbox"
    assert style["input"] != "none" or style["label"] != "none"


def test_the_404_page_is_styled_when_opened_from_disk(watched: Watched, real_site: Path) -> None:
    page = watched.page
    page.goto((real_site / "404.html").as_uri())
    page.wait_for_load_state("load")

    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") \
        in ("sticky", "fixed")
    assert page.evaluate("() => getComputedStyle(document.getElementById('__search')).display") == "none"
    assert watched.foreign == []
