"""Key facts of the Seed C records (access revocations, self-identification, documented practice).

Each test pins something taken from the research dossier or required of these records, so an
edit that drops or distorts it fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.loading import KnowledgeBase, load
from kb.records import Dataset, Incident, Model
from kb.records.types import date_precision
from kb.records.vocab import (
    LINEAGE_PREDICATES,
    ClaimStatus,
    IncidentKind,
    LineageRelation,
    Predicate,
    ResponseStance,
)

OPENAI_CUTOFF = "2025-08-anthropic-revokes-openai-claude-access"
WINDSURF = "2025-06-03-anthropic-windsurf-claude-access-cut"
BYTEDANCE = "2023-12-15-openai-suspends-bytedance-account"
GROK = "2023-12-xai-grok-cites-openai-policy"
DEEPSEEK_V3 = "2024-12-27-deepseek-v3-identifies-as-chatgpt"
GEMINI = "2024-12-google-gemini-claude-output-comparisons"
BARD = "2023-03-google-bard-sharegpt-allegation"
ALPACA = "2023-03-13-stanford-alpaca-documented-distillation"
VICUNA = "2023-03-30-lmsys-vicuna-sharegpt-training"
CROSSTALK = "2025-01-model-self-identification-crosstalk"
SEED_C = (OPENAI_CUTOFF, WINDSURF, BYTEDANCE, GROK, DEEPSEEK_V3, GEMINI, BARD, ALPACA, VICUNA, CROSSTALK)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(Path(__file__).resolve().parent.parent)


def incident(kb: KnowledgeBase, rid: str) -> Incident:
    rec = kb.records[rid]
    assert isinstance(rec, Incident)
    return rec


def model(kb: KnowledgeBase, rid: str) -> Model:
    rec = kb.records[rid]
    assert isinstance(rec, Model)
    return rec


@pytest.mark.parametrize("rid", SEED_C)
def test_month_precision_dates_say_how_they_are_known(kb: KnowledgeBase, rid: str) -> None:
    inc = incident(kb, rid)
    if date_precision(inc.date) != "day":
        assert inc.date_note, f"{rid} has a {date_precision(inc.date)}-precision date but no date_note"


def test_access_revocations_are_recorded_as_such(kb: KnowledgeBase) -> None:
    for rid in (OPENAI_CUTOFF, WINDSURF, BYTEDANCE):
        assert incident(kb, rid).kind == IncidentKind.ACCESS_REVOCATION


def test_openai_disputes_anthropics_terms_claim(kb: KnowledgeBase) -> None:
    inc = incident(kb, OPENAI_CUTOFF)
    assert inc.date == "2025-08"
    terms = next(c for c in inc.claims if c.predicate == Predicate.VIOLATED_TERMS_OF)
    assert (terms.claimant, terms.subject, terms.status) == ("anthropic", "openai", ClaimStatus.ALLEGED)
    assert {r.stance for r in inc.responses if r.party == "openai"} == {ResponseStance.DISPUTED}
    assert any(d.about == "day of the cutoff" for d in inc.disagreements)


def test_windsurf_record_says_it_is_not_a_distillation_allegation(kb: KnowledgeBase) -> None:
    inc = incident(kb, WINDSURF)
    assert inc.editorial_note and "not a distillation allegation" in inc.editorial_note
    assert "not a distillation allegation" in inc.title
    assert not any(c.predicate in LINEAGE_PREDICATES for c in inc.claims)
    assert {(a.actor, a.role) for a in inc.actors} == {("anthropic", "provider"), ("windsurf", "affected")}
    (notice,) = inc.claims[0].figures
    assert (notice.value, notice.unit, notice.qualifier) == (5, "days", "under")


def test_bytedance_disputes_and_openai_suspends(kb: KnowledgeBase) -> None:
    inc = incident(kb, BYTEDANCE)
    suspend = next(c for c in inc.claims if c.predicate == Predicate.RESTRICTED_ACCESS_OF)
    assert (suspend.subject, suspend.object, suspend.status) == (
        "openai",
        "bytedance",
        ClaimStatus.SELF_DECLARED,
    )
    reply = next(r for r in inc.responses if r.party == "bytedance")
    assert reply.stance == ResponseStance.DISPUTED and reply.quote and "Doubao" in reply.quote


def test_grok_rests_on_one_translated_source(kb: KnowledgeBase) -> None:
    inc = incident(kb, GROK)
    assert inc.kind == IncidentKind.OBSERVATION
    assert [getattr(kb.source_of(e), "publisher", None) for e in inc.evidence] == ["5iter.com"]
    assert {r.party: r.stance for r in inc.responses} == {"xai": ResponseStance.ACKNOWLEDGED}


def test_deepseek_v3_self_identification_is_an_observation(kb: KnowledgeBase) -> None:
    inc = incident(kb, DEEPSEEK_V3)
    assert inc.kind == IncidentKind.OBSERVATION
    beyer = next(c for c in inc.claims if c.claimant == "lucas-beyer")
    assert (beyer.subject, beyer.predicate, beyer.object) == (
        "deepseek-v3",
        Predicate.SELF_IDENTIFIED_AS,
        "chatgpt",
    )
    assert beyer.figures[0].value == 5 and beyer.figures[0].as_stated == "5 of 8 generations"
    assert inc.editorial_note and "weak evidence" in inc.editorial_note
    assert CROSSTALK in inc.related


def test_gemini_comparison_is_evaluation_not_training(kb: KnowledgeBase) -> None:
    inc = incident(kb, GEMINI)
    (claim,) = inc.claims
    assert claim.predicate == Predicate.COMPARED_OUTPUTS_WITH
    reply = next(r for r in inc.responses if r.party == "google")
    assert reply.quote == "Any suggestion that we used Anthropic models to train Gemini is inaccurate"


def test_bard_report_is_disputed_not_denied(kb: KnowledgeBase) -> None:
    """Google's denial is present-tense and it declined to say whether the data was used
    earlier, so it contests the report without answering it: disputed, and the record says why."""
    inc = incident(kb, BARD)
    assert [c.status for c in inc.claims] == [ClaimStatus.DISPUTED]
    assert [h.status for h in inc.claims[0].history] == [ClaimStatus.ALLEGED, ClaimStatus.DISPUTED]
    reply = next(r for r in inc.responses if r.party == "google")
    assert (reply.stance, reply.date) == (ResponseStance.DISPUTED, "2023-03-30")
    assert reply.quote == "Bard is not trained on any data from ShareGPT or ChatGPT"
    assert "present tense" in inc.summary and "declined to say" in inc.summary


@pytest.mark.parametrize("rid", [ALPACA, VICUNA])
def test_documented_practice_is_self_declared(kb: KnowledgeBase, rid: str) -> None:
    inc = incident(kb, rid)
    assert inc.kind == IncidentKind.DOCUMENTED_PRACTICE
    assert {c.status for c in inc.claims} == {ClaimStatus.SELF_DECLARED}
    assert not inc.responses


@pytest.mark.parametrize(("model_id", "dataset", "teacher"), [
    ("alpaca", "alpaca-52k", "text-davinci-003"),
    ("vicuna-13b", "vicuna-sharegpt-conversations", "chatgpt"),
])
def test_declared_lineage_of_documented_students(kb: KnowledgeBase, model_id: str, dataset: str,
                                                 teacher: str) -> None:
    """The student is a fine-tune of LLaMA, trained on a dataset that the teacher generated."""
    student = model(kb, model_id)
    assert {(d.model, d.relation) for d in student.derived_from} == {("llama", LineageRelation.FINE_TUNE)}
    assert [t.dataset for t in student.trained_on] == [dataset]
    data = kb.records[dataset]
    assert isinstance(data, Dataset)
    assert [g.model for g in data.generated_by] == [teacher]


def test_alpaca_figures_and_licence_disagreement(kb: KnowledgeBase) -> None:
    inc = incident(kb, ALPACA)
    figures = {f.as_stated: f.value for c in inc.claims for f in c.figures}
    assert figures == {"52,002": 52002, "less than $500": 500}
    (licence,) = inc.disagreements
    assert {v.value for v in licence.values} == {"cc-by-nc-4.0", "cc-by-4.0"}


def test_crosstalk_is_a_caveat_with_replies_owed_by_every_developer(kb: KnowledgeBase) -> None:
    inc = incident(kb, CROSSTALK)
    assert inc.kind == IncidentKind.OBSERVATION
    assert inc.editorial_note and "weak evidence" in inc.editorial_note
    assert {c.predicate for c in inc.claims} == {Predicate.SELF_IDENTIFIED_AS}
    assert {r.party for r in inc.responses} == {"deepseek", "moonshot-ai", "anthropic"}
    assert (inc.date, inc.end_date) == ("2025-01", "2026-05")
