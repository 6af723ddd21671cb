"""Index pages: incidents (filterable), timeline, tags (one page per tag), actors, models, policies."""

from __future__ import annotations

from collections import Counter, defaultdict

from kb.records import Actor, Incident, Policy, Record
from kb.records.phrases import record_status_label
from kb.records.types import date_words
from kb.records.vocab import ClaimStatus, IncidentKind
from kb.site.blocks import a_page, label
from kb.site.context import GENERATED, STAMP, SiteContext, page_of, rel, rel_html
from kb.site.text import attr, html_text, inline

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


def incidents_index(ctx: SiteContext) -> str:
    page = INCIDENTS
    incidents = sorted(ctx.kb.incidents, key=lambda i: (i.date, i.id), reverse=True)
    statuses = [s for s in ClaimStatus if any(c.status is s for i in incidents for c in i.claims)]
    context = sum(1 for i in incidents if i.kind is IncidentKind.CONTEXT)
    rows = []
    for inc in incidents:
        words = claims_in_words(ctx, inc)
        search = " ".join([inc.title, inc.id, *inc.tags, _parties(ctx, inc, "accuser"),
                           _parties(ctx, inc, "accused"), words]).lower()
        tokens = " ".join(sorted({c.status.value for c in inc.claims}))
        kind = "" if inc.kind is IncidentKind.ALLEGATION else (
            f' <span class="kb-kind">({html_text(label(inc.kind))})</span>')
        rows.append(
            f'<tr data-status="{attr(tokens)}" data-text="{attr(search)}">'
            f"<td>{html_text(date_words(inc.date))}</td>"
            f'<td><a href="{attr(rel_html(page, page_of(inc)))}">{html_text(inc.title)}</a>{kind}</td>'
            f"<td>{html_text(_parties(ctx, inc, 'accuser'))}</td>"
            f"<td>{html_text(_parties(ctx, inc, 'accused'))}</td>"
            f"<td>{html_text(words)}</td><td>{len(inc.evidence)}</td></tr>")
    options = "".join(f'<option value="{attr(s.value)}">{html_text(label(s))}</option>'
                      for s in statuses)
    count = (f"{len(incidents) - context} incidents and {context} context "
             f"record{'s' * (context != 1)}" if context else f"{len(incidents)} incidents")
    return "\n".join([
        "---\nhide:\n  - toc\n---\n", STAMP, "# Incidents\n",
        f"{count}, newest first. Type to filter by title, party or tag. Each claim has its own "
        "status, given here with the party that made it (a status belongs to a claim, never to "
        "a whole incident); the status filter shows incidents with at least one claim of that "
        "status. Also: [timeline](../timeline.md), [tags](../tags/index.md).\n",
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
        "<tbody>", *rows, "</tbody>", "</table>", ""])


def timeline(ctx: SiteContext) -> str:
    page = f"{GENERATED}/timeline.md"
    events: list[tuple[str, str, str]] = []
    for inc in ctx.kb.incidents:
        events.append((inc.date, "incident", ctx.ref(page, inc.id)))
        for ev in inc.events:
            events.append((ev.date, "event", f"{inline(ev.event)} — {ctx.ref(page, inc.id)}"))
        for resp in inc.responses:
            if resp.stance.value != "no-response-found":
                events.append((resp.date, "response", f"{inline(ctx.name(resp.party))} "
                               f"{inline(label(resp.stance))} — {ctx.ref(page, inc.id)}"))
    for pol in ctx.kb.policies:
        events.append((pol.date, "policy", ctx.ref(page, pol.id)))
        for ev in pol.events:
            events.append((ev.date, "policy step", f"{inline(ev.event)} — {ctx.ref(page, pol.id)}"))
    by_year: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for event in events:
        by_year[event[0][:4]].append(event)
    out = [STAMP, "# Timeline\n",
           "Incidents, responses and policy steps by date, newest first. Dates carry the precision "
           "the sources give (a year or month alone means the day is not known).\n"]
    for year in sorted(by_year, reverse=True):
        out += [f"## {year}", ""]
        for date, kind, text in sorted(by_year[year], key=lambda e: e[0], reverse=True):
            out.append(f"- **{inline(date_words(date))}** · {kind}: {text}")
        out.append("")
    return "\n".join(out)


def tag_pages(ctx: SiteContext) -> dict[str, str]:
    pages: dict[str, str] = {}
    index = [STAMP, "# Tags\n", "| Tag | Records |", "|---|---|"]
    for tag in sorted(ctx.tags):
        page = f"{GENERATED}/tags/{tag}.md"
        records: list[Record] = sorted(ctx.tags[tag], key=lambda r: r.id)
        lines = [STAMP, f"# Tag: {inline(tag)}\n", f"{len(records)} records. "
                 "[All tags](index.md)\n"]
        lines += [f"- {inline(_date(getattr(r, 'date', '')))} · {ctx.ref(page, r.id)} ({r.kind_name})"
                  for r in sorted(records, key=lambda r: getattr(r, "date", ""), reverse=True)]
        pages[page] = "\n".join(lines) + "\n"
        index.append(f"| [{inline(tag)}]({tag}.md) | {len(records)} |")
    pages[f"{GENERATED}/tags/index.md"] = "\n".join(index) + "\n"
    return pages


def actors_index(ctx: SiteContext) -> str:
    page = f"{GENERATED}/actors/index.md"
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


def models_index(ctx: SiteContext) -> str:
    page = f"{GENERATED}/models/index.md"
    rows = []
    for dev in sorted(ctx.models_by_developer, key=lambda d: ctx.name(d).lower()):
        for model in ctx.models_by_developer[dev]:
            lineage = ", ".join(f"{inline(label(d.relation))} of {a_page(ctx, page, d.model)}"
                                for d in model.derived_from) or "&#8212;"
            rows.append([a_page(ctx, page, dev), a_page(ctx, page, model.id),
                         inline(_date(model.released or "")),
                         inline(label(model.access) if model.access else "—"), lineage,
                         str(len(ctx.mentions.get(model.id, [])))])
    return "\n".join([
        STAMP, "# Models\n", "AI models and systems, by developer. Lineage shown here is only what "
        "developers declare; claims by others are on each model's page and in the "
        f"[lineage explorer]({rel(page, GENERATED + '/explorer.md')}).\n",
        stacked_table(["Developer", "Model", "Released", "Access", "Declared lineage",
                       "Incidents"], rows)])


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


def index_pages(ctx: SiteContext) -> dict[str, str]:
    pages = {
        INCIDENTS: incidents_index(ctx),
        f"{GENERATED}/timeline.md": timeline(ctx),
        f"{GENERATED}/actors/index.md": actors_index(ctx),
        f"{GENERATED}/models/index.md": models_index(ctx),
        f"{GENERATED}/datasets/index.md": datasets_index(ctx),
        f"{GENERATED}/policies/index.md": policies_index(ctx),
    }
    pages.update(tag_pages(ctx))
    return pages
