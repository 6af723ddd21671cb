"""The listings that grow with the KB (kb/site/indexes.py, timeline.py, tags.py, sources.py),
cut into pages: on this repository's records with a page of 3 rows, so that every listing is
cut, every record is still two clicks from its listing's address, and every link leads to a page."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from kb.loading import KnowledgeBase, load_kb
from kb.records import Incident
from kb.site import render_site
from kb.site.context import GENERATED, SiteOptions, build_context, page_of
from kb.site.indexes import INCIDENTS, listings
from kb.site.paging import paged
from kb.site.timeline import TIMELINE

REPO = Path(__file__).resolve().parent.parent
ROWS = 3
_LINK = re.compile(r'\]\(([^)\s]+)\)|href="([^"]+)"')


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb(REPO)


@pytest.fixture(scope="module")
def pages(kb: KnowledgeBase) -> dict[str, str]:
    return {p: t for p, t in render_site(kb, SiteOptions(listing_rows=ROWS)).items()
            if isinstance(t, str) and p.endswith(".md")}


def _links(page: str, text: str) -> set[str]:
    """Pages (relative to docs/) that a generated page links, from Markdown and raw HTML."""
    out = set()
    for md, html in _LINK.findall(text):
        target = (md or html).split("#", 1)[0]
        if not target or "://" in target or target.startswith(("mailto:", "data:")):
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
        out.add(path[:-5] + ".md" if path.endswith(".html") else path)
    return out


def _reachable(pages: dict[str, str], start: str, clicks: int) -> set[str]:
    seen, edge = {start}, {start}
    for _ in range(clicks):
        edge = {t for p in edge for t in _links(p, pages.get(p, ""))} - seen
        seen |= edge
    return seen


def test_every_listing_is_cut_and_no_page_holds_more_than_its_rows(kb: KnowledgeBase) -> None:
    ctx = build_context(kb, SiteOptions(listing_rows=ROWS))
    for listing in listings(ctx):
        cut = paged(ctx, listing)
        size = ROWS * listing.scale
        if cut.total > size:
            assert cut.split, listing.landing
        assert all(len(p.entries) <= size for p in cut.parts), listing.landing
        assert [e for p in cut.parts for e in p.entries] == listing.entries(ctx)


def test_at_the_default_page_size_this_kb_listings_are_one_page_each(kb: KnowledgeBase) -> None:
    ctx = build_context(kb)
    assert len(kb.incidents) <= ctx.options.listing_rows
    for listing in listings(ctx):
        assert not paged(ctx, listing).split, listing.landing


def test_every_incident_is_two_clicks_from_the_incidents_index(kb: KnowledgeBase,
                                                               pages: dict[str, str]) -> None:
    reached = _reachable(pages, INCIDENTS, 2)
    assert {page_of(i) for i in kb.incidents} <= reached


def test_every_source_model_actor_and_tagged_record_is_two_clicks_from_its_listing(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    assert {page_of(s) for s in kb.sources} <= _reachable(pages, f"{GENERATED}/sources/index.md", 2)
    assert {page_of(a) for a in kb.actors} <= _reachable(pages, f"{GENERATED}/actors/index.md", 2)
    assert {page_of(m) for m in kb.models} <= _reachable(pages, f"{GENERATED}/models/index.md", 2)
    tagged = [r for r in kb.records.values() if getattr(r, "tags", None)]
    for record in tagged:
        for tag in record.tags:  # type: ignore[attr-defined]
            assert page_of(record) in _reachable(pages, f"{GENERATED}/tags/{tag}.md", 2)


def test_every_link_on_a_listing_page_leads_to_a_page(kb: KnowledgeBase,
                                                     pages: dict[str, str]) -> None:
    ctx = build_context(kb, SiteOptions(listing_rows=ROWS))
    listing_pages = {p for listing in listings(ctx) for p in paged(ctx, listing).paths}
    assert len(listing_pages) > 2 * len(listings(ctx))
    for page in listing_pages:
        for target in _links(page, pages[page]):
            assert target in pages or (REPO / "docs" / target).is_file(), f"{page} -> {target}"


def test_the_incidents_index_lists_each_year_with_its_count(kb: KnowledgeBase,
                                                            pages: dict[str, str]) -> None:
    landing = pages[INCIDENTS]
    years = sorted({i.date[:4] for i in kb.incidents}, reverse=True)
    found = re.findall(r"^- \*\*\[?(\d{4})", landing, re.M)
    assert found == years
    for year in years:
        n = sum(1 for i in kb.incidents if i.date.startswith(year))
        line = next(x for x in landing.splitlines() if x.startswith((f"- **{year}", f"- **[{year}")))
        assert re.search(rf"\b{n} (incident|context record)", line) or "and" in line, line
    assert "<table" not in landing  # a short page: the rows are on the year pages


def test_a_year_page_holds_that_years_incidents_and_links_back(kb: KnowledgeBase,
                                                               pages: dict[str, str]) -> None:
    year_pages = sorted(p for p in pages if p.startswith(f"{GENERATED}/incidents/by-year/"))
    assert year_pages
    for page in year_pages:
        text = pages[page]
        year = page.rsplit("/", 1)[1][:4]
        linked = {t for t in _links(page, text) if t.startswith(f"{GENERATED}/incidents/")
                  and "/by-year/" not in t and not t.endswith("index.md")}
        dates = {r.date[:4] for r in kb.incidents if page_of(r) in linked}
        assert dates == {year}, page
        assert INCIDENTS in _links(page, text)
        assert 'data-kb-filter="incidents"' in text  # the filter works on each page


def test_pages_of_a_crowded_year_say_which_page_they_are(pages: dict[str, str]) -> None:
    parts = [p for p in pages if re.search(r"/by-year/\d{4}-\d+\.md$", p)]
    assert parts
    for page in parts:
        first = pages[page.rsplit("-", 1)[0] + ".md"]
        assert re.search(r"page \d+ of \d+ for \d{4}", pages[page])
        assert re.search(r"page 1 of \d+ for \d{4}", first)


def test_timeline_pages_put_each_entry_in_its_year(pages: dict[str, str]) -> None:
    year_pages = [p for p in pages if p.startswith(f"{GENERATED}/timeline/")]
    assert year_pages and TIMELINE in pages
    for page in year_pages:
        year = page.rsplit("/", 1)[1][:4]
        dates = re.findall(r"^- \*\*([^*]+)\*\*", pages[page], re.M)
        assert dates and all(d.endswith(year) for d in dates), page


def test_listing_pages_speak_in_words_not_codes(kb: KnowledgeBase, pages: dict[str, str]) -> None:
    """Links on landing pages read as years, dates or names, never as record ids."""
    ids = set(kb.records)
    for landing in (INCIDENTS, TIMELINE, f"{GENERATED}/sources/index.md"):
        texts = re.findall(r"\[([^\]]+)\]\(", pages[landing])
        assert texts and not ids & set(texts), landing


def test_an_incident_page_links_its_tags_landing_pages(kb: KnowledgeBase,
                                                       pages: dict[str, str]) -> None:
    incident: Incident = next(i for i in kb.incidents if i.tags)
    for tag in incident.tags:
        assert f"{GENERATED}/tags/{tag}.md" in pages


def test_actors_past_a_page_get_a_page_per_initial_with_kind_and_jurisdiction(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    """The actors index grew with the KB (162 KB at 5,000 incidents): past a page, a landing
    page and a page per initial of the name, each row with the actor's kind and jurisdiction."""
    landing = pages[f"{GENERATED}/actors/index.md"]
    assert "on a page per initial of their name" in landing
    deepseek = next(a for a in kb.actors if a.id == "deepseek")
    page = next(p for p in pages if p.startswith(f"{GENERATED}/actors/by-name/d")
                and "deepseek.html" in pages[p])
    row = pages[page][pages[page].index("deepseek.html"):].split("</tr>", 1)[0]
    assert "Company" in row or "company" in row.lower()
    assert all(j in row for j in deepseek.jurisdiction)
    one = render_site(kb, SiteOptions())[f"{GENERATED}/actors/index.md"]
    assert "## By jurisdiction" in one and "by-name" not in one  # one page: as it was


def _year_links(home: str) -> dict[str, str]:
    return {year: href for href, year in re.findall(r'<a href="([^"]+)">(\d{4})</a>', home)}


def test_each_year_on_the_home_page_leads_to_that_years_incidents(kb: KnowledgeBase,
                                                                  pages: dict[str, str]) -> None:
    """The 'Incidents, by year' bars link to the year: its page once the listing is cut, else
    its first row in the one table (whose id the link names)."""
    years = {i.date[:4] for i in kb.incidents if i.kind.value != "context"}
    home = pages[f"{GENERATED}/partials/home.md"]
    cut = _year_links(home)
    assert set(cut) == years
    for year, href in cut.items():  # the home partial is shown at the site's root
        target = posixpath.normpath(href)[:-5] + ".md"
        assert target == f"{GENERATED}/incidents/by-year/{year}.md" and target in pages
    one = render_site(kb, SiteOptions())
    whole = _year_links(one[f"{GENERATED}/partials/home.md"])
    table = one[INCIDENTS]
    assert set(whole) == years
    for year, href in whole.items():
        assert href == f"{GENERATED}/incidents/index.html#year-{year}"
        row = table.index(f'<tr id="year-{year}"')
        first = re.search(r"<td>([^<]+)</td>", table[row:])
        assert first and year in first.group(1)  # the row of that year's newest incident
        assert table.count(f'id="year-{year}"') == 1


def test_pages_of_listings_by_name_escape_the_names_in_their_heading(tmp_path: Path) -> None:
    """A page of a listing cut by name says which names it spans, in its heading: a hostile
    actor, developer or publisher name must reach it as text (the models heading did not
    escape it)."""
    from site_project import make_hostile_project

    project = make_hostile_project(tmp_path / "p")
    for n in range(2):  # the hostile actor develops models, so its name heads a models page
        (project / "models" / f"evil-model-{n}.yaml").write_text(
            f"id: evil-model-{n}\nname: Evil model {n}\ndeveloper: evil-actor\n"
            "summary: A model.\nsources_reviewed_up_to: '2026-11-29'\n", "utf-8")
    kb = load_kb(project)
    pages = render_site(kb, SiteOptions(listing_rows=1))
    headings = {p: line for p, text in pages.items() if isinstance(text, str)
                and p.startswith((f"{GENERATED}/actors/by-name/", f"{GENERATED}/models/by-developer/",
                                  f"{GENERATED}/sources/by-publisher/"))
                for line in text.splitlines() if line.startswith("# ")}
    hostile = [h for h in headings.values() if "Evil" in h or "Publisher" in h]
    assert any("/models/" in p and "Evil" in h for p, h in headings.items())
    assert len(hostile) >= 2
    for heading in hostile:
        assert "<img" not in heading and "<b " not in heading and "&#60;" in heading, heading
