"""Seed B records (policies and the two context incidents) and the methodology pages.

Each test pins one fact or rule from the research dossier or the editorial method, so an edit
that drops or distorts it fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.loading import KnowledgeBase, load
from kb.records import Evidence, Incident, Policy
from kb.records.vocab import (
    LINEAGE_PREDICATES,
    ClaimStatus,
    IncidentKind,
    PolicyKind,
    PolicyStatus,
    ResponseStance,
)
from kb.validation import check

REPO = Path(__file__).resolve().parent.parent
METHODOLOGY = REPO / "docs" / "methodology"

DOW = "2026-02-27-dow-anthropic-supply-chain-risk-designation"
DING = "2026-01-29-linwei-ding-google-trade-secrets-conviction"
NSTM4 = "2026-04-23-ostp-nstm-4-adversarial-distillation-memo"
CABLE = "2026-04-24-state-department-distillation-cable"
HR8283 = "2026-04-15-hr-8283-deterring-american-ai-model-theft-act"
NDAA = "2026-06-senate-ndaa-distillation-amendment"
FMF = "2026-04-06-frontier-model-forum-distillation-information-sharing"
TOS = "2025-09-05-anthropic-terms-chinese-owned-entities"
UNMASKED = "2025-04-16-house-select-committee-deepseek-unmasked-report"
ENTITY_LIST = "2026-06-17-entity-list-hold-deepseek"
PLANNED_REPORT = "2026-04-house-select-committee-planned-distillation-report"
JOINT_PROBE = "2026-05-01-house-joint-investigation-chinese-ai-models"

#: Each Seed B policy with the kind and status the dossier supports.
POLICIES = {
    NSTM4: (PolicyKind.MEMO, PolicyStatus.ISSUED),
    CABLE: (PolicyKind.CABLE, PolicyStatus.ISSUED),
    HR8283: (PolicyKind.BILL, PolicyStatus.IN_COMMITTEE),
    NDAA: (PolicyKind.AMENDMENT, PolicyStatus.UNKNOWN),
    FMF: (PolicyKind.INDUSTRY_AGREEMENT, PolicyStatus.REPORTED),  # one Bloomberg report
    TOS: (PolicyKind.TERMS_OF_SERVICE, PolicyStatus.IN_FORCE),
    UNMASKED: (PolicyKind.INVESTIGATION, PolicyStatus.ISSUED),
    # 'an interagency committee had approved adding DeepSeek ... but the administration held off
    # publishing the listings'
    ENTITY_LIST: (PolicyKind.ENFORCEMENT_ACTION, PolicyStatus.APPROVED_NOT_PUBLISHED),
    PLANNED_REPORT: (PolicyKind.INVESTIGATION, PolicyStatus.REPORTED),  # 'Reported plan'
    JOINT_PROBE: (PolicyKind.INVESTIGATION, PolicyStatus.ANNOUNCED),
}
SEED_B = (*POLICIES, DOW, DING)

PAGES = ("index", "inclusion", "claim-statuses", "sources", "wording", "right-of-reply",
         "corrections", "glossary")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(REPO)


def policy(kb: KnowledgeBase, rid: str) -> Policy:
    rec = kb.records[rid]
    assert isinstance(rec, Policy)
    return rec


def incident(kb: KnowledgeBase, rid: str) -> Incident:
    rec = kb.records[rid]
    assert isinstance(rec, Incident)
    return rec


def page(name: str) -> str:
    return (METHODOLOGY / f"{name}.md").read_text("utf-8")


# --- records --------------------------------------------------------------------------------


@pytest.mark.parametrize("rid", SEED_B)
def test_seed_b_record_validates_cleanly(kb: KnowledgeBase, rid: str) -> None:
    report = check(kb.root, paths=[kb.root / kb.file_of[rid]], use_cache=False)
    assert [d.as_text() for d in report.diagnostics] == []


@pytest.mark.parametrize("rid", list(POLICIES))
def test_policy_kind_and_status_follow_the_dossier(kb: KnowledgeBase, rid: str) -> None:
    rec = policy(kb, rid)
    assert (rec.kind, rec.status) == POLICIES[rid]


#: The date each Seed B policy's status refers to, from the dossier.
STATUS_DATES = {
    NSTM4: "2026-04-23", CABLE: "2026-04-24", HR8283: "2026-04-22", NDAA: "2026-11-29",
    FMF: "2026-04-06", TOS: "2025-09-05", UNMASKED: "2025-04-16", ENTITY_LIST: "2026-06-17",
    PLANNED_REPORT: "2026-04", JOINT_PROBE: "2026-05-01",
}


@pytest.mark.parametrize("rid", list(POLICIES))
def test_policy_status_is_dated_from_the_dossier(kb: KnowledgeBase, rid: str) -> None:
    """H.R. 8283 is 'in committee' since the committee advanced it (22 April), not 'now'."""
    assert policy(kb, rid).status_since() == STATUS_DATES[rid]


@pytest.mark.parametrize("rid", list(POLICIES))
def test_policy_prompted_by_links_only_existing_incidents(kb: KnowledgeBase, rid: str) -> None:
    for target in policy(kb, rid).prompted_by:
        assert isinstance(kb.records.get(target), Incident), f"{rid}: {target} is not an incident"


def test_policies_cited_as_responses_link_the_incidents_that_prompted_them(kb: KnowledgeBase) -> None:
    assert set(policy(kb, HR8283).prompted_by) == {
        "2026-02-23-anthropic-claude-distillation",
        "2026-02-12-openai-memo-house-select-committee-deepseek",
        "2026-02-12-google-gtig-gemini-model-extraction",
    }
    assert policy(kb, NDAA).prompted_by == ["2026-06-24-anthropic-alibaba-qwen-distillation"]
    assert policy(kb, FMF).prompted_by == ["2026-02-23-anthropic-claude-distillation"]
    assert policy(kb, UNMASKED).prompted_by == ["2025-01-28-openai-microsoft-deepseek-distillation-claims"]


def test_terms_change_predates_and_is_not_prompted_by_the_feb_2026_allegation(kb: KnowledgeBase) -> None:
    tos = policy(kb, TOS)
    assert tos.date == "2025-09-05"
    assert tos.prompted_by == []


def url(kb: KnowledgeBase, item: Evidence) -> str:
    """The URL of the source an evidence item cites."""
    source = kb.source_of(item)
    assert source is not None, item.source
    return source.url


def test_bill_records_both_introduction_dates_with_their_sources(kb: KnowledgeBase) -> None:
    bill = policy(kb, HR8283)
    assert bill.identifier is not None and "H.R. 8283" in bill.identifier
    [dis] = [d for d in bill.disagreements if "introduction" in d.about]
    by_value = {v.value: v.evidence for v in dis.values}
    assert set(by_value) == {"2026-04-15", "2026-04-20"}
    urls = {e.id: url(kb, e) for e in bill.evidence}
    assert "govinfo.gov" in urls[by_value["2026-04-15"][0]]
    assert "legalnews.com" in urls[by_value["2026-04-20"][0]]


def test_bill_figures_keep_deadline_and_list_duration_as_upper_bounds(kb: KnowledgeBase) -> None:
    figs = {(f.value, f.unit, f.qualifier) for f in policy(kb, HR8283).figures}
    assert figs == {(180, "days after enactment", "up-to"), (5, "years", "up-to")}


def test_bill_and_senate_amendment_are_separate_records_with_their_sponsors(kb: KnowledgeBase) -> None:
    assert policy(kb, HR8283).issued_by == ["bill-huizenga", "john-moolenaar"]
    assert policy(kb, NDAA).issued_by == ["bill-hagerty", "andy-kim"]


def test_cable_names_three_labs_and_records_each_ones_reply(kb: KnowledgeBase) -> None:
    cable = policy(kb, CABLE)
    assert set(cable.targets) == {"deepseek", "moonshot-ai", "minimax"}
    replied = {r.party: r.stance for r in cable.responses}
    for lab in cable.targets:
        assert replied[lab] == ResponseStance.DID_NOT_RESPOND
    assert replied["chinese-embassy-washington"] == ResponseStance.DENIED


def test_cable_date_disagreement_keeps_both_days(kb: KnowledgeBase) -> None:
    [dis] = policy(kb, CABLE).disagreements
    assert {v.value for v in dis.values} == {"2026-04-24", "2026-04-25"}


def test_memo_names_no_company_and_keeps_tens_of_thousands_unquantified(kb: KnowledgeBase) -> None:
    memo = policy(kb, NSTM4)
    assert memo.identifier == "NSTM-4"
    assert memo.targets == []
    [fig] = memo.figures
    assert (fig.value, fig.qualifier, fig.as_stated) == (None, "order-of", "tens of thousands")


def test_frontier_model_forum_report_date_disagreement_is_recorded(kb: KnowledgeBase) -> None:
    [dis] = policy(kb, FMF).disagreements
    assert {v.value for v in dis.values} == {"2026-04-06", "2026-04-16"}


# --- context records ------------------------------------------------------------------------


def test_dow_designation_is_context_and_says_it_is_not_distillation(kb: KnowledgeBase) -> None:
    dow = incident(kb, DOW)
    assert dow.kind == IncidentKind.CONTEXT
    assert "not a distillation incident" in dow.summary.lower()
    assert dow.editorial_note is not None
    assert "not a distillation incident" in dow.editorial_note.lower()
    assert "not-distillation" in dow.tags


def test_dow_designation_accuses_nobody_of_distillation(kb: KnowledgeBase) -> None:
    dow = incident(kb, DOW)
    assert not [c for c in dow.claims if c.predicate in LINEAGE_PREDICATES]
    assert not [a for a in dow.actors if a.role == "accused"]


def test_dow_conflating_source_is_kept_only_as_the_minority_version(kb: KnowledgeBase) -> None:
    dow = incident(kb, DOW)
    [dis] = [d for d in dow.disagreements if "concerned" in d.about]
    first, second = dis.values
    assert "usage restrictions" in first.value
    assert "provenance" in second.value
    [cyberbrief] = [e for e in dow.evidence if "getcyberbrief" in url(kb, e)]
    assert second.evidence == [cyberbrief.id]
    source = kb.source_of(cyberbrief)
    assert source is not None and source.reliability == "D"


def test_dow_anthropic_statement_is_marked_unread(kb: KnowledgeBase) -> None:
    [item] = [e for e in incident(kb, DOW).evidence if url(kb, e).startswith("https://www.anthropic.com/")]
    statement = kb.source_of(item)
    assert statement is not None and statement.reviewed is False
    assert statement.cited_in and statement.by == "anthropic"


def test_ding_conviction_is_adjacent_context_without_model_lineage(kb: KnowledgeBase) -> None:
    ding = incident(kb, DING)
    assert ding.kind == IncidentKind.CONTEXT
    assert ding.editorial_note is not None
    note = ding.editorial_note.lower()
    assert "no distillation" in note and "no model weights" in note
    [claim] = ding.claims
    assert claim.predicate == "misappropriated-trade-secrets-of"
    assert claim.predicate not in LINEAGE_PREDICATES
    assert claim.status == ClaimStatus.CORROBORATED  # news only: not 'confirmed' without the court record
    assert {f.value for f in claim.figures} == {14, 2000}


# --- methodology pages ----------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_methodology_page_exists_with_a_title(name: str) -> None:
    assert page(name).startswith("# ")


@pytest.mark.parametrize("status", list(ClaimStatus), ids=str)
def test_claim_status_page_states_each_status_with_its_vocabulary_definition(status: ClaimStatus) -> None:
    text = page("claim-statuses")
    assert f"| `{status.value}` | {status.definition} |" in text


@pytest.mark.parametrize("status", list(PolicyStatus), ids=str)
def test_claim_status_page_defines_each_policy_status_in_words(status: PolicyStatus) -> None:
    assert f"| `{status.value}` | {status.definition} |" in page("claim-statuses")


@pytest.mark.parametrize("stance", list(ResponseStance), ids=str)
def test_claim_status_page_lists_each_reply_stance(stance: ResponseStance) -> None:
    assert f"| `{stance.value}` | {stance.definition} |" in page("claim-statuses")


@pytest.mark.parametrize("term", ["Distillation", "Model extraction", "Hydra cluster", "Proxy reseller",
                                  "Behavioural fingerprinting", "Watermark radioactivity",
                                  "Self-identification"])
def test_glossary_defines_term(term: str) -> None:
    headings = [h.lower() for h in re.findall(r"^### (.+)$", page("glossary"), flags=re.M)]
    assert any(term.lower() in h for h in headings), term


@pytest.mark.parametrize("name", PAGES)
def test_methodology_links_resolve(name: str) -> None:
    for target in re.findall(r"\]\(([^)#]+\.md)(?:#[^)]*)?\)", page(name)):
        assert (METHODOLOGY / target).resolve().is_file(), f"{name}.md links to missing {target}"


def test_corrections_page_documents_the_three_fields_that_keep_links_working() -> None:
    text = page("corrections")
    for field in ("former_ids", "withdrawn", "superseded_by"):
        assert field in text


def test_dow_designation_is_not_linked_to_the_distillation_incident(kb: KnowledgeBase) -> None:
    """Its own note: 'the two are otherwise unrelated'; dossier: 'Timing coincidence only'."""
    dow = kb.records[DOW]
    assert isinstance(dow, Incident)
    assert "2026-02-23-anthropic-claude-distillation" not in dow.related
    assert "confirmed to it" not in dow.summary


def test_entity_list_hold_and_reported_plans_say_no_more_than_the_reports(kb: KnowledgeBase) -> None:
    hold = policy(kb, ENTITY_LIST)
    assert hold.status == PolicyStatus.APPROVED_NOT_PUBLISHED and hold.status_date_note
    for rid in (FMF, PLANNED_REPORT):
        assert policy(kb, rid).status == PolicyStatus.REPORTED


def test_ostp_memo_keeps_its_pointer_and_invents_no_disagreement(kb: KnowledgeBase) -> None:
    """Dossier: 'memo points to open-weight releases believed built on distilled US models';
    the embassy's reply is dated '2026-04-23/24' with no disagreement noted."""
    memo = policy(kb, NSTM4)
    assert "open-weight releases believed to be built on distilled US" in " ".join(memo.summary.split())
    assert all("sources differ" not in r.summary for r in memo.responses)
