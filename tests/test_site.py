"""Page rendering (pure), escaping and the writer of kb/site."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from site_project import make_hostile_project

from kb.graph.mermaid import mermaid_label
from kb.loading import load
from kb.site import render_site
from kb.site.context import GENERATED, STAMP, SiteOptions
from kb.site.text import inline, js_assign, link, markdown_html, plain, safe_url
from kb.site.writer import write_tree

INCIDENT = f"{GENERATED}/incidents/2026-02-23-anthropic-claude-distillation.md"


def _render_md(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "attr_list", "admonition", "toc"])


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=80).filter(lambda s: s.strip()))
def test_inline_text_renders_as_itself_and_nothing_else(value: str) -> None:
    """Whatever a record holds, Python-Markdown turns inline() output back into that text only."""
    rendered = _render_md("Text: " + inline(value))

    inner = rendered.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner
    assert html.unescape(inner) == "Text: " + plain(value)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_mermaid_labels_hold_only_safe_characters(value: str) -> None:
    assert re.fullmatch(r"[A-Za-z0-9 #;…]*", mermaid_label(value))


def test_js_data_cannot_close_a_script_element() -> None:
    out = js_assign("KB", {"label": "</script><script>alert(1)</script>", "x": "&<>"})

    assert "<" not in out and ">" not in out.replace("= ", "")
    assert out.startswith('window["KB"] = ')


def test_summary_markdown_is_rendered_without_raw_html_or_unsafe_links() -> None:
    out = markdown_html("**bold** <script>alert(1)</script> [a](javascript:alert(2)) "
                        "[b](https://example.org/) ![i](https://tracker.example/p.png)\n\n# Big")

    assert "<strong>bold</strong>" in out
    assert "<script" not in out and "&lt;script&gt;" in out
    assert 'href="javascript' not in out
    assert '<a href="https://example.org/" rel="nofollow noopener noreferrer">b</a>' in out
    assert "<img" not in out
    assert "<h3>Big</h3>" in out  # demoted below the page's own headings
    assert "\n\n" not in out


@pytest.mark.parametrize("url", ["https://example.org/\u202eexe.txt", "https://exa\u200bmple.org/",
                                 "https://example.org/\x85", "http://[::1", "data:text/html,x",
                                 "JavaScript:alert(1)", "//example.org/"])
def test_links_to_unsafe_urls_become_plain_text(url: str) -> None:
    """The belt behind KB106/KB120: a bidi or zero-width mark never reaches an href."""
    assert safe_url(url) is None and link("x", url) == "x"
    rendered = markdown_html(f"[x]({url})")  # markdown-it percent-encodes before it checks
    assert all(c.isprintable() or c == "\n" for c in rendered)
    assert "href" not in rendered or 'href="https://' in rendered


def test_real_kb_renders_every_record_with_a_stamp(repo_root: Path) -> None:
    kb = load(repo_root)
    pages = render_site(kb)

    for record in kb.records.values():
        page = pages[f"{GENERATED}/{record.folder}/{record.id}.md"]
        assert STAMP.strip() in page
        assert page.startswith("---\ntitle: ")


def test_incident_page_answers_who_claims_what_on_what_evidence(small_kb: Path) -> None:
    page = render_site(load(small_kb), SiteOptions(site_url="https://kb.example/"))[INCIDENT]

    assert "<strong>Allegation</strong> · 23 February 2026 · 3 claims: 3 alleged" in page
    assert "### What is established" in page and "## What is unknown" in page
    assert ('<a href="#claim-c-minimax">MiniMax extracted outputs from Claude</a>') in page
    assert ("Fraudulent accounts: <strong>about 24,000 accounts</strong> (as stated: "
            "“approximately 24,000”), according to <a href=\"../actors/anthropic.html\">Anthropic</a>"
            ) in page
    assert "No public response from <strong><a href=\"../actors/deepseek.html\">DeepSeek</a></strong>" in page
    assert "https://kb.example/generated/incidents/2026-02-23-anthropic-claude-distillation.html" in page
    assert "```mermaid" in page
    assert "@misc{distillationkb:2026-02-23-anthropic-claude-distillation," in page


def test_hostile_records_reach_pages_only_as_inert_text(tmp_path: Path) -> None:
    pages = render_site(load(make_hostile_project(tmp_path / "p")))
    page = pages[f"{GENERATED}/incidents/2026-03-01-hostile-test.md"]
    html_out = _render_md(page.split("---\n", 2)[2])
    # The one script a page carries is its JSON-LD metadata, whose JSON escapes < > & itself.
    jsonld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html_out, re.S)
    assert len(jsonld) == 1 and not re.search(r"[<>&]", jsonld[0])
    html_out = html_out.replace(jsonld[0], "").replace('<script type="application/ld+json"></script>', "")
    # ... and, as it draws a diagram, the tag that loads the vendored Mermaid (a fixed path).
    html_out = html_out.replace('<script src="../assets/vendor/mermaid.min.js"></script>', "", 1)

    assert not re.search(r"<(script|img|svg|iframe)\b", html_out)
    assert not re.search(r"<[^>]+\son\w+=", html_out)
    assert 'href="javascript' not in html_out
    fences = [line for line in page.splitlines() if line.lstrip().startswith(("```", "~~~"))]
    assert fences == ["```mermaid", "```"]
    title_line = page.splitlines()[1]
    assert "<" not in title_line and ">" not in title_line and "&" not in title_line


def test_hostile_source_reaches_its_page_only_as_inert_text(tmp_path: Path) -> None:
    pages = render_site(load(make_hostile_project(tmp_path / "p")))
    page = pages[f"{GENERATED}/sources/hostile-source.md"]
    html_out = _render_md(page.split("---\n", 2)[2])
    jsonld = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html_out, re.S)
    assert len(jsonld) == 1 and not re.search(r"[<>&]", jsonld[0])  # JSON-LD escapes < > & itself
    html_out = html_out.replace(jsonld[0], "").replace('<script type="application/ld+json"></script>', "")
    assert not re.search(r"<(script|img|svg|iframe|b)\b", html_out)
    assert not re.search(r"<[^>]+\son\w+=", html_out)
    assert 'href="javascript' not in html_out
    assert "2026-03-01-hostile-test" in page  # it lists the record citing it


def test_writer_rewrites_only_changed_files_and_removes_stale_ones(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "hand.md").parent.mkdir(parents=True)
    (docs / "hand.md").write_text("mine")
    first = write_tree(docs, "generated", {"generated/a.md": "A", "generated/b/c.md": "C"})
    mtime = (docs / "generated/a.md").stat().st_mtime_ns

    second = write_tree(docs, "generated", {"generated/a.md": "A", "generated/d.js": b"D"})

    assert first.written == ["generated/a.md", "generated/b/c.md"]
    assert second.written == ["generated/d.js"] and second.unchanged == 1
    assert second.removed == ["generated/b/c.md"]
    assert (docs / "generated/a.md").stat().st_mtime_ns == mtime
    assert not (docs / "generated/b").exists()
    assert (docs / "hand.md").read_text() == "mine"


def test_writer_replaces_a_dangling_link_instead_of_writing_through_it(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "generated").mkdir(parents=True)
    (docs / "generated/a.md").symlink_to(tmp_path / "elsewhere.md")

    write_tree(docs, "generated", {"generated/a.md": "A"})

    assert not (docs / "generated/a.md").is_symlink()
    assert (docs / "generated/a.md").read_text() == "A"
    assert not (tmp_path / "elsewhere.md").exists()


def test_writer_refuses_paths_outside_the_generated_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside"):
        write_tree(tmp_path, "generated", {"generated/../index.md": "x"})


def test_downloads_carry_checksums_that_match(small_kb: Path) -> None:
    import hashlib

    pages = render_site(load(small_kb))
    sums = pages[f"{GENERATED}/downloads/SHA256SUMS"].splitlines()

    assert len(sums) == 9  # JSON, GraphML, SQLite, STIX and five CSV tables (sources.csv among them)
    for line in sums:
        digest, name = line.split("  ")
        data = pages[f"{GENERATED}/downloads/{name}"]
        assert hashlib.sha256(data if isinstance(data, bytes) else data.encode()).hexdigest() == digest


def test_csv_cells_cannot_run_as_spreadsheet_formulas() -> None:
    from kb.site.downloads import _csv

    out = _csv(["a"], [["=HYPERLINK(\"http://x\")"], ["-1+1"], ["ok"]])

    assert out.splitlines()[1:] == ['"\'=HYPERLINK(""http://x"")"', "'-1+1", "ok"]


def test_nav_lists_handwritten_pages_by_folder_and_no_record_page(tmp_path: Path) -> None:
    import yaml

    from kb.site.nav import handwritten_pages, nav_yaml

    for name in ("index.md", "contributing.md", "analysis/b.md", "methodology/index.md",
                 "methodology/a.md", "generated/incidents/x.md", "assets/readme.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# T\n")

    nav = yaml.safe_load(nav_yaml(handwritten_pages(tmp_path)))["nav"]

    titles = [next(iter(item)) if isinstance(item, dict) else item for item in nav]
    assert titles[:2] == ["Home", "Incidents"]
    assert titles[-3:] == ["Methodology", "Analysis", "contributing.md"]
    assert nav[-3] == {"Methodology": ["methodology/index.md", "methodology/a.md"]}
    assert "generated/incidents/x.md" not in str(nav) and "assets/readme.md" not in str(nav)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1.-+=>*_[]<>&`#|~!\\{}\n\t\"'")), max_size=40))
def test_plain_prose_shortcut_matches_the_markdown_parser(source: str) -> None:
    """Summaries without markup skip markdown-it; the result must be what markdown-it gives."""
    from kb.site import text

    fast = text.markdown_html(source)
    text._MARKUP, saved = re.compile(""), text._MARKUP  # every text 'has markup': full path
    try:
        full = text.markdown_html(source)
    finally:
        text._MARKUP = saved

    assert html.unescape(fast) == html.unescape(full)


def test_source_page_lists_every_claim_it_is_cited_for(small_kb: Path) -> None:
    pages = render_site(load(small_kb))
    page = pages[f"{GENERATED}/sources/blocknews-p-75077.md"]
    cited = page.split("## Cited for", 1)[1]
    for lab in ("DeepSeek", "Moonshot AI", "MiniMax"):  # each claim: claimant, status, stance
        assert re.search(rf"Anthropic</a> says that <a [^>]*>{lab}</a> extracted outputs from "
                         r"<a [^>]*>Claude</a> — status <strong>alleged</strong>; this source "
                         r"supports it", cited), lab
    # where the record lists it, by its number there (a link), never by its evidence id
    assert re.search(r'\(incident, <a href="[^"]*#ev-e4">source \[4\] in its list</a>\)', cited)
    assert "evidence e4" not in page
    proxies = pages[f"{GENERATED}/sources/"
                    "aiproductivity-ai-anthropic-catches-deepseek-moonshot-minimax-distilling.md"]
    assert "a figure: " in proxies  # the 20,000 accounts of the largest proxy network


def test_source_page_shows_the_relays_chain_both_ways(small_kb: Path) -> None:
    pages = render_site(load(small_kb))
    mirror = pages[f"{GENERATED}/sources/news-you-need-com-2026-02-24-p-216791.md"]
    origin = pages[f"{GENERATED}/sources/cnn-anthropic-chinese-ai-distillation-intl-hnk.md"]
    assert "**Repeats:** [CNN](cnn-anthropic-chinese-ai-distillation-intl-hnk.md)" in mirror
    assert "**Repeated by:** [news-you-need.com](news-you-need-com-2026-02-24-p-216791.md)" in origin
    assert "**The editors did not read it;** they saw it cited in" in origin


def test_sources_index_groups_sources_by_publisher(small_kb: Path) -> None:
    index = render_site(load(small_kb))[f"{GENERATED}/sources/index.md"]
    assert "13 sources from 13 publishers" in index
    anthropic = index.index("## Anthropic")
    assert index.index("detecting-and-preventing-distillation-attacks.md", anthropic) > anthropic


def test_evidence_item_reads_the_source_and_links_its_page(small_kb: Path) -> None:
    page = render_site(load(small_kb))[INCIDENT]
    item = page[page.index('<span id="ev-e4">'):].split("</li>", 1)[0]
    assert "BlockNews" in item and 'href="https://blocknews.com/?p=75077"' in item
    assert 'href="../sources/blocknews-p-75077.html">about this source</a>' in item


def test_noncharacters_are_dropped_like_control_characters() -> None:
    """HTML parsers drop U+FDD0 and friends, so the page must not rely on them (found by the
    property test above)."""
    from kb.site.text import plain

    assert plain("a\ufdd0b\uffffc\x07d") == "abcd"
