"""Status classes in the graph (issue 14): claims the sources do not support stay out of
lineage, paths, implicated and counts unless asked for, are labelled in words when shown and
drawn dashed and grey; "accused" counts accusations only."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.graph.build import build_graph
from kb.graph.export import export
from kb.graph.queries import ALL_STATUSES, implicated, lineage, path, stats, statuses_for
from kb.loading import load_kb
from kb.records.vocab import NOT_SUPPORTED_STATUSES
from tests.graph_helpers import actor, claim, incident, lineage_kb, model

REPO = Path(__file__).resolve().parent.parent
RUMOUR = "2026-02-01-rumour#c9"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """The lineage KB plus an unsubstantiated claim that 'rumoured' derives from the teacher,
    and observations about lab-a's model (self-identification, an access cut)."""
    lineage_kb(tmp_path)
    actor(tmp_path, "digest", kind="group")
    actor(tmp_path, "lab-d")
    actor(tmp_path, "ops", name="Unnamed operators", kind="group")
    model(tmp_path, "rumoured", "lab-d", released="2025-09")
    incident(tmp_path, "2026-02-01-rumour", [("digest", "reporter"), ("lab-d", "accused")],
             [claim("c9", "digest", "rumoured", "derived-from", "teacher", status="unsubstantiated",
                    evidence=[{"ref": "e1", "stance": "context"}])], date="2026-02-01")
    incident(tmp_path, "2026-02-02-observed", [("lab-b", "commentator"), ("ops", "accused")],
             [claim("c1", "lab-b", "teacher", "self-identified-as", "student"),
              claim("c2", "lab-b", "lab-a", "restricted-access-of", "lab-b"),
              claim("c3", "lab-b", "ops", "extracted-outputs-from", "teacher")],
             date="2026-02-02")
    return tmp_path


@pytest.fixture
def graph(kb: Path) -> nx.MultiDiGraph:
    return build_graph(load_kb(kb))


def _keys(result: object) -> set[str]:
    return {s.key for e in result.entries for s in e.steps}  # type: ignore[attr-defined]


def test_default_lineage_leaves_not_supported_claims_out(graph: nx.MultiDiGraph) -> None:
    assert RUMOUR not in _keys(lineage(graph, "teacher"))
    assert RUMOUR in _keys(lineage(graph, "teacher", statuses=ALL_STATUSES))
    assert RUMOUR in _keys(lineage(graph, "teacher", statuses=statuses_for(["not-supported"])))


def test_default_path_and_implicated_leave_not_supported_claims_out(graph: nx.MultiDiGraph) -> None:
    hops = path(graph, "rumoured", "teacher") or []
    assert all(s.key != RUMOUR for h in hops for s in h.steps)
    assert any(s.key == RUMOUR for h in path(graph, "rumoured", "teacher", statuses=ALL_STATUSES) or []
               for s in h.steps)
    members = implicated(graph, "teacher").groups
    assert all(s.key != RUMOUR for ms in members.values() for m in ms for s in m.steps)


def test_status_names_expand_to_classes() -> None:
    assert statuses_for(["not-supported"]) == {str(s) for s in NOT_SUPPORTED_STATUSES}
    assert statuses_for(["established"]) == {"confirmed", "self-declared"}
    assert statuses_for(["alleged"]) == {"alleged"}  # the status, as before
    assert statuses_for(["all"]) == ALL_STATUSES
    with pytest.raises(ValueError):
        statuses_for(["nonsense"])


def test_stats_count_accusations_not_observations(graph: nx.MultiDiGraph) -> None:
    result = stats(graph)
    accused = dict(result.most_accused)
    assert "lab-a" not in accused  # self-identification of its model, an access cut: observations
    assert "lab-d" not in accused  # only an unsubstantiated claim, left out by default
    assert accused["lab-b"] == 2   # distilled-from and violated-terms-of, claimed by lab-a
    assert dict(stats(graph, statuses=ALL_STATUSES).most_accused)["lab-d"] == 1


def test_unnamed_groups_are_ranked_apart_from_named_actors(graph: nx.MultiDiGraph) -> None:
    result = stats(graph)
    assert "ops" not in dict(result.most_accused)
    assert dict(result.accused_groups) == {"ops": 1}


def test_every_not_supported_claim_edge_is_dashed_and_labelled_in_words(graph: nx.MultiDiGraph) -> None:
    text = export(graph, "mermaid")
    dashed = [line for line in text.splitlines() if "-.->" in line]
    assert len(dashed) == 1 and "unsubstantiated claim by digest" in dashed[0].replace("#45;", "-")
    assert any(line.strip().startswith("linkStyle ") and "dasharray" in line for line in text.splitlines())
    dot = export(graph, "dot")
    assert [line for line in dot.splitlines() if 'style="dashed"' in line] == \
        [line for line in dot.splitlines() if 'kb_status="unsubstantiated"' in line]


def test_cli_lineage_labels_every_claim_with_its_claimant(kb: Path) -> None:
    result = CliRunner().invoke(app, ["graph", "lineage", "teacher", "--status", "all", "--root", str(kb)])
    assert result.exit_code == 0
    claims = [line for line in result.stdout.splitlines() if "[" in line]
    assert claims and all(" by " in line for line in claims)
    assert any("unsubstantiated claim by digest (not supported by the sources reviewed)" in line
               for line in claims)


def test_cli_default_lineage_says_what_it_left_out(kb: Path) -> None:
    result = CliRunner().invoke(app, ["graph", "lineage", "teacher", "--root", str(kb)])
    assert result.exit_code == 0
    assert "rumoured" not in result.stdout
    assert RUMOUR in result.stderr and "--status all" in result.stderr


# The real knowledge base --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real() -> nx.MultiDiGraph:
    return build_graph(load_kb(REPO))


def test_real_lineage_of_claude_leaves_out_the_unsubstantiated_v4_claim(real: nx.MultiDiGraph) -> None:
    found = lineage(real, "claude")
    assert "deepseek-v4" not in {e.node for e in found.entries}
    assert all(s.status not in NOT_SUPPORTED_STATUSES for e in found.entries for s in e.steps)
    everything = lineage(real, "claude", statuses=ALL_STATUSES)
    assert any(s.status in NOT_SUPPORTED_STATUSES for e in everything.entries for s in e.steps)


def test_real_stats_rank_accusations(real: nx.MultiDiGraph) -> None:
    result = stats(real, top=1000)
    accused = dict(result.most_accused)
    # Anthropic is the subject only of observations (models naming another) and an access cut.
    assert "anthropic" not in accused
    groups = {n for n, _ in result.accused_groups}
    assert not groups & set(accused)
    assert all(real.nodes[n].get("actor_kind") == "group" for n in groups)
    assert all(real.nodes[n].get("actor_kind") != "group" for n in accused)


@pytest.mark.parametrize("args", [["implicated", "teacher"], ["path", "rumoured", "teacher"]])
def test_cli_says_when_the_default_left_a_claim_out(kb: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["graph", *args, "--root", str(kb)])
    assert result.exit_code == 0
    assert RUMOUR not in result.stdout
    assert RUMOUR in result.stderr and "--status all" in result.stderr


def test_mermaid_helpers_style_edges_by_status_class() -> None:
    from kb.graph.mermaid import claim_edge_label, edge_class, link_style_lines, mermaid_edge

    assert "-.->" in mermaid_edge("n0", "n1", "x", "refuted")
    assert "-->" in mermaid_edge("n0", "n1", "x", "alleged")
    assert "-.->" in mermaid_edge("n0", "n1", "x", None, dashed=True)
    label = claim_edge_label("derived-from", "unsubstantiated", "A digest")
    assert "unsubstantiated claim by A digest" in label and "not supported" in label
    assert "not supported" in mermaid_edge("n0", "n1", label, "unsubstantiated").replace("#32;", " ")
    assert link_style_lines(["alleged", None, "retracted", "unsubstantiated"])[0].split()[:2] == [
        "linkStyle", "2,3"]
    assert link_style_lines(["alleged", None]) == []
    assert (edge_class("unsubstantiated"), edge_class("confirmed"), edge_class(None)) == (
        "kb-not-supported", "kb-established", "")
