"""Incident pages in a real browser (headless Chromium): reading order, no sideways scrolling at
1280 px and 390 px, no codes in what a reader sees, and a clean printed brief (Chromium's PDF).

Screenshots go to test-artifacts/ (not in git).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsers import chromium_browser
from playwright.sync_api import Browser, Page
from pypdf import PdfReader
from site_project import REPO, built_site

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "test-artifacts"
ANTHROPIC = "generated/incidents/2026-02-23-anthropic-claude-distillation.html"
#: Pages with the most varied content: cards with several responses, an unsubstantiated claim,
#: a status history, long source lists, a diagram.
PAGES = (
    ANTHROPIC,
    "generated/incidents/2026-02-23-deepseek-v4-release-and-claude-derivation-claim.html",
    "generated/incidents/2025-07-04-honestagi-pangu-pro-moe-qwen-fingerprint-allegation.html",
    "generated/incidents/2024-09-05-reflection-70b-replication-failure-and-claude-api-allegation.html",
    "generated/incidents/2025-01-28-openai-microsoft-deepseek-distillation-claims.html",
    "generated/policies/2026-04-23-ostp-nstm-4-adversarial-distillation-memo.html",  # cards too
)
WIDTHS = (1280, 390)
#: Codes the site used to show; none is an English word, so none may reach a reader.
CODES = ("no-response-found", "extracted-outputs-from", "did-not-respond", "declined-to-comment",
         "government-body", "primary-statement", "circumvented-access-controls")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site("real", tmp_path_factory.getbasetemp())  # built once per session


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium_browser() as b:
        yield b


@pytest.fixture
def page_at(browser: Browser) -> Iterator[object]:
    opened: list[Page] = []

    def open_page(width: int) -> Page:
        p = browser.new_page(viewport={"width": width, "height": 900})
        opened.append(p)
        return p

    yield open_page
    for p in opened:
        p.close()


def _goto(page: Page, site: Path, path: str) -> None:
    page.goto((site / path).as_uri())
    page.wait_for_load_state("load")


def _overflow(page: Page) -> dict[str, object]:
    """The page's width against the window's, and any element in the article that scrolls
    sideways or sticks out of it."""
    return page.evaluate("""() => {
      const doc = document.documentElement;
      const art = document.querySelector('article');
      const right = art.getBoundingClientRect().right + 1;
      const bad = [...art.querySelectorAll('*')].filter(e => {
        const s = getComputedStyle(e);
        if (s.display === 'none' || e.closest('details:not([open])')) return false;
        const scrolls = e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(s.overflowX);
        return scrolls || e.getBoundingClientRect().right > right;
      }).map(e => e.tagName + '.' + e.className).slice(0, 5);
      return {page: doc.scrollWidth, window: doc.clientWidth, bad};
    }""")


@pytest.mark.parametrize("width", WIDTHS)
def test_incident_pages_never_scroll_sideways(page_at: object, real_site: Path, width: int) -> None:
    page = page_at(width)  # type: ignore[operator]
    for path in PAGES:
        _goto(page, real_site, path)
        if page.locator("pre.mermaid, div.mermaid").count():  # the drawn diagram must fit too
            page.locator("div.mermaid").first.wait_for(timeout=20000)
        found = _overflow(page)
        assert found["page"] <= found["window"], (path, found)
        assert found["bad"] == [], (path, found)
        if path == ANTHROPIC:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"site-incident-{width}.png"))
            page.locator("#claims").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"site-incident-claims-{width}.png"))


def test_reader_meets_summary_then_claims_with_the_accused_response_beside_them(
        page_at: object, real_site: Path) -> None:
    page = page_at(1280)  # type: ignore[operator]
    _goto(page, real_site, ANTHROPIC)
    top = page.evaluate("""() => {
      const y = s => {
        const e = document.querySelector(s);
        return e ? e.getBoundingClientRect().top + scrollY : null;
      };
      return {summary: y('.kb-summary'), note: y('.kb-editors-note'), card: y('.kb-claim'),
              reply: y('.kb-claim .kb-reply'), figures: y('#figures'), sources: y('#sources'),
              about: y('#about-this-record'), height: document.documentElement.scrollHeight};
    }""")
    order = [top[k] for k in ("summary", "note", "card", "reply", "figures", "sources", "about")]
    assert None not in order and order == sorted(order), top
    text = page.locator(".kb-claim").first.inner_text()
    assert "Alleged by Anthropic on 23 February 2026" in text
    assert "No public response from DeepSeek was found in the sources reviewed up to" in text
    assert "Evidence score" in text and "independent origins" not in text.lower()  # folded


def test_no_vocabulary_code_or_evidence_id_in_what_a_reader_sees(
        page_at: object, real_site: Path) -> None:
    page = page_at(1280)  # type: ignore[operator]
    for path in PAGES:
        _goto(page, real_site, path)
        text = page.locator("article").inner_text()
        for note in page.locator(".kb-editors-note").all_inner_texts():  # the editors' own words
            text = text.replace(note, "")
        assert [c for c in CODES if c in text] == [], path
        assert not re.search(r"\be[0-9]+\b", text), path  # evidence ids: numbers [1], [2] ...
        assert "`" not in text and ".;" not in text, path



def test_permalink_mark_never_wraps_onto_a_line_of_its_own(page_at: object, real_site: Path) -> None:
    """At 390 px the heading's permalink mark (¶) stays on the line of the heading's last word."""
    page = page_at(390)  # type: ignore[operator]
    for path in PAGES:
        _goto(page, real_site, path)
        alone = page.evaluate("""() => [...document.querySelectorAll('article a.headerlink')]
          .filter(a => {
            const r = document.createRange();
            r.setStart(a.parentElement, 0);
            r.setEndBefore(a);
            const rects = [...r.getClientRects()].filter(x => x.width > 0);
            return rects.length > 0 && a.getBoundingClientRect().top >= rects[rects.length - 1].bottom - 1;
          }).map(a => a.parentElement.id)""")
        assert alone == [], (path, alone)

def _pdf_text(page: Page) -> str:
    pdf = page.pdf(format="A4")
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


def test_printed_incident_is_a_clean_brief_with_its_source_urls(
        page_at: object, real_site: Path) -> None:
    page = page_at(1280)  # type: ignore[operator]
    _goto(page, real_site, ANTHROPIC)
    nav = [t.strip() for t in page.locator(".md-nav--primary .md-nav__link").all_inner_texts()]
    article = page.locator("article").inner_text()
    urls = page.evaluate("""() => [...document.querySelectorAll('ol.kb-evidence .kb-ev-title a')]
                                  .map(a => a.href)""")
    text = _pdf_text(page)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "site-incident-print.txt").write_text(text, "utf-8")
    flat = re.sub(r"\s+", "", text)

    assert "Anthropic alleges DeepSeek" in text and "No public response from DeepSeek" in text
    assert "Table of contents" not in text  # no sidebars
    nav_only = [n for n in nav if n and n not in article]
    assert len(nav_only) > 10
    assert [n for n in nav_only if n in text] == []  # no navigation
    assert urls and [u for u in urls if re.sub(r"\s+", "", u) not in flat] == []  # URLs printed
    assert "Evidence score" not in text  # machine detail stays folded away
