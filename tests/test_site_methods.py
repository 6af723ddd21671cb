"""kb.site.methods: the generated incident lists of the detection-methods page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.loading import load
from kb.records.vocab import DetectionMethod
from kb.site import render_site
from kb.site.methods import METHODS_PAGE, OVERVIEW_PARTIAL, method_partial
from tests.site_project import REPO, make_hostile_project

PANGU = "2025-07-04-honestagi-pangu-pro-moe-qwen-fingerprint-allegation"
SNIPPET = re.compile(r'^--8<-- "([^"]+)"$', re.MULTILINE)


def test_every_method_in_the_vocabulary_gets_a_partial(small_kb: Path) -> None:
    pages = render_site(load(small_kb))
    assert {method_partial(m) for m in DetectionMethod} | {OVERVIEW_PARTIAL} <= set(pages)


def test_an_incident_citing_a_method_is_linked_from_that_methods_list(repo_root: Path) -> None:
    pages = render_site(load(repo_root))
    listing = pages[method_partial(DetectionMethod.PARAMETER_FINGERPRINT)]
    assert f"](../generated/incidents/{PANGU}.md)" in listing
    assert "cited by [HonestAGI](../generated/actors/honestagi.md)" in listing
    assert "(1):" in listing
    assert PANGU not in pages[method_partial(DetectionMethod.WATERMARK_DETECTION)]


def test_a_method_no_incident_cites_says_so(small_kb: Path) -> None:
    pages = render_site(load(small_kb))
    listing = pages[method_partial(DetectionMethod.EMBEDDED_FINGERPRINT)]
    assert "None yet: no incident in the knowledge base cites this method." in listing


def test_the_overview_lists_every_method_once_with_its_definition(small_kb: Path) -> None:
    table = render_site(load(small_kb))[OVERVIEW_PARTIAL]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [m.value for m in DetectionMethod]
    assert DetectionMethod.LEAKED_MODEL_ID.definition in table


def test_hostile_descriptions_reach_the_lists_as_inert_text(tmp_path: Path) -> None:
    project = make_hostile_project(tmp_path / "p")
    path = project / "incidents" / "2026-03-01-hostile-test.yaml"
    path.write_text(path.read_text("utf-8").replace("evidence:\n  - id: e1", (
        "detection_methods:\n  - method: classifier\n    claimed_by: anthropic\n"
        "    description: \"<script>window.__pwned=15</script> [x](javascript:alert(16))\"\n"
        "    evidence: [e1]\nevidence:\n  - id: e1"), 1), "utf-8")
    listing = render_site(load(project))[method_partial(DetectionMethod.CLASSIFIER)]
    assert "2026-03-01-hostile-test" in listing
    assert "<script" not in listing and "](javascript:" not in listing


def test_the_page_includes_only_partials_that_the_build_writes() -> None:
    """A snippet naming a method missing from the vocabulary would break the strict build."""
    page = (REPO / "docs" / METHODS_PAGE).read_text("utf-8")
    included = SNIPPET.findall(page)
    assert OVERVIEW_PARTIAL in included
    written = {method_partial(m) for m in DetectionMethod} | {OVERVIEW_PARTIAL}
    assert set(included) <= written
    assert method_partial(DetectionMethod.PARAMETER_FINGERPRINT) in included


def test_a_method_cited_by_many_incidents_names_the_newest_and_links_a_listing_of_all(
        repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The methods page (in the navigation) does not grow with the KB: past INLINE incidents a
    partial names the newest and links the method's own listing, which has every one."""
    from kb.site import methods
    from kb.site.context import SiteOptions, build_context, rel

    kb = load(repo_root)
    found = methods.citations_by_method(build_context(kb))
    method, cited = max(found.items(), key=lambda kv: len(kv[1]))
    assert len(cited) >= 2
    monkeypatch.setattr(methods, "INLINE", 1)

    pages = render_site(kb, SiteOptions(listing_rows=1))

    partial = pages[method_partial(method)]
    landing = f"generated/methods/{method.value}.md"
    assert partial.count("\n- [") == 2  # the newest incident, then the link to all
    assert f"]({rel(METHODS_PAGE, landing)})" in partial
    assert f"]({rel(METHODS_PAGE, landing)})" in pages[OVERVIEW_PARTIAL]
    listed = "".join(t for p, t in pages.items() if p == landing
                     or p.startswith(f"generated/methods/{method.value}/"))
    assert all(f"/{incident.id}.md)" in listed for incident, _ in cited)
