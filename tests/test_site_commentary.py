"""Issue 14's record fields on the pages: commentary apart from the right of reply, a policy's
status with the date it refers to, and what the editors looked for and did not find."""

from __future__ import annotations

from pathlib import Path

from kb.loading import load
from kb.site import render_site

INCIDENT = "generated/incidents/2026-02-23-anthropic-claude-distillation.md"
POLICY_ID = "2026-04-20-test-bill"
POLICY = f"generated/policies/{POLICY_ID}.md"


def _add_commentary(kb: Path) -> None:
    path = kb / "incidents" / "2026-02-23-anthropic-claude-distillation.yaml"
    text = path.read_text(encoding="utf-8")
    entry = ("commentary:\n  - party: anthropic\n    date: '2026-02'\n"
             "    summary: A reaction from someone no claim accuses.\n    evidence: [e1]\n")
    at = text.index("detection_methods:\n")
    path.write_text(text[:at] + entry + text[at:], encoding="utf-8")


def _add_policy(kb: Path) -> None:
    (kb / "policies" / f"{POLICY_ID}.yaml").write_text(f"""id: {POLICY_ID}
title: A test bill
kind: bill
jurisdiction: 'US'
issued_by: [anthropic]
date: '2026-04-15'
status: in-committee
status_date: '2026-04-22'
summary: A bill advanced by a committee.
negative_findings:
  - searched_for: a floor vote
    finding: None found.
    searched_up_to: '2026-11-29'
evidence:
  - id: e1
    source: blocknews-p-75077
sources_reviewed_up_to: '2026-11-29'
""", encoding="utf-8")


def test_commentary_is_shown_apart_from_the_responses(small_kb: Path) -> None:
    _add_commentary(small_kb)
    page = str(render_site(load(small_kb))[INCIDENT])
    replies, _, rest = page.partition("## Commentary from others")
    assert "A reaction from someone no claim accuses." in rest
    assert "A reaction from someone no claim accuses." not in replies
    assert "not a reply by the accused" in rest


def test_policy_status_says_which_date_it_refers_to(small_kb: Path) -> None:
    _add_policy(small_kb)
    page = str(render_site(load(small_kb))[POLICY])
    assert "status: <strong>in committee</strong>" in page and "as of 22 April 2026" in page
    assert "Looked for a floor vote in the sources reviewed (up to 29 November 2026; saved copies)" in page
