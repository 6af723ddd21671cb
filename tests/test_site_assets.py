"""Vendored scripts (kb.site.assets): Mermaid only where a diagram is, a 404 page that works
from disk."""

from __future__ import annotations

from pathlib import Path

from kb.loading import load
from kb.site import render_site
from kb.site.assets import MERMAID, relative_404, with_diagram_loader
from kb.site.context import GENERATED


def test_only_pages_that_draw_a_diagram_load_mermaid(small_kb: Path) -> None:
    pages = {p: t for p, t in render_site(load(small_kb)).items()
             if p.endswith(".md") and isinstance(t, str)}
    drawn = {p for p, t in pages.items() if "```mermaid" in t}
    loading = {p for p, t in pages.items() if "mermaid.min.js" in t}

    assert drawn and loading == drawn
    page = f"{GENERATED}/incidents/2026-02-23-anthropic-claude-distillation.md"
    assert pages[page].rstrip().endswith('<script src="../assets/vendor/mermaid.min.js"></script>')


def test_the_loader_is_added_once_with_a_path_relative_to_the_page() -> None:
    text = "# T\n\n```mermaid\nflowchart LR\n```\n"
    once = with_diagram_loader("methodology/x.md", text)

    assert with_diagram_loader("methodology/x.md", once) == once
    assert f'src="../{MERMAID}"' in once
    assert with_diagram_loader("a.md", "# no diagram\n") == "# no diagram\n"


def test_the_404_page_uses_relative_urls_and_a_base_only_when_served() -> None:
    page = ('<html><head><link rel="stylesheet" href="/assets/main.css"></head><body>'
            '<a href="/index.html">Home</a><a href="//other.example/">x</a>'
            '<script src="/assets/bundle.js"></script></body></html>')
    fixed = relative_404(page)

    assert 'href="assets/main.css"' in fixed and 'src="assets/bundle.js"' in fixed
    assert 'href="index.html"' in fixed and 'href="//other.example/"' in fixed
    assert fixed.index('location.protocol !== "file:"') < fixed.index('href="assets/main.css"')
    assert relative_404(fixed) == fixed
