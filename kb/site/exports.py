"""The open-data exports in the site: the JSON API at ``generated/api/v1/`` and the Atom feeds
at ``generated/feeds/`` (kb.export renders them; the site's writer writes only what changed).

Links inside them are absolute when the site's URL is known, else relative to the file that
holds them (an API index is three folders below generated/, a feed one or two).
"""

from __future__ import annotations

from collections.abc import Callable

from kb.records import Record
from kb.site.context import GENERATED, SiteContext, page_of

API = f"{GENERATED}/api"
FEEDS = f"{GENERATED}/feeds"


def page_url(site_url: str) -> Callable[[Record], str] | None:
    """A record's page on the published site, for exports written outside it (`kb export`);
    None when the site's URL is not known (a relative link would point nowhere)."""
    if not site_url:
        return None
    base = site_url.rstrip("/") + "/"
    return lambda record: base + page_of(record)[:-3] + ".html"


def _page(ctx: SiteContext, record: Record, up: str) -> str:
    if ctx.options.site_url:
        return ctx.permalink(record)
    return up + page_of(record).removeprefix(f"{GENERATED}/")[:-3] + ".html"


def api_site_files(ctx: SiteContext) -> dict[str, str]:
    from kb.export.api import api_files
    from kb.reference.schemas import schemas

    files = api_files(ctx.kb, lambda r: _page(ctx, r, "../../../"), schemas())
    return {f"{API}/{path}": text for path, text in files.items()}


def feed_site_files(ctx: SiteContext) -> dict[str, str]:
    from kb.export.feeds import feed_files

    base = ctx.options.site_url.rstrip("/") + f"/{FEEDS}/" if ctx.options.site_url else ""
    files = feed_files(ctx.kb, ctx.graph, lambda r: _page(ctx, r, "../"), base)
    return {f"{FEEDS}/{path}": text for path, text in files.items()}


def feed_link(record: Record) -> str | None:
    """The docs/ path of an actor's or model's feed (None for other kinds)."""
    from kb.export.feeds import feed_path

    path = feed_path(record)
    return f"{FEEDS}/{path}" if path else None
