"""Site outputs that come from other layers: the GraphML download (kb.graph) and the evidence score
(kb.evidence), with the capture hashes verified once per build."""

from __future__ import annotations

import csv
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


def test_incident_page_score_counts_verified_captures(small_kb: Path) -> None:
    """The site passes the verified capture hashes to the evidence score."""
    from kb.site.context import SiteOptions

    path = small_kb / "sources" / "blocknews-p-75077.yaml"  # the source e4 cites
    digest = "ab" * 32
    path.write_text(path.read_text().replace(
        "url: https://blocknews.com/?p=75077\n",
        f"url: https://blocknews.com/?p=75077\nsha256: {digest}\ncaptured: '2026-11-29'\n"))
    kb = load(small_kb)
    page = f"{GENERATED}/incidents/2026-02-23-anthropic-claude-distillation.md"
    unverified = render_site(kb)[page]
    verified = render_site(kb, SiteOptions(verified=frozenset({digest})))[page]
    e4 = '<a class="kb-ref" href="#ev-e4">[4]</a>'  # the evidence id as its citation number
    assert f"capture not verified: {e4}" in unverified
    assert f"{e4} captured, hash verified" in verified


def test_renamed_record_keeps_its_old_address(small_kb: Path) -> None:
    """`kb mv` records former_ids; the old page redirects to the new one and is not searched."""
    path = small_kb / "actors" / "minimax.yaml"
    path.write_text(path.read_text().replace("id: minimax\n", "id: minimax\nformer_ids: [mini-max]\n"))
    pages = render_site(load(small_kb))
    old = pages[f"{GENERATED}/actors/mini-max.md"]
    assert '<meta http-equiv="refresh" content="0; url=minimax.html">' in old
    assert "[MiniMax](minimax.md)" in old
    assert "exclude: true" in old
    assert f"{GENERATED}/actors/minimax.md" in pages


def test_claims_and_responses_tables_include_policy_claims(repo_root: Path) -> None:
    """Policies carry claims and replies too (record model, second edition): the tables say
    which record and which kind each row comes from."""
    from kb.site.context import build_context
    from kb.site.downloads import tables

    kb = load(repo_root)
    claims = list(csv.DictReader(io.StringIO(tables(build_context(kb))["claims.csv"])))
    policy_rows = [r for r in claims if r["record_kind"] == "policy"]
    assert policy_rows and {r["record"] for r in policy_rows} <= {p.id for p in kb.policies}
    assert len(claims) == sum(len(r.claims) for r in (*kb.incidents, *kb.policies))
