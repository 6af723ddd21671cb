"""The generated part of the home page: the state of the KB at a glance, drawn at build time.

Counts of claims by status and of incidents by year (context records are not incidents and are
counted apart), the latest dated changes found in the records themselves (no git, no clock),
and where to start reading. Plain HTML and CSS bars: no JavaScript. ``docs/index.md``
(hand-written) includes it with a snippet, so links are relative to docs/.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from kb.records import Incident, Policy
from kb.records.claim import Response, StatusChange
from kb.records.types import date_words
from kb.records.vocab import ClaimStatus, IncidentKind, ResponseStance
from kb.site.blocks import label, meaning
from kb.site.context import GENERATED, STAMP, SiteContext, page_of, rel_html
from kb.site.indexes import incidents_by_year_hrefs
from kb.site.paging import group_words, year_of
from kb.site.text import aside, attr, inline

HOME_PARTIAL = f"{GENERATED}/partials/home.md"
PAGE = "index.md"
LATEST = 8


class Change(NamedTuple):
    date: str
    what: str
    """Escaped HTML."""


def incidents_only(ctx: SiteContext) -> list[Incident]:
    """Incidents proper: context records are kept for context, not counted as incidents."""
    return [i for i in ctx.kb.incidents if i.kind is not IncidentKind.CONTEXT]


def _bar_rows(counts: list[tuple[str, int]], top: int) -> list[str]:
    rows = []
    for name, n in counts:
        width = round(100 * n / top) if top else 0
        rows.append(f"<tr><th scope=\"row\">{name}</th><td>{n}</td><td class=\"kb-bar-cell\">"
                    f'<span class="kb-bar" style="width: {width}%"></span></td></tr>')
    return rows


def _table(caption: str, head: str, rows: list[str]) -> str:
    return (f'<table class="kb-bars"><caption>{caption}</caption>'
            f'<thead><tr><th scope="col">{head}</th><th scope="col">Count</th>'
            '<th scope="col"><span class="kb-sr">Share</span></th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def status_table(ctx: SiteContext) -> str:
    counts = Counter(c.status for i in incidents_only(ctx) for c in i.claims)
    items = [(f'<span class="kb-status kb-status-{s.value}">{inline(label(s))}</span>', counts[s])
             for s in ClaimStatus if counts[s]]
    return _table("Claims in incidents, by status", "Status", _bar_rows(
        items, max(counts.values(), default=0)))


def year_table(ctx: SiteContext) -> str:
    counts = Counter(year_of(i.date) for i in incidents_only(ctx))
    years = sorted(counts, reverse=True)
    hrefs = incidents_by_year_hrefs(ctx, PAGE, years)
    items = [(f'<a href="{attr(hrefs[y])}">{inline(group_words(y))}</a>', counts[y]) for y in years]
    return _table("Incidents, by year", "Year", _bar_rows(items, max(counts.values(), default=0)))


def latest_changes(ctx: SiteContext) -> list[Change]:
    """The newest dated things the records say happened: status changes, responses, steps.

    Their words are written only for the newest dates, enough to fill the list: a knowledge base
    of thousands of records has tens of thousands of dated things (`kb serve` redraws this list
    on every edit)."""
    dated: list[tuple[str, Callable[[], str]]] = []
    links: dict[str, str] = {}

    def link(record_id: str) -> str:
        if record_id not in links:
            links[record_id] = _link(ctx, record_id)
        return links[record_id]

    for inc in ctx.kb.incidents:
        for c in inc.claims:
            dated += [(h.date, partial(_status_change, link, inc.id, h)) for h in c.history[1:]]
        dated += [(r.date, partial(_response, ctx, link, inc.id, r)) for r in inc.responses
                  if r.stance is not ResponseStance.NO_RESPONSE_FOUND]
        dated += [(e.date, partial(_step, link, inc.id, e.event)) for e in inc.events]
        dated.append((inc.date, partial(_new, link, inc)))
    for pol in ctx.kb.policies:
        dated += [(e.date, partial(_step, link, pol.id, e.event)) for e in pol.events]
        dated.append((pol.date, partial(_policy, link, pol)))
    dated.sort(key=lambda d: d[0], reverse=True)
    unique: dict[tuple[str, str], Change] = {}
    i = 0
    while i < len(dated) and len(unique) < LATEST:  # whole dates: ties are ordered by their words
        date = dated[i][0]
        while i < len(dated) and dated[i][0] == date:
            what = dated[i][1]()
            unique[(date, what)] = Change(date, what)
            i += 1
    return sorted(unique.values(), key=lambda c: (c.date, c.what), reverse=True)[:LATEST]


Link = Callable[[str], str]


def _status_change(link: Link, record_id: str, h: StatusChange) -> str:
    return (f"a claim in {link(record_id)} became <strong>{inline(label(h.status))}</strong>"
            + aside(h.note))


def _response(ctx: SiteContext, link: Link, record_id: str, r: Response) -> str:
    return f"{inline(ctx.name(r.party))} <strong>{inline(label(r.stance))}</strong> — {link(record_id)}"


def _step(link: Link, record_id: str, event: str) -> str:
    return f"{inline(event)} — {link(record_id)}"


def _new(link: Link, inc: Incident) -> str:
    return f"new {inline(label(inc.kind))}: {link(inc.id)}"


def _policy(link: Link, pol: Policy) -> str:
    return f"{inline(label(pol.kind))} ({inline(label(pol.status))}): {link(pol.id)}"


def _link(ctx: SiteContext, record_id: str) -> str:
    record = ctx.by_id[record_id]
    return f'<a href="{attr(rel_html(PAGE, page_of(record)))}">{inline(record.display_name)}</a>'


def home_partial(ctx: SiteContext) -> str:
    kb = ctx.kb
    incidents = incidents_only(ctx)
    context = len(kb.incidents) - len(incidents)
    claims = [c for i in incidents for c in i.claims]
    counts = [
        f"[{len(incidents)} incidents]({GENERATED}/incidents/index.md)"
        + (f" (and {context} context record{'s' * (context != 1)})" if context else ""),
        f"{len(claims)} claims in them",
        f"[{len(ctx.sources)} sources]({GENERATED}/sources/index.md)",
        f"[{len(kb.actors)} actors]({GENERATED}/actors/index.md)",
        f"[{len(kb.models)} models]({GENERATED}/models/index.md)",
        f"[{len(kb.policies)} policies]({GENERATED}/policies/index.md)",
    ]
    reviewed = max((r.sources_reviewed_up_to for r in kb.incidents if r.sources_reviewed_up_to),
                   default=None)
    changes = latest_changes(ctx)
    out = [STAMP, "## At a glance", "",
           "**In the knowledge base:** " + " · ".join(counts) + ".", "",
           ("Sources reviewed up to " + inline(date_words(reviewed)) + " (saved copies; live pages "
            "not checked)." if reviewed else ""), "",
           '<div class="kb-glance-grid">', status_table(ctx), year_table(ctx), "</div>", "",
           "## Latest changes", "",
           "The newest dated events the records hold (status changes, responses, policy steps), "
           "newest first.", "",
           '<ul class="kb-latest">'
           + "".join(f"<li><strong>{inline(date_words(c.date))}</strong> · {c.what}</li>"
                     for c in changes) + "</ul>" if changes else "No dated changes yet.", "",
           "## Start reading", "",
           f"- [All incidents]({GENERATED}/incidents/index.md), newest first, with each claim's "
           "status and who made it",
           f"- [Timeline]({GENERATED}/timeline.md) of incidents, responses and policy steps",
           f"- [Actors]({GENERATED}/actors/index.md): what each party is accused of and what it said",
           f"- [Policies]({GENERATED}/policies/index.md) · [Models]({GENERATED}/models/index.md) · "
           f"[Lineage explorer]({GENERATED}/explorer.md) · [Downloads]({GENERATED}/downloads.md)",
           "",
           "## Status legend", "",
           "Every claim carries one status, always written in words; colour only repeats it.", "",
           "| Claim status | Meaning |", "|---|---|"]
    out += [f"| **{inline(label(s))}** | {inline(meaning(s))} |" for s in ClaimStatus]
    out += ["", "| Response | Meaning |", "|---|---|"]
    out += [f"| **{inline(label(s))}** | {inline(meaning(s))} |" for s in ResponseStance]
    return "\n".join(out) + "\n"
