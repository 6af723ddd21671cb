"""The lineage explorer page and its data file (a .js file, so the page works from file://)."""

from __future__ import annotations

from kb.site.context import GENERATED, STAMP, SiteContext, rel_html
from kb.site.graphdata import graph_elements
from kb.site.text import js_assign

PAGE = f"{GENERATED}/explorer.md"
DATA = f"{GENERATED}/assets/explorer-data.js"


def explorer_data(ctx: SiteContext) -> str:
    nodes, edges = graph_elements(ctx)
    for item in (*nodes, *edges):
        if item.get("page"):
            item["href"] = rel_html(PAGE, item.pop("page"))
    return js_assign("KB_GRAPH", {"nodes": nodes, "edges": edges})


def explorer_page() -> str:
    return "\n".join([
        "---\nhide:\n  - toc\n  - navigation\n---\n", STAMP, "# Lineage explorer\n",
        "Actors (squares), models (circles) and datasets (diamonds). Arrows point from the party "
        "or model a claim is about to the model it names: **solid** arrows are claims (alleged, "
        "disputed, confirmed ...), **dashed** arrows are developers and lineage the developer "
        "itself declares (including the data a model was trained on and the model that "
        "generated a dataset). "
        "Click a node or an arrow to open its page; the filters below the graph apply to arrows "
        "(nodes left without arrows are hidden).\n",
        '<p class="kb-explorer-summary" data-kb-explorer-summary></p>',
        '<div id="kb-explorer" class="kb-explorer" role="img" '
        'aria-label="Graph of actors, models and the claims between them"></div>',
        '<p class="kb-explorer-detail" data-kb-explorer-detail>Hover over or click a node or an '
        "arrow.</p>",
        '<div class="kb-explorer-controls">',
        '<fieldset><legend>Claim status (arrow colour)</legend>'
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
