"""Key facts of the Seed A records (Anthropic, OpenAI/Microsoft, GTIG and DeepSeek V4 incidents).

Each test pins a fact taken from the research dossier, so an edit that drops or distorts it fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.loading import KnowledgeBase, load
from kb.records import Incident
from kb.records.vocab import ClaimStatus, Predicate, ResponseStance, Role
from kb.validation import check
from kb.validation.rules import accused_parties

ANTHROPIC_FEB = "2026-02-23-anthropic-claude-distillation"
OPENAI_JAN_2025 = "2025-01-28-openai-microsoft-deepseek-distillation-claims"
OPENAI_MEMO = "2026-02-12-openai-memo-house-select-committee-deepseek"
GTIG = "2026-02-12-google-gtig-gemini-model-extraction"
ALIBABA = "2026-06-24-anthropic-alibaba-qwen-distillation"
DEEPSEEK_V4 = "2026-02-23-deepseek-v4-release-and-claude-derivation-claim"
SEED_A = (ANTHROPIC_FEB, OPENAI_JAN_2025, OPENAI_MEMO, GTIG, ALIBABA, DEEPSEEK_V4)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(Path(__file__).resolve().parent.parent)


def incident(kb: KnowledgeBase, rid: str) -> Incident:
    rec = kb.records[rid]
    assert isinstance(rec, Incident)
    return rec


@pytest.mark.parametrize("rid", SEED_A)
def test_seed_a_record_validates_cleanly(kb: KnowledgeBase, rid: str) -> None:
    report = check(kb.root, paths=[kb.root / kb.file_of[rid]], use_cache=False)
    assert [d.as_text() for d in report.diagnostics] == []


def test_feb_2026_names_the_three_labs_as_accused_with_24000_accounts(kb: KnowledgeBase) -> None:
    inc = incident(kb, ANTHROPIC_FEB)
    accused = {a.actor for a in inc.actors if a.role == Role.ACCUSED}
    assert accused == {"deepseek", "moonshot-ai", "minimax"}
    accounts = [f for f in inc.figures
                if f.unit == "accounts" and f.name == "fraudulent accounts, according to Anthropic"]
    assert [(f.value, f.qualifier) for f in accounts] == [(24000, "approximately")]
    exchanges = {c.subject: c.figures[0].value for c in inc.claims if c.figures}
    assert exchanges == {"deepseek": 150000, "moonshot-ai": 3400000, "minimax": 13000000}


def test_feb_2026_commentators_are_commentary_not_replies(kb: KnowledgeBase) -> None:
    """Musk and the Chinese press reacted; they are not the accused's right of reply."""
    inc = incident(kb, ANTHROPIC_FEB)
    assert {c.party for c in inc.commentary} == {"elon-musk", "chinese-media"}
    assert {r.party for r in inc.responses} == {"deepseek", "moonshot-ai", "minimax"}
    accused = {p for c in inc.claims for p in accused_parties(kb, c)}
    assert accused.isdisjoint(c.party for c in inc.commentary)


def test_feb_2026_unread_post_supports_nothing(kb: KnowledgeBase) -> None:
    inc = incident(kb, ANTHROPIC_FEB)
    unread = {e.id for e in inc.evidence
              if e.source == "anthropic-2026-02-23-detecting-and-preventing-distillation-attacks"}
    assert unread and all(ref.ref not in unread for c in inc.claims for ref in c.evidence)


def test_feb_2026_keeps_safety_framing_and_minimax_prerelease_detection(kb: KnowledgeBase) -> None:
    inc = incident(kb, ANTHROPIC_FEB)
    assert "safety and export-control" in " ".join(inc.summary.split())
    minimax = next(c for c in inc.claims if c.subject == "minimax")
    assert "before MiniMax's model shipped" in " ".join(minimax.statement.split())


def test_microsoft_exfiltration_claim_is_bloombergs(kb: KnowledgeBase) -> None:
    inc = incident(kb, OPENAI_JAN_2025)
    claim = next(c for c in inc.claims if c.id == "c-microsoft")
    assert claim.claimant == "bloomberg"
    reply = next(r for r in inc.responses if r.party == "microsoft")
    assert reply.stance == ResponseStance.DECLINED_TO_COMMENT


def test_feb_2026_crosswalk_and_announcement_date_disagreement(kb: KnowledgeBase) -> None:
    inc = incident(kb, ANTHROPIC_FEB)
    assert inc.crosswalk is not None
    assert inc.crosswalk.aiid == [1395]
    assert inc.crosswalk.atlas_case_study == "AML.CS0056"
    dates = next(d for d in inc.disagreements if d.about == "announcement date")
    assert {v.value for v in dates.values} == {"2026-02-22", "2026-02-23", "2026-02-24"}


def test_v4_claude_derivation_claim_is_unsubstantiated_and_has_no_supporting_source(
    kb: KnowledgeBase,
) -> None:
    inc = incident(kb, DEEPSEEK_V4)
    derived = [c for c in inc.claims if c.object == "claude"]
    assert len(derived) == 1
    claim = derived[0]
    # the digest item names DeepSeek and "a model", never V4, and carries no date of its own
    assert (claim.claimant, claim.subject, claim.predicate, claim.status) == (
        "nbot-ai-frontier-digest", "deepseek", Predicate.DERIVED_FROM, ClaimStatus.UNSUBSTANTIATED,
    )
    assert claim.stated_on is None and claim.date_note and "2 March 2026" in claim.date_note
    assert all(ref.stance != "supports" for ref in claim.evidence)


def test_v4_size_disagreement_keeps_every_reported_value(kb: KnowledgeBase) -> None:
    inc = incident(kb, DEEPSEEK_V4)
    by_topic = {d.about: {v.value for v in d.values} for d in inc.disagreements}
    assert by_topic["V4-Pro total parameters"] == {"1.6 trillion", "about 1 trillion"}
    assert by_topic["V4-Pro active parameters"] == {"49 billion", "32 billion", "37 billion"}


def test_alibaba_campaign_figures_and_window(kb: KnowledgeBase) -> None:
    inc = incident(kb, ALIBABA)
    claim = next(c for c in inc.claims if c.predicate == Predicate.EXTRACTED_OUTPUTS_FROM)
    assert (claim.claimant, claim.subject, claim.object) == (
        "anthropic", "qwen-affiliated-operators", "claude")
    assert {f.unit: f.value for f in claim.figures} == {"exchanges": 28800000, "accounts": 25000}
    assert claim.period is not None
    assert (claim.period.start, claim.period.end) == ("2026-04-22", "2026-06-05")
    stances = {r.stance for r in inc.responses if r.party == "alibaba"}
    assert stances == {ResponseStance.DID_NOT_RESPOND, ResponseStance.DECLINED_TO_COMMENT}


def test_openai_jan_2025_records_deepseeks_nature_reply(kb: KnowledgeBase) -> None:
    inc = incident(kb, OPENAI_JAN_2025)
    reply = [r for r in inc.responses if r.party == "deepseek" and r.date == "2025-09-17"]
    assert len(reply) == 1
    assert reply[0].quote == "we did not intentionally incorporate any synthetic data generated by OpenAI"


def test_gtig_accuses_no_named_company(kb: KnowledgeBase) -> None:
    inc = incident(kb, GTIG)
    assert {c.subject for c in inc.claims} == {"unnamed-gemini-extraction-actors"}
    prompts = inc.claims[0].figures[0]
    assert (prompts.value, prompts.unit, prompts.qualifier) == (100000, "prompts", "over")


@pytest.mark.parametrize("rid", SEED_A)
def test_every_unreviewed_source_says_where_it_was_seen(kb: KnowledgeBase, rid: str) -> None:
    inc = incident(kb, rid)
    for ev in inc.evidence:
        source = kb.source_of(ev)
        assert source is not None, ev.id
        if not source.reviewed:
            assert source.cited_in and all(kb.records.get(s) for s in source.cited_in), ev.id


def test_v4_early_access_point_rests_on_a_headline_and_says_so(kb: KnowledgeBase) -> None:
    """The dossier has only PC Gamer's URL for 'denied Nvidia and AMD early access'."""
    inc = incident(kb, DEEPSEEK_V4)
    pc_gamer = next(e for e in inc.evidence if e.source.startswith("pc-gamer-"))
    assert pc_gamer.note and "Headline only" in pc_gamer.note
    assert "headline alone" in " ".join(inc.summary.split())


def test_feb_2026_incident_figures_are_attributed_to_anthropic(kb: KnowledgeBase) -> None:
    """The figures are Anthropic's own count; each says so wherever it is shown."""
    inc = incident(kb, ANTHROPIC_FEB)
    assert inc.figures and all(f.name.endswith("according to Anthropic") for f in inc.figures)
