"""The lineage and actor graph: a networkx ``MultiDiGraph`` built from the loaded knowledge base.

This package is the only place that imports networkx.

Nodes are records, keyed by record id, with ``kind`` one of ``actor``, ``model``, ``dataset``,
``incident``, ``policy`` and ``name`` (the display name). Every edge has a ``kind``. An edge ``u -> v`` of
kind K reads as the sentence "u K v"; the direction of each kind is fixed here, once:

==================  =====================  ===================================================
edge kind           direction              meaning and source field
==================  =====================  ===================================================
``claim``           subject -> object      a claim of an incident or policy: "deepseek
                                           extracted-outputs-from claude"; key
                                           ``<record>#<claim id>``, attributes ``predicate``,
                                           ``status``, ``status_class`` (established, alleged
                                           or not-supported), ``claimant``, ``incident`` (the
                                           record),
                                           ``record_kind`` (policies only), ``claim``,
                                           ``date`` (stated on), ``evidence_count``,
                                           ``supporting_count``, ``disputing_count``,
                                           ``strongest_evidence``, ``responses`` and
                                           ``response_dates`` ("date:party:stance"), ``history``
                                           ("date:status", oldest first), ``lineage``
``derived-from``    model -> base model    lineage the developer declares (``derived_from``);
                                           ``status`` is always ``self-declared`` (class
                                           ``established``, as for every declared link)
``developer-of``    actor -> model         ``Model.developer``
``parent-of``       parent -> subsidiary   ``Actor.parent``
``involved-in``     actor -> incident      ``Incident.actors`` (one edge per role)
``concerns``        incident -> model      ``Incident.models``
``policy-link``     incident -> policy     ``Incident.policies`` and ``Policy.prompted_by``
``issued``          actor -> policy        ``Policy.issued_by``
``targets``         policy -> actor/model  ``Policy.targets``
``related``         incident -> incident   ``Incident.related``
``superseded-by``   old -> new             ``superseded_by`` of any record
``member-of``       model -> family        ``Model.family``
``trained-on``      model -> dataset       ``Model.trained_on`` (self-declared, lineage)
``generated-by``    dataset -> model       ``Dataset.generated_by`` (lineage)
``collected-from``  dataset -> source      ``Dataset.collected_from`` (lineage)
``creator-of``      actor -> dataset       ``Dataset.creator``
``affiliation``     actor -> actor         ``Actor.affiliations``; ``relation``, ``date`` (since)
==================  =====================  ===================================================

Lineage runs from the derived thing to its source: following lineage edges forward goes *up*
(towards teachers and base models), backward goes *down* (towards students). The edges that
count as lineage have ``lineage=True``: every ``derived-from``, ``trained-on``,
``generated-by`` and ``collected-from`` edge and every ``claim`` whose predicate is in
:data:`kb.records.vocab.LINEAGE_PREDICATES`.

Modules: :mod:`kb.graph.build` (records to graph), :mod:`kb.validation.graph_rules` (KB3xx diagnostics
for `kb validate`, computed from the cached per-file facts without networkx),
:mod:`kb.graph.queries` (lineage, implicated, path, contested, stats), :mod:`kb.graph.export`
(GraphML, GEXF, node-link JSON, Cytoscape.js, Mermaid, DOT).
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_graph"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `kb validate` can run the graph checks (kb.validation.graph_rules, plain Python over
    # the cached facts) without paying for the networkx import.
    if name == "build_graph":
        from kb.graph.build import build_graph

        return build_graph
    raise AttributeError(name)
