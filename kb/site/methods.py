"""The generated parts of the detection-methods page: which incidents cite which method.

``docs/methodology/detection-methods.md`` (hand-written: what each method can and cannot show)
includes one partial per method with a snippet, ``--8<-- "generated/partials/methods/<value>.md"``,
and the overview table ``generated/partials/methods/index.md``. Every value of
:class:`~kb.records.vocab.DetectionMethod` gets a partial, so the page can name any method, and a
snippet naming a value that does not exist fails the strict build. Links are relative to the page
that includes the partials.
"""

from __future__ import annotations

from collections import defaultdict

from kb.records import Incident
from kb.records.incident import DetectionMethodCited
from kb.records.vocab import DetectionMethod
from kb.site.context import GENERATED, STAMP, SiteContext
from kb.site.text import inline

Cited = list[tuple[Incident, DetectionMethodCited]]

#: The hand-written page that includes the partials (links are relative to it).
METHODS_PAGE = "methodology/detection-methods.md"
METHODS_DIR = f"{GENERATED}/partials/methods"
OVERVIEW_PARTIAL = f"{METHODS_DIR}/index.md"


def method_partial(method: DetectionMethod) -> str:
    """Path (relative to docs/) of the partial listing the incidents that cite ``method``."""
    return f"{METHODS_DIR}/{method.value}.md"


def citations_by_method(ctx: SiteContext) -> dict[DetectionMethod, Cited]:
    """Every incident's cited detection methods, grouped by method; incidents newest first."""
    found: dict[DetectionMethod, Cited] = defaultdict(list)
    for incident in sorted(ctx.kb.incidents, key=lambda i: (i.date, i.id), reverse=True):
        for cited in incident.detection_methods:
            found[cited.method].append((incident, cited))
    return found


def _entry(ctx: SiteContext, incident: Incident, cited: DetectionMethodCited) -> str:
    return (f"- {ctx.ref(METHODS_PAGE, incident.id)} ({inline(incident.date)}) — cited by "
            f"{ctx.ref(METHODS_PAGE, cited.claimed_by)}: {inline(cited.description)}")


def _method_list(ctx: SiteContext, method: DetectionMethod, cited: Cited) -> str:
    lines = [STAMP, f"**Incidents in the knowledge base that cite `{method.value}`** "
             f"({len(cited)}):", ""]
    lines += [_entry(ctx, i, c) for i, c in cited] or [
        "- None yet: no incident in the knowledge base cites this method."]
    return "\n".join(lines) + "\n"


def _overview(ctx: SiteContext, found: dict[DetectionMethod, Cited]) -> str:
    lines = [STAMP, "| Method | What it is | Incidents citing it |", "|---|---|---|"]
    for method in DetectionMethod:
        incidents = list(dict.fromkeys(i.id for i, _ in found.get(method, [])))
        links = ", ".join(ctx.ref(METHODS_PAGE, rid) for rid in incidents) or "none yet"
        lines.append(f"| `{method.value}` | {inline(method.definition)} | {links} |")
    return "\n".join(lines) + "\n"


def methods_partials(ctx: SiteContext) -> dict[str, str]:
    """The overview table and one partial per detection method, keyed by path under docs/."""
    found = citations_by_method(ctx)
    pages = {OVERVIEW_PARTIAL: _overview(ctx, found)}
    pages.update({method_partial(m): _method_list(ctx, m, found.get(m, [])) for m in DetectionMethod})
    return pages
