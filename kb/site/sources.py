"""Source pages: one page per host, one entry per URL listing every record that cites it.

A page per URL would add one page per evidence item (tens of thousands at scale); grouping by
host keeps the page count bounded while every URL keeps its own anchor.
"""

from __future__ import annotations

from collections import defaultdict

from kb.site.context import GENERATED, STAMP, SiteContext, Source, host_slug
from kb.site.text import inline, link


def _source_entry(ctx: SiteContext, page: str, source: Source) -> list[str]:
    first = source.citations[0].evidence
    lines = [f"### {inline(first.title or source.url)} {{ #{source.anchor} }}", "",
             f"{link(source.url, source.url)}  ", f"Publisher: {inline(first.publisher)} · "
             f"kind: {inline(first.kind.value)} · reliability: {inline(first.reliability.value)}",
             "", "Cited by:", ""]
    for citation in source.citations:
        lines.append(f"- {ctx.ref(page, citation.record.id)} as evidence "
                     f"`{citation.evidence.id}`")
    return [*lines, ""]


def source_pages(ctx: SiteContext) -> dict[str, str]:
    by_host: dict[str, list[Source]] = defaultdict(list)
    for source in ctx.sources.values():
        by_host[host_slug(source.host)].append(source)
    pages: dict[str, str] = {}
    index = [STAMP, "# Sources\n",
             "Every web page cited as evidence, grouped by site. The same URL cited by several "
             "records is one source; its entry lists them all.\n",
             "| Site | URLs cited | Records citing |", "|---|---|---|"]
    for slug in sorted(by_host):
        sources = sorted(by_host[slug], key=lambda s: s.key)
        page = f"{GENERATED}/sources/{slug}.md"
        body = [STAMP, f"# Sources on {inline(sources[0].host)}\n"]
        for source in sources:
            body += _source_entry(ctx, page, source)
        pages[page] = "\n".join(body)
        records = {c.record.id for s in sources for c in s.citations}
        index.append(f"| [{inline(sources[0].host)}]({slug}.md) | {len(sources)} | {len(records)} |")
    pages[f"{GENERATED}/sources/index.md"] = "\n".join(index) + "\n"
    return pages
