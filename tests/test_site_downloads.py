"""The site's GraphML download is the graph package's export, and loads back in networkx."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from kb.graph.build import build_graph
from kb.graph.export import export
from kb.loading import load
from kb.site import render_site
from kb.site.context import GENERATED


def test_graphml_download_equals_kb_graph_export_and_loads_back(small_kb: Path) -> None:
    kb = load(small_kb)
    text = render_site(kb)[f"{GENERATED}/downloads/distillation-kb.graphml"]
    assert text == export(build_graph(kb), "graphml")
    graph = nx.read_graphml(io.BytesIO(text.encode()))
    assert {"anthropic", "deepseek", "claude", "2026-02-23-anthropic-claude-distillation"} <= set(graph)
    assert graph.has_edge("minimax", "claude")
