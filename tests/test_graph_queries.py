"""kb.graph.queries: lineage, implicated, path, contested, stats, node lookup."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kb.graph.build import build_graph
from kb.graph.queries import UnknownNode, contested, implicated, lineage, path, resolve, stats
from kb.loading import load_kb
from tests.graph_helpers import actor, lineage_kb

INC = "2026-01-10-lab-a-accuses-lab-b"


@pytest.fixture
def graph(tmp_path: Path) -> nx.MultiDiGraph:
    lineage_kb(tmp_path)
    actor(tmp_path, "hermit")
    return build_graph(load_kb(tmp_path))


def test_downward_lineage_lists_descendants_with_the_claims_that_justify_each_step(
        graph: nx.MultiDiGraph) -> None:
    result = lineage(graph, "teacher")
    assert [(e.node, e.depth, e.path) for e in result.entries] == [
        ("student", 1, ("teacher", "student")),
        ("grandchild", 2, ("teacher", "student", "grandchild")),
    ]
    first, second = (e.steps for e in result.entries)
    assert [(s.key, s.predicate, s.status, s.claimant) for s in first] == [
        (f"{INC}#c1", "distilled-from", "alleged", "lab-a")]
    assert [(s.source, s.target, s.kind, s.status) for s in second] == [
        ("grandchild", "student", "derived-from", "self-declared")]


def test_upward_lineage_lists_ancestors(graph: nx.MultiDiGraph) -> None:
    assert [e.node for e in lineage(graph, "grandchild", up=True).entries] == ["student", "teacher"]


def test_lineage_status_filter_drops_claims_with_other_statuses(graph: nx.MultiDiGraph) -> None:
    assert lineage(graph, "teacher", statuses=["self-declared"]).entries == []
    assert [e.node for e in lineage(graph, "teacher", statuses=["alleged"]).entries] == ["student"]


def test_lineage_as_of_a_date_leaves_out_later_claims(graph: nx.MultiDiGraph) -> None:
    assert lineage(graph, "teacher", as_of="2025-12").entries == []
    assert [e.node for e in lineage(graph, "teacher", as_of="2026-01").entries] == ["student", "grandchild"]


def test_nodes_are_found_by_id_name_or_alias(graph: nx.MultiDiGraph) -> None:
    assert resolve(graph, "teacher") == "teacher"
    assert resolve(graph, "TEACHER MODEL") == "teacher"
    assert resolve(graph, "tm-1") == "teacher"


def test_unknown_node_suggests_close_names(graph: nx.MultiDiGraph) -> None:
    with pytest.raises(UnknownNode) as err:
        resolve(graph, "teachr")
    assert err.value.suggestions == ["teacher"]
    assert "did you mean 'teacher'?" in str(err.value)


def test_implicated_groups_connected_records_by_relation(graph: nx.MultiDiGraph) -> None:
    groups = {g: [m.node for m in ms] for g, ms in implicated(graph, "student").groups.items()}
    assert groups == {
        "… derived-from (fine-tune) student": ["grandchild"],
        "… developer-of student": ["lab-b"],
        "claimants": ["lab-a"],
        "incidents recording these claims": [INC],
        "policies linked to those incidents": ["2026-03-01-memo"],
        "student distilled-from …": ["teacher"],
    }


def test_implicated_actor_includes_claims_about_its_models(graph: nx.MultiDiGraph) -> None:
    groups = implicated(graph, "lab-b").groups
    assert [m.node for m in groups["student distilled-from …"]] == ["teacher"]
    assert [m.node for m in groups["lab-b violated-terms-of …"]] == ["lab-a"]
    assert [m.node for m in groups["… targets lab-b"]] == ["2026-03-01-memo"]


def test_path_links_two_nodes_through_justified_edges(graph: nx.MultiDiGraph) -> None:
    """Direction is ignored; among equally short paths the one through the lowest ids wins."""
    hops = path(graph, "grandchild", "lab-a")
    assert hops is not None
    assert [(h.source, h.target) for h in hops] == [("grandchild", "student"), ("student", "lab-b"),
                                                     ("lab-b", "lab-a")]
    assert [(s.source, s.target, s.kind) for s in hops[1].steps] == [("lab-b", "student", "developer-of")]
    assert [s.key for s in hops[2].steps] == [f"{INC}#c2"]


def test_path_between_unconnected_nodes_is_none(graph: nx.MultiDiGraph) -> None:
    assert path(graph, "hermit", "teacher") is None


def test_contested_lists_claims_the_accused_denied(graph: nx.MultiDiGraph) -> None:
    result = contested(graph)
    assert [(c.subject, c.object, c.reasons) for c in result] == [
        ("lab-b", "lab-a", (f"lab-b denied {INC}#c2",)),
        ("student", "teacher", (f"lab-b denied {INC}#c1",)),
    ]


def test_stats_counts_and_leaders(graph: nx.MultiDiGraph) -> None:
    result = stats(graph, top=3)
    assert result.nodes == {"actor": 5, "incident": 1, "model": 3, "policy": 1}
    assert result.claims_by_status == {"alleged": 2}
    assert result.most_accused == [("lab-b", 2)]
    assert result.most_targeted_models == [("teacher", 1)]
    assert result.in_degree[0] == ("teacher", 3)


def test_real_kb_claude_downward_lineage_names_the_labs_alleged_to_have_extracted_from_it(
        repo_root: Path) -> None:
    result = lineage(build_graph(load_kb(repo_root)), "claude")
    direct = {e.node: e for e in result.entries if e.depth == 1}
    for lab in ("deepseek", "moonshot-ai", "minimax"):
        steps = direct[lab].steps
        assert any(s.predicate == "extracted-outputs-from" and s.claimant == "anthropic"
                   and s.status == "alleged" and s.incident == "2026-02-23-anthropic-claude-distillation"
                   for s in steps), steps


def test_implicated_incident_lists_its_actors_models_claims_and_policies(graph: nx.MultiDiGraph) -> None:
    groups = {g: [m.node for m in ms] for g, ms in implicated(graph, INC).groups.items()}
    assert groups == {
        f"… accuser in {INC}": ["lab-a"],
        f"… accused in {INC}": ["lab-b"],
        f"{INC} concerns …": ["teacher"],
        f"{INC} policy-link …": ["2026-03-01-memo"],
        "claims in this incident: … (objects)": ["lab-a", "teacher"],
        "claims in this incident: … (subjects)": ["lab-b", "student"],
    }


def test_as_of_leaves_out_models_released_later(graph: nx.MultiDiGraph) -> None:
    assert [e.node for e in lineage(graph, "student", as_of="2025-05").entries] == []
    assert [e.node for e in lineage(graph, "student", as_of="2025-06").entries] == ["grandchild"]
