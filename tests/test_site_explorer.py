"""The explorer's page and data (kb.site.explorer, kb.site.graphdata)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kb.loading import load
from kb.site.context import GENERATED, build_context
from kb.site.explorer import explorer_data, explorer_link


def _data(root: Path) -> dict[str, Any]:
    text = explorer_data(build_context(load(root), None))
    data: dict[str, Any] = json.loads(text[text.index("{"): text.rindex("}") + 1])
    return data


def test_every_claim_edge_names_its_claimant_and_every_node_has_a_position(small_kb: Path) -> None:
    data = _data(small_kb)
    claims = [e for e in data["edges"] if e["type"] == "claim"]
    names = {n["id"] for n in data["nodes"]}

    assert claims and all(e["claimant"] in names for e in claims)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert data["statuses"]["unsubstantiated"]["weak"] is True
    assert data["statuses"]["alleged"]["weak"] is False


def test_the_data_is_the_same_on_every_build(small_kb: Path) -> None:
    assert _data(small_kb) == _data(small_kb)


def test_record_pages_link_to_their_focus_view(small_kb: Path) -> None:
    kb = load(small_kb)
    by_id = {r.id: r for r in kb.records.values()}
    page = f"{GENERATED}/models/claude.md"

    link = explorer_link(page, by_id["claude"])
    assert 'href="../explorer.html?focus=claude"' in link and "Claude" in link
    incident = by_id["2026-02-23-anthropic-claude-distillation"]
    assert "?focus=2026-02-23-anthropic-claude-distillation" in explorer_link(
        f"{GENERATED}/incidents/x.md", incident)
    source = next(r for r in kb.records.values() if r.kind_name == "source")
    assert explorer_link(page, source) == ""


def test_the_focus_link_keeps_a_hostile_name_as_text(tmp_path: Path) -> None:
    from site_project import make_hostile_project

    kb = load(make_hostile_project(tmp_path / "p"))
    actor = next(r for r in kb.records.values() if r.id == "evil-actor")
    link = explorer_link(f"{GENERATED}/actors/evil-actor.md", actor)

    assert "<img" not in link and "&lt;img src=x onerror=alert(13)&gt;" in link
    assert link.count("<a ") == 1 and 'href="../explorer.html?focus=evil-actor"' in link


def test_every_page_of_a_record_the_explorer_shows_links_to_its_focus_view(small_kb: Path) -> None:
    from kb.site import render_site
    from kb.site.context import page_of

    kb = load(small_kb)
    pages = render_site(kb)
    shown = [r for r in kb.records.values() if explorer_link(page_of(r), r)]
    assert {r.folder for r in shown} >= {"incidents", "actors", "models"}
    for record in shown:
        assert explorer_link(page_of(record), record) in str(pages[page_of(record)]), record.id
