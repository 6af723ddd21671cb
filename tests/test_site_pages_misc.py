"""Source pages, the incidents index and the home page: each says what a reader asks first."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from site_project import real_kb, real_pages

from kb.loading import KnowledgeBase
from kb.records.vocab import IncidentKind
from kb.site import searchable
from kb.site.blocks import label
from kb.site.context import GENERATED
from kb.site.home import HOME_PARTIAL

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return real_kb()


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return real_pages()


def test_source_page_says_what_it_is_who_published_it_and_whether_it_was_read(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    for source in kb.sources:
        page = pages[f"{GENERATED}/sources/{source.id}.md"]
        lead = page.split("-->\n", 1)[1].lstrip().split("\n## ", 1)[0]
        assert "The editors read it." in lead if source.reviewed else "did not read it" in lead
        assert "## Cited for" in page


def test_source_pages_never_skip_a_heading_level(pages: dict[str, str]) -> None:
    for path, page in pages.items():
        if path.startswith(f"{GENERATED}/sources/"):
            levels = [len(h) for h in re.findall(r"^(#+) ", page, re.M)]
            assert all(b <= a + 1 for a, b in pairwise(levels)), path


def test_source_page_lists_each_claim_it_is_cited_for_with_claimant_and_status(
        pages: dict[str, str]) -> None:
    page = pages[f"{GENERATED}/sources/blocknews-p-75077.md"]
    cited = page.split("## Cited for", 1)[1].split("\n## ", 1)[0]
    assert cited.count("Anthropic</a> says that") == 3
    assert cited.count("status <strong>alleged</strong>; this source supports it") == 3


def test_source_and_record_pages_are_searched_indexes_are_not() -> None:
    assert searchable(f"{GENERATED}/sources/blocknews-p-75077.md")
    assert searchable(f"{GENERATED}/actors/deepseek.md")
    assert not searchable(f"{GENERATED}/sources/index.md")


def test_incidents_index_gives_each_claim_status_with_its_claimant(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    index = pages[f"{GENERATED}/incidents/index.md"]
    for inc in kb.incidents:
        row = next(r for r in index.splitlines() if f'href="{inc.id}.html"' in r)
        cells = re.findall(r"<td>(.*?)</td>", row)
        for claim in inc.claims:
            assert label(claim.status) in cells[4], inc.id
        assert set(re.search(r'data-status="([^"]*)"', row).group(1).split()) == {  # type: ignore[union-attr]
            c.status.value for c in inc.claims}
    v4 = next(r for r in index.splitlines() if "deepseek-v4-release" in r)
    words = re.findall(r"<td>(.*?)</td>", v4)[4]
    assert "alleged by US administration (unnamed officials)" in words
    assert "unsubstantiated claim by AI Frontier Digest (NBot)" in words


def test_home_counts_incidents_without_context_records(kb: KnowledgeBase,
                                                       pages: dict[str, str]) -> None:
    home = pages[HOME_PARTIAL]
    real = [i for i in kb.incidents if i.kind is not IncidentKind.CONTEXT]
    assert f"[{len(real)} incidents]" in home
    years = re.search(r"<caption>Incidents, by year</caption>(.*?)</table>", home, re.S)
    assert years is not None
    counted = sum(int(n) for n in re.findall(r"</th><td>([0-9]+)</td>", years.group(1)))
    assert counted == len(real)
    statuses = re.search(r"<caption>Claims in incidents, by status</caption>(.*?)</table>", home, re.S)
    assert statuses is not None
    assert sum(int(n) for n in re.findall(r"</th><td>([0-9]+)</td>", statuses.group(1))) == sum(
        len(i.claims) for i in real)
    assert "<script" not in home and "## Latest changes" in home
