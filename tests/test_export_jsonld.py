"""schema.org JSON-LD (kb.export.jsonld): expands with pyld, right types, no rating, inert."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from kb.site import render_site
from kb.site.context import GENERATED
from tests.export_helpers import INCIDENT, loaded
from tests.site_project import make_hostile_project

SCHEMA = "https://schema.org/"
_RATING = re.compile(r"(?i)(ClaimReview|Rating|review)")


def _offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    """schema.org's context inlined as its vocabulary; anything else is refused (no network)."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": SCHEMA}}}
    raise AssertionError(f"the test refuses to fetch {url}")


def _blocks(text: str) -> list[dict[str, Any]]:
    return [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text)]


def _expand(block: dict[str, Any]) -> list[dict[str, Any]]:
    return list(jsonld.expand(block, {"documentLoader": _offline_loader}))


def test_record_pages_carry_article_or_creativework_metadata(small_kb: Path) -> None:
    pages = render_site(loaded(small_kb)[0])
    for path, kind in ((f"{GENERATED}/incidents/{INCIDENT}.md", "Article"),
                       (f"{GENERATED}/actors/minimax.md", "CreativeWork")):
        page = pages[path]
        assert isinstance(page, str)
        [block] = _blocks(page)
        [node] = _expand(block)
        assert node["@type"] == [SCHEMA + kind]
        assert node[SCHEMA + "identifier"][0]["@value"] == path.rsplit("/", 1)[1][:-3]
        assert not any(_RATING.search(key) for key in json.dumps(node).split('"'))


def test_downloads_page_carries_a_dataset_with_every_download(small_kb: Path) -> None:
    page = render_site(loaded(small_kb)[0])[f"{GENERATED}/downloads.md"]
    assert isinstance(page, str)
    [block] = _blocks(page)
    [node] = _expand(block)
    assert node["@type"] == [SCHEMA + "Dataset"]
    names = {d[SCHEMA + "name"][0]["@value"] for d in node[SCHEMA + "distribution"]}
    assert {"distillation-kb.sqlite", "distillation-kb.stix.json", "api/v1/kb.json", "feeds/kb.atom"} <= names
    assert not any(_RATING.search(key) for key in json.dumps(node).split('"'))


@pytest.mark.parametrize("char", ["<", ">", "&"])
def test_hostile_titles_cannot_leave_the_script(tmp_path: Path, char: str) -> None:
    pages = render_site(loaded(make_hostile_project(tmp_path / "p"))[0])
    page = pages[f"{GENERATED}/incidents/2026-03-01-hostile-test.md"]
    assert isinstance(page, str)
    raw = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    assert len(raw) == 1 and char not in raw[0]
    assert "<script>window.__pwned=1" in _blocks(page)[0]["name"]  # the text survives, as data
