"""Policy pages carry the right of reply and the sources' disagreements, as incident pages do."""

from __future__ import annotations

from pathlib import Path

from kb.loading import load
from kb.site import render_site
from kb.site.context import GENERATED

CABLE = "2026-04-24-state-department-distillation-cable"


def test_policy_page_shows_responses_and_disagreements(repo_root: Path) -> None:
    page = render_site(load(repo_root))[f"{GENERATED}/policies/{CABLE}.md"]
    assert "## Responses (right of reply)" in page
    assert "Chinese Embassy in Washington" in page
    assert "## Where sources disagree" in page
    assert "2026-04-25" in page
