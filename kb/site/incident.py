"""The incident page, in reading order: what happened, who claims what about whom and how sure,
what the accused said, on which sources; then figures, events and disagreements; then every
source; then the editors' notes and the machine detail, folded away."""

from __future__ import annotations

from collections import Counter

from kb.evidence.score import origin
from kb.records import Dataset, Incident, Policy
from kb.records.claim import Claim, Figure
from kb.records.types import date_words
from kb.records.vocab import ClaimStatus, ResponseStance
from kb.site.blocks import (
    Citations,
    a_page,
    evidence_section,
    figure_line,
    heading,
    html_list,
    label,
    record_banners,
    record_footer,
)
from kb.site.claimcard import (
    ESTABLISHED,
    NOT_SUPPORTED,
    claim_cards,
    claim_link_words,
    claim_words,
    no_response_text,
    response_html,
    responses_for,
    stated_when,
    status_badge,
)
from kb.site.context import GENERATED, STAMP, SiteContext, page_of
from kb.site.diagram import DIAGRAM_KEY, incident_diagram
from kb.site.explorer import explorer_link
from kb.site.record_notes import commentary_section, negative_findings_section
from kb.site.text import aside, attr, html_block, inline, link, markdown_html

__all__ = ["GENERATED", "claim_words", "incident_page", "incident_pages"]


def lede(incident: Incident) -> str:
    """'Allegation · 23 February 2026 · 3 claims: 3 alleged' — the kind and how sure, in words."""
    when = inline(date_words(incident.date)) + (
        f" to {inline(date_words(incident.end_date))}" if incident.end_date else "")
    parts = [f"<strong>{inline(label(incident.kind).capitalize())}</strong>", when]
    counts = Counter(c.status for c in incident.claims)
    if counts:
        n = len(incident.claims)
        parts.append(f"{n} claim{'s' * (n > 1)}: " + ", ".join(
            f"{k} {inline(label(s))}" for s, k in sorted(counts.items(), key=lambda kv: -kv[1])))
    else:
        parts.append("no claims recorded")
    return (f'<p class="kb-lede">{" · ".join(parts)}<br>'
            f'<span class="kb-def">{inline(incident.kind.definition)}</span></p>\n')


def key_facts(ctx: SiteContext, page: str, incident: Incident) -> str:
    """Who is involved and in what role (with the editors' notes on involvement), the models,
    the date's note and the tags."""
    rows = []
    if incident.date_note:
        rows.append(("Date", inline(incident.date_note)))
    by_role: dict[str, list[str]] = {}
    for inv in incident.actors:
        note = aside(inv.note)
        by_role.setdefault(label(inv.role).capitalize(), []).append(a_page(ctx, page, inv.actor) + note)
    rows += [(role, ", ".join(refs)) for role, refs in by_role.items()]
    if incident.models:
        rows.append(("Models", ", ".join(a_page(ctx, page, m) for m in incident.models)))
    if incident.tags:
        rows.append(("Tags", ", ".join(
            f'<a href="../tags/{attr(t)}.html">{inline(label(t))}</a>' for t in incident.tags)))
    body = "".join(f"<dt>{inline(k)}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="kb-facts">{body}</dl>\n'


def claim_html(ctx: SiteContext, page: str, claim: Claim) -> str:
    """'DeepSeek extracted outputs from Claude', with links, as raw HTML."""
    return claim_link_words(ctx, page, claim)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _glance_item(ctx: SiteContext, page: str, c: Claim) -> str:
    """'[alleged] DeepSeek extracted outputs from Claude — alleged by Anthropic', linked to its card."""
    tail = (f"claimed by {a_page(ctx, page, c.claimant)}"
            if c.status not in NOT_SUPPORTED else inline(c.status.definition))
    return f'{status_badge(c.status)} <a href="#claim-{c.id}">{claim_words(ctx, c)}</a> — {tail}'


def what_we_know(ctx: SiteContext, page: str, incident: Incident | Policy, *,
                 unknown: bool = True) -> str:
    """At a glance: what is established (only what is: statements were made, self-declared or
    confirmed claims), what is alleged, what is not supported, and (``unknown``) what is not
    known. A claim's content is never listed as established unless its status says so."""
    claims = incident.claims
    stated: dict[tuple[str, str | None], list[Claim]] = {}
    for c in claims:
        if c.status not in ESTABLISHED and c.status is not ClaimStatus.UNSUBSTANTIATED:
            stated.setdefault((c.claimant, c.stated_on), []).append(c)
    established = [f"{a_page(ctx, page, group[0].claimant)} stated {inline(stated_when(group[0]))} "
                   + _and([f'that <a href="#claim-{c.id}">{claim_words(ctx, c)}</a>' for c in group])
                   + "." for group in stated.values()]
    established += [f"{status_badge(c.status)} {claim_html(ctx, page, c)} — "
                    f"{inline(label(c.status))} by {a_page(ctx, page, c.claimant)} "
                    f'{inline(stated_when(c))} (<a href="#claim-{c.id}">the claim</a>).'
                    for c in claims if c.status in ESTABLISHED]
    alleged = [_glance_item(ctx, page, c) for c in claims
               if c.status not in ESTABLISHED and c.status not in NOT_SUPPORTED]
    unsupported = [_glance_item(ctx, page, c) for c in claims if c.status in NOT_SUPPORTED]
    out = [heading(2, "At a glance", anchor="at-a-glance"), ""]
    sections = [("What is established", established, "Nothing beyond the statements themselves."),
                ("What is alleged", alleged, "No claim in this record is merely alleged.")]
    if unsupported:
        sections.append(("Not supported, shown false or withdrawn", unsupported, ""))
    for title, items, empty in sections:
        out += [heading(3, title), html_list("kb-glance", items or [empty])]
    if unknown:
        out.append(unknown_section(ctx, page, incident, level=3))
    return "\n".join(out)


def unknown_section(ctx: SiteContext, page: str, record: Incident | Policy, *, level: int = 2) -> str:
    """Open questions, disagreements and missing responses: what the sources do not settle."""
    items = [inline(q) for q in record.open_questions]
    if record.disagreements:
        items.append("Sources disagree on " + ", ".join(inline(d.about) for d in record.disagreements)
                     + ' (see <a href="#where-sources-disagree">where sources disagree</a>).')
    items += [no_response_text(a_page(ctx, page, r.party), record, r) for r in record.responses
              if r.stance is ResponseStance.NO_RESPONSE_FOUND]
    if not items:
        return ""
    return heading(level, "What is unknown", anchor="what-is-unknown") + "\n" + html_list(
        "kb-glance", items)


def claims_table(ctx: SiteContext, page: str, record: Incident | Policy) -> str:
    """The claims as cards (the name stays for the pages that import it)."""
    return claim_cards(ctx, page, record)


def figure_source(ctx: SiteContext, record: Incident | Policy | Dataset, fig: Figure) -> str | None:
    """Whose figure a record-level figure is: the actor whose own publication every cited source
    comes from (following `relays`), else the record's only claimant; None when neither."""
    items = {e.id: e for e in record.evidence}
    authors = set()
    for ref in fig.evidence:
        ev = items.get(ref)
        source = ctx.source_of(ev) if ev is not None else None
        authors.add(None if source is None else (origin(ctx.kb, source).by or source.by))
    if len(authors) == 1 and None not in authors:
        return authors.pop()
    claimants = {c.claimant for c in getattr(record, "claims", [])}
    return claimants.pop() if len(claimants) == 1 else None


def figures_section(record: Incident | Policy | Dataset, ctx: SiteContext | None = None,
                    page: str = "") -> str:
    """The record's figures, each with whose figure it is (with ``ctx``) and its sources."""
    if not record.figures:
        return ""
    cites = Citations(record)
    lines = []
    for f in record.figures:
        who = figure_source(ctx, record, f) if ctx is not None else None
        lines.append(figure_line(f, a_page(ctx, page, who) if ctx is not None and who else None,
                                 cites))
    return heading(2, "Figures", search=True, anchor="figures") + "\n" + html_list("kb-figures", lines)


def responses_section(ctx: SiteContext, page: str, record: Incident | Policy) -> str:
    """Responses not shown on a claim card: commentators, and replies to the record as a whole."""
    shown = {id(r) for c in record.claims for r in responses_for(ctx, record, c)}
    others = [r for r in record.responses if id(r) not in shown]
    if record.claims and not others:
        return ""
    title = "Other responses and comments" if record.claims else "Responses (right of reply)"
    head = heading(2, title, anchor="responses", search=True) + "\n"
    if not record.responses:
        return head + f"No response is recorded for this {record.kind_name}.\n"
    cites = Citations(record)
    intro = ("Responses that do not answer one claim above: comments by others, or replies to the "
             "record as a whole.\n\n") if record.claims else ""
    return head + intro + html_list(
        "kb-responses", (response_html(ctx, page, record, r, cites) for r in others))


def _value_words(value: str) -> str:
    """A disagreement's value; a date written as a date in words."""
    try:
        return inline(date_words(value))
    except (ValueError, TypeError, KeyError, IndexError):
        return inline(value)


def disagreements_section(record: Incident | Policy) -> str:
    """Where sources disagree, every version with its sources; none is picked silently."""
    if not record.disagreements:
        return ""
    cites = Citations(record)
    items = []
    for d in record.disagreements:
        values = "; ".join(_value_words(v.value) + aside(v.note)
                           + (f" {cites.refs(v.evidence)}" if v.evidence else "")
                           for v in d.values)
        about = inline(d.about)
        items.append(f"<strong>{about[:1].upper()}{about[1:]}</strong>: {values}"
                     + (f". {inline(d.note)}" if d.note else ""))
    return (heading(2, "Where sources disagree", search=True, anchor="where-sources-disagree")
            + "\n" + html_list("kb-disagreements", items))


def events_section(record: Incident | Policy) -> str:
    """The record's dated steps, oldest first, each on its own date."""
    if not record.events:
        return ""
    cites = Citations(record)
    items = [f"<strong>{inline(date_words(e.date))}</strong>: {inline(e.event)}"
             + aside(e.date_note)
             + (f" — {inline(e.note)}" if e.note else "") + f" {cites.refs(e.evidence)}"
             for e in sorted(record.events, key=lambda e: e.date)]
    return heading(2, "Timeline", search=True, anchor="timeline") + "\n" + html_list("kb-events", items)


def detection_section(ctx: SiteContext, page: str, incident: Incident) -> str:
    if not incident.detection_methods:
        return ""
    cites = Citations(incident)
    items = [f"<strong>{inline(label(d.method).capitalize())}</strong> (cited by "
             f"{a_page(ctx, page, d.claimed_by)}): {inline(d.description)} {cites.refs(d.evidence)}"
             for d in incident.detection_methods]
    return (heading(2, "How the claimants say they know", anchor="detection-methods") + "\n"
            + html_list("kb-detection", items))


def links_section(ctx: SiteContext, page: str, incident: Incident) -> str:
    lines: list[str] = []
    policies = sorted({*incident.policies, *(p.id for p in ctx.policies_of.get(incident.id, []))})
    if policies:
        lines += [heading(2, "Policies prompted or cited"), "",
                  *(f"- {ctx.ref(page, p)}" for p in policies), ""]
    if incident.related:
        lines += [heading(2, "Related incidents"), "",
                  *(f"- {ctx.ref(page, r)}" for r in incident.related), ""]
    cw = incident.crosswalk
    if cw is not None:
        items = ["- AI Incident Database: " + ", ".join(
            link(f"incident {n}", f"https://incidentdatabase.ai/cite/{n}/") for n in cw.aiid)
            ] if cw.aiid else []
        if cw.atlas_case_study:
            study = link(cw.atlas_case_study, "https://atlas.mitre.org/studies/" + cw.atlas_case_study)
            items.append(f"- MITRE ATLAS case study: {study}")
        if cw.atlas_techniques:
            items.append("- MITRE ATLAS techniques: " + ", ".join(
                link(t, "https://atlas.mitre.org/techniques/" + t) for t in cw.atlas_techniques))
        if cw.oecd_aim:
            items.append("- OECD AI Incidents Monitor: " + ", ".join(inline(x) for x in cw.oecd_aim))
        if items:
            lines += [heading(2, "In other databases"), "", *items, ""]
    return "\n".join(lines)


def editors_note(record: Incident | Policy) -> str:
    """The editors' note (e.g. claims some outlets added that the record leaves out), as an
    aside below the summary: never above what happened."""
    if not record.editorial_note:
        return ""
    return html_block("kb-editors-note", '<p><strong>Editors’ note.</strong> '
                      f"{inline(record.editorial_note)}</p>")


def incident_page(ctx: SiteContext, incident: Incident) -> str:
    page = page_of(incident)
    diagram = incident_diagram(ctx, incident)
    parts = [
        STAMP, f"# {inline(incident.title)}\n",
        record_banners(ctx, page, incident, note=False),
        lede(incident),
        html_block("kb-summary", markdown_html(incident.summary)),
        key_facts(ctx, page, incident),
        editors_note(incident),
        what_we_know(ctx, page, incident, unknown=False),
        claim_cards(ctx, page, incident),
        responses_section(ctx, page, incident),
        commentary_section(ctx, page, incident),
        negative_findings_section(incident),
        figures_section(incident, ctx, page),
        events_section(incident),
        disagreements_section(incident),
        unknown_section(ctx, page, incident),
        detection_section(ctx, page, incident),
        (heading(2, "Lineage diagram") + "\n" + DIAGRAM_KEY + "\n\n" + diagram)
        if diagram else "",
        explorer_link(page, incident),
        links_section(ctx, page, incident),
        evidence_section(ctx, page, incident.evidence),
        record_footer(ctx, page, incident, incident.title),
    ]
    return "\n".join(p for p in parts if p)


def incident_pages(ctx: SiteContext) -> dict[str, str]:
    return {page_of(i): incident_page(ctx, i) for i in ctx.kb.incidents}

