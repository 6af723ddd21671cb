"""Source pages: one page per source record, listing every claim it is cited for, and an index
grouped by publisher.

A source is one document (one normalised URL), described once in sources/; a page per source
keeps its metadata, its `relays` chain and every citation in one place.
"""

from __future__ import annotations

from collections import defaultdict

from kb.records import Incident, Policy, Record, Source
from kb.records.types import date_phrase, date_words
from kb.site.blocks import (
    Citations,
    a_page,
    figure_text,
    heading,
    label,
    meaning,
    record_banners,
    record_footer,
)
from kb.site.claimcard import claim_lead, response_html
from kb.site.context import GENERATED, STAMP, Citation, SiteContext, page_of, rel_html
from kb.site.paging import (
    Entry,
    Paged,
    Part,
    counted,
    initial,
    landing_list,
    name_place,
    where,
)
from kb.site.text import aside, attr, inline, link

_KIND_NOUNS = {"news": "news report", "analysis": "analysis or commentary",
               "social-post": "social-media post", "primary-statement": "statement by the party itself",
               "transcript-analysis": "transcript analysis"}


def _lead(ctx: SiteContext, page: str, source: Source) -> str:
    """What it is, who published it, when, how reliable, and whether the editors read it."""
    kind = inline(_KIND_NOUNS.get(str(source.kind), label(source.kind)))
    article = "an" if kind[:1].lower() in "aeiou" else "a"
    when = (f"published {inline(date_phrase(source.published))}" if source.published
            else "undated")
    by = f" ({ctx.ref(page, source.by)}'s own publication)" if source.by else ""
    author = f", by {inline(source.author)}" if source.author else ""
    text = (f"{article.capitalize()} {kind} from "
            f"**{inline(source.publisher)}**{by}{author}, {when}"
            + aside(source.date_note) + ". "
            f"Reliability grade **{inline(source.reliability.value)}**: "
            f"{inline(meaning(source.reliability))}"
            + ("; first-hand" if source.first_hand else "") + ".")
    if source.reviewed:
        read = "**The editors read it.**"
    else:
        read = ("**The editors did not read it;** they saw it cited in "
                + (", ".join(ctx.ref(page, s) for s in source.cited_in) or "nothing recorded")
                + ". In the evidence score it earns no points for reliability, kind or "
                "first-hand standing.")
    return text + "  \n" + read + "\n"


def _facts(ctx: SiteContext, page: str, source: Source) -> list[str]:
    facts = [f"**Address:** {link(source.url, source.url)}"]
    if source.language:
        facts.append(f"**Language:** {inline(source.language)}")
    if source.paywall:
        facts.append("**Behind a paywall**")
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


def _uses(ctx: SiteContext, page: str, record: Record, evidence_id: str) -> list[str]:
    """What a record cites one evidence item for: its claims (who claims what, status, stance),
    responses, figures and events, in words (HTML)."""
    out: list[str] = []
    if isinstance(record, Incident | Policy):
        for claim in record.claims:
            for ref in claim.evidence:
                if ref.ref == evidence_id:
                    out.append(f"{claim_lead(ctx, page, claim)} — status "
                               f"<strong>{inline(label(claim.status))}</strong>; this source "
                               f"{_STANCE_WORDS.get(str(ref.stance), inline(label(ref.stance)))}")
        for r in record.responses:
            if evidence_id in r.evidence:
                out.append("the response: " + response_html(ctx, page, record, r))
        out += [f"a figure: {figure_text(f, html=True)}" for f in record.figures
                if evidence_id in f.evidence]
        out += [f"a dated step: {inline(e.event)}" for e in record.events
                if evidence_id in e.evidence]
    return out


_STANCE_WORDS = {"supports": "supports it", "disputes": "disputes it",
                 "context": "gives context only"}


def _citations(ctx: SiteContext, page: str, citations: list[Citation]) -> list[str]:
    if not citations:
        return [heading(2, "Cited for", search=True), "",
                "No record cites this source as evidence.", ""]
    lines = [heading(2, "Cited for", search=True), ""]
    for c in citations:
        uses = _uses(ctx, page, c.record, c.evidence.id)
        where = inline(c.evidence.locator) + "; " if c.evidence.locator else ""
        number = Citations(c.record).numbers.get(c.evidence.id)
        listed = (f'<a href="{attr(rel_html(page, page_of(c.record)))}#ev-{attr(c.evidence.id)}">'
                  f"source [{number}] in its list</a>") if number else "in its sources"
        head = (f"{a_page(ctx, page, c.record.id)} <small>({inline(c.record.kind_name)}, "
                f"{where}{listed})</small>")
        body = "".join(f"<li>{u}</li>" for u in uses) or "<li>background to the record</li>"
        lines.append(f'<div class="kb-cited"><p>{head}</p><ul>{body}</ul></div>')
    return [*lines, ""]


def source_page(ctx: SiteContext, source: Source) -> str:
    page = page_of(source)
    parts = [STAMP, f"# {inline(source.display_name)}\n", _lead(ctx, page, source),
             record_banners(ctx, page, source),
             "\n".join(_citations(ctx, page, ctx.citations.get(source.id, []))),
             heading(2, "Details") + "\n" + "  \n".join(_facts(ctx, page, source)) + "\n",
             record_footer(ctx, page, source, source.display_name)]
    return "\n".join(p for p in parts if p)


def _source_line(ctx: SiteContext, page: str, source: Source) -> str:
    records = {c.record.id for c in ctx.citations.get(source.id, [])}
    return (f"- {inline(date_words(source.published)) if source.published else 'undated'}"
            f" · {ctx.ref(page, source.id)} — {inline(label(source.kind))}, "
            f"cited by {len(records)} record{'s' * (len(records) != 1)}"
            + ("" if source.reviewed else " (not read by the editors)"))


SOURCES = f"{GENERATED}/sources/index.md"
_INTRO = ("Each source is described once; its page lists every claim it is cited for.")


class SourcesIndex:
    """Every source, grouped by publisher (by the publisher's initial past a page)."""

    landing = SOURCES
    folder = f"{GENERATED}/sources/by-publisher"
    scale = 2

    def entries(self, ctx: SiteContext) -> list[Entry]:
        by_publisher: dict[str, list[Source]] = defaultdict(list)
        for source in ctx.sources.values():
            by_publisher[source.publisher].append(source)
        out = []
        for publisher in sorted(by_publisher, key=str.casefold):
            out += [Entry(s.id, initial(publisher), publisher, (s.id,), s)
                    for s in sorted(by_publisher[publisher], key=lambda s: (s.published or "", s.id))]
        return out

    def page(self, ctx: SiteContext, paged: Paged, part: Part) -> str:
        page = part.path
        if not paged.split:
            publishers = len({e.when for e in part.entries})
            lines = [STAMP, "# Sources\n",
                     f"Every document cited as evidence: {len(part.entries)} sources from "
                     f"{publishers} publishers, grouped by publisher. {_INTRO}\n"]
        else:
            lines = [STAMP, f"# Sources: publishers {inline(name_place(part))}\n",
                     f"{counted(len(part.entries), 'source')}, grouped by publisher. {_INTRO}\n",
                     where(page, paged, part, top="All publishers", newer="Previous",
                           older="Next")]
        publisher = None
        for entry in part.entries:
            if entry.when != publisher:
                if publisher is not None:
                    lines.append("")
                publisher = entry.when
                lines += [heading(2, inline(publisher)), ""]
            lines.append(_source_line(ctx, page, entry.item))
        if publisher is not None:
            lines.append("")
        return "\n".join(lines)

    def landing_page(self, ctx: SiteContext, paged: Paged) -> str:
        page = paged.landing
        publishers = len({e.when for p in paged.parts for e in p.entries})
        return "\n".join([
            STAMP, "# Sources\n",
            f"Every document cited as evidence: {paged.total:,} sources from {publishers:,} "
            f"publishers, on a page per initial of the publisher's name (an initial with more "
            f"than {self.scale * ctx.options.listing_rows:,} sources is cut into pages by name). "
            f"{_INTRO} The search box at the top finds a source by publisher or title.\n",
            *landing_list(page, paged, lambda parts: counted(
                sum(len(p.entries) for p in parts), "source"), dated=False), ""])


SOURCES_INDEX = SourcesIndex()


def source_pages(ctx: SiteContext) -> dict[str, str]:
    return {page_of(s): source_page(ctx, s) for s in ctx.sources.values()}
