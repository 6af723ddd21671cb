"""kb.graph.export: every format is byte-stable, the readable ones load back equal, Mermaid and
DOT stay well-formed whatever the names hold."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.graph.build import build_graph
from kb.graph.export import FORMATS, READABLE, export, read
from kb.graph.mermaid import mermaid_label as mermaid_text
from kb.loading import load_kb
from tests.graph_helpers import lineage_kb

HOSTILE = 'Evil"] --> pwned["x <script>alert(1)</script> & #quot; `md` {{h}} |p| ;\\ end'


def _canon(graph: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    nodes = sorted((n, sorted(d.items())) for n, d in graph.nodes(data=True))
    edges = sorted((u, v, k, sorted(d.items())) for u, v, k, d in graph.edges(keys=True, data=True))
    return nodes, edges


@pytest.fixture
def graph(tmp_path: Path) -> nx.MultiDiGraph:
    g = build_graph(load_kb(lineage_kb(tmp_path)))
    g.nodes["lab-a"]["name"] = HOSTILE
    return g


@pytest.mark.parametrize("fmt", READABLE)
def test_export_loads_back_with_the_same_nodes_edges_and_attributes(graph: nx.MultiDiGraph, fmt: str) -> None:
    assert _canon(read(export(graph, fmt), fmt)) == _canon(graph)


@pytest.mark.parametrize("fmt", READABLE)
def test_real_kb_export_loads_back(repo_root: Path, fmt: str) -> None:
    graph = build_graph(load_kb(repo_root))
    assert _canon(read(export(graph, fmt), fmt)) == _canon(graph)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_byte_stable_whatever_the_insertion_order(graph: nx.MultiDiGraph, fmt: str) -> None:
    shuffled: nx.MultiDiGraph = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    assert export(shuffled, fmt) == export(graph, fmt)


def test_list_attributes_are_json_text_in_graphml(graph: nx.MultiDiGraph) -> None:
    text = export(graph, "graphml")
    assert "[&quot;tm-1&quot;]" in text or '["tm-1"]' in text
    assert read(text, "graphml").nodes["teacher"]["aliases"] == ["tm-1"]


def test_node_link_json_has_an_explicit_edges_key(graph: nx.MultiDiGraph) -> None:
    data = json.loads(export(graph, "json"))
    assert "edges" in data and "links" not in data
    assert len(data["edges"]) == graph.number_of_edges()


def test_cytoscape_edge_ids_are_claim_ids(graph: nx.MultiDiGraph) -> None:
    data = json.loads(export(graph, "cytoscape"))
    ids = {e["data"]["id"] for e in data["elements"]["edges"]}
    assert "2026-01-10-lab-a-accuses-lab-b#c1" in ids
    assert len(ids) == graph.number_of_edges()


def test_gexf_carries_no_date_of_export(graph: nx.MultiDiGraph) -> None:
    assert "lastmodifieddate" not in export(graph, "gexf")


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"), max_size=30)


@settings(max_examples=60, deadline=None)
@given(name=names, aliases=st.lists(names, max_size=3), count=st.integers(0, 10**9), flag=st.booleans())
def test_any_text_and_lists_survive_every_readable_format(name: str, aliases: list[str], count: int,
                                                          flag: bool) -> None:
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    g.add_node("a", kind="actor", name=name, aliases=aliases)
    g.add_node("b", kind="model", name="B")
    g.add_edge("a", "b", key="inc#c1", kind="claim", evidence_count=count, lineage=flag, responses=aliases)
    for fmt in READABLE:
        assert _canon(read(export(g, fmt), fmt)) == _canon(g), fmt


def test_xml_formats_replace_characters_xml_cannot_carry(graph: nx.MultiDiGraph) -> None:
    graph.nodes["lab-b"]["name"] = "bell\x07"
    for fmt in ("graphml", "gexf"):
        assert read(export(graph, fmt), fmt).nodes["lab-b"]["name"] == "bell\ufffd"


# Mermaid ---------------------------------------------------------------------------------------

_NODE = re.compile(r'^  n\d+(\(\["|\["|\{\{"|\[\[")[^"`<>&\[\]{}|]*("\]\)|"\]|"\}\}|"\]\])$')
_EDGE = re.compile(r'^  n\d+ -->\|"[^"`<>&\[\]{}|]*"\| n\d+$')
_MORE = re.compile(r'^  more\["[^"`<>&\[\]{}|]*"\]$')


def _mermaid_lines_are_well_formed(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    for line in lines[1:]:
        assert line.startswith("  %%") or _NODE.match(line) or _EDGE.match(line) or _MORE.match(line), line


def test_mermaid_escapes_hostile_names(graph: nx.MultiDiGraph) -> None:
    text = export(graph, "mermaid")
    _mermaid_lines_are_well_formed(text)
    assert "pwned" in text and "<script>" not in text
    assert sum(bool(_EDGE.match(line)) for line in text.splitlines()) == graph.number_of_edges()


def test_mermaid_text_turns_markup_into_entity_codes() -> None:
    assert mermaid_text('a "b" <c>\n#') == "a #34;b#34; #60;c#62; #35;"


def test_mermaid_is_capped_and_says_what_was_left_out() -> None:
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    for i in range(30):
        g.add_node(f"m{i}", kind="model", name=f"M{i}")
    for i in range(29):
        g.add_edge(f"m{i + 1}", f"m{i}", key=f"x#c{i}", kind="claim", predicate="distilled-from",
                   status="alleged", lineage=True)
    text = export(g, "mermaid", max_edges=10)
    _mermaid_lines_are_well_formed(text)
    assert sum(bool(_EDGE.match(line)) for line in text.splitlines()) == 10
    assert "%% Not shown: 19 edges (19 claim) and 18 nodes." in text
    assert 'more["' + mermaid_text("Not shown: 19 edges (19 claim) and 18 nodes.", None) in text


# DOT -------------------------------------------------------------------------------------------

def test_dot_quotes_every_id_and_value(graph: nx.MultiDiGraph) -> None:
    lines = export(graph, "dot").splitlines()
    value = r'"(?:[^"\\]|\\.)*"'
    stmt = re.compile(rf'^  {value}( -> {value})? \[(\w+={value}(, )?)+\];$')
    assert lines[0] == 'digraph "distillation-kb" {' and lines[-1] == "}"
    assert all(stmt.match(line) for line in lines[2:-1]), [x for x in lines[2:-1] if not stmt.match(x)]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
def test_graphviz_accepts_the_dot_export(graph: nx.MultiDiGraph) -> None:
    graph.nodes["lab-b"]["name"] = "two\nlines \\N \\\\ end\\"
    out = subprocess.run(["dot", "-Tjson"], input=export(graph, "dot"), capture_output=True, text=True,
                         check=True, timeout=60)
    data = json.loads(out.stdout)
    assert len(data["objects"]) == graph.number_of_nodes()
    assert len(data["edges"]) == graph.number_of_edges()
    assert {o["name"] for o in data["objects"]} == set(graph.nodes)
    # Graphviz keeps the DOT escapes in attribute values (it only unescapes them when drawing
    # a label), so the value read back has its backslashes doubled, and nothing else changed.
    names = {o["name"]: o["kb_name"] for o in data["objects"]}
    assert names["lab-a"] == HOSTILE.replace("\\", "\\\\")


@settings(max_examples=100, deadline=None)
@given(name=st.text(max_size=40), label=st.text(max_size=20))
def test_mermaid_stays_well_formed_whatever_the_names(name: str, label: str) -> None:
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    g.add_node("a", kind="actor", name=name)
    g.add_node("b", kind="incident", name=label)
    g.add_edge("a", "b", key="k", kind="involved-in", role=label)
    _mermaid_lines_are_well_formed(export(g, "mermaid"))


def test_mermaid_cuts_long_names() -> None:
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    g.add_node("a", kind="incident", name="x" * 100)
    line = next(x for x in export(g, "mermaid").splitlines() if x.startswith("  n0"))
    assert line == '  n0{{"' + "x" * 59 + '#8230;"}}'
