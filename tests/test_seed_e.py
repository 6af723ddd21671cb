"""Key facts of the Seed E additions: the second research dossier (issue 16) in the record
model's own terms — datasets and their lineage edges, families, affiliations, a policy claim,
dated events, claim status histories, relayed and first-hand sources.

Each test pins a fact taken from `incidents_dossier_2.yaml`, or a rule those facts must keep
(nothing dated or attributed beyond what the dossier says), so an edit that drops or distorts
one fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import networkx as nx
import pytest

from kb.graph.build import build_graph
from kb.graph.queries import lineage
from kb.loading import KnowledgeBase, load
from kb.records import Actor, Dataset, Incident, Model, Policy, Source
from kb.records.vocab import (
    AffiliationRelation,
    ClaimStatus,
    LineageRelation,
    Predicate,
    ResponseStance,
)
from kb.validation import check
from kb.validation.rules import accused_parties
from tests.dossier2_ids import (
    ANTHROPIC_OWNERSHIP,
    ANTHROPIC_TOS,
    CHATBIT,
    CURSOR,
    LLAMA3_V,
    OPENAI_TOS,
    PANGU,
    REFLECTION,
    S1,
    YI,
)

REPO = Path(__file__).resolve().parent.parent


DATASETS = ("s1k", "reflection-70b-glaive-synthetic-data", "chatbit-military-dialogue-records",
            "tsinghua-bamboo-slips-unreleased-scans")
R1_DISTILL_MEMBERS = {
    "deepseek-r1-distill-qwen-1-5b": "qwen", "deepseek-r1-distill-qwen-7b": "qwen",
    "deepseek-r1-distill-qwen-14b": "qwen", "deepseek-r1-distill-qwen-32b": "qwen",
    "deepseek-r1-distill-llama-8b": "llama", "deepseek-r1-distill-llama-70b": "llama",
}
NEW_ACTORS = ("hyperwrite", "sahil-chaudhary", "stanford-university", "university-of-washington",
              "pla-academy-of-military-science", "beijing-institute-of-technology", "minzu-university",
              "entities-controlled-from-unsupported-regions")
#: (actor, other actor, relation) as dossier 2 states them.
AFFILIATIONS = {
    ("matt-shumer", "hyperwrite", AffiliationRelation.AFFILIATED_WITH),
    ("matt-shumer", "glaive-ai", AffiliationRelation.AFFILIATED_WITH),
    ("sahil-chaudhary", "glaive-ai", AffiliationRelation.AFFILIATED_WITH),
    ("llama3-v-authors", "stanford-university", AffiliationRelation.AFFILIATED_WITH),
    ("s1-authors", "stanford-university", AffiliationRelation.AFFILIATED_WITH),
    ("s1-authors", "university-of-washington", AffiliationRelation.AFFILIATED_WITH),
    ("chatbit-researchers", "pla-academy-of-military-science", AffiliationRelation.AFFILIATED_WITH),
    ("chatbit-researchers", "beijing-institute-of-technology", AffiliationRelation.AFFILIATED_WITH),
    ("chatbit-researchers", "minzu-university", AffiliationRelation.AFFILIATED_WITH),
    ("pangu-whistleblower", "huawei", AffiliationRelation.EMPLOYED_BY),
    ("former-mistral-employee", "mistral-ai", AffiliationRelation.EMPLOYED_BY),
}
CHANGED = (*DATASETS, *R1_DISTILL_MEMBERS, "yi", "pangu", *NEW_ACTORS, REFLECTION, LLAMA3_V, PANGU, YI,
           S1, CHATBIT, CURSOR, ANTHROPIC_OWNERSHIP, ANTHROPIC_TOS)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(REPO)


@pytest.fixture(scope="module")
def graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    return build_graph(kb)


T = TypeVar("T")


def rec(kb: KnowledgeBase, rid: str, kind: type[T]) -> T:
    found = kb.records[rid]
    assert isinstance(found, kind)
    return found


def edge_kinds(graph: nx.MultiDiGraph, u: str, v: str) -> set[str]:
    return {d.get("kind", "") for d in graph.get_edge_data(u, v, default={}).values()}


@pytest.mark.parametrize("rid", CHANGED)
def test_seed_e_record_validates_cleanly(kb: KnowledgeBase, rid: str) -> None:
    report = check(kb.root, paths=[kb.root / kb.file_of[rid]], use_cache=False)
    assert [d.as_text() for d in report.diagnostics] == []


# Datasets and the lineage they carry -----------------------------------------------------------

def test_s1k_holds_gemini_traces_and_trains_s1(kb: KnowledgeBase, graph: nx.MultiDiGraph) -> None:
    s1k = rec(kb, "s1k", Dataset)
    assert s1k.creator == "s1-authors"
    assert [g.model for g in s1k.generated_by] == ["gemini-2-0-flash-thinking-exp"]
    assert [(f.value, f.unit) for f in s1k.figures] == [(1000, "questions")]
    assert s1k.released is None  # the dossier gives no release date
    assert [t.dataset for t in rec(kb, "s1-32b", Model).trained_on] == ["s1k"]
    # model -> dataset -> model is a path of self-declared lineage edges
    assert "trained-on" in edge_kinds(graph, "s1-32b", "s1k")
    assert "generated-by" in edge_kinds(graph, "s1k", "gemini-2-0-flash-thinking-exp")
    inc = rec(kb, S1, Incident)
    declared = {(c.subject, c.predicate, c.object): c.status for c in inc.claims}
    teacher = "gemini-2-0-flash-thinking-exp"
    assert declared[("s1k", Predicate.GENERATED_BY, teacher)] == ClaimStatus.SELF_DECLARED
    assert declared[("s1-32b", Predicate.TRAINED_ON, "s1k")] == ClaimStatus.SELF_DECLARED


def test_datasets_name_no_teacher_or_origin_the_dossier_does_not_give(kb: KnowledgeBase) -> None:
    glaive = rec(kb, "reflection-70b-glaive-synthetic-data", Dataset)
    assert glaive.creator == "glaive-ai" and not glaive.generated_by and not glaive.collected_from
    assert glaive.released is None  # made public on 2 October 2024, used before
    assert "2 October 2024" in (glaive.release_note or "")
    chatbit = rec(kb, "chatbit-military-dialogue-records", Dataset)
    assert not chatbit.generated_by and not chatbit.collected_from
    assert [(f.value, f.qualifier) for f in chatbit.figures] == [(100000, "approximately")]
    assert [t.dataset for t in rec(kb, "chatbit", Model).trained_on] == ["chatbit-military-dialogue-records"]
    reflection = rec(kb, "reflection-70b", Model)
    assert [t.dataset for t in reflection.trained_on] == ["reflection-70b-glaive-synthetic-data"]
    assert [(d.model, d.relation) for d in reflection.derived_from] == [("llama", LineageRelation.FINE_TUNE)]


def test_unreleased_bamboo_slip_scans_trained_minicpm_only(kb: KnowledgeBase) -> None:
    """The data behind the unreleased-data-recognition evidence: MiniCPM-Llama3-V 2.5 was trained
    on it; Llama3-V is not recorded as trained on it (it only showed the ability)."""
    scans = rec(kb, "tsinghua-bamboo-slips-unreleased-scans", Dataset)
    assert scans.creator is None and not scans.figures  # who scanned, and how many: not stated
    users = {m.id for m in kb.models if any(t.dataset == scans.id for t in m.trained_on)}
    assert users == {"minicpm-llama3-v-2-5"}


def test_r1_distill_is_a_family_of_six_each_trained_on_r1_samples(kb: KnowledgeBase,
                                                                    graph: nx.MultiDiGraph) -> None:
    family = rec(kb, "deepseek-r1-distill", Model)
    assert not family.aliases  # the members carry the names
    members = {m.id: m for m in kb.models if m.family == "deepseek-r1-distill"}
    assert set(members) == set(R1_DISTILL_MEMBERS)
    for mid, base in R1_DISTILL_MEMBERS.items():
        m = members[mid]
        assert {(d.model, d.relation) for d in m.derived_from} == {
            ("deepseek-r1", LineageRelation.DISTILLATION), (base, LineageRelation.FINE_TUNE)}
        assert [t.dataset for t in m.trained_on] == ["deepseek-r1-distillation-samples"]
        assert m.released == "2025-01-20"
    assert "generated-by" in edge_kinds(graph, "deepseek-r1-distillation-samples", "deepseek-r1")
    down = {e.node for e in lineage(graph, "deepseek-r1").entries}
    assert {"deepseek-r1-distill", "deepseek-r1-distillation-samples", *R1_DISTILL_MEMBERS} <= down


def test_yi_and_pangu_are_families(kb: KnowledgeBase, graph: nx.MultiDiGraph) -> None:
    assert {m.id for m in kb.models if m.family == "yi"} == {"yi-34b", "yi-6b"}
    assert {m.id for m in kb.models if m.family == "pangu"} == {"pangu-pro-moe", "pangu-135b-v2"}
    # Yi's dispute is architecture reuse, so the family has no lineage; Pangu's claims reach Qwen.
    assert lineage(graph, "yi", up=True).entries == []
    up = {e.node: {s.status for s in e.steps} for e in lineage(graph, "pangu", up=True).entries}
    assert up["qwen-2-5-14b"] == {"denied"} and up["qwen"] == {"alleged"}


# Affiliations and the replies they owe ---------------------------------------------------------

def test_affiliations_are_those_the_dossier_states_evidenced_and_undated(kb: KnowledgeBase) -> None:
    found = {(a.id, f.actor, f.relation) for a in kb.actors for f in a.affiliations
             if (a.id, f.actor, f.relation) in AFFILIATIONS}
    assert found == AFFILIATIONS
    for actor_id, other, _ in AFFILIATIONS:
        actor = rec(kb, actor_id, Actor)
        aff = next(f for f in actor.affiliations if f.actor == other)
        assert aff.evidence and aff.note
        assert aff.since is None and aff.until is None  # the dossier dates none of them


def test_self_described_ties_say_they_are_unverified(kb: KnowledgeBase) -> None:
    whistle = rec(kb, "pangu-whistleblower", Actor).affiliations[0]
    assert "not verified" in (whistle.note or "")
    former = rec(kb, "former-mistral-employee", Actor).affiliations[0]
    assert "as reported" in (former.note or "")


@pytest.mark.parametrize(("rid", "party"), [
    (REFLECTION, "hyperwrite"), (LLAMA3_V, "stanford-university"),
    (CHATBIT, "pla-academy-of-military-science"), (CHATBIT, "beijing-institute-of-technology"),
    (CHATBIT, "minzu-university")])
def test_affiliated_institutions_have_no_response_found(kb: KnowledgeBase, rid: str, party: str) -> None:
    inc = rec(kb, rid, Incident)
    assert any(party in accused_parties(kb, c) for c in inc.claims)
    reply = next(r for r in inc.responses if r.party == party)
    assert (reply.stance, reply.date) == (ResponseStance.NO_RESPONSE_FOUND, "2026-12-02")


def test_stanford_reply_keeps_mannings_criticism_as_his(kb: KnowledgeBase) -> None:
    reply = next(r for r in rec(kb, LLAMA3_V, Incident).responses if r.party == "stanford-university")
    assert "as an institution" in reply.summary and "Christopher Manning" in reply.summary


def test_chaudhary_is_accused_and_answers_with_the_post_mortem(kb: KnowledgeBase) -> None:
    inc = rec(kb, REFLECTION, Incident)
    assert ("sahil-chaudhary", "accused") in {(a.actor, a.role) for a in inc.actors}
    reply = next(r for r in inc.responses if r.party == "sahil-chaudhary")
    assert (reply.stance, reply.date) == (ResponseStance.ACKNOWLEDGED, "2024-10-02")


# Policies --------------------------------------------------------------------------------------

def test_anthropic_ownership_restriction_claims_the_subsidiary_route(kb: KnowledgeBase) -> None:
    pol = rec(kb, ANTHROPIC_OWNERSHIP, Policy)
    assert pol.targets == ["entities-controlled-from-unsupported-regions"]
    claim = next(c for c in pol.claims if c.id == "c-subsidiaries")
    assert (claim.claimant, claim.predicate, claim.status, claim.stated_on) == (
        "anthropic", Predicate.CIRCUMVENTED_ACCESS_CONTROLS, ClaimStatus.ALLEGED, "2025-09-05")
    assert "through subsidiaries incorporated in other countries" in (claim.evidence[0].quote or "")
    reply = next(r for r in pol.responses if r.party == "entities-controlled-from-unsupported-regions")
    assert reply.stance == ResponseStance.NO_RESPONSE_FOUND


def test_terms_carry_their_effective_dates_and_the_disputes_that_invoke_them(kb: KnowledgeBase) -> None:
    assert [e.date for e in rec(kb, ANTHROPIC_TOS, Policy).events] == ["2025-06-17"]
    assert ANTHROPIC_TOS in rec(kb, "2025-08-anthropic-revokes-openai-claude-access", Incident).policies
    assert OPENAI_TOS in rec(kb, "2023-12-15-openai-suspends-bytedance-account", Incident).policies


# Events and status histories -------------------------------------------------------------------

@pytest.mark.parametrize(("rid", "dates"), [
    (LLAMA3_V, ["2024-05-29", "2024-06-02", "2024-06-03"]),
    (PANGU, ["2025-07-02", "2025-07-04", "2025-07-05", "2025-07-05", "2025-07-06"]),
    (YI, ["2023-11", "2023-11-15", "2024-02-21"]),
    (CHATBIT, ["2024-06", "2024-11-01", "2024-11-04"]),
    (CURSOR, ["2026-03-20", "2026-04"]),
    (S1, ["2025-01-31", "2025-02-06"]),
])
def test_incident_events_are_dated_and_evidenced(kb: KnowledgeBase, rid: str, dates: list[str]) -> None:
    events = rec(kb, rid, Incident).events
    assert [e.date for e in events] == dates
    assert all(e.evidence for e in events)


def test_event_dates_keep_their_caveats(kb: KnowledgeBase) -> None:
    s1 = rec(kb, S1, Incident).events[0]
    assert (s1.date_note or "").startswith("Inferred")
    whistle = next(e for e in rec(kb, PANGU, Incident).events if "True-Story-of-Pangu" in e.event)
    assert "6 July" in (whistle.date_note or "")
    apology = rec(kb, LLAMA3_V, Incident).events[-1]
    assert "4 June" in (apology.date_note or "")


def test_llama3_v_claim_was_alleged_before_the_apology(kb: KnowledgeBase) -> None:
    claim = next(c for c in rec(kb, LLAMA3_V, Incident).claims if c.id == "c-users")
    assert [(h.date, h.status) for h in claim.history] == [
        ("2024-06-02", ClaimStatus.ALLEGED), ("2024-06-03", ClaimStatus.CORROBORATED)]
    assert claim.status_as_of("2024-06-02") == ClaimStatus.ALLEGED


def test_cursor_claim_was_alleged_until_the_disclosure(kb: KnowledgeBase) -> None:
    claim = rec(kb, CURSOR, Incident).claims[0]
    assert [(h.date, h.status) for h in claim.history] == [
        ("2026-03-20", ClaimStatus.ALLEGED), ("2026-04", ClaimStatus.CORROBORATED)]
    assert claim.status_as_of("2026-03-31") == ClaimStatus.ALLEGED
    assert claim.status != ClaimStatus.CONFIRMED  # no primary Cursor statement was read


# Sources ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("copy", "original"), [
    ("tom-s-guide-the-reflection-70b-model-held-huge-promise-for-ai-but-now-2",
     "tom-s-guide-the-reflection-70b-model-held-huge-promise-for-ai-but-now"),
    ("epium-distillation-debate-risks-policy-overreach", "europe-says-2026-05-04-468327"),
])
def test_copies_relay_their_recorded_original(kb: KnowledgeBase, copy: str, original: str) -> None:
    source = rec(kb, copy, Source)
    assert source.relays == [original]


@pytest.mark.parametrize(("source_id", "party"), [
    ("glaive-ai-2024-10-02-reflection-postmortem", "glaive-ai"),
    ("simplescaling-s1-github-readme-s1", "s1-authors"),
    ("01-ai-on-hugging-face-yi-6b", "01-ai"),
    ("arxiv-2025-07-02-intrinsic-fingerprint-of-llms-continue-training-is-not-all-you", "honestagi"),
    ("google-ai-for-developers-2024-03-20-terms-03-20-24", "google"),
    ("deepseek-ai-on-hugging-face-figures", "deepseek"),
])
def test_first_hand_pages_name_their_party(kb: KnowledgeBase, source_id: str, party: str) -> None:
    assert rec(kb, source_id, Source).by == party
