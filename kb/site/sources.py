"""Source pages: one page per source record, listing every claim it is cited for, and an index
grouped by publisher.

A source is one document (one normalised URL), described once in sources/; a page per source
keeps its metadata, its `relays` chain and every citation in one place.
"""

from __future__ import annotations

from collections import defaultdict

from kb.records import Incident, Policy, Record, Source
from kb.records.vocab import Reliability
from kb.site.blocks import heading, record_banners, record_footer
from kb.site.context import GENERATED, STAMP, Citation, SiteContext, page_of
from kb.site.text import inline, link


def _facts(ctx: SiteContext, page: str, source: Source) -> list[str]:
    rel_word = Reliability(source.reliability).definition.split(":")[0].lower().rstrip(".")
    facts = [f"**Address:** {link(source.url, source.url)}",
             f"**Publisher:** {inline(source.publisher)}"
             + (f" ({ctx.ref(page, source.by)}'s own publication)" if source.by else "")]
    if source.author:
        facts.append(f"**Author:** {inline(source.author)}")
    date = inline(source.published) if source.published else "undated"
    facts.append(f"**Published:** {date}"
                 + (f" ({inline(source.date_note)})" if source.date_note else ""))
    facts.append(f"**Kind:** {inline(source.kind.value)} · **reliability:** "
                 f"{inline(source.reliability.value)} ({inline(rel_word)})"
                 + (" · first-hand" if source.first_hand else ""))
    if source.language:
        facts.append(f"**Language:** {inline(source.language)}")
    if source.paywall:
        facts.append("**Behind a paywall**")
    if not source.reviewed:
        facts.append("**Not read by the editors;** seen cited in "
                     + (", ".join(ctx.ref(page, s) for s in source.cited_in) or "nothing recorded"))
    if source.relays:
        facts.append("**Repeats:** " + ", ".join(ctx.ref(page, s) for s in source.relays))
    relayed = ctx.relayed_by.get(source.id, [])
    if relayed:
        facts.append("**Repeated by:** " + ", ".join(ctx.ref(page, s.id) for s in relayed))
    if source.archives:
        facts.append("**Archived:** " + ", ".join(
            link(f"copy {n}", url) for n, url in enumerate(source.archives, 1)))
    if source.sha256:
        captured = f", captured {inline(source.captured)}" if source.captured else ""
        facts.append(f"**Snapshot SHA-256:** `{source.sha256}`{captured}")
    if source.note:
        facts.append(inline(source.note))
    return facts


def _uses(record: Record, evidence_id: str) -> list[str]:
    """What a record cites one evidence item for: its claims (with stance), else other uses."""
    out: list[str] = []
    if isinstance(record, Incident):
        for claim in record.claims:
            for ref in claim.evidence:
                if ref.ref == evidence_id:
                    out.append(f"claim `{claim.id}` ({inline(ref.stance.value)}): "
                               f"{inline(claim.statement)}")
    if isinstance(record, Incident | Policy):
        if any(evidence_id in r.evidence for r in record.responses):
            out.append("a response (right of reply)")
        if any(evidence_id in f.evidence for f in record.figures):
            out.append("a figure")
    return out


def _citations(ctx: SiteContext, page: str, citations: list[Citation]) -> list[str]:
    if not citations:
        return []
    lines = [heading(2, "Cited for"), ""]
    for c in citations:
        where = f"- {ctx.ref(page, c.record.id)}, evidence `{c.evidence.id}`"
        if c.evidence.locator:
            where += f" ({inline(c.evidence.locator)})"
        lines.append(where)
        lines += [f"    - {use}" for use in _uses(c.record, c.evidence.id)]
    return [*lines, ""]


def source_page(ctx: SiteContext, source: Source) -> str:
    page = page_of(source)
    parts = [STAMP, f"# {inline(source.display_name)}\n", record_banners(ctx, page, source),
             "  \n".join(_facts(ctx, page, source)) + "\n",
             "\n".join(_citations(ctx, page, ctx.citations.get(source.id, []))),
             record_footer(ctx, page, source, source.display_name)]
    return "\n".join(p for p in parts if p)


def source_index(ctx: SiteContext) -> str:
    by_publisher: dict[str, list[Source]] = defaultdict(list)
    for source in ctx.sources.values():
        by_publisher[source.publisher].append(source)
    page = f"{GENERATED}/sources/index.md"
    lines = [STAMP, "# Sources\n",
             f"Every document cited as evidence: {len(ctx.sources)} sources from "
             f"{len(by_publisher)} publishers, grouped by publisher. Each source is described "
             "once; its page lists every claim it is cited for.\n"]
    for publisher in sorted(by_publisher, key=str.casefold):
        lines += [heading(2, inline(publisher)), ""]
        for source in sorted(by_publisher[publisher], key=lambda s: (s.published or "", s.id)):
            records = {c.record.id for c in ctx.citations.get(source.id, [])}
            lines.append(f"- {inline(source.published or 'undated')} · {ctx.ref(page, source.id)}"
                         f" — cited by {len(records)} record{'s' * (len(records) != 1)}")
        lines.append("")
    return "\n".join(lines)


def source_pages(ctx: SiteContext) -> dict[str, str]:
    pages = {page_of(s): source_page(ctx, s) for s in ctx.sources.values()}
    pages[f"{GENERATED}/sources/index.md"] = source_index(ctx)
    return pages
