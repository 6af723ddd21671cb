"""Index pages: incidents (filterable), actors, models, datasets, policies; and the list of the
listings that grow with the knowledge base (incidents, timeline, models, sources, tags), which are
paginated (kb/site/paging.py)."""

from __future__ import annotations

from collections import Counter, defaultdict

from kb.records import Actor, Incident, Model, Policy
from kb.records.phrases import record_status_label
from kb.records.types import date_words
from kb.records.vocab import ClaimStatus, IncidentKind
from kb.site.blocks import a_page, label
from kb.site.context import GENERATED, STAMP, SiteContext, page_of, rel, rel_html
from kb.site.methods import method_listings
from kb.site.paging import (
    Entry,
    Listing,
    Paged,
    Part,
    counted,
    group_words,
    initial,
    landing_list,
    name_place,
    paged,
    part_title,
    render_all,
    where,
    year_of,
)
from kb.site.sources import SOURCES_INDEX
from kb.site.tags import tag_listings, tags_index
from kb.site.text import attr, html_text, inline
from kb.site.timeline import TIMELINE, TIMELINE_LISTING

INCIDENTS = f"{GENERATED}/incidents/index.md"


def incident_status(incident: Incident) -> str:
    """The most frequent claim status, for the index ('no claims' when there are none)."""
    counts = Counter(c.status for c in incident.claims)
    return counts.most_common(1)[0][0].value if counts else "no claims"


def claims_in_words(ctx: SiteContext, incident: Incident) -> str:
    """Each claim's status with its claimant: 'alleged by US administration (unnamed officials);
    unsubstantiated claim by Unidentified news digest'. A status belongs to a claim, never to the
    incident (the words are kb.records.phrases', the same as on the command line)."""
    return record_status_label(incident, ctx.name)


def _parties(ctx: SiteContext, incident: Incident, role: str) -> str:
    return ", ".join(ctx.name(i.actor) for i in incident.actors if i.role.value == role)


def _incident_row(ctx: SiteContext, page: str, inc: Incident, first_of_year: bool = False) -> str:
    words = claims_in_words(ctx, inc)
    search = " ".join([inc.title, inc.id, *inc.tags, _parties(ctx, inc, "accuser"),
                       _parties(ctx, inc, "accused"), words]).lower()
    tokens = " ".join(sorted({c.status.value for c in inc.claims}))
    kind = "" if inc.kind is IncidentKind.ALLEGATION else (
        f' <span class="kb-kind">({html_text(label(inc.kind))})</span>')
    anchor = f' id="{attr(year_anchor(year_of(inc.date)))}"' if first_of_year else ""
    return (f'<tr{anchor} data-status="{attr(tokens)}" data-text="{attr(search)}">'
            f"<td>{html_text(date_words(inc.date))}</td>"
            f'<td><a href="{attr(rel_html(page, page_of(inc)))}">{html_text(inc.title)}</a>{kind}</td>'
            f"<td>{html_text(_parties(ctx, inc, 'accuser'))}</td>"
            f"<td>{html_text(_parties(ctx, inc, 'accused'))}</td>"
            f"<td>{html_text(words)}</td><td>{len(inc.evidence)}</td></tr>")


def _incidents_count(incidents: list[Incident]) -> str:
    """'5,000 incidents', or '28 incidents and 2 context records'."""
    context = sum(1 for i in incidents if i.kind is IncidentKind.CONTEXT)
    count = counted(len(incidents) - context, "incident")
    return f"{count} and {counted(context, 'context record')}" if context else count


class IncidentsIndex:
    """Every incident, newest first, in a table that can be filtered (by year past a page)."""

    landing = INCIDENTS
    folder = f"{GENERATED}/incidents/by-year"
    scale = 1

    def entries(self, ctx: SiteContext) -> list[Entry]:
        incidents = sorted(ctx.kb.incidents, key=lambda i: (i.date, i.id), reverse=True)
        return [Entry(i.id, year_of(i.date), i.date, (i.id,), i) for i in incidents]

    def page(self, ctx: SiteContext, paged: Paged, part: Part) -> str:
        page = part.path
        incidents: list[Incident] = [e.item for e in part.entries]
        years = [year_of(i.date) for i in incidents]  # the first row of each year gets an anchor
        statuses = [s for s in ClaimStatus if any(c.status is s for i in incidents for c in i.claims)]
        options = "".join(f'<option value="{attr(s.value)}">{html_text(label(s))}</option>'
                          for s in statuses)
        also = (f"Also: [timeline]({rel(page, TIMELINE)}), "
                f"[tags]({rel(page, GENERATED + '/tags/index.md')}).")
        if not paged.split:
            head = ["# Incidents\n",
                    f"{_incidents_count(incidents)}, newest first. Type to filter by title, party "
                    "or tag. " + _STATUS_WORDS + f" {also}\n"]
        else:
            title = (f"Incidents in {group_words(part.group)}" if part.of == 1
                     else f"Incidents: {part_title(part)}")
            head = [f"# {inline(title)}\n",
                    f"{_incidents_count(incidents)}, newest first. Type to filter this page by "
                    "title, party or tag; the search box at the top of the site finds an incident "
                    f"from any year. {_STATUS_WORDS}\n", where(page, paged, part)]
        return "\n".join([
            "---\nhide:\n  - toc\n---\n", STAMP, *head,
            '<div class="kb-filter">',
            '<label>Filter <input type="search" data-kb-filter="incidents" '
            'placeholder="title, party or tag"></label> '
            '<label>Claim status <select data-kb-status="incidents"><option value="">any</option>'
            f"{options}</select></label> "
            '<span class="kb-count" data-kb-count="incidents"></span>',
            "</div>", "",
            '<table class="kb-table kb-stack" data-kb-table="incidents">',
            "<thead><tr><th>Date</th><th>Incident</th><th>Accuser</th><th>Accused</th>"
            "<th>Claims: who made them, and their status</th><th>Sources</th></tr></thead>",
            "<tbody>", *(_incident_row(ctx, page, i, first_of_year=year != before)
                         for i, year, before in zip(incidents, years, ["", *years], strict=False)),
            "</tbody>", "</table>",
            ""])

    def landing_page(self, ctx: SiteContext, paged: Paged) -> str:
        page = paged.landing
        incidents: list[Incident] = [e.item for p in paged.parts for e in p.entries]
        return "\n".join([
            STAMP, "# Incidents\n",
            f"{_incidents_count(incidents)}, newest first, on a page per year (a year with more "
            f"than {ctx.options.listing_rows:,} is cut into pages by date). Each page gives every "
            "claim with the party that made it and its status, and can be filtered by title, "
            "party or tag; the search box at the top finds an incident from any year. Also: "
            f"[timeline]({rel(page, TIMELINE)}), [tags]({rel(page, GENERATED + '/tags/index.md')})."
            "\n", *landing_list(page, paged, lambda parts: _incidents_count(
                [e.item for p in parts for e in p.entries])), ""])


_STATUS_WORDS = ("Each claim has its own status, given here with the party that made it (a "
                 "status belongs to a claim, never to a whole incident); the status filter shows "
                 "incidents with at least one claim of that status.")


INCIDENTS_INDEX = IncidentsIndex()


def year_anchor(year: str) -> str:
    """The id of the first row of a year in the incidents table ('year-2025')."""
    return f"year-{year}"


def incidents_by_year_hrefs(ctx: SiteContext, from_page: str, years: list[str]) -> dict[str, str]:
    """Where the incidents of each year are listed: its page once the listing is cut into a
    page per year, else the first row of that year in the one table."""
    cut = paged(ctx, INCIDENTS_INDEX)
    out = {}
    for year in years:
        parts = cut.groups.get(year) if cut.split else None
        out[year] = rel_html(from_page, parts[0].path if parts else f"{INCIDENTS}#{year_anchor(year)}")
    return out


ACTORS = f"{GENERATED}/actors/index.md"
_ACTORS_INTRO = ("Organisations, government bodies and intermediaries. The count is the number of "
                 "incidents that involve each actor.")


class ActorsIndex:
    """Every actor: by kind, with the actors of each jurisdiction, while it is one page; past a
    page, a page per initial of the actor's name."""

    landing = ACTORS
    folder = f"{GENERATED}/actors/by-name"
    scale = 1

    def entries(self, ctx: SiteContext) -> list[Entry]:
        actors = sorted(ctx.kb.actors, key=lambda a: (a.name.casefold(), a.id))
        return [Entry(a.id, initial(a.name), a.name, (a.id,), a) for a in actors]

    def page(self, ctx: SiteContext, paged: Paged, part: Part) -> str:
        if not paged.split:
            return actors_index(ctx)
        page = part.path
        rows = []
        for entry in part.entries:
            actor: Actor = entry.item
            rows.append([a_page(ctx, page, actor.id), inline(label(actor.kind)),
                         ", ".join(inline(j) for j in actor.jurisdiction) or "&#8212;",
                         str(len(ctx.mentions.get(actor.id, [])))])
        return "\n".join([
            STAMP, f"# Actors: names {inline(name_place(part))}\n", f"{_ACTORS_INTRO}\n",
            where(page, paged, part, top="All actors", newer="Previous", older="Next"),
            stacked_table(["Actor", "Kind", "Jurisdiction", "Incidents"], rows)])

    def landing_page(self, ctx: SiteContext, paged: Paged) -> str:
        page = paged.landing
        return "\n".join([
            STAMP, "# Actors\n", f"{_ACTORS_INTRO} {paged.total:,} actors, on a page per initial "
            f"of their name (an initial with more than {ctx.options.listing_rows:,} is cut into "
            "pages by name).\n",
            *landing_list(page, paged, lambda parts: counted(
                sum(len(p.entries) for p in parts), "actor"), dated=False), ""])


ACTORS_INDEX = ActorsIndex()


def actors_index(ctx: SiteContext) -> str:
    """The actors index while it is one page: by kind, then the actors of each jurisdiction."""
    page = ACTORS
    out = [STAMP, "# Actors\n", "Organisations, government bodies and intermediaries, by kind. "
           "The count is the number of incidents that involve each actor.\n"]
    by_kind: dict[str, list[Actor]] = defaultdict(list)
    for actor in ctx.kb.actors:
        by_kind[label(actor.kind)].append(actor)
    for kind in sorted(by_kind):
        out += [f"## {inline(kind.capitalize())}", "", "| Actor | Jurisdiction | Incidents |",
                "|---|---|---|"]
        for actor in sorted(by_kind[kind], key=lambda a: a.name.lower()):
            jur = ", ".join(inline(j) for j in actor.jurisdiction) or "&#8212;"
            out.append(f"| {ctx.ref(page, actor.id)} | {jur} | "
                       f"{len(ctx.mentions.get(actor.id, []))} |")
        out.append("")
    by_jur: dict[str, list[str]] = defaultdict(list)
    for actor in ctx.kb.actors:
        for jur in actor.jurisdiction or ["unspecified"]:
            by_jur[jur].append(ctx.ref(page, actor.id))
    out += ["## By jurisdiction", "", "| Jurisdiction | Actors |", "|---|---|"]
    out += [f"| {inline(j)} | {', '.join(by_jur[j])} |" for j in sorted(by_jur)]
    return "\n".join(out) + "\n"


def stacked_table(headers: list[str], rows: list[list[str]]) -> str:
    """A raw HTML table whose cells stack, each with its column name, on narrow screens (no
    sideways scrolling at 390 px). Cells are escaped HTML; headers are the site's own words."""
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f'<td data-label="{attr(h)}">{cell}</td>'
                                       for h, cell in zip(headers, row, strict=True)) + "</tr>"
                     for row in rows)
    return (f'<table class="kb-table kb-stack kb-labelled">\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}\n</tbody>\n</table>\n")


class ModelsIndex:
    """AI models by developer (by the developer's initial past a page)."""

    landing = f"{GENERATED}/models/index.md"
    folder = f"{GENERATED}/models/by-developer"
    scale = 1

    def entries(self, ctx: SiteContext) -> list[Entry]:
        out = []
        for dev in sorted(ctx.models_by_developer, key=lambda d: ctx.name(d).lower()):
            name = ctx.name(dev)
            out += [Entry(m.id, initial(name), name, (m.id,), m)
                    for m in ctx.models_by_developer[dev]]
        return out

    def page(self, ctx: SiteContext, paged: Paged, part: Part) -> str:
        page = part.path
        rows = []
        for entry in part.entries:
            model: Model = entry.item
            lineage = ", ".join(f"{inline(label(d.relation))} of {a_page(ctx, page, d.model)}"
                                for d in model.derived_from) or "&#8212;"
            rows.append([a_page(ctx, page, model.developer), a_page(ctx, page, model.id),
                         inline(_date(model.released or "")),
                         inline(label(model.access) if model.access else "—"), lineage,
                         str(len(ctx.mentions.get(model.id, [])))])
        if not paged.split:
            head = ["# Models\n", _MODELS_INTRO.format(
                explorer=rel(page, GENERATED + "/explorer.md")) + "\n"]
        else:
            head = [f"# Models: developers {inline(name_place(part))}\n", _MODELS_INTRO.format(
                explorer=rel(page, GENERATED + "/explorer.md")) + "\n",
                where(page, paged, part, top="All developers", newer="Previous", older="Next")]
        return "\n".join([STAMP, *head, stacked_table(
            ["Developer", "Model", "Released", "Access", "Declared lineage", "Incidents"], rows)])

    def landing_page(self, ctx: SiteContext, paged: Paged) -> str:
        page = paged.landing
        return "\n".join([
            STAMP, "# Models\n", _MODELS_INTRO.format(
                explorer=rel(page, GENERATED + "/explorer.md")) + f" {paged.total:,} models, on a "
            "page per initial of their developer's name (an initial with more than "
            f"{ctx.options.listing_rows:,} is cut into pages by name).\n",
            *landing_list(page, paged, lambda parts: counted(
                sum(len(p.entries) for p in parts), "model"), dated=False), ""])


_MODELS_INTRO = ("AI models and systems, by developer. Lineage shown here is only what developers "
                 "declare; claims by others are on each model's page and in the "
                 "[lineage explorer]({explorer}).")


MODELS_INDEX = ModelsIndex()


def datasets_index(ctx: SiteContext) -> str:
    page = f"{GENERATED}/datasets/index.md"
    rows = []
    for ds in sorted(ctx.kb.datasets, key=lambda d: d.name.lower()):
        rows.append([a_page(ctx, page, ds.id),
                     a_page(ctx, page, ds.creator) if ds.creator else "&#8212;",
                     ", ".join(a_page(ctx, page, g.model) for g in ds.generated_by) or "&#8212;",
                     ", ".join(a_page(ctx, page, m.id) for m in ctx.trained_models.get(ds.id, []))
                     or "&#8212;"])
    return "\n".join([
        STAMP, "# Datasets\n", "Training data that carried one model's outputs to another: "
        "who made each, which models generated it, and which were trained on it, as the "
        "records declare.\n",
        stacked_table(["Dataset", "Creator", "Generated by", "Trained on it"], rows)])


def policies_index(ctx: SiteContext) -> str:
    page = f"{GENERATED}/policies/index.md"
    policies: list[Policy] = sorted(ctx.kb.policies, key=lambda p: (p.date, p.id), reverse=True)
    rows = []
    for pol in policies:
        prompted = len(pol.prompted_by)
        rows.append([inline(_date(pol.date)), a_page(ctx, page, pol.id), inline(label(pol.kind)),
                     inline(pol.jurisdiction), inline(label(pol.status)),
                     f"{prompted} incident{'s' if prompted != 1 else ''}"])
    return "\n".join([
        STAMP, "# Policies\n", "Memos, bills, cables, regulations, enforcement actions, terms "
        "changes and industry agreements, newest first. Each policy's page gives its status "
        "with the date it holds from, its claims and the responses to them.\n",
        stacked_table(["Date", "Policy", "Kind", "Jurisdiction", "Status", "Prompted by"], rows)])


def _date(value: str) -> str:
    return date_words(value) if value else "—"


def listings(ctx: SiteContext) -> list[Listing]:
    """The listings that grow with the knowledge base, paginated (kb/site/paging.py)."""
    return [INCIDENTS_INDEX, TIMELINE_LISTING, ACTORS_INDEX, MODELS_INDEX, SOURCES_INDEX,
            *tag_listings(ctx), *method_listings(ctx)]


def short_index_pages(ctx: SiteContext) -> dict[str, str]:
    """Index pages that stay short (one line per policy, dataset or tag)."""
    return {
        f"{GENERATED}/datasets/index.md": datasets_index(ctx),
        f"{GENERATED}/policies/index.md": policies_index(ctx),
        f"{GENERATED}/tags/index.md": tags_index(ctx),
    }


def index_pages(ctx: SiteContext) -> dict[str, str]:
    return {**short_index_pages(ctx), **render_all(ctx, listings(ctx))}
