"""The lineage explorer page and its data file (a .js file, so the page works from file://).

The page draws the graph (cytoscape.js, positions computed at build time) and, beside it, the
same links as text for keyboard and screen-reader users: pick a party, model or dataset and its
links are listed in sentences, each saying who makes the claim. ``explorer.html?focus=<id>``
(or ``#focus=<id>``) opens the view of one record's neighbourhood; :func:`explorer_link` writes
that link for a record page.
"""

from __future__ import annotations

from urllib.parse import quote

from kb.records import Actor, Dataset, Incident, Model, Policy, Record
from kb.site.claimstyle import DECLARED
from kb.site.context import GENERATED, STAMP, SiteContext, rel_html
from kb.site.graphdata import FONT_PX, LABEL_WIDTH, graph_elements, statuses
from kb.site.text import attr, html_text, js_assign

PAGE = f"{GENERATED}/explorer.md"
DATA = f"{GENERATED}/assets/explorer-data.js"


def explorer_link(page: str, record: Record) -> str:
    """A Markdown paragraph linking ``page`` (a path under docs/) to the explorer's view of
    ``record`` and its neighbours; empty for a record the explorer does not show (a source, or
    an incident or policy with no claim)."""
    if isinstance(record, (Incident, Policy)):
        if not record.claims:
            return ""
    elif not isinstance(record, (Actor, Model, Dataset)):
        return ""
    href = f"{rel_html(page, PAGE)}?focus={quote(record.id, safe='')}"
    return (f'<p class="kb-explorer-link"><a href="{attr(href)}">See {html_text(record.display_name)} '
            "and its links in the lineage explorer</a></p>\n")


def explorer_data(ctx: SiteContext) -> str:
    nodes, edges = graph_elements(ctx)
    for item in (*nodes, *edges):
        if item.get("page"):
            item["href"] = rel_html(PAGE, item.pop("page"))
    return js_assign("KB_GRAPH", {"nodes": nodes, "edges": edges, "statuses": statuses(),
                                  "declared": DECLARED, "font": FONT_PX, "wrap": LABEL_WIDTH})


_INTRO = (
    "Parties (squares), models (circles) and datasets (diamonds). Each arrow points from the "
    "party or model a claim is about to the model it names, and says who makes the claim. "
    "**Solid** arrows are claims, coloured by status; **dashed grey** arrows are claims that "
    "the sources reviewed do not support (unsubstantiated, refuted or retracted); **dotted** "
    "arrows are developers. Lineage a developer declares itself (fine-tunes, training data) "
    "is solid, marked self-declared. Hover over an arrow to read it; click a node or an arrow "
    "to open its page. Pick a party, model or dataset above the graph "
    "to see its neighbourhood, with the same links listed below it as sentences.\n"
)


def explorer_page() -> str:
    return "\n".join([
        "---\nhide:\n  - toc\n  - navigation\n---\n", STAMP, "# Lineage explorer\n", _INTRO,
        '<p class="kb-explorer-summary" data-kb-explorer-summary aria-live="polite"></p>',
        '<p class="kb-explorer-pick kb-explorer-controls"><label for="kb-explorer-pick">'
        "<strong>Show the links of</strong></label> "
        '<select id="kb-explorer-pick" data-kb-explorer-pick>'
        '<option value="">the whole graph</option></select></p>',
        '<div id="kb-explorer" class="kb-explorer" role="img" '
        'aria-label="Graph of parties, models and datasets and the claims between them; '
        'the list below it gives the same links as text"></div>',
        '<p class="kb-explorer-detail" data-kb-explorer-detail aria-live="polite">Hover over or '
        "click a node or an arrow, or pick a name above the graph.</p>",
        '<ul class="kb-explorer-links" data-kb-explorer-links '
        'aria-label="Links of the chosen record"></ul>',
        '<div class="kb-explorer-controls">',
        '<fieldset><legend>Claim status (line colour and pattern)</legend>'
        '<div data-kb-filter-group="status"></div></fieldset>',
        '<fieldset><legend>Relation</legend><div data-kb-filter-group="predicate"></div></fieldset>',
        '<fieldset><legend>Dates</legend><label>From <input type="text" '
        'data-kb-date="from" placeholder="YYYY" size="10"></label> <label>to <input type="text" '
        'data-kb-date="to" placeholder="YYYY-MM-DD" size="10"></label></fieldset>',
        "</div>",
        '<noscript>The explorer needs JavaScript; the same data is on the '
        '<a href="downloads.html">downloads</a> page.</noscript>',
        '<script src="assets/vendor/cytoscape.min.js"></script>',
        '<script src="assets/explorer-data.js"></script>',
        '<script src="../assets/kb-explorer.js"></script>', ""])


def explorer_files(ctx: SiteContext) -> dict[str, str]:
    return {PAGE: explorer_page(), DATA: explorer_data(ctx)}
