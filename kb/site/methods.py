"""The generated parts of the detection-methods page: which incidents cite which method.

``docs/methodology/detection-methods.md`` (hand-written: what each method can and cannot show)
includes one partial per method with a snippet, ``--8<-- "generated/partials/methods/<value>.md"``,
and the overview table ``generated/partials/methods/index.md``. Every value of
:class:`~kb.records.vocab.DetectionMethod` gets a partial, so the page can name any method, and a
snippet naming a value that does not exist fails the strict build. Links are relative to the page
that includes the partials.

The page is in the navigation and re-rendered with its partials: so that it does not grow with
the knowledge base, a partial names at most :data:`INLINE` incidents (the newest); a method cited
by more gets its own listing of every incident citing it, cut into pages by year past a page
(kb/site/paging.py), which the partial and the overview link.
"""

from __future__ import annotations

from collections import defaultdict

from kb.records import Incident
from kb.records.incident import DetectionMethodCited
from kb.records.vocab import DetectionMethod
from kb.site.blocks import label
from kb.site.context import GENERATED, STAMP, SiteContext, rel
from kb.site.paging import Entry, Paged, Part, counted, landing_list, part_title, where, year_of
from kb.site.text import inline

Cited = list[tuple[Incident, DetectionMethodCited]]

#: The hand-written page that includes the partials (links are relative to it).
METHODS_PAGE = "methodology/detection-methods.md"
METHODS_DIR = f"{GENERATED}/partials/methods"
OVERVIEW_PARTIAL = f"{METHODS_DIR}/index.md"
#: Incidents a partial names; past that, the method's own listing has them all.
INLINE = 10
LISTINGS = f"{GENERATED}/methods"


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


def _entry(ctx: SiteContext, incident: Incident, cited: DetectionMethodCited,
           page: str = METHODS_PAGE) -> str:
    return (f"- {ctx.ref(page, incident.id)} ({inline(incident.date)}) — cited by "
            f"{ctx.ref(page, cited.claimed_by)}: {inline(cited.description)}")


def _all_of(method: DetectionMethod) -> str:
    return f"{LISTINGS}/{method.value}.md"


def _method_list(ctx: SiteContext, method: DetectionMethod, cited: Cited) -> str:
    lines = [STAMP, f"**Incidents in the knowledge base that cite `{method.value}`** "
             f"({len(cited)}{', the newest first' if len(cited) > INLINE else ''}):", ""]
    lines += [_entry(ctx, i, c) for i, c in cited[:INLINE]] or [
        "- None yet: no incident in the knowledge base cites this method."]
    if len(cited) > INLINE:
        lines.append(f"- [All {len(cited):,} incidents that cite it]"
                     f"({rel(METHODS_PAGE, _all_of(method))})")
    return "\n".join(lines) + "\n"


def _overview(ctx: SiteContext, found: dict[DetectionMethod, Cited]) -> str:
    lines = [STAMP, "| Method | What it is | Incidents citing it |", "|---|---|---|"]
    for method in DetectionMethod:
        incidents = list(dict.fromkeys(i.id for i, _ in found.get(method, [])))
        if len(incidents) > INLINE:
            links = f"[{len(incidents):,} incidents]({rel(METHODS_PAGE, _all_of(method))})"
        else:
            links = ", ".join(ctx.ref(METHODS_PAGE, rid) for rid in incidents) or "none yet"
        lines.append(f"| `{method.value}` | {inline(method.definition)} | {links} |")
    return "\n".join(lines) + "\n"


def methods_partials(ctx: SiteContext) -> dict[str, str]:
    """The overview table and one partial per detection method, keyed by path under docs/."""
    found = citations_by_method(ctx)
    pages = {OVERVIEW_PARTIAL: _overview(ctx, found)}
    pages.update({method_partial(m): _method_list(ctx, m, found.get(m, [])) for m in DetectionMethod})
    return pages


class MethodListing:
    """Every incident citing one detection method, newest first (for a method cited by more
    than :data:`INLINE`)."""

    scale = 1

    def __init__(self, method: DetectionMethod, cited: Cited) -> None:
        self.method = method
        self.cited = cited
        self.landing = _all_of(method)
        self.folder = f"{LISTINGS}/{method.value}"

    def entries(self, ctx: SiteContext) -> list[Entry]:
        out = []
        seen: dict[str, int] = {}
        for incident, cited in self.cited:
            n = seen[incident.id] = seen.get(incident.id, -1) + 1  # an incident may cite it twice
            out.append(Entry(incident.id, year_of(incident.date), incident.date,
                             (incident.id, str(n)), cited))
        return out

    def _head(self, page: str) -> str:
        return (f"Incidents that cite the detection method {inline(label(self.method))}, newest "
                f"first; [what the method can and cannot show]({rel(page, METHODS_PAGE)}).")

    def page(self, ctx: SiteContext, paged: Paged, part: Part) -> str:
        page = part.path
        title = f"# Incidents citing {inline(label(self.method))}"
        head = [f"{title}\n", f"{self._head(page)}\n"]
        if paged.split:
            head = [f"{title}, {inline(part_title(part))}\n", f"{self._head(page)}\n",
                    where(page, paged, part)]
        lines = [_entry(ctx, ctx.kb.records[e.record], e.item, page)  # type: ignore[arg-type]
                 for e in part.entries]
        return "\n".join([STAMP, *head, *lines]) + "\n"

    def landing_page(self, ctx: SiteContext, paged: Paged) -> str:
        page = paged.landing
        return "\n".join([
            STAMP, f"# Incidents citing {inline(label(self.method))}\n",
            f"{self._head(page)} {counted(paged.total, 'citation')}, on a page per year.\n",
            *landing_list(page, paged, lambda parts: counted(
                sum(len(p.entries) for p in parts), "citation")), ""])


def method_listings(ctx: SiteContext) -> list[MethodListing]:
    found = citations_by_method(ctx)
    return [MethodListing(m, found[m]) for m in DetectionMethod if len(found.get(m, [])) > INLINE]
