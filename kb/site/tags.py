"""Tag pages: one per tag (records carrying it, newest first), and the index of tags.

A tag's page is one page while it is short; past a page's worth of records, a landing page at
the same address with a page per year (kb/site/paging.py), so that a tag every incident carries
does not make a page as long as the whole knowledge base.
"""

from __future__ import annotations

from kb.records import Record
from kb.records.types import date_words
from kb.site.context import GENERATED, STAMP, SiteContext
from kb.site.paging import Entry, Paged, Part, counted, landing_list, part_title, where, year_of
from kb.site.text import inline

TAGS = f"{GENERATED}/tags"


def _date(record: Record) -> str:
    return str(getattr(record, "date", "") or "")


class TagListing:
    """The records carrying one tag."""

    scale = 2

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.landing = f"{TAGS}/{tag}.md"
        self.folder = f"{TAGS}/{tag}"

    def entries(self, ctx: SiteContext) -> list[Entry]:
        records: list[Record] = sorted(ctx.tags[self.tag], key=lambda r: r.id)
        records.sort(key=_date, reverse=True)  # newest first; undated last; by id within a date
        return [Entry(r.id, year_of(_date(r)), _date(r), (r.id,), r) for r in records]

    def _line(self, ctx: SiteContext, page: str, entry: Entry) -> str:
        record: Record = entry.item
        when = inline(date_words(entry.when)) if entry.when else "—"
        return f"- {when} · {ctx.ref(page, record.id)} ({record.kind_name})"

    def page(self, ctx: SiteContext, paged: Paged, part: Part) -> str:
        page = part.path
        if not paged.split:
            head = [f"# Tag: {inline(self.tag)}\n",
                    f"{len(part.entries)} records. [All tags](index.md)\n"]
        else:
            head = [f"# Tag {inline(self.tag)}: {inline(part_title(part))}\n",
                    f"{counted(len(part.entries), 'record')} tagged {inline(self.tag)}, newest "
                    "first.\n", where(page, paged, part, top=f"All years for {inline(self.tag)}")]
        return "\n".join([STAMP, *head, *(self._line(ctx, page, e) for e in part.entries)]) + "\n"

    def landing_page(self, ctx: SiteContext, paged: Paged) -> str:
        return "\n".join([
            STAMP, f"# Tag: {inline(self.tag)}\n",
            f"{counted(paged.total, 'record')}, newest first, on a page per year (a year with "
            f"more than {self.scale * ctx.options.listing_rows:,} is cut into pages by date). "
            "[All tags](index.md)\n",
            *landing_list(paged.landing, paged, lambda parts: counted(
                sum(len(p.entries) for p in parts), "record")), ""])


def tag_listings(ctx: SiteContext) -> list[TagListing]:
    return [TagListing(tag) for tag in sorted(ctx.tags)]


def tags_index(ctx: SiteContext) -> str:
    index = [STAMP, "# Tags\n", "| Tag | Records |", "|---|---|"]
    index += [f"| [{inline(tag)}]({tag}.md) | {len(ctx.tags[tag])} |" for tag in sorted(ctx.tags)]
    return "\n".join(index) + "\n"
