"""Policy pages carry the right of reply and the sources' disagreements, as incident pages do."""

from __future__ import annotations

import re
from pathlib import Path

from kb.loading import load
from kb.site import render_site
from kb.site.context import GENERATED

CABLE = "2026-04-24-state-department-distillation-cable"


def test_policy_page_shows_responses_and_disagreements(repo_root: Path) -> None:
    page = render_site(load(repo_root))[f"{GENERATED}/policies/{CABLE}.md"]
    assert 'chinese-embassy-washington.html">Chinese Embassy in Washington</a></strong> denied it' in page
    assert "## Where sources disagree" in page
    assert "25 April 2026" in page


OSTP = "2026-04-23-ostp-nstm-4-adversarial-distillation-memo"
UNMASKED = "2025-04-16-house-select-committee-deepseek-unmasked-report"


def test_policy_page_lists_its_claims_with_status_and_responses(repo_root: Path) -> None:
    page = render_site(load(repo_root))[f"{GENERATED}/policies/{OSTP}.md"]
    assert "## Claims" in page
    assert "{ #claim-c-distillation" in page
    assert "Alleged by <a href=\"../actors/us-ostp.html\">" in page and " on 23 April 2026." in page
    assert "Chinese Embassy in Washington</a></strong> disputed it in April 2026." in page


def test_no_response_found_says_the_sources_were_saved_copies(repo_root: Path) -> None:
    page = render_site(load(repo_root))[f"{GENERATED}/policies/{UNMASKED}.md"]
    assert ("was found in the sources reviewed up to 29 November 2026 (saved copies; live pages "
            "not checked)") in page


def test_claim_dates_are_written_in_words(repo_root: Path) -> None:
    pages = render_site(load(repo_root))
    assert "stated on 23 April 2026 that" in pages[f"{GENERATED}/policies/{OSTP}.md"]
    iso = re.compile(r" stated on [0-9]{4}\b")  # '2026-04-23' or '2026', never words
    assert not any(iso.search(text) for text in pages.values() if isinstance(text, str))
