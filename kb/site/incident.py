"""The incident page: what is alleged, by whom, on what evidence, and what the accused said."""

from __future__ import annotations

from collections import Counter

from kb.evidence.score import score_claim
from kb.records import Dataset, Incident, Policy
from kb.records.claim import Claim, Response
from kb.records.types import date_phrase, date_words
from kb.records.vocab import ClaimStatus, ResponseStance
from kb.site.blocks import (
    STATUS_STYLE,
    a_page,
    admonition,
    evidence_refs,
    evidence_refs_html,
    evidence_section,
    figure_text,
    heading,
    html_list,
    record_banners,
    record_footer,
    status_counts,
)
from kb.site.context import GENERATED, STAMP, SiteContext, page_of
from kb.site.diagram import incident_diagram
from kb.site.record_notes import commentary_section, negative_findings_section
from kb.site.text import html_block, inline, link, markdown_html

ESTABLISHED = (ClaimStatus.CONFIRMED, ClaimStatus.SELF_DECLARED)
SHOWN_FALSE = (ClaimStatus.REFUTED, ClaimStatus.RETRACTED)
_PRED_WORDS = {"self-identified-as": "self-identified as"}


def claim_sentence(ctx: SiteContext, page: str, claim: Claim) -> str:
    """'DeepSeek extracted outputs from Claude', with links."""
    verb = _PRED_WORDS.get(claim.predicate.value, claim.predicate.value.replace("-", " "))
    return f"{ctx.ref(page, claim.subject)} {inline(verb)} {ctx.ref(page, claim.object)}"


def claim_words(ctx: SiteContext, claim: Claim) -> str:
    """The claim in words without links (for headings)."""
    verb = _PRED_WORDS.get(claim.predicate.value, claim.predicate.value.replace("-", " "))
    return inline(f"{ctx.name(claim.subject)} {verb} {ctx.name(claim.object)}")


def stated_when(claim: Claim) -> str:
    """'on 23 February 2026', 'in 2026', or 'at a date not recorded' (an undated observation)."""
    return date_phrase(claim.stated_on) if claim.stated_on else "at a date not recorded"


def no_response_text(party_html: str, response: Response) -> str:
    """What a `no-response-found` entry means, saying which kind of search it was."""
    return (f"No public response from {party_html} was found in the sources reviewed "
            f"(up to {inline(date_words(response.date))}; saved copies, live pages not checked).")


def responses_for(incident: Incident | Policy, claim: Claim) -> list[Response]:
    return [r for r in incident.responses
            if (r.party == claim.subject and (not r.claims or claim.id in r.claims))
            or claim.id in r.claims]


def banner(ctx: SiteContext, incident: Incident) -> str:
    statuses = [c.status for c in incident.claims]
    if not statuses:
        return admonition("note", f"{incident.kind.value.capitalize()} · no claims recorded", [
            inline(incident.kind.definition)])
    main = Counter(statuses).most_common(1)[0][0]
    claimants = sorted({ctx.name(c.claimant) for c in incident.claims})
    title = f"{incident.kind.value.capitalize()} · status: {main.value}"
    body = [f"**{len(statuses)} claim{'s' if len(statuses) > 1 else ''}: "
            f"{status_counts(statuses)}.** Made by {inline(', '.join(claimants))}.", ""]
    body.extend(f"- **{s.value}**: {inline(s.definition)}" for s in sorted(set(statuses)))
    return admonition(STATUS_STYLE.get(main, "note"), title, body)


def key_facts(ctx: SiteContext, page: str, incident: Incident) -> str:
    when = inline(date_words(incident.date)) + (
        f" to {inline(date_words(incident.end_date))}" if incident.end_date else "")
    lines = [f"**Date:** {when}" + (f" ({inline(incident.date_note)})" if incident.date_note else "")
             + f" · **Kind:** {inline(incident.kind.value)}"]
    by_role: dict[str, list[str]] = {}
    for inv in incident.actors:
        by_role.setdefault(inv.role.value, []).append(ctx.ref(page, inv.actor))
    lines.append(" · ".join(f"**{inline(role.capitalize())}:** {', '.join(refs)}"
                            for role, refs in by_role.items()))
    if incident.models:
        lines.append("**Models:** " + ", ".join(ctx.ref(page, m) for m in incident.models))
    if incident.tags:
        lines.append("**Tags:** " + ", ".join(
            f"[{inline(t)}](../tags/{t}.md)" for t in incident.tags))
    return "  \n".join(lines) + "\n"


def claim_html(ctx: SiteContext, page: str, claim: Claim) -> str:
    """'DeepSeek extracted outputs from Claude', with links, as raw HTML."""
    verb = _PRED_WORDS.get(claim.predicate.value, claim.predicate.value.replace("-", " "))
    return f"{a_page(ctx, page, claim.subject)} {inline(verb)} {a_page(ctx, page, claim.object)}"


def what_we_know(ctx: SiteContext, page: str, incident: Incident | Policy) -> str:
    claims = incident.claims
    established = [f"{inline(ctx.name(c.claimant))} stated {inline(stated_when(c))} that "
                   f'{claim_html(ctx, page, c)} (claim <a href="#claim-{c.id}">{inline(c.id)}</a>).'
                   for c in claims]
    established += [f"<strong>{c.status.value}</strong>: {claim_html(ctx, page, c)}."
                    for c in claims if c.status in ESTABLISHED]
    established += [f"<strong>{c.status.value}</strong> (shown false or withdrawn): "
                    f"{claim_html(ctx, page, c)}." for c in claims if c.status in SHOWN_FALSE]
    alleged = [f"<strong>{c.status.value}</strong>: {claim_html(ctx, page, c)}"
               + (f" — {inline(c.method)}" if c.method else "") + "."
               for c in claims if c.status not in ESTABLISHED + SHOWN_FALSE]
    unknown = [inline(q) for q in incident.open_questions]
    unknown += [f"Sources disagree on {inline(d.about)}: "
                + "; ".join(inline(v.value) for v in d.values) + "." for d in incident.disagreements]
    unknown += [no_response_text(a_page(ctx, page, r.party), r) for r in incident.responses
                if r.stance is ResponseStance.NO_RESPONSE_FOUND]
    out = []
    for title, items, empty in (
            ("What is established", established, "Nothing beyond the statements themselves."),
            ("What is alleged", alleged, "No claim in this record is merely alleged."),
            ("What is unknown", unknown, "The editors recorded no open questions.")):
        out += [heading(3, title), html_list("kb-glance", items or [empty])]
    # Out of search: it restates the claims (the summary and key facts above are indexed).
    return heading(2, "At a glance") + "\n" + "\n".join(out)


def score_html(ctx: SiteContext, incident: Incident, claim: Claim) -> list[str]:
    """The transparent evidence score (kb/evidence/score.py), with the reason for each point."""
    score = score_claim(ctx.kb, incident, claim, ctx.options.verified)
    parts = "".join(f"<li>{inline(c.label)}: {c.points:+d} — {inline(c.reason)}</li>"
                    for c in score.components)
    return [f"Evidence score: <strong>{score.total} of {score.maximum}</strong> "
            f"({inline(score.band)}); it describes the evidence recorded, not whether the claim "
            f"is true, and never sets the status:<ul>{parts}</ul>"]


def claims_table(ctx: SiteContext, page: str, incident: Incident | Policy) -> str:
    if not incident.claims:
        return ""
    known = {e.id for e in incident.evidence}
    rows = ["<table>", "<thead><tr><th>Id</th><th>Claimant</th><th>Claim</th><th>Status</th>"
            "<th>Stated</th><th>Evidence</th><th>Response</th></tr></thead>", "<tbody>"]
    for c in incident.claims:
        resp = "; ".join(f"{inline(ctx.name(r.party))}: {inline(r.stance.value)}"
                         for r in responses_for(incident, c)) or "none recorded"
        ev = evidence_refs_html((e.ref for e in c.evidence), known)
        rows.append(f'<tr><td><a href="#claim-{c.id}">{inline(c.id)}</a></td>'
                    f"<td>{a_page(ctx, page, c.claimant)}</td><td>{claim_html(ctx, page, c)}</td>"
                    f"<td><strong>{inline(c.status.value)}</strong></td>"
                    f"<td>{inline(date_words(c.stated_on) if c.stated_on else 'not dated')}"
                    f"</td><td>{ev}</td><td>{resp}</td></tr>")
    rows += ["</tbody>", "</table>"]
    details = [heading(2, "Claims"), "", *rows, ""]  # raw HTML: one block, no blank line
    for c in incident.claims:
        details += [heading(3, f"Claim {inline(c.id)}: {claim_words(ctx, c)}",
                            anchor=f"claim-{c.id}"), ""]
        details.append(html_block("kb-statement", markdown_html(c.statement)))
        facts = [f"Status: <strong>{inline(c.status.value)}</strong> — "
                 f"{inline(c.status.definition)}",
                 f"Claimant: {a_page(ctx, page, c.claimant)}, stated {inline(stated_when(c))}"
                 + (f" ({inline(c.date_note)})" if c.date_note else "")]
        if c.history:
            facts.append("Status history: " + "; ".join(
                f"{inline(date_words(h.date))}: <strong>{inline(h.status.value)}</strong>"
                + (f" ({inline(h.note)})" if h.note else "")
                + f" — evidence {evidence_refs_html(h.evidence, known)}" for h in c.history))
        if c.method:
            facts.append(f"Method, as the claimant describes it: {inline(c.method)}")
        if c.access_channel:
            facts.append(f"Access channel: {inline(c.access_channel)}")
        if c.period and (c.period.start or c.period.end):
            facts.append(f"Period: {inline(c.period.start or '?')} to "
                         f"{inline(c.period.end or '?')}")
        facts += [f"{figure_text(f, html=True)} — evidence {evidence_refs_html(f.evidence, known)}"
                  for f in c.figures]
        if isinstance(incident, Incident):
            facts += score_html(ctx, incident, c)
        for ref in c.evidence:
            quote = f": “{inline(ref.quote)}”" if ref.quote else ""
            facts.append(f"Evidence {evidence_refs_html([ref.ref], known)} "
                         f"({inline(ref.stance.value)}){quote}")
        details.append(html_list("kb-claim-facts", facts))
    return "\n".join(details)


def figures_section(incident: Incident | Policy | Dataset) -> str:
    figs = list(incident.figures)
    if not figs:
        return ""
    known = {e.id for e in incident.evidence}
    lines = [heading(2, "Figures", search=True), ""]
    lines += [f"- {figure_text(f)} — evidence {evidence_refs(f.evidence, known)}" for f in figs]
    return "\n".join(lines) + "\n"


def responses_section(ctx: SiteContext, page: str, incident: Incident | Policy) -> str:
    head = heading(2, "Responses (right of reply)") + "\n"
    if not incident.responses:
        return head + f"No response is recorded for this {incident.kind_name}.\n"
    known = {e.id for e in incident.evidence}
    items = []
    for r in incident.responses:
        about = ""
        if incident.claims:
            about = " · about " + (", ".join(f'<a href="#claim-{c}">{inline(c)}</a>' for c in r.claims)
                                   or "all claims about them")
        if r.stance is ResponseStance.NO_RESPONSE_FOUND:
            meaning = no_response_text(a_page(ctx, page, r.party), r)
        else:
            meaning = inline(r.stance.definition)
        items.append(f"<strong>{a_page(ctx, page, r.party)}</strong>"
                     + (f" ({inline(r.speaker)})" if r.speaker else "") + " — "
                     f"<strong>{inline(r.stance.value)}</strong> ({meaning}) · "
                     f"{inline(date_words(r.date))}" + (f" ({inline(r.date_note)})" if r.date_note else "")
                     + f"{about} · evidence {evidence_refs_html(r.evidence, known)}<br>{inline(r.summary)}"
                     + (f"<br>Quote: “{inline(r.quote)}”" if r.quote else ""))
    return head + html_list("kb-responses", items)


def disagreements_section(record: Incident | Policy) -> str:
    """Where sources disagree, every version with its sources; none is picked silently."""
    if not record.disagreements:
        return ""
    known = {e.id for e in record.evidence}
    lines = [heading(2, "Where sources disagree", search=True), ""]
    for d in record.disagreements:
        values = "; ".join(inline(v.value) + (f" ({inline(v.note)})" if v.note else "")
                           + (f" — evidence {evidence_refs(v.evidence, known)}" if v.evidence else "")
                           for v in d.values)
        lines.append(f"- **{inline(d.about)}:** {values}" + (f". {inline(d.note)}" if d.note else ""))
    return "\n".join(lines) + "\n"


def events_section(record: Incident | Policy) -> str:
    """The record's dated steps, oldest first, each on its own date."""
    if not record.events:
        return ""
    known = {e.id for e in record.evidence}
    lines = [heading(2, "Timeline", search=True), ""]
    lines += [f"- {inline(date_words(e.date))}: {inline(e.event)}"
              + (f" ({inline(e.date_note)})" if e.date_note else "")
              + (f" — {inline(e.note)}" if e.note else "")
              + f" (evidence {evidence_refs(e.evidence, known)})"
              for e in sorted(record.events, key=lambda e: e.date)]
    return "\n".join(lines) + "\n"


def detection_section(ctx: SiteContext, page: str, incident: Incident) -> str:
    if not incident.detection_methods:
        return ""
    known = {e.id for e in incident.evidence}
    lines = [heading(2, "Detection methods cited"), ""]
    lines += [f"- **{inline(d.method.value)}** (cited by {ctx.ref(page, d.claimed_by)}): "
              f"{inline(d.description)} — evidence {evidence_refs(d.evidence, known)}"
              for d in incident.detection_methods]
    return "\n".join(lines) + "\n"


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


def incident_page(ctx: SiteContext, incident: Incident) -> str:
    page = page_of(incident)
    diagram = incident_diagram(ctx, incident)
    parts = [
        STAMP, f"# {inline(incident.title)}\n",
        banner(ctx, incident),
        record_banners(ctx, page, incident),
        key_facts(ctx, page, incident),
        html_block("kb-summary", markdown_html(incident.summary)),
        what_we_know(ctx, page, incident),
        events_section(incident),
        claims_table(ctx, page, incident),
        figures_section(incident),
        disagreements_section(incident),
        responses_section(ctx, page, incident),
        commentary_section(ctx, page, incident),
        negative_findings_section(incident),
        (heading(2, "Lineage diagram") + "\nActors (boxes) and models (rounded); solid arrows "
         "are claims with their status, dashed arrows are developers and self-declared "
         "lineage. The [lineage explorer](../explorer.md) shows the whole graph.\n\n" + diagram)
        if diagram else "",
        detection_section(ctx, page, incident),
        evidence_section(ctx, page, incident.evidence),
        links_section(ctx, page, incident),
        record_footer(ctx, page, incident, incident.title),
    ]
    return "\n".join(p for p in parts if p)


def incident_pages(ctx: SiteContext) -> dict[str, str]:
    return {page_of(i): incident_page(ctx, i) for i in ctx.kb.incidents}


__all__ = ["GENERATED", "incident_page", "incident_pages"]
