"""The static site: records -> Markdown pages (pure), written into docs/generated/, then MkDocs.

``render_site`` is pure: it maps a loaded knowledge base to ``{path under docs/: content}``.
``kb.site.build`` writes those files (only changed ones) and runs the MkDocs build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from kb.loading import KnowledgeBase
from kb.site.assets import with_diagram_loader
from kb.site.context import GENERATED, STAMP, SiteContext, SiteOptions, build_context
from kb.site.downloads import download_files
from kb.site.entities import entity_pages
from kb.site.explorer import explorer_files
from kb.site.exports import api_site_files, feed_site_files
from kb.site.home import HOME_PARTIAL, home_partial
from kb.site.incident import incident_pages
from kb.site.indexes import index_pages, short_index_pages
from kb.site.methods import methods_partials
from kb.site.redirects import redirect_pages
from kb.site.sources import source_pages


def _home(ctx: SiteContext) -> dict[str, str]:
    return {HOME_PARTIAL: home_partial(ctx)}


Group = Callable[[SiteContext], Mapping[str, str | bytes]]

#: Pages of one record each, at ``page_of(record)``. `kb serve` renders these for the few records
#: an edit concerns, through a view of the context (kb.site.deps), so the page functions must look
#: other records up through the context and iterate only in the group function itself.
RECORD_GROUPS: tuple[Group, ...] = (incident_pages, entity_pages, source_pages)
#: Pages that list many records: rendered in full on every preview update but for the listings
#: that grow with the KB (kb.site.indexes.listings), which `kb serve` renders page by page.
LISTING_GROUPS: tuple[Group, ...] = (_home, methods_partials, index_pages, redirect_pages)
#: LISTING_GROUPS without those listings. tests/test_site_preview.py checks that these and the
#: listings' pages are the same pages.
PREVIEW_RECORD_GROUPS: tuple[Group, ...] = RECORD_GROUPS
PREVIEW_LISTING_GROUPS: tuple[Group, ...] = (_home, methods_partials, short_index_pages,
                                             redirect_pages)


def data_files(ctx: SiteContext) -> dict[str, str | bytes]:
    """The explorer, the JSON API, the feeds and the downloads: derived from the whole KB."""
    files: dict[str, str | bytes] = dict(explorer_files(ctx))
    exported = {**api_site_files(ctx), **feed_site_files(ctx)}
    files.update(exported)
    files.update(download_files(ctx, exported))
    return files


def render_groups(ctx: SiteContext, groups: tuple[Group, ...]) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for group in groups:
        files.update(group(ctx))
    return files


def render_site(kb: KnowledgeBase, options: SiteOptions | None = None) -> dict[str, str | bytes]:
    """Every generated page and data file, keyed by path relative to docs/ (text, or bytes for
    binary downloads such as the SQLite database)."""
    ctx = build_context(kb, options)
    listing = render_groups(ctx, LISTING_GROUPS)
    pages = {**listing, **render_groups(ctx, RECORD_GROUPS), **data_files(ctx)}
    return finish(pages, set(redirect_pages(ctx)))


def finish(files: Mapping[str, str | bytes], redirects: set[str]) -> dict[str, str | bytes]:
    """Pages as written: the generated stamp below the title, search opt-out where due."""
    return {path: with_diagram_loader(path, _stamp_after_title(
                text, searchable(path) and path not in redirects))
            if isinstance(text, str) and path.endswith(".md") else text
            for path, text in files.items()}


#: Record pages (sources too: readers search for a publisher) and the home page are searched;
#: listings that only repeat record titles are
#: kept out of the search index (at 5,000 incidents they would double its size).
_SEARCHED_FOLDERS = ("incidents", "actors", "models", "policies", "datasets", "sources")


def searchable(path: str) -> bool:
    parts = path.split("/")
    return (len(parts) == 3 and parts[0] == GENERATED and parts[1] in _SEARCHED_FOLDERS
            and parts[2] != "index.md")


def _stamp_after_title(text: str, search: bool = True) -> str:
    """Move the "generated" stamp below the H1: MkDocs takes the title from a leading H1."""
    if STAMP not in text:
        return text
    body = text.replace(STAMP, "", 1)
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            lines.insert(i + 1, "\n" + STAMP.rstrip("\n"))
            return _front_matter_title(line[2:], "\n".join(lines), search)
    return STAMP + body


_TITLE_SAFE = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def _front_matter_title(heading: str, text: str, search: bool = True) -> str:
    """Give the page an explicit title with no HTML-significant characters.

    MkDocs unescapes the H1 into ``page.title`` and themes print it into ``<title>`` without
    escaping, so a record title holding ``</title><script>`` would run. The front-matter title
    is the same text with < > & replaced by look-alikes, written as a JSON (= YAML) string.
    """
    import html
    import json

    title = html.unescape(heading.split(" { ", 1)[0]).translate(_TITLE_SAFE)
    meta = f"title: {json.dumps(title, ensure_ascii=True)}\n"
    if not search:
        meta += "search:\n  exclude: true\n"
    if text.startswith("---\n"):
        return "---\n" + meta + text[4:]
    return "---\n" + meta + "---\n" + text


__all__ = ["GENERATED", "LISTING_GROUPS", "PREVIEW_LISTING_GROUPS", "PREVIEW_RECORD_GROUPS",
           "RECORD_GROUPS", "SiteOptions", "data_files", "finish",
           "render_groups", "render_site"]
