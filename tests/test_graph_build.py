"""kb.graph.build: one node per record, edges in the documented directions."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kb.graph.build import EDGE_KINDS, build_graph
from kb.loading import load_kb
from tests.graph_helpers import actor, claim, incident, lineage_kb


@pytest.fixture
def graph(tmp_path: Path) -> nx.MultiDiGraph:
    return build_graph(load_kb(lineage_kb(tmp_path)))


def _kinds(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, d["kind"]) for u, v, d in graph.edges(data=True)}


def test_every_record_is_a_node_with_its_kind_and_name(graph: nx.MultiDiGraph) -> None:
    assert graph.nodes["teacher"]["kind"] == "model"
    assert graph.nodes["teacher"]["name"] == "Teacher Model"
    assert graph.nodes["teacher"]["aliases"] == ["tm-1"]
    assert graph.nodes["teacher"]["date"] == "2024-01"
    assert graph.nodes["lab-a"]["kind"] == "actor"
    assert graph.nodes["2026-03-01-memo"]["kind"] == "policy"
    assert graph.nodes["2026-01-10-lab-a-accuses-lab-b"]["kind"] == "incident"
    assert graph.number_of_nodes() == 9


def test_edges_point_the_documented_way(graph: nx.MultiDiGraph) -> None:
    inc, memo = "2026-01-10-lab-a-accuses-lab-b", "2026-03-01-memo"
    assert _kinds(graph) == {
        ("student", "teacher", "claim"),             # subject -> object
        ("lab-b", "lab-a", "claim"),
        ("grandchild", "student", "derived-from"),   # model -> base
        ("lab-a", "teacher", "developer-of"),        # actor -> model
        ("lab-b", "student", "developer-of"),
        ("lab-c", "grandchild", "developer-of"),
        ("lab-a", inc, "involved-in"),               # actor -> incident
        ("lab-b", inc, "involved-in"),
        (inc, "teacher", "concerns"),                # incident -> model
        (inc, memo, "policy-link"),                  # incident -> policy
        ("regulator", memo, "issued"),               # actor -> policy
        (memo, "lab-b", "targets"),                  # policy -> actor
    }
    assert {k for _, _, k in _kinds(graph)} <= set(EDGE_KINDS)


def test_claim_edge_is_keyed_by_claim_id_and_carries_its_justification(graph: nx.MultiDiGraph) -> None:
    data = graph.edges["student", "teacher", "2026-01-10-lab-a-accuses-lab-b#c1"]
    assert data == {
        "kind": "claim", "predicate": "distilled-from", "status": "alleged", "status_class": "alleged",
        "claimant": "lab-a",
        "incident": "2026-01-10-lab-a-accuses-lab-b", "claim": "c1", "date": "2026-01-10",
        "evidence_count": 1, "supporting_count": 1, "disputing_count": 0,
        "strongest_evidence": "primary-statement", "responses": ["lab-b:denied"],
        "response_dates": ["2026-01-20:lab-b:denied"], "lineage": True,
    }
    assert graph.edges["lab-b", "lab-a", "2026-01-10-lab-a-accuses-lab-b#c2"]["lineage"] is False


def test_declared_lineage_is_self_declared_by_the_developer(graph: nx.MultiDiGraph) -> None:
    data = graph.edges["grandchild", "student", "derived-from:grandchild:student"]
    assert (data["status"], data["claimant"], data["relation"], data["lineage"]) == (
        "self-declared", "lab-c", "fine-tune", True)


def test_policy_prompted_by_an_incident_is_one_edge_marked_prompted(graph: nx.MultiDiGraph) -> None:
    edges = graph.get_edge_data("2026-01-10-lab-a-accuses-lab-b", "2026-03-01-memo")
    assert [d["prompted"] for d in edges.values()] == [True]


def test_references_to_unknown_records_are_left_out(tmp_path: Path) -> None:
    lineage_kb(tmp_path)
    incident(tmp_path, "2026-02-01-ghost", [("lab-a", "accuser"), ("nobody", "accused")],
             [claim("c1", "lab-a", "nobody", "distilled-from", "teacher")])
    graph = build_graph(load_kb(tmp_path))
    assert "nobody" not in graph
    assert ("lab-a", "2026-02-01-ghost", "involved-in") in _kinds(graph)


def test_build_is_deterministic(tmp_path: Path) -> None:
    lineage_kb(tmp_path)
    actor(tmp_path, "zeta")
    one, two = build_graph(load_kb(tmp_path)), build_graph(load_kb(tmp_path))
    assert list(one.nodes(data=True)) == list(two.nodes(data=True))
    assert list(one.edges(keys=True, data=True)) == list(two.edges(keys=True, data=True))


def test_fast_build_equals_networkx_public_api_build(tmp_path: Path) -> None:
    """build_graph fills networkx's adjacency directly; it must match add_edges_from exactly."""
    from kb.graph.build import build_graph_reference

    lineage_kb(tmp_path)
    kb = load_kb(tmp_path)
    fast, reference = build_graph(kb), build_graph_reference(kb)
    assert nx.utils.graphs_equal(fast, reference)
    assert list(fast.edges(keys=True, data=True)) == list(reference.edges(keys=True, data=True))
    assert list(fast.pred["student"].items()) == list(reference.pred["student"].items())
    fast.add_edge("lab-a", "lab-b", key="x", kind="related")  # the graph stays usable
    assert fast.has_edge("lab-a", "lab-b", key="x") and "lab-a" in fast.pred["lab-b"]


def test_build_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    import gc

    kb = load_kb(lineage_kb(tmp_path))
    assert gc.isenabled()
    build_graph(kb)
    assert gc.isenabled()
    gc.disable()
    try:
        build_graph(kb)
        assert not gc.isenabled()
    finally:
        gc.enable()
