"""The parts of an incident or policy page that say what the records hold beyond claims and
replies: commentary from parties not accused, what the editors looked for and did not find, and
the date a policy's status refers to."""

from __future__ import annotations

from kb.records import Incident, Policy
from kb.records.claim import Claim
from kb.records.types import date_words
from kb.site.blocks import Citations, a_page, heading, html_list
from kb.site.claimcard import claim_words
from kb.site.context import SiteContext
from kb.site.text import aside, inline


def commentary_section(ctx: SiteContext, page: str, record: Incident | Policy) -> str:
    """Reactions from parties the record does not accuse, shown apart from the right of reply."""
    if not record.commentary:
        return ""
    cites = Citations(record)
    claims = {c.id: c for c in record.claims}
    items = [f"<strong>{a_page(ctx, page, c.party)}</strong>"
             + (f" ({inline(c.speaker)})" if c.speaker else "") + " · "
             + inline(date_words(c.date)) + aside(c.date_note)
             + (" · about " + ", ".join(_claim_link(ctx, claims, i) for i in c.claims)
                if c.claims else "")
             + f" {cites.refs(c.evidence)}<br>{inline(c.summary)}"
             + (f"<br>Quote: “{inline(c.quote)}”" if c.quote else "")
             for c in record.commentary]
    return (heading(2, "Commentary from others") + "\nReactions from parties not accused in this "
            "record; they are not a reply by the accused.\n" + html_list("kb-commentary", items))


def _claim_link(ctx: SiteContext, claims: dict[str, Claim], claim_id: str) -> str:
    claim = claims.get(claim_id)
    if claim is None:
        return inline(claim_id)
    return f'the claim that <a href="#claim-{claim.id}">{claim_words(ctx, claim)}</a>'


def negative_findings_section(record: Incident | Policy) -> str:
    """What the editors looked for in the sources reviewed and did not find, with the date."""
    if not record.negative_findings:
        return ""
    items = [f"Looked for {inline(n.searched_for)} in the sources reviewed (up to "
             f"{inline(date_words(n.searched_up_to))}; saved copies): {inline(n.finding)}"
             for n in record.negative_findings]
    return heading(2, "Looked for and not found") + "\n" + html_list("kb-negative-findings", items)


def status_date_words(policy: Policy) -> str:
    """', as of 22 April 2026 (note)' after a policy's status; ', undated (note)' without a date."""
    since = policy.status_since()
    return ((f", as of {inline(date_words(since))}" if since else ", undated")
            + aside(policy.status_date_note))
