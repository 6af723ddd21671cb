"""scripts/migrate_sources.py: inline evidence becomes source records, losing nothing."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from kb.validation import check
from kb.yamlio.reader import read_file

REPO = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("migrate_sources", REPO / "scripts" / "migrate_sources.py")
assert _SPEC is not None and _SPEC.loader is not None
migrate = importlib.util.module_from_spec(_SPEC)
sys.modules["migrate_sources"] = migrate  # dataclasses look their module up there
_SPEC.loader.exec_module(migrate)

OLD_INCIDENT = """\
# a comment the migration keeps
id: 2025-01-01-test
title: Test incident
kind: allegation
date: '2025-01-01'
summary: A test incident.
actors:
  - {actor: anthropic, role: accuser}
  - {actor: deepseek, role: accused}
claims:
  - id: c1
    claimant: anthropic
    subject: deepseek
    predicate: distilled-from
    object: claude
    status: alleged
    stated_on: '2025-01-01'
    statement: Anthropic says DeepSeek distilled Claude.
    evidence:
      - {ref: e1, stance: supports}
      - {ref: e2, stance: supports}
responses:
  - {party: deepseek, stance: no-response-found, date: '2025-01-02', summary: None found., evidence: [e3]}
evidence:
  - id: e1
    url: https://mirror.example/story
    publisher: mirror.example
    kind: news
    via: https://orig.example/story
    via_publisher: Orig News
    note: Mirror of an Orig News report.
  - id: e2
    url: https://www.anthropic.com/post
    publisher: Anthropic
    kind: primary-statement
    first_hand: true
    reviewed: false
    cited_in: [e1]
  - id: e3
    url: https://wire.example/a
    publisher: Wire
    kind: news
    via_publisher: Reuters
    date_note: no date recorded in the research notes
    note: Wire copy.
"""

OLD_POLICY_EVIDENCE = """\
  - id: e1
    url: HTTPS://Wire.example/a#top
    publisher: Wire
    kind: news
    date_note: not shown
    note: On the policy.
"""


@pytest.fixture
def old_kb(small_kb: Path, tmp_path: Path) -> Path:
    shutil.rmtree(small_kb / "sources")
    fixture = small_kb / "incidents" / "2026-02-23-anthropic-claude-distillation.yaml"
    fixture.unlink()
    (small_kb / "incidents" / "2025-01-01-test.yaml").write_text(OLD_INCIDENT, "utf-8")
    (small_kb / "incidents" / "2025-01-02-other.yaml").write_text(
        OLD_INCIDENT.replace("2025-01-01-test", "2025-01-02-other").split("evidence:\n  - id: e1")[0]
        .replace("# a comment the migration keeps\n", "")
        + "evidence:\n" + OLD_POLICY_EVIDENCE
        + "  - id: e2\n    url: https://www.anthropic.com/post\n    publisher: Anthropic\n"
          "    kind: primary-statement\n  - id: e3\n    url: https://www.anthropic.com/post2\n"
          "    publisher: Anthropic\n    kind: primary-statement\n", "utf-8")
    dossier = tmp_path / "dossier.yaml"
    dossier.write_text("- url: https://mirror.example/story  # original https://orig.example/story\n")
    assert migrate.main([str(small_kb), "--dossier", str(dossier)]) == 0
    return small_kb


def sources(root: Path) -> dict[str, dict[str, object]]:
    out = {}
    for path in (root / "sources").glob("*.yaml"):
        data = read_file(path, path.name).data
        assert isinstance(data, dict)
        out[str(data["url"])] = data
    return out


def test_one_source_per_url_and_items_cite_it(old_kb: Path) -> None:
    by_url = sources(old_kb)
    assert set(by_url) == {"https://mirror.example/story", "https://orig.example/story",
                           "https://www.anthropic.com/post", "https://www.anthropic.com/post2",
                           "https://wire.example/a"}  # the policy's HTTPS://Wire...#top is the same page
    data = read_file(old_kb / "incidents" / "2025-01-01-test.yaml", "x").data
    assert isinstance(data, dict)
    assert [set(e) - {"note"} for e in data["evidence"]] == [{"id", "source"}] * 3
    assert data["evidence"][1]["source"] == by_url["https://www.anthropic.com/post"]["id"]


def test_via_becomes_relays_and_the_origin_a_source_seen_cited(old_kb: Path) -> None:
    by_url = sources(old_kb)
    mirror, origin = by_url["https://mirror.example/story"], by_url["https://orig.example/story"]
    assert mirror["relays"] == [origin["id"]]
    assert origin["publisher"] == "Orig News" and origin["reviewed"] is False
    assert origin["cited_in"] == [mirror["id"]]


def test_a_publisher_without_url_stays_words_in_the_note(old_kb: Path) -> None:
    wire = sources(old_kb)["https://wire.example/a"]
    assert "relays" not in wire
    assert "Reports Reuters; no URL of the original is recorded." in str(wire.get("note"))


def test_cited_in_by_and_merged_metadata(old_kb: Path) -> None:
    by_url = sources(old_kb)
    post = by_url["https://www.anthropic.com/post"]
    assert post["cited_in"] == [by_url["https://mirror.example/story"]["id"]]
    assert post["by"] == "anthropic" and post["first_hand"] is True  # merged from both records
    assert by_url["https://wire.example/a"]["date_note"] == "not shown"  # the specific note kept


def test_differing_notes_stay_on_the_items_and_comments_survive(old_kb: Path) -> None:
    text = (old_kb / "incidents" / "2025-01-01-test.yaml").read_text("utf-8")
    assert text.startswith("# a comment the migration keeps\n")
    other = read_file(old_kb / "incidents" / "2025-01-02-other.yaml", "x").data
    assert isinstance(other, dict)
    assert other["evidence"][0] == {"id": "e1", "source": sources(old_kb)["https://wire.example/a"]["id"],
                                    "note": "On the policy."}


def test_the_result_validates_and_a_second_run_changes_nothing(old_kb: Path, tmp_path: Path) -> None:
    report = check(old_kb, use_cache=False)
    assert report.errors == 0, [d.as_text() for d in report.diagnostics]
    before = {p: p.read_bytes() for p in old_kb.rglob("*.yaml")}
    assert migrate.main([str(old_kb), "--dossier", str(tmp_path / "dossier.yaml")]) == 0
    assert {p: p.read_bytes() for p in old_kb.rglob("*.yaml")} == before
