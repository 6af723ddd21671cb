"""Key facts of the Seed D records: the fifteen entries of the second research dossier (issue 16).

Each test pins a fact taken from `incidents_dossier_2.yaml` (a figure, a date, a status, a
response, a caveat), so an edit that drops or distorts it fails. Every record added for the
dossier validates cleanly on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.loading import KnowledgeBase, load
from kb.records import Incident, Model, Policy
from kb.records.vocab import (
    LINEAGE_PREDICATES,
    ClaimStatus,
    DetectionMethod,
    LineageRelation,
    PolicyKind,
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
    GEMINI_TOS,
    LLAMA3_V,
    META_LLAMA_NATSEC,
    META_RESTRICTION,
    MISTRAL,
    MUSK,
    OPENAI_BLOCK,
    OPENAI_TOS,
    PANGU,
    R1_0528,
    R1_DISTILL,
    REFLECTION,
    S1,
    WENXIN,
    XAI_TOS,
    YI,
)

REPO = Path(__file__).resolve().parent.parent

INCIDENTS = (REFLECTION, LLAMA3_V, PANGU, YI, R1_0528, WENXIN, S1, R1_DISTILL, CHATBIT, MISTRAL,
             MUSK, CURSOR)

POLICIES = (OPENAI_BLOCK, OPENAI_TOS, ANTHROPIC_TOS, GEMINI_TOS, XAI_TOS, META_LLAMA_NATSEC,
            META_RESTRICTION)

MODELS = ("reflection-70b", "gpt-4o", "minicpm-llama3-v-2-5", "llama3-v", "pangu-pro-moe",
          "pangu-135b-v2", "qwen-2-5-14b", "yi-34b", "yi-6b", "deepseek-r1-0528", "gemini-2-5-pro",
          "gemini-pro", "ernie-bot", "gemini-2-0-flash-thinking-exp", "qwen2-5-32b-instruct",
          "s1-32b", "deepseek-r1-distill", "chatbit", "mistral-small-3-2", "kimi-k2-5", "composer-2")
ACTORS = ("matt-shumer", "glaive-ai", "artificial-analysis", "modelbest", "llama3-v-authors",
          "huawei", "honestagi", "pangu-whistleblower", "01-ai", "eleutherai", "eric-hartford",
          "the-new-york-times", "sam-paech", "speechmap-creator", "qbitai", "baidu", "s1-authors",
          "nicholas-cook", "chatbit-researchers", "mistral-ai", "former-mistral-employee",
          "nathan-lambert", "cursor", "fynn")
NEW_RECORDS = INCIDENTS + POLICIES + MODELS + ACTORS


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(REPO)


def incident(kb: KnowledgeBase, rid: str) -> Incident:
    rec = kb.records[rid]
    assert isinstance(rec, Incident)
    return rec


def policy(kb: KnowledgeBase, rid: str) -> Policy:
    rec = kb.records[rid]
    assert isinstance(rec, Policy)
    return rec


def flat(text: str) -> str:
    """The text with its line breaks folded, as a reader sees it."""
    return " ".join(text.split())


def model(kb: KnowledgeBase, rid: str) -> Model:
    rec = kb.records[rid]
    assert isinstance(rec, Model)
    return rec


@pytest.mark.parametrize("rid", (*NEW_RECORDS, ANTHROPIC_OWNERSHIP))
def test_seed_d_record_validates_cleanly(kb: KnowledgeBase, rid: str) -> None:
    report = check(kb.root, paths=[kb.root / kb.file_of[rid]], use_cache=False)
    assert [d.as_text() for d in report.diagnostics] == []


@pytest.mark.parametrize("rid", INCIDENTS)
def test_every_accused_party_has_a_dated_response(kb: KnowledgeBase, rid: str) -> None:
    inc = incident(kb, rid)
    accused = {p for c in inc.claims for p in accused_parties(kb, c)}
    answered = {r.party for r in inc.responses}
    assert accused <= answered
    for r in inc.responses:
        if r.stance == ResponseStance.NO_RESPONSE_FOUND and r.date == "2026-12-02":
            assert r.date_note == "In the sources reviewed; the live sites were not checked."


@pytest.mark.parametrize("rid", INCIDENTS)
def test_every_seed_d_incident_carries_an_editorial_note(kb: KnowledgeBase, rid: str) -> None:
    """Each dossier entry's confidence note reaches its record."""
    assert incident(kb, rid).editorial_note


def test_reflection_wrapper_claims_stay_alleged_and_shumer_apologised(kb: KnowledgeBase) -> None:
    inc = incident(kb, REFLECTION)
    wrappers = {c.object: c.status for c in inc.claims if c.predicate == Predicate.RELAYED_REQUESTS_TO}
    assert wrappers == {"claude-3-5-sonnet": ClaimStatus.ALLEGED, "gpt-4o": ClaimStatus.ALLEGED}
    apology = next(r for r in inc.responses if r.date == "2024-09-10")
    assert (apology.party, apology.stance) == ("matt-shumer", ResponseStance.ACKNOWLEDGED)
    assert apology.quote == "I got ahead of myself when I announced this project, and I am sorry."
    dates = next(d for d in inc.disagreements if d.about == "announcement date")
    assert {v.value for v in dates.values} == {"Thursday 5 September 2024", "Friday 6 September 2024"}
    assert "filtered out the word 'Claude'" in (inc.editorial_note or "")
    methods = {d.method for d in inc.detection_methods}
    assert {DetectionMethod.BENCHMARK_NON_REPLICATION, DetectionMethod.TOKENIZER_FINGERPRINT} <= methods


def test_reflection_glaive_scores_are_marked_self_reported(kb: KnowledgeBase) -> None:
    figure = incident(kb, REFLECTION).figures[0]
    assert "MATH 70.8% vs 79.7%" in (figure.as_stated or "")
    assert "Self-reported" in (figure.note or "")


def test_llama3_v_is_corroborated_not_confirmed_with_the_apology(kb: KnowledgeBase) -> None:
    inc = incident(kb, LLAMA3_V)
    assert {(c.object, c.status) for c in inc.claims} == {
        ("minicpm-llama3-v-2-5", ClaimStatus.CORROBORATED)}
    apology = next(r for r in inc.responses if r.stance == ResponseStance.ACKNOWLEDGED)
    assert (apology.party, apology.date) == ("llama3-v-authors", "2024-06-03")
    assert {d.method for d in inc.detection_methods} >= {DetectionMethod.UNRELEASED_DATA_RECOGNITION}
    assert {(f.value, f.qualifier) for f in inc.figures} == {(500, "under"), (300000, "over")}


def test_pangu_fingerprint_claim_is_denied_with_the_rebuttal_figure(kb: KnowledgeBase) -> None:
    inc = incident(kb, PANGU)
    claim = next(c for c in inc.claims if c.id == "c-upcycling")
    assert (claim.claimant, claim.subject, claim.object, claim.status) == (
        "honestagi", "pangu-pro-moe", "qwen-2-5-14b", ClaimStatus.DENIED)
    assert [f.value for f in claim.figures] == [0.927]
    denial = next(r for r in inc.responses if r.stance == ResponseStance.DENIED)
    assert (denial.party, denial.date) == ("huawei", "2025-07-05")
    rebuttal = next(d for d in inc.disagreements if d.about.startswith("discriminative power"))
    assert any("0.91" in v.value for v in rebuttal.values)
    whistle = next(c for c in inc.claims if c.claimant == "pangu-whistleblower")
    assert whistle.status == ClaimStatus.ALLEGED
    assert inc.detection_methods[0].method == DetectionMethod.PARAMETER_FINGERPRINT


def test_yi_is_architecture_reuse_not_lineage(kb: KnowledgeBase) -> None:
    inc = incident(kb, YI)
    assert [(c.predicate, c.object) for c in inc.claims] == [(Predicate.REUSED_ARCHITECTURE_OF, "llama")]
    assert Predicate.REUSED_ARCHITECTURE_OF not in LINEAGE_PREDICATES
    assert {r.date for r in inc.responses if r.party == "01-ai"} == {"2023-11-15", "2023-11"}
    assert "China Money Network" in (inc.editorial_note or "")


def test_r1_0528_rests_on_word_choice_and_deepseek_has_no_response(kb: KnowledgeBase) -> None:
    inc = incident(kb, R1_0528)
    assert {(c.claimant, c.object, c.status) for c in inc.claims} == {
        ("sam-paech", "gemini-2-5-pro", ClaimStatus.ALLEGED),
        ("speechmap-creator", "gemini", ClaimStatus.ALLEGED)}
    assert [(r.party, r.stance, r.date) for r in inc.responses] == [
        ("deepseek", ResponseStance.NO_RESPONSE_FOUND, "2026-12-02")]
    assert DetectionMethod.WORD_CHOICE_FORENSICS in {d.method for d in inc.detection_methods}
    assert "not a smoking gun" in flat(inc.summary)


def test_gemini_wenxin_is_an_observation_without_a_training_claim(kb: KnowledgeBase) -> None:
    inc = incident(kb, WENXIN)
    assert inc.kind == "observation"
    assert [c.predicate for c in inc.claims] == [Predicate.SELF_IDENTIFIED_AS]
    google = next(r for r in inc.responses if r.party == "google")
    assert google.stance == ResponseStance.NO_RESPONSE_FOUND


def test_s1_is_self_declared_with_an_inferred_date_and_its_figures(kb: KnowledgeBase) -> None:
    inc = incident(kb, S1)
    assert {c.status for c in inc.claims} == {ClaimStatus.SELF_DECLARED}
    assert "Inferred" in (inc.date_note or "")
    assert {(f.value, f.unit) for f in inc.figures} >= {(50, "USD"), (20, "USD")}
    s1 = model(kb, "s1-32b")
    assert s1.released is None  # the paper's date is inferred; the model's is not stated
    assert {(d.model, d.relation) for d in s1.derived_from} == {
        ("qwen2-5-32b-instruct", LineageRelation.FINE_TUNE),
        ("gemini-2-0-flash-thinking-exp", LineageRelation.DISTILLATION)}
    sources = [kb.source_of(e) for e in inc.evidence]
    arxiv = next(s for s in sources if s is not None and str(s.url) == "https://arxiv.org/abs/2501.19393")
    e1 = kb.source_of(next(e for e in inc.evidence if e.id == "e1"))
    assert e1 is not None and not arxiv.reviewed and arxiv.cited_in == [e1.id]


def test_r1_distill_declares_distillation_from_r1_with_800k_samples(kb: KnowledgeBase) -> None:
    inc = incident(kb, R1_DISTILL)
    distilled = next(c for c in inc.claims if c.predicate == Predicate.DISTILLED_FROM)
    assert (distilled.subject, distilled.object, distilled.status) == (
        "deepseek-r1-distill", "deepseek-r1", ClaimStatus.SELF_DECLARED)
    assert [f.value for f in distilled.figures] == [800000]
    assert len([m for m in kb.models if m.family == "deepseek-r1-distill"]) == 6  # its own records
    meta = next(r for r in inc.responses if r.party == "meta")
    assert meta.stance == ResponseStance.COMMENTED


def test_chatbit_meta_quote_and_the_policy_response(kb: KnowledgeBase) -> None:
    inc = incident(kb, CHATBIT)
    aup = next(c for c in inc.claims if c.predicate == Predicate.VIOLATED_TERMS_OF)
    assert aup.claimant == "meta" and aup.status == ClaimStatus.ALLEGED
    assert aup.evidence[0].quote == ("Any usage of our models by the People's Liberation Army is "
                                     "unauthorized and goes against our acceptable use policy.")
    assert inc.policies == [META_LLAMA_NATSEC]
    assert policy(kb, META_LLAMA_NATSEC).date == "2024-11-04"


def test_mistral_allegation_is_unsubstantiated_and_supported_by_nothing(kb: KnowledgeBase) -> None:
    inc = incident(kb, MISTRAL)
    claim = inc.claims[0]
    assert (claim.subject, claim.predicate, claim.status) == (
        "mistral-ai", Predicate.DISTILLED_FROM, ClaimStatus.UNSUBSTANTIATED)
    assert all(ref.stance == "context" for ref in claim.evidence)
    sources = [s for s in map(kb.source_of, inc.evidence) if s is not None]
    assert len(sources) == len(inc.evidence)
    assert all(s.reliability == "F" for s in sources if s.publisher != "POLITICO Europe")
    assert "LOW confidence" in (inc.editorial_note or "")
    assert [(r.party, r.stance) for r in inc.responses] == [("mistral-ai", ResponseStance.NO_RESPONSE_FOUND)]


def test_musk_testimony_is_a_self_declared_admission_in_his_words(kb: KnowledgeBase) -> None:
    inc = incident(kb, MUSK)
    assert inc.kind == "admission" and inc.date == "2026-04-30"
    claim = inc.claims[0]
    assert (claim.claimant, claim.subject, claim.predicate, claim.object, claim.status) == (
        "elon-musk", "grok", Predicate.DISTILLED_FROM, "openai", ClaimStatus.SELF_DECLARED)
    assert claim.evidence[0].quote == "Partly"
    assert any(v.value == "April 2025" for d in inc.disagreements for v in d.values)


def test_cursor_base_model_is_corroborated_via_the_leaked_model_id(kb: KnowledgeBase) -> None:
    inc = incident(kb, CURSOR)
    assert [(c.subject, c.object, c.status) for c in inc.claims] == [
        ("composer-2", "kimi-k2-5", ClaimStatus.CORROBORATED)]
    assert [d.method for d in inc.detection_methods] == [DetectionMethod.LEAKED_MODEL_ID]
    assert "kimi-k2p5-rl-0317-s515-fast" in model(kb, "composer-2").aliases
    assert {r.date for r in inc.responses if r.party == "cursor"} == {"2026", "2026-04"}


def test_terms_of_service_policies_quote_their_clauses_and_versions(kb: KnowledgeBase) -> None:
    gemini = policy(kb, GEMINI_TOS)
    assert [e.date for e in gemini.events] == ["2024-03-20", "2024-10-31", "2025-02-05", "2025-05-20"]
    clause = "You may not use the Services to develop models that compete with Gemini API"
    assert clause in flat(gemini.summary)
    assert "distilling model data" in flat(policy(kb, XAI_TOS).summary)
    assert policy(kb, XAI_TOS).status == "unknown"
    assert "use Output to develop models that compete with OpenAI" in flat(policy(kb, OPENAI_TOS).summary)
    assert "train competing AI models" in flat(policy(kb, ANTHROPIC_TOS).summary)
    for rid in (GEMINI_TOS, XAI_TOS, OPENAI_TOS, ANTHROPIC_TOS):
        assert policy(kb, rid).kind == PolicyKind.TERMS_OF_SERVICE


def test_openai_block_is_geographic_from_9_july_2024(kb: KnowledgeBase) -> None:
    block = policy(kb, OPENAI_BLOCK)
    assert [e.date for e in block.events] == ["2024-06-25", "2024-07-09"]
    assert "not based on ownership" in flat(block.summary)


def test_anthropic_ownership_policy_gains_threshold_reply_and_unread_post(kb: KnowledgeBase) -> None:
    pol = policy(kb, ANTHROPIC_OWNERSHIP)
    threshold = next(f for f in pol.figures if f.name == "ownership threshold")
    assert (threshold.value, threshold.qualifier) == (50, "over")
    assert ("nicholas-cook", "2025-09-05") in [(r.party, r.date) for r in pol.commentary]  # not a reply
    post = next(s for s in map(kb.source_of, pol.evidence) if s is not None and s.publisher == "Anthropic")
    assert not post.reviewed and post.cited_in
    assert any("distillation" in q for q in pol.open_questions)


def test_meta_restriction_is_an_unconfirmed_internal_policy(kb: KnowledgeBase) -> None:
    pol = policy(kb, META_RESTRICTION)
    assert pol.kind == PolicyKind.INTERNAL_POLICY
    assert any("not publicly confirmed" in q for q in pol.open_questions)
    assert "'limit or restrict'" in flat(pol.summary)


def test_header_notes_reach_existing_records(kb: KnowledgeBase) -> None:
    alibaba = incident(kb, "2026-06-24-anthropic-alibaba-qwen-distillation")
    assert any(r.quote == "kick away the ladder" for r in alibaba.commentary)
    assert any("27 June 2026" in q for q in alibaba.open_questions)
    fmf = policy(kb, "2026-04-06-frontier-model-forum-distillation-information-sharing")
    assert [r.party for r in fmf.commentary] == ["chinese-media"]
    hr = policy(kb, "2026-04-15-hr-8283-deterring-american-ai-model-theft-act")
    assert any("AI Distillation Defense Framework" in q for q in hr.open_questions)
    memo = policy(kb, "2026-04-23-ostp-nstm-4-adversarial-distillation-memo")
    assert any("not distillation" in q for q in memo.open_questions)


def test_lineage_shows_declared_distillation_and_the_suspicion_with_its_status(kb: KnowledgeBase) -> None:
    from kb.graph.build import build_graph
    from kb.graph.queries import lineage

    graph = build_graph(kb)
    s1 = lineage(graph, "gemini-2-0-flash-thinking-exp")
    assert {e.node for e in s1.entries} == {"s1-32b", "s1k"}  # the model, and its dataset (issue 16)
    assert {s.status for e in s1.entries for s in e.steps} == {"self-declared"}
    for teacher in ("gemini-2-5-pro", "gemini"):
        r1 = lineage(graph, teacher)
        assert "deepseek-r1-0528" in {e.node for e in r1.entries}
        steps = [s for e in r1.entries if e.node == "deepseek-r1-0528" for s in e.steps]
        assert {s.status for s in steps} == {"alleged"}
    # Architecture reuse and API relaying are not lineage.
    assert Predicate.RELAYED_REQUESTS_TO not in LINEAGE_PREDICATES
    assert "yi-34b" not in {e.node for e in lineage(graph, "llama").entries}
    assert "reflection-70b" not in {e.node for e in lineage(graph, "claude-3-5-sonnet").entries}


def test_gemini_lineage_shows_s1_declared_and_r1_0528_alleged(kb: KnowledgeBase) -> None:
    """Through the Gemini family: s1's openly documented distillation (self-declared) and the
    R1-0528 suspicion with its status, and no other derivation claim about Gemini models."""
    from kb.graph.build import build_graph
    from kb.graph.queries import lineage

    entries = {e.node: e for e in lineage(build_graph(kb), "gemini").entries}
    assert {"s1-32b", "deepseek-r1-0528"} <= set(entries)
    s1 = {s.status for s in entries["s1-32b"].steps}
    r1 = {s.status for s in entries["deepseek-r1-0528"].steps}
    assert s1 == {"self-declared"} and r1 == {"alleged"}
