"""The timeline: incidents, their dated steps, responses and policies, newest first, by year.

One page while it is short; past a page's worth of entries, a landing page with a page per year
(a crowded year cut into pages by date), as kb/site/paging.py describes.
"""

from __future__ import annotations

from kb.records.types import date_words
from kb.site.blocks import label
from kb.site.context import GENERATED, STAMP, SiteContext
from kb.site.paging import (
    Entry,
    Paged,
    Part,
    counted,
    landing_list,
    part_title,
    where,
    year_of,
)
from kb.site.text import inline

TIMELINE = f"{GENERATED}/timeline.md"

_INTRO = ("Incidents, responses and policy steps by date, newest first. Dates carry the precision "
          "the sources give (a year or month alone means the day is not known).")


def _line(ctx: SiteContext, page: str, entry: Entry) -> str:
    kind, event = entry.item
    record = entry.record
    if kind in ("incident", "policy"):
        text = ctx.ref(page, record)
    elif kind == "response":
        text = (f"{inline(ctx.name(event.party))} {inline(label(event.stance))} — "
                f"{ctx.ref(page, record)}")
    else:
        text = f"{inline(event.event)} — {ctx.ref(page, record)}"
    return f"- **{inline(date_words(entry.when))}** · {kind}: {text}"


class Timeline:
    landing = TIMELINE
    folder = f"{GENERATED}/timeline"
    scale = 2

    def entries(self, ctx: SiteContext) -> list[Entry]:
        out: list[Entry] = []

        def add(date: str, kind: str, record: str, n: int, event: object = None) -> None:
            out.append(Entry(record, year_of(date), date, (record, kind, str(n)), (kind, event)))

        for inc in ctx.kb.incidents:
            add(inc.date, "incident", inc.id, 0)
            for n, ev in enumerate(inc.events):
                add(ev.date, "event", inc.id, n, ev)
            for n, resp in enumerate(inc.responses):
                if resp.stance.value != "no-response-found":
                    add(resp.date, "response", inc.id, n, resp)
        for pol in ctx.kb.policies:
            add(pol.date, "policy", pol.id, 0)
            for n, ev in enumerate(pol.events):
                add(ev.date, "policy step", pol.id, n, ev)
        # Newest first; entries of one date keep the order above (a stable sort).
        return sorted(out, key=lambda e: e.when, reverse=True)

    def page(self, ctx: SiteContext, paged: Paged, part: Part) -> str:
        page = part.path
        if not paged.split:
            out = [STAMP, "# Timeline\n", _INTRO + "\n"]
            year = None
            for entry in part.entries:
                if entry.when[:4] != year:
                    if year is not None:
                        out.append("")
                    year = entry.when[:4]
                    out += [f"## {year}", ""]
                out.append(_line(ctx, page, entry))
            out.append("")
            return "\n".join(out)
        return "\n".join([STAMP, f"# Timeline: {inline(part_title(part))}\n", _INTRO + "\n",
                          where(page, paged, part),
                          *(_line(ctx, page, e) for e in part.entries), ""])

    def landing_page(self, ctx: SiteContext, paged: Paged) -> str:
        return "\n".join([
            STAMP, "# Timeline\n", _INTRO + " A page per year; a year with more than "
            f"{self.scale * ctx.options.listing_rows:,} entries is cut into pages by date.\n",
            *landing_list(paged.landing, paged, lambda parts: counted(
                sum(len(p.entries) for p in parts), "entry", "entries")), ""])


TIMELINE_LISTING = Timeline()
