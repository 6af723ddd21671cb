"""Actor, model and policy pages: what the record says, and every incident that involves it."""

from __future__ import annotations

from kb.records import Actor, Dataset, Incident, Model, Policy
from kb.records.types import date_words
from kb.site.blocks import evidence_section, heading, record_banners, record_footer
from kb.site.context import STAMP, SiteContext, page_of
from kb.site.diagram import model_diagram
from kb.site.incident import (
    claims_table,
    disagreements_section,
    events_section,
    figures_section,
    responses_section,
    what_we_know,
)
from kb.site.record_notes import commentary_section, negative_findings_section, status_date_words
from kb.site.text import html_block, inline, link, markdown_html


def _incident_list(ctx: SiteContext, page: str, record_id: str) -> list[str]:
    incidents = sorted(ctx.mentions.get(record_id, []), key=lambda i: (i.date, i.id), reverse=True)
    if not incidents:
        return []
    out = [heading(2, "Incidents"), ""]  # the incident pages themselves are searched
    for inc in incidents:
        roles = sorted({inv.role.value for inv in inc.actors if inv.actor == record_id})
        claims = [c for c in inc.claims if record_id in (c.claimant, c.subject, c.object)]
        notes = []
        if roles:
            notes.append("role: " + ", ".join(roles))
        if claims:
            notes.append("claims: " + ", ".join(
                f"{c.predicate.value} ({c.status.value})" for c in claims))
        suffix = f" — {inline('; '.join(notes))}" if notes else ""
        out.append(f"- {inline(inc.date)} · {ctx.ref(page, inc.id)}{suffix}")
    return [*out, ""]


def _policy_list(ctx: SiteContext, page: str, record_id: str) -> list[str]:
    policies = ctx.policies_of.get(record_id, [])
    if not policies:
        return []
    return [heading(2, "Policies"), "",
            *(f"- {inline(p.date)} · {ctx.ref(page, p.id)} ({inline(p.status.value)})"
              for p in sorted(policies, key=lambda p: (p.date, p.id))), ""]


def _summary(text: str | None) -> list[str]:
    return [html_block("kb-summary", markdown_html(text))] if text else []


def actor_page(ctx: SiteContext, actor: Actor) -> str:
    page = page_of(actor)
    facts = [f"**Kind:** {inline(actor.kind.value)} ({inline(actor.kind.definition)})"]
    if actor.jurisdiction:
        facts.append("**Jurisdiction:** " + ", ".join(inline(j) for j in actor.jurisdiction))
    if actor.aliases:
        facts.append("**Also known as:** " + ", ".join(inline(a) for a in actor.aliases))
    if actor.parent:
        facts.append("**Parent:** " + ctx.ref(page, actor.parent))
    for aff in actor.affiliations:
        span = "".join([f" since {inline(date_words(aff.since))}" if aff.since else "",
                        f" until {inline(date_words(aff.until))}" if aff.until else ""])
        refs = ", ".join(f"[{x}](#ev-{x})" for x in aff.evidence)
        facts.append(f"**{inline(aff.relation.value.capitalize())}:** {ctx.ref(page, aff.actor)}{span}"
                     + (f" ({inline(aff.note)})" if aff.note else "") + f" — evidence {refs}")
    if actor.website:
        facts.append("**Website:** " + link(actor.website, actor.website))
    if actor.wikidata:
        facts.append("**Wikidata:** " + link(actor.wikidata,
                                             f"https://www.wikidata.org/wiki/{actor.wikidata}"))
    models = ctx.models_by_developer.get(actor.id, [])
    datasets = ctx.datasets_of.get(actor.id, [])
    parts = [STAMP, f"# {inline(actor.name)}\n", record_banners(ctx, page, actor),
             "  \n".join(facts) + "\n", *_summary(actor.summary)]
    if models:
        parts.append("\n".join([heading(2, "Models developed"), "",
                                *(f"- {ctx.ref(page, m.id)}" for m in models), ""]))
    if datasets:
        parts.append("\n".join([heading(2, "Datasets"), "",
                                *(f"- {ctx.ref(page, d.id)}" for d in datasets), ""]))
    parts += ["\n".join(_incident_list(ctx, page, actor.id)),
              "\n".join(_policy_list(ctx, page, actor.id)),
              evidence_section(ctx, page, actor.evidence),
              record_footer(ctx, page, actor, actor.name)]
    return "\n".join(p for p in parts if p)


def model_page(ctx: SiteContext, model: Model) -> str:
    page = page_of(model)
    facts = [f"**Developer:** {ctx.ref(page, model.developer)}"]
    if model.family:
        facts.append(f"**Family:** {ctx.ref(page, model.family)}")
    if model.released:
        facts.append(f"**Released:** {inline(date_words(model.released))}"
                     + (f" ({inline(model.release_note)})" if model.release_note else ""))
    if model.access:
        facts.append(f"**Access:** {inline(model.access.value)} ({inline(model.access.definition)})")
    if model.aliases:
        facts.append("**Also known as:** " + ", ".join(inline(a) for a in model.aliases))
    if model.huggingface:
        facts.append("**Hugging Face:** " + link(model.huggingface,
                                                 f"https://huggingface.co/{model.huggingface}"))
    if model.epoch:
        facts.append(f"**Epoch AI name:** {inline(model.epoch)}")
    parts = [STAMP, f"# {inline(model.name)}\n", record_banners(ctx, page, model),
             "  \n".join(facts) + "\n", *_summary(model.summary)]
    if model.derived_from:
        parts.append("\n".join([
            heading(2, "Declared lineage (self-declared by the developer)", search=True), "",
            *(f"- {inline(d.relation.value)} of {ctx.ref(page, d.model)}"
              + (f" — {inline(d.note)}" if d.note else "") for d in model.derived_from), ""]))
    if model.trained_on:
        parts.append("\n".join([
            heading(2, "Trained on (declared by the developer)", search=True), "",
            *(f"- {ctx.ref(page, t.dataset)}" + (f" — {inline(t.note)}" if t.note else "")
              for t in model.trained_on), ""]))
    members = ctx.family_members.get(model.id, [])
    if members:
        parts.append("\n".join([
            heading(2, "Members of this family", search=True), "",
            "Queries on this family (`kb graph lineage`, `kb graph implicated`) include these "
            "models, each line saying so; `--exact` leaves them out.", "",
            *(f"- {ctx.ref(page, m.id)}" for m in sorted(members, key=lambda m: m.id)), ""]))
    datasets = ctx.datasets_of.get(model.id, [])
    if datasets:
        parts.append("\n".join([heading(2, "Datasets holding its outputs", search=True), "",
                                *(f"- {ctx.ref(page, d.id)}" for d in datasets), ""]))
    diagram = model_diagram(ctx, model)
    if diagram:
        parts.append(heading(2, "Lineage diagram") + "\nSolid arrows are claims with their status; "
                     "dashed arrows are developers and self-declared lineage.\n\n" + diagram)
    parts += ["\n".join(_incident_list(ctx, page, model.id)),
              "\n".join(_policy_list(ctx, page, model.id)),
              evidence_section(ctx, page, model.evidence),
              record_footer(ctx, page, model, model.name)]
    return "\n".join(p for p in parts if p)


def policy_page(ctx: SiteContext, policy: Policy) -> str:
    page = page_of(policy)
    facts = [f"**Kind:** {inline(policy.kind.value)} · **Status:** {inline(policy.status.value)} "
             f"({inline(policy.status.definition)})" + status_date_words(policy),
             f"**Jurisdiction:** {inline(policy.jurisdiction)} · **Date:** {inline(date_words(policy.date))}"
             + (f" ({inline(policy.date_note)})" if policy.date_note else ""),
             "**Issued by:** " + ", ".join(ctx.ref(page, a) for a in policy.issued_by)]
    if policy.identifier:
        facts.append(f"**Identifier:** {inline(policy.identifier)}")
    if policy.targets:
        facts.append("**Names or applies to:** " + ", ".join(ctx.ref(page, t) for t in policy.targets))
    if policy.tags:
        facts.append("**Tags:** " + ", ".join(f"[{inline(t)}](../tags/{t}.md)" for t in policy.tags))
    parts = [STAMP, f"# {inline(policy.title)}\n", record_banners(ctx, page, policy),
             "  \n".join(facts) + "\n", *_summary(policy.summary)]
    parts.append(events_section(policy))
    prompted = [i for i in policy.prompted_by if isinstance(ctx.by_id.get(i), Incident)]
    if prompted:
        parts.append("\n".join([heading(2, "Prompted by", search=True), "",
                                *(f"- {ctx.ref(page, i)}" for i in prompted), ""]))
    if policy.claims:  # "What is unknown" comes with the rest of the glance
        parts.append(what_we_know(ctx, page, policy))
    parts += [claims_table(ctx, page, policy), figures_section(policy), disagreements_section(policy),
              responses_section(ctx, page, policy), commentary_section(ctx, page, policy),
              negative_findings_section(policy)]
    if policy.open_questions and not policy.claims:
        parts.append("\n".join([heading(2, "What is unknown"), "",
                                *(f"- {inline(q)}" for q in policy.open_questions), ""]))
    parts += [evidence_section(ctx, page, policy.evidence),
              record_footer(ctx, page, policy, policy.title)]
    return "\n".join(p for p in parts if p)


def dataset_page(ctx: SiteContext, dataset: Dataset) -> str:
    page = page_of(dataset)
    facts = []
    if dataset.creator:
        facts.append(f"**Creator:** {ctx.ref(page, dataset.creator)}")
    if dataset.released:
        facts.append(f"**Released:** {inline(date_words(dataset.released))}"
                     + (f" ({inline(dataset.release_note)})" if dataset.release_note else ""))
    if dataset.aliases:
        facts.append("**Also known as:** " + ", ".join(inline(a) for a in dataset.aliases))
    parts = [STAMP, f"# {inline(dataset.name)}\n", record_banners(ctx, page, dataset),
             "  \n".join(facts) + "\n" if facts else "", *_summary(dataset.summary)]
    lineage = [f"- Generated by {ctx.ref(page, g.model)}" + (f" — {inline(g.note)}" if g.note else "")
               + " (evidence " + ", ".join(f"[{x}](#ev-{x})" for x in g.evidence) + ")"
               for g in dataset.generated_by]
    lineage += [f"- Collected from {ctx.ref(page, c.source)}" + (f" — {inline(c.note)}" if c.note else "")
                + " (evidence " + ", ".join(f"[{x}](#ev-{x})" for x in c.evidence) + ")"
                for c in dataset.collected_from]
    lineage += [f"- Trained on it (declared by the developer): {ctx.ref(page, m.id)}"
                for m in ctx.trained_models.get(dataset.id, [])]
    if lineage:
        parts.append("\n".join([heading(2, "Lineage", search=True), "", *lineage, ""]))
    parts += [figures_section(dataset),
              "\n".join(_incident_list(ctx, page, dataset.id)),
              evidence_section(ctx, page, dataset.evidence),
              record_footer(ctx, page, dataset, dataset.name)]
    return "\n".join(p for p in parts if p)


def entity_pages(ctx: SiteContext) -> dict[str, str]:
    pages: dict[str, str] = {}
    for actor in ctx.kb.actors:
        pages[page_of(actor)] = actor_page(ctx, actor)
    for model in ctx.kb.models:
        pages[page_of(model)] = model_page(ctx, model)
    for policy in ctx.kb.policies:
        pages[page_of(policy)] = policy_page(ctx, policy)
    for dataset in ctx.kb.datasets:
        pages[page_of(dataset)] = dataset_page(ctx, dataset)
    return pages
