"""The generated part of the home page: counts, latest incidents, the status legend.

``docs/index.md`` (hand-written) includes it with a snippet, so links are relative to docs/.
"""

from __future__ import annotations

from kb.records.vocab import ClaimStatus, ResponseStance
from kb.site.context import GENERATED, STAMP, SiteContext
from kb.site.indexes import incident_status
from kb.site.text import inline

HOME_PARTIAL = f"{GENERATED}/partials/home.md"
LATEST = 8


def home_partial(ctx: SiteContext) -> str:
    page = "index.md"
    kb = ctx.kb
    claims = [c for i in kb.incidents for c in i.claims]
    counts = [
        f"[{len(kb.incidents)} incidents]({GENERATED}/incidents/index.md)",
        f"{len(claims)} claims",
        f"[{len(ctx.sources)} sources]({GENERATED}/sources/index.md)",
        f"[{len(kb.actors)} actors]({GENERATED}/actors/index.md)",
        f"[{len(kb.models)} models]({GENERATED}/models/index.md)",
        f"[{len(kb.policies)} policies]({GENERATED}/policies/index.md)",
    ]
    latest = sorted(kb.incidents, key=lambda i: (i.date, i.id), reverse=True)[:LATEST]
    out = [STAMP, "**In the knowledge base:** " + " · ".join(counts) + "\n",
           "## Latest incidents", ""]
    out += [f"- **{inline(i.date)}** · {ctx.ref(page, i.id)} — status: "
            f"**{inline(incident_status(i))}**" for i in latest] or ["- No incidents yet."]
    out += ["", f"[All incidents]({GENERATED}/incidents/index.md) · "
            f"[Timeline]({GENERATED}/timeline.md) · [Lineage explorer]({GENERATED}/explorer.md) · "
            f"[Downloads]({GENERATED}/downloads.md)", "",
            "## Status legend", "",
            "Every claim carries one status. Banners and tables always write the status in "
            "words; colour only repeats it.", "",
            "| Claim status | Meaning |", "|---|---|"]
    out += [f"| **{s.value}** | {inline(s.definition)} |" for s in ClaimStatus]
    out += ["", "| Response | Meaning |", "|---|---|"]
    out += [f"| **{s.value}** | {inline(s.definition)} |" for s in ResponseStance]
    return "\n".join(out) + "\n"
