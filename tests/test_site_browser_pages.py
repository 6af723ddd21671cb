"""Actor, model, policy, source, index and home pages in a real browser (headless Chromium):
no sideways scrolling at 1280 px or 390 px, vocabulary values shown as words, and search that
finds sources and responses. Screenshots go to test-artifacts/ (not in git).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsers import chromium_browser
from playwright.sync_api import Browser, Page
from site_project import REPO, built_site

from kb.records.vocab import VOCABULARIES

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
PAGES = {
    "home": "index.html",
    "actor": "generated/actors/deepseek.html",
    "model": "generated/models/deepseek-v4.html",
    "policy": "generated/policies/2026-04-24-state-department-distillation-cable.html",
    "source": "generated/sources/blocknews-p-75077.html",
    "incidents": "generated/incidents/index.html",
    "models-index": "generated/models/index.html",
    "policies-index": "generated/policies/index.html",
    "actors-index": "generated/actors/index.html",
    "datasets-index": "generated/datasets/index.html",
}
WIDTHS = (1280, 390)
#: Hyphenated English words that are also vocabulary values.
ENGLISH = {"self-declared", "fine-tune", "self-identification"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site("real", tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as b:
        yield b


def _open(browser: Browser, site: Path, path: str, width: int) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file:", "data:", "blob:")) else route.abort())
    page.goto((site / path).as_uri())
    page.wait_for_load_state("load")
    return page


#: Widest thing on the page against the viewport; and any table wrapper that scrolls sideways.
_OVERFLOW = """() => {
  const doc = document.documentElement.scrollWidth - window.innerWidth;
  const wraps = [...document.querySelectorAll('article .md-typeset__scrollwrap, article pre')]
    .filter(e => !e.closest('.kb-cite') && e.scrollWidth > e.clientWidth + 1)
    .map(e => e.className || e.tagName);
  return {doc, wraps};
}"""

#: Visible text of the article up to the evidence list (shared with incident pages, tested there).
_TEXT = """() => {
  const art = document.querySelector('article');
  const out = [];
  for (const el of art.children) {
    if (el.tagName === 'H2' && /^(evidence|cite-this)$/.test(el.id)) break;
    out.push(el.innerText);
  }
  return out.join('\\n');
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_sideways_scrolling_and_a_screenshot(browser: Browser, site: Path, name: str,
                                                width: int) -> None:
    page = _open(browser, site, PAGES[name], width)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"pages-{name}-{width}.png"), full_page=False)
    result = page.evaluate(_OVERFLOW)
    page.close()
    assert result["doc"] <= 0, (name, width, result)
    assert result["wraps"] == [], (name, width, result)


@pytest.mark.parametrize("name", ["actor", "model", "policy", "source", "incidents", "home"])
def test_no_raw_vocabulary_code_in_visible_text(browser: Browser, site: Path, name: str) -> None:
    codes = sorted({v.value for vocab in VOCABULARIES.values() for v in vocab
                    if "-" in v.value and v.value not in ENGLISH})
    pattern = re.compile(r"(?<![\w/.#-])(" + "|".join(map(re.escape, codes)) + r")(?![\w/-])")
    page = _open(browser, site, PAGES[name], 1280)
    text = page.evaluate(_TEXT)
    tags = page.evaluate("() => [...document.querySelectorAll('article a[href*=\"/tags/\"]')]"
                         ".map(a => a.innerText)")
    page.close()
    for tag in tags:  # tags are the editors' own words, not vocabulary
        text = text.replace(tag, "")
    assert not pattern.findall(text), (name, pattern.findall(text)[:5])


def _search(browser: Browser, site: Path, query: str) -> list[str]:
    page = _open(browser, site, "index.html", 1280)
    page.locator(".md-search__input").click()
    page.keyboard.type(query, delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=30000)
    hrefs = page.evaluate("() => [...document.querySelectorAll('.md-search-result__item a')]"
                          ".map(a => a.getAttribute('href'))")
    page.close()
    return [re.sub(r"\?h=[^#]*", "", str(h)) for h in hrefs]  # drop the highlight query


def test_search_finds_a_source_by_its_publisher(browser: Browser, site: Path) -> None:
    hrefs = _search(browser, site, "BlockNews")
    assert any("generated/sources/blocknews-p-75077.html" in h for h in hrefs), hrefs


def test_search_finds_a_response_by_the_respondent(browser: Browser, site: Path) -> None:
    hrefs = _search(browser, site, "Sahil Chaudhary")
    assert any("generated/actors/glaive-ai.html#what-glaive-ai-said" in h for h in hrefs), hrefs


@pytest.mark.parametrize(("query", "card"), [
    # words only the response holds (Google's reply to The Information's claim)
    ("present-tense denial", "incidents/2023-03-google-bard-sharegpt-allegation.html#claim-c-sharegpt"),
    # a word only the claim's statement holds (Anthropic's claim about DeepSeek)
    ("rubrics", "incidents/2026-02-23-anthropic-claude-distillation.html#claim-c-deepseek"),
])
def test_search_finds_an_incident_by_its_claims_and_responses(
        browser: Browser, site: Path, query: str, card: str) -> None:
    """An incident page's claim cards and replies are in the search index: a phrase from a
    response or a claim leads to the claim's card on the incident page."""
    hrefs = _search(browser, site, query)
    assert any(f"generated/{card}" in h for h in hrefs), hrefs


def test_search_index_stays_within_2_kb_per_record_page(site: Path) -> None:
    """Claims and responses are indexed once, on their record's page, so the index stays small
    (at most 2 KB per record page on average; sources, actors and models included)."""
    folders = ("incidents", "policies", "actors", "models", "datasets", "sources")
    pages = [p for f in folders for p in (site / "generated" / f).glob("*.html")
             if p.name != "index.html"]
    size = (site / "search" / "search_index.json").stat().st_size
    assert pages and size / len(pages) <= 2048, (size, len(pages))
