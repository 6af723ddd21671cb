"""Policy pages: what the policy does first, its status in words with its date, its claims as
cards with the named parties' responses, and the sources' disagreements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.loading import KnowledgeBase, load
from kb.records.types import date_words
from kb.site import render_site
from kb.site.blocks import label
from kb.site.context import GENERATED

CABLE = "2026-04-24-state-department-distillation-cable"
OSTP = "2026-04-23-ostp-nstm-4-adversarial-distillation-memo"
UNMASKED = "2025-04-16-house-select-committee-deepseek-unmasked-report"


@pytest.fixture(scope="module")
def kb(repo_root_module: Path) -> KnowledgeBase:
    return load(repo_root_module)


@pytest.fixture(scope="module")
def repo_root_module() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pages(kb: KnowledgeBase) -> dict[str, str]:
    return {k: v for k, v in render_site(kb).items() if isinstance(v, str)}


def test_policy_page_opens_with_what_it_is_and_its_status_with_a_date(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    for policy in kb.policies:
        page = pages[f"{GENERATED}/policies/{policy.id}.md"]
        body = page.split("-->\n", 1)[1]
        lead = body.lstrip().split("\n", 1)[0]
        assert f"status: <strong>{label(policy.status)}</strong>" in lead, policy.id
        since = policy.status_since()  # the record's status date, not its latest event
        assert (f"as of {date_words(since)}" if since else "undated") in lead, policy.id
        assert body.index("kb-summary") < body.index("**Issued by:**")


def test_policy_page_shows_responses_and_disagreements(pages: dict[str, str]) -> None:
    page = pages[f"{GENERATED}/policies/{CABLE}.md"]
    assert "## Responses (right of reply)" in page
    assert "Chinese Embassy in Washington" in page
    assert "## Where sources disagree" in page
    assert "25 April 2026" in page


def test_every_policy_claim_is_a_card_with_an_anchor_and_its_replies(
        kb: KnowledgeBase, pages: dict[str, str]) -> None:
    for policy in kb.policies:
        page = pages[f"{GENERATED}/policies/{policy.id}.md"]
        for claim in policy.claims:
            card = re.search(rf'{{ #claim-{claim.id} [^}}]*}}\n\n<div class="kb-claim [^"]+">(.*?)\n</div>',
                             page, re.S)
            assert card, (policy.id, claim.id)
            assert f'kb-st-{claim.status.value}">{label(claim.status)}<' in card.group(1)


def test_policy_claim_card_names_the_claimant_and_the_response(pages: dict[str, str]) -> None:
    page = pages[f"{GENERATED}/policies/{OSTP}.md"]
    card = page.split("{ #claim-c-distillation ", 1)[1].split("\n</div>", 1)[0]
    assert "Alleged by <a " in card and "Office of Science and Technology Policy</a> on 23 April 2026" in card
    assert "Chinese Embassy in Washington</a></strong> disputed it" in card  # the reply, beside it
    assert "<table" not in page.split("## Claims", 1)[1].split("## ", 1)[0]  # cards, not a wide table


def test_no_response_found_says_the_sources_were_saved_copies(pages: dict[str, str]) -> None:
    page = pages[f"{GENERATED}/policies/{UNMASKED}.md"]
    assert ("was found in the sources reviewed up to 29 November 2026 (saved copies; live pages "
            "not checked)") in page


def test_claim_dates_are_written_in_words(pages: dict[str, str]) -> None:
    iso = re.compile(r" stated (on )?[0-9]{4}\b")  # '2026-04-23' or '2026', never words
    assert not any(iso.search(text) for text in pages.values())
