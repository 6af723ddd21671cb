"""Actor, model, dataset and policy pages, each answering its reader's question first.

An actor page says what the actor is accused of, by whom, and what it said back; a model page
its claimed lineage in words (claimant and status); a dataset page what it is, who made it and
which models trained on it; a policy page what it does, its status with its date, its claims
and the responses to them. Claim cards come from :mod:`kb.site.claimcard`, the same as on incident pages.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from kb.records import Actor, Dataset, Incident, Model, Policy
from kb.records.claim import Claim
from kb.records.types import date_words
from kb.records.vocab import LINEAGE_PREDICATES, ResponseStance
from kb.site.blocks import (
    Citations,
    a_page,
    evidence_section,
    heading,
    html_list,
    label,
    meaning,
    record_banners,
    record_footer,
)
from kb.site.claimcard import (
    NOT_SUPPORTED,
    Ledger,
    cards,
    claim_card,
    claim_cards,
    is_accusation,
    response_html,
    verb,
)
from kb.site.context import STAMP, Found, SiteContext, page_of
from kb.site.diagram import model_diagram
from kb.site.explorer import explorer_link
from kb.site.incident import disagreements_section, events_section, figures_section
from kb.site.record_notes import commentary_section, negative_findings_section, status_date_words
from kb.site.text import aside, html_block, inline, link, markdown_html


def _newest(found: Iterable[Found]) -> list[Found]:
    return sorted(found, key=lambda f: (f[1].stated_on or getattr(f[0], "date", ""), f[0].id),
                  reverse=True)


def _card_list(ctx: SiteContext, page: str, found: Iterable[Found]) -> str:
    """Claims recorded elsewhere, newest first, each linking to the record that holds it."""
    return cards([claim_card(ctx, page, rec, c, home=False) for rec, c in _newest(found)])


def _section(title: str, body: str, intro: str = "") -> str:
    if not body:
        return ""
    return heading(2, title, search=True) + "\n" + (intro + "\n\n" if intro else "") + body


def _incident_list(ctx: SiteContext, page: str, record_id: str) -> list[str]:
    incidents = sorted(ctx.mentions.get(record_id, []), key=lambda i: (i.date, i.id), reverse=True)
    if not incidents:
        return []
    out = [heading(2, "Every incident that involves it"), ""]
    for inc in incidents:
        mine = [inv for inv in inc.actors if inv.actor == record_id]
        roles = sorted({label(inv.role) for inv in mine})
        claims = [c for c in inc.claims if record_id in (c.claimant, c.subject, c.object)]
        notes = []
        if roles:
            notes.append("role: " + ", ".join(roles))
        if claims:
            counts = Counter(label(c.status) for c in claims)
            notes.append(f"{len(claims)} claim{'s' * (len(claims) != 1)} naming it ("
                         + ", ".join(f"{n} {s}" for s, n in counts.most_common()) + ")")
        notes += [inv.note for inv in mine if inv.note]  # how the record says it is involved
        suffix = f" — {inline('; '.join(notes))}" if notes else ""
        out.append(f"- {inline(date_words(inc.date))} · {ctx.ref(page, inc.id)}{suffix}")
    return [*out, ""]


def _policy_list(ctx: SiteContext, page: str, record_id: str) -> list[str]:
    policies = ctx.policies_of.get(record_id, [])
    if not policies:
        return []
    return [heading(2, "Policies that name it"), "",
            *(f"- {inline(date_words(p.date))} · {ctx.ref(page, p.id)} (status: "
              f"{inline(label(p.status))})" for p in sorted(policies, key=lambda p: (p.date, p.id))),
            ""]


def _summary(text: str | None) -> list[str]:
    return [html_block("kb-summary", markdown_html(text))] if text else []


def _direct(ctx: SiteContext, actor_id: str, claim: Claim) -> bool:
    """Whether the claim names the actor itself (or a model it develops) as the one who did it,
    rather than a party affiliated with it."""
    subject = ctx.by_id.get(claim.subject)
    return claim.subject == actor_id or (isinstance(subject, Model)
                                         and subject.developer == actor_id)


def _against(ctx: SiteContext, actor_id: str) -> list[Found]:
    """Claims that name the actor (or one of its models or affiliates) as the one who did it."""
    return list(ctx.claims_index.against[actor_id])


def _glance(ctx: SiteContext, name: str, accused: list[Found], via: list[Found], said: int,
            made: int) -> str:
    """One paragraph: how many claims name it (or its affiliates), by whom, their statuses, and
    its answers."""
    live = [(r, c) for r, c in accused if c.status not in NOT_SUPPORTED]
    parts = []
    if live:
        claimants = sorted({ctx.name(c.claimant) for _, c in live})
        statuses = Counter(label(c.status) for _, c in live)
        parts.append(f"{name} is named in {len(live)} accusation{'s' * (len(live) != 1)} by "
                     f"{', '.join(claimants)} ("
                     + ", ".join(f"{n} {s}" for s, n in statuses.most_common()) + ").")
    elif not accused:
        parts.append(f"No claim in the knowledge base accuses {name} itself.")
    if via:
        others = sorted({ctx.name(c.subject) for _, c in via})
        parts.append(f"{len(via)} accusation{'s' * (len(via) != 1)} name a party affiliated with "
                     f"it ({', '.join(others)}), not {name} itself.")
    shaky = len(accused) - len(live)
    if shaky:
        parts.append(f"{shaky} other claim{'s' * (shaky != 1)} about it "
                     f"{'are' if shaky != 1 else 'is'} not supported by the sources reviewed, "
                     "shown false or withdrawn.")
    parts.append(f"The records hold {said} response{'s' * (said != 1)} from it"
                 + (f" and {made} claim{'s' * (made != 1)} it made about others." if made else "."))
    return f'<p class="kb-glance-line">{inline(" ".join(parts))}</p>\n'


def _said(ctx: SiteContext, page: str, actor_id: str) -> tuple[int, str]:
    """Everything the actor answered, newest first, each with what it answers; records where
    no public response was found are counted in one line after the list."""
    items: list[tuple[str, str]] = []
    silent: list[Ledger] = []
    for rec in ctx.claims_index.answering[actor_id]:
        by_id = {c.id: c for c in rec.claims}
        for r in rec.responses:
            if r.party != actor_id:
                continue
            if r.stance is ResponseStance.NO_RESPONSE_FOUND:
                if rec not in silent:
                    silent.append(rec)
                continue
            answered = [by_id[i] for i in r.claims if i in by_id]
            if not answered:
                answered = [c for c in rec.claims if c.subject == actor_id]
            if answered:
                about = "answering " + "; ".join(
                    f"the claim by {inline(ctx.name(c.claimant))} that {inline(ctx.name(c.subject))} "
                    f"{inline(verb(c))} {inline(ctx.name(c.object))}" for c in answered)
            else:
                about = "a comment, not an answer to a claim"
            items.append((r.date, f"{response_html(ctx, page, rec, r, Citations(rec, page))}<br>"
                          f"<small>{about} · in {claim_link_record(ctx, page, rec)}</small>"))
    items.sort(key=lambda i: i[0], reverse=True)
    out = html_list("kb-said", (text for _, text in items)) if items else ""
    if silent:
        out += (f'<p class="kb-silent">No public response from it was found in the sources '
                f"reviewed for {len(silent)} record{'s' * (len(silent) != 1)}: "
                + ", ".join(a_page(ctx, page, r.id) for r in silent) + ".</p>\n")
    return len(items), out


def claim_link_record(ctx: SiteContext, page: str, rec: Ledger) -> str:
    return a_page(ctx, page, rec.id)


def actor_page(ctx: SiteContext, actor: Actor) -> str:
    page = page_of(actor)
    who = [inline(label(actor.kind).capitalize())]
    if actor.jurisdiction:
        who.append(", ".join(inline(j) for j in actor.jurisdiction))
    facts = [" · ".join(who)]
    if actor.aliases:
        facts.append("**Also known as:** " + ", ".join(inline(a) for a in actor.aliases))
    if actor.parent:
        facts.append("**Part of:** " + ctx.ref(page, actor.parent))
    for aff in actor.affiliations:
        span = "".join([f" since {inline(date_words(aff.since))}" if aff.since else "",
                        f" until {inline(date_words(aff.until))}" if aff.until else ""])
        refs = ", ".join(f"[{x}](#ev-{x})" for x in aff.evidence)
        facts.append(f"**{inline(label(aff.relation).capitalize())}:** {ctx.ref(page, aff.actor)}"
                     f"{span}" + aside(aff.note)
                     + f" — evidence {refs}")
    if actor.website:
        facts.append("**Website:** " + link(actor.website, actor.website))
    if actor.wikidata:
        facts.append("**Wikidata:** " + link(actor.wikidata,
                                             f"https://www.wikidata.org/wiki/{actor.wikidata}"))
    found = _against(ctx, actor.id)
    accused = [f for f in found if _direct(ctx, actor.id, f[1])]
    via = [f for f in found if f not in accused and is_accusation(f[1])
           and f[1].status not in NOT_SUPPORTED]
    accusations = [f for f in accused if is_accusation(f[1]) and f[1].status not in NOT_SUPPORTED]
    shaky = [f for f in accused if f[1].status in NOT_SUPPORTED]
    other = [f for f in accused if f not in accusations and f not in shaky]
    made = list(ctx.claims_index.made[actor.id])
    n_said, said = _said(ctx, page, actor.id)
    parts = [STAMP, f"# {inline(actor.name)}\n", record_banners(ctx, page, actor),
             "  \n".join(facts) + "\n", *_summary(actor.summary),
             _glance(ctx, actor.name, [*accusations, *shaky], via, n_said, len(made)),
             _section(f"What {inline(actor.name)} is accused of", _card_list(
                 ctx, page, accusations), "Each claim with its claimant, its status in words and "
                 "the accused party's response beside it; newest first."),
             _section("Accusations against parties affiliated with it", _card_list(
                 ctx, page, via), f"These claims name another party, not {inline(actor.name)} "
                 "itself; the affiliation is recorded on that party's page."),
             _section(f"What {inline(actor.name)} said", said),
             _section(f"What {inline(actor.name)} claims about others",
                      _card_list(ctx, page, made)),
             _section("Claims about it that the sources do not support", _card_list(
                 ctx, page, shaky), "Recorded so that readers who meet them elsewhere can see "
                 "their status; none of them is an established or alleged fact."),
             _section("Observations and self-declared facts", _card_list(ctx, page, other))]
    models = ctx.models_by_developer.get(actor.id, [])
    datasets = ctx.datasets_of.get(actor.id, [])
    if models:
        parts.append("\n".join([heading(2, "Models it develops"), "",
                                *(f"- {ctx.ref(page, m.id)}" for m in models), ""]))
    if datasets:
        parts.append("\n".join([heading(2, "Datasets"), "",
                                *(f"- {ctx.ref(page, d.id)}" for d in datasets), ""]))
    parts += ["\n".join(_incident_list(ctx, page, actor.id)),
              "\n".join(_policy_list(ctx, page, actor.id)),
              evidence_section(ctx, page, actor.evidence),
              explorer_link(page, actor),
              record_footer(ctx, page, actor, actor.name)]
    return "\n".join(p for p in parts if p)


def _lineage(ctx: SiteContext, page: str, model: Model) -> str:
    """The model's lineage in words: what its developer declares, then what others claim."""
    lines = [f"<li>{inline(label(d.relation).capitalize())} of {a_page(ctx, page, d.model)}, "
             f"declared by its developer {a_page(ctx, page, model.developer)} (self-declared)"
             + (f" — {inline(d.note)}" if d.note else "") + "</li>" for d in model.derived_from]
    lines += [f"<li>Trained on the dataset {a_page(ctx, page, t.dataset)}, declared by its "
              "developer (self-declared)" + (f" — {inline(t.note)}" if t.note else "") + "</li>"
              for t in model.trained_on]
    lines += [f"<li>{a_page(ctx, page, m.id)} is a {inline(label(d.relation))} of it, declared by "
              f"{a_page(ctx, page, m.developer)} (self-declared)</li>"
              for m in ctx.derived_models.get(model.id, []) for d in m.derived_from
              if d.model == model.id]
    return f'<ul class="kb-lineage">\n{chr(10).join(lines)}\n</ul>\n' if lines else ""


def model_page(ctx: SiteContext, model: Model) -> str:
    page = page_of(model)
    facts = [f"**Developer:** {ctx.ref(page, model.developer)}"]
    if model.family:
        facts.append(f"**Family:** {ctx.ref(page, model.family)}")
    if model.released:
        facts.append(f"**Released:** {inline(date_words(model.released))}"
                     + aside(model.release_note))
    if model.access:
        facts.append(f"**Access:** {inline(label(model.access))} ({inline(meaning(model.access))})")
    if model.aliases:
        facts.append("**Also known as:** " + ", ".join(inline(a) for a in model.aliases))
    if model.huggingface:
        facts.append("**Hugging Face:** " + link(model.huggingface,
                                                 f"https://huggingface.co/{model.huggingface}"))
    if model.epoch:
        facts.append(f"**Epoch AI name:** {inline(model.epoch)}")
    about = list(ctx.claims_index.naming[model.id])
    lineage = [f for f in about if f[1].predicate in LINEAGE_PREDICATES]
    claimed = [f for f in lineage if f[1].subject == model.id and f[1].status not in NOT_SUPPORTED]
    from_it = [f for f in lineage if f[1].object == model.id and f[1].status not in NOT_SUPPORTED]
    shaky = [f for f in lineage if f[1].status in NOT_SUPPORTED]
    other = [f for f in about if f not in lineage]
    declared = len(model.derived_from) + len(model.trained_on)
    glance = (f"Lineage: {declared or 'none'} declared by its developer; "
              f"{len(claimed)} lineage claim{'s' * (len(claimed) != 1)} made by others; "
              f"{len(from_it)} claim{'s' * (len(from_it) != 1)} that others built on it"
              + (f"; {len(shaky)} claim{'s' * (len(shaky) != 1)} the sources do not support "
                 "(shown as such below)" if shaky else "") + ".")
    parts = [STAMP, f"# {inline(model.name)}\n", record_banners(ctx, page, model),
             "  \n".join(facts) + "\n", *_summary(model.summary),
             f'<p class="kb-glance-line">{inline(glance)}</p>\n',
             _section("Lineage its developer declares", _lineage(ctx, page, model)),
             _section("Lineage others claim", _card_list(ctx, page, claimed),
                      "Claims that this model was built from another model's outputs or "
                      "weights, each with its claimant and status in words."),
             _section("Claims that others built on it", _card_list(ctx, page, from_it)),
             _section("Lineage claims the sources do not support", _card_list(ctx, page, shaky),
                      "Recorded so that readers who meet them elsewhere can see their status; "
                      "none of them is an established or alleged lineage.")]
    members = ctx.family_members.get(model.id, [])
    if members:
        parts.append("\n".join([
            heading(2, "Members of this family", search=True), "",
            "Queries on this family (`kb graph lineage`, `kb graph implicated`) include these "
            "models, each line saying so; `--exact` leaves them out.", "",
            *(f"- {ctx.ref(page, m.id)}" for m in sorted(members, key=lambda m: m.id)), ""]))
    parts.append(_section("Other claims about it", _card_list(ctx, page, other)))
    datasets = ctx.datasets_of.get(model.id, [])
    if datasets:
        parts.append("\n".join([heading(2, "Datasets holding its outputs", search=True), "",
                                *(f"- {ctx.ref(page, d.id)}" for d in datasets), ""]))
    diagram = model_diagram(ctx, model)
    if diagram:
        parts.append(heading(2, "Lineage diagram") + "\nA sketch of the links above: the words "
                     "above are the reference for who claims what and what status each claim "
                     "has.\n\n" + diagram)
    parts += ["\n".join(_incident_list(ctx, page, model.id)),
              "\n".join(_policy_list(ctx, page, model.id)),
              evidence_section(ctx, page, model.evidence),
              explorer_link(page, model),
              record_footer(ctx, page, model, model.name)]
    return "\n".join(p for p in parts if p)


def policy_status(policy: Policy) -> str:
    """'issued — issued by the responsible body, as of 24 April 2026': the date the status
    refers to (the record's status date), or 'undated' with its note."""
    return (f"<strong>{inline(label(policy.status))}</strong> — {inline(meaning(policy.status))}"
            + status_date_words(policy))


def _policy_responses(ctx: SiteContext, page: str, policy: Policy) -> str:
    if not policy.responses:
        return ""
    by_id = {c.id: c for c in policy.claims}
    cites = Citations(policy)
    items = []
    for r in policy.responses:
        answered = [by_id[i] for i in r.claims if i in by_id]
        about = ("answering " + ", ".join(f'<a href="#claim-{c.id}">the claim by '
                                          f"{inline(ctx.name(c.claimant))}</a>"
                                          for c in answered)) if answered else (
            "on the policy as a whole")
        items.append(f"{response_html(ctx, page, policy, r, cites)}<br><small>{about}</small>")
    return html_list("kb-said", items)


def policy_page(ctx: SiteContext, policy: Policy) -> str:
    page = page_of(policy)
    lead = (f'<p class="kb-glance-line">{inline(label(policy.kind).capitalize())} · '
            f"{inline(policy.jurisdiction)} · status: {policy_status(policy)}.</p>\n")
    facts = ["**Issued by:** " + ", ".join(ctx.ref(page, a) for a in policy.issued_by)
             + f" · **Date:** {inline(date_words(policy.date))}"
             + aside(policy.date_note)]
    if policy.identifier:
        facts.append(f"**Identifier:** {inline(policy.identifier)}")
    if policy.targets:
        facts.append("**Names or applies to:** " + ", ".join(ctx.ref(page, t) for t in policy.targets))
    prompted = [i for i in policy.prompted_by if isinstance(ctx.by_id.get(i), Incident)]
    if prompted:
        facts.append("**Prompted by:** " + ", ".join(ctx.ref(page, i) for i in prompted))
    if policy.tags:
        facts.append("**Tags:** " + ", ".join(f"[{inline(t)}](../tags/{t}.md)" for t in policy.tags))
    parts = [STAMP, f"# {inline(policy.title)}\n", lead,
             html_block("kb-summary", markdown_html(policy.summary)),
             record_banners(ctx, page, policy), "  \n".join(facts) + "\n",
             events_section(policy),
             claim_cards(ctx, page, policy, intro=(
                 "Each claim the policy makes or records, with its claimant, its status in words "
                 "and the responses of the parties it names; its evidence score is in the "
                 "card's detail.")),
             _section("Responses (right of reply)", _policy_responses(ctx, page, policy)),
             commentary_section(ctx, page, policy), negative_findings_section(policy),
             figures_section(policy), disagreements_section(policy)]
    if policy.open_questions:
        parts.append("\n".join([heading(2, "What is unknown"), "",
                                *(f"- {inline(q)}" for q in policy.open_questions), ""]))
    parts += [evidence_section(ctx, page, policy.evidence),
              explorer_link(page, policy),
              record_footer(ctx, page, policy, policy.title)]
    return "\n".join(p for p in parts if p)


def dataset_page(ctx: SiteContext, dataset: Dataset) -> str:
    page = page_of(dataset)
    facts = []
    if dataset.creator:
        facts.append(f"**Made by:** {ctx.ref(page, dataset.creator)}")
    if dataset.released:
        facts.append(f"**Released:** {inline(date_words(dataset.released))}"
                     + aside(dataset.release_note))
    trained = ctx.trained_models.get(dataset.id, [])
    facts.append("**Models trained on it (declared by their developers):** "
                 + (", ".join(ctx.ref(page, m.id) for m in trained) or "none recorded"))
    if dataset.aliases:
        facts.append("**Also known as:** " + ", ".join(inline(a) for a in dataset.aliases))
    parts = [STAMP, f"# {inline(dataset.name)}\n", record_banners(ctx, page, dataset),
             *_summary(dataset.summary), "  \n".join(facts) + "\n"]
    lineage = [f"- Generated by {ctx.ref(page, g.model)}" + (f" — {inline(g.note)}" if g.note else "")
               + " (evidence " + ", ".join(f"[{x}](#ev-{x})" for x in g.evidence) + ")"
               for g in dataset.generated_by]
    lineage += [f"- Collected from {ctx.ref(page, c.source)}" + (f" — {inline(c.note)}" if c.note else "")
                + " (evidence " + ", ".join(f"[{x}](#ev-{x})" for x in c.evidence) + ")"
                for c in dataset.collected_from]
    lineage += [f"- Trained on it (declared by the developer): {ctx.ref(page, m.id)}"
                for m in trained]
    if lineage:
        parts.append("\n".join([heading(2, "Where its data came from and where it went",
                                        search=True), "", *lineage, ""]))
    parts += [figures_section(dataset),
              "\n".join(_incident_list(ctx, page, dataset.id)),
              evidence_section(ctx, page, dataset.evidence),
              explorer_link(page, dataset),
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
