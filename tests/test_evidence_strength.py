"""Strongest sources (kb/evidence/strength.py): a source the editors did not read is never
strongest, in the ranking, on graph edges or on the command line."""

from __future__ import annotations

from pathlib import Path

from kb.evidence.score import score_record
from kb.evidence.strength import rank_sources, strongest, strongest_sources
from kb.graph.build import build_graph
from kb.loading import load, load_kb
from kb.records import Incident, Policy, Source
from kb.yamlio.editor import update
from tests.evidence_helpers import INCIDENT_ID, source_file

REPO = Path(__file__).resolve().parent.parent


def _source(**fields: object) -> Source:
    return Source.model_validate({"id": "s", "url": "https://example.org/s", "publisher": "P",
                                  "kind": "news", **fields})


def test_an_unread_source_is_never_strongest() -> None:
    unread = _source(id="court", kind="court-filing", reliability="A", first_hand=True,
                     reviewed=False, cited_in=["news"])
    read = _source(id="news", kind="news", reliability="F")
    assert strongest([unread, read]) is read
    assert strongest([unread]) is None
    ranked = rank_sources([("e1", unread), ("e2", read)])
    assert [r.evidence for r in ranked] == ["e2", "e1"]
    assert ranked[0].counts and not ranked[1].counts
    assert "not read by the editors" in ranked[1].reason


def test_ranking_is_kind_then_first_hand_then_grade() -> None:
    a = _source(id="a", kind="news", reliability="A")
    b = _source(id="b", kind="government-document", reliability="D")
    c = _source(id="c", kind="government-document", reliability="D", first_hand=True)
    d = _source(id="d", kind="government-document", reliability="B", first_hand=True)
    ranked = rank_sources([("1", a), ("2", b), ("3", c), ("4", d)])
    assert [r.source.id for r in ranked] == ["d", "c", "b", "a"]


def test_the_fixture_claims_strongest_source_is_one_the_editors_read(small_kb: Path) -> None:
    kb = load(small_kb)
    inc = kb.records[INCIDENT_ID]
    assert isinstance(inc, Incident)
    claim = next(c for c in inc.claims if c.id == "c-deepseek")
    ranked = strongest_sources(kb, inc, claim)
    assert ranked[0].source.reviewed and ranked[0].evidence != "e2"  # e2, Anthropic's post, is unread
    assert ranked[-1].evidence == "e2" and not ranked[-1].counts
    update(small_kb / source_file(small_kb, "e2"), [(("reviewed",), True)], before=("note",))
    kb = load(small_kb)
    inc = kb.records[INCIDENT_ID]
    assert isinstance(inc, Incident)
    assert strongest_sources(kb, inc, claim)[0].evidence == "e2"


def test_no_graph_edge_names_an_unread_sources_kind_as_strongest() -> None:
    kb = load_kb(REPO)
    graph = build_graph(kb)
    for record in [*kb.incidents, *kb.policies]:
        for claim in record.claims:
            data = graph.get_edge_data(claim.subject, claim.object, f"{record.id}#{claim.id}")
            if data is None:
                continue
            read = [r for r in strongest_sources(kb, record, claim) if r.counts]
            assert data.get("strongest_evidence") == (str(read[0].source.kind) if read else None)


def test_policy_claims_are_scored() -> None:
    kb = load_kb(REPO)
    policies = [p for p in kb.policies if p.claims]
    assert policies
    for policy in policies:
        assert isinstance(policy, Policy)
        scores = score_record(kb, policy)
        assert len(scores) == len(policy.claims)
        assert all(s.record_kind == "policy" and 0 <= s.total <= s.maximum for s in scores)
