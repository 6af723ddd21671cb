"""Atom feeds (kb.export.feeds): valid Atom, status changes, stable ids, dates from the records."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import feedparser

from kb.export.feeds import feed_files
from kb.export.fields import status_history
from kb.graph.build import build_graph
from kb.loading import load
from tests.export_helpers import INCIDENT, loaded
from tests.site_project import make_hostile_project


def _feeds(root: Path) -> dict[str, str]:
    kb, graph = loaded(root)
    return feed_files(kb, graph, lambda r: f"https://kb.example/{r.folder}/{r.id}.html")


def test_feedparser_reads_every_feed_without_error(small_kb: Path) -> None:
    feeds = _feeds(small_kb)
    assert {"kb.atom", "status.atom", "actors/minimax.atom", "models/claude.atom"} <= set(feeds)
    for name, text in feeds.items():
        parsed = feedparser.parse(text)
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"


def test_status_feed_entries_carry_each_claims_status_and_date(small_kb: Path) -> None:
    entries = feedparser.parse(_feeds(small_kb)["status.atom"]).entries
    assert len(entries) == 3
    for entry in entries:
        terms = {t.term for t in entry.tags}
        assert terms == {"claim-status", "status:alleged"}
        assert entry.title.startswith("Claim status alleged: Anthropic claims ")
        assert entry.updated == "2026-02-23T00:00:00Z"
        assert entry.link.startswith(f"https://kb.example/incidents/{INCIDENT}.html#claim-")


def test_a_claims_status_history_gives_one_entry_per_change() -> None:
    claim = SimpleNamespace(stated_on="2026-02-23", status="disputed", history=[
        SimpleNamespace(date="2026-03", status="disputed", note="MiniMax replied", evidence=[]),
        SimpleNamespace(date="2026-02-23", status="alleged", note=None, evidence=["e1"])])
    changes = status_history(claim)
    assert [(c.date, c.status) for c in changes] == [("2026-02-23", "alleged"), ("2026-03", "disputed")]
    assert changes[0].evidence == ("e1",)


def test_per_actor_feed_holds_only_what_involves_the_actor(small_kb: Path) -> None:
    feeds = _feeds(small_kb)
    minimax = feedparser.parse(feeds["actors/minimax.atom"]).entries
    titles = [e.title for e in minimax]
    assert any("MiniMax" in t and t.startswith("Claim status") for t in titles)
    assert not any("Moonshot" in t and t.startswith("Claim status") for t in titles)
    assert any(t.startswith("Incident: ") for t in titles)


def test_feeds_are_byte_identical_and_dated_by_the_records(small_kb: Path) -> None:
    first, second = _feeds(small_kb), _feeds(small_kb)
    assert first == second
    updated = re.search(r"<updated>(.*?)</updated>", first["kb.atom"])
    assert updated is not None and updated.group(1) == "2026-11-29T00:00:00Z"  # latest sources_reviewed_up_to


def test_entry_ids_are_stable_urn_uuids(small_kb: Path) -> None:
    ids = [e.id for e in feedparser.parse(_feeds(small_kb)["kb.atom"]).entries]
    assert ids and all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_hostile_text_stays_inert_in_feeds(tmp_path: Path) -> None:
    kb = load(make_hostile_project(tmp_path / "p"))
    feeds = feed_files(kb, build_graph(kb), lambda r: f"generated/{r.folder}/{r.id}.html")
    for name, text in feeds.items():
        assert "<script" not in text and "<svg" not in text, name
        assert not feedparser.parse(text).bozo, name
    titles = [e.title for e in feedparser.parse(feeds["kb.atom"]).entries]
    assert any("<script>window.__pwned=1" in t for t in titles)  # shown as text, escaped in XML
