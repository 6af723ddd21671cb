"""The one test that needs the research dossier: every URL of the knowledge base was seen.

Facts about real organisations come only from the research dossiers the records were written
from (``../shared/research/incidents_dossier*.yaml``, next to the repository). Every URL the KB
holds is a source record's `url` or `archives` entry (KB110 refuses URLs anywhere else, an
actor's `website` excepted); this test checks each of them, and actor websites, against both
dossiers. Where the dossiers are not present (a fresh clone), it is the suite's only skip; the
helpers it rests on are tested without them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.loading import discover
from kb.validation.facts import normalise_url
from kb.yamlio.reader import read_file

REPO = Path(__file__).resolve().parent.parent
DOSSIERS = sorted((REPO.parent / "shared" / "research").glob("incidents_dossier*.yaml"))

_URL_RE = re.compile(r"https?://[^\s<>\"'`]+")
_TRAILING = ").,;:!?]}>*_'\""
_WAYBACK_RE = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(https?://.+)$")


def urls_in_text(text: str) -> set[str]:
    """URLs written in free text, with and without trailing punctuation."""
    found: set[str] = set()
    for match in _URL_RE.findall(text):
        found.add(match)
        found.add(match.rstrip(_TRAILING))
    return found


def urls_in_data(data: object) -> Iterator[tuple[str, str]]:
    """Yield (field path, URL) for every URL anywhere in a parsed record: a string that is a
    URL counts as is; URLs inside longer text are found with the free-text rule."""

    def walk(node: object, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{path}[{i}]")
        elif isinstance(node, str):
            if _URL_RE.fullmatch(node):
                yield path, node
            else:
                for url in sorted(urls_in_text(node)):
                    if url.rstrip(_TRAILING) == url:
                        yield path, url

    yield from walk(data, "")


def provenance_key(url: str) -> str:
    """The URL a dossier entry must hold: a Wayback snapshot stands for the page it archived."""
    wayback = _WAYBACK_RE.match(url)
    return normalise_url(wayback.group(1) if wayback else url)


def dossier_urls(text: str) -> frozenset[str]:
    """Every URL the dossier mentions (fields, notes and comments), normalised."""
    return frozenset(normalise_url(u) for u in urls_in_text(text))


def stray_urls(root: Path, seen: frozenset[str]) -> list[str]:
    """'file: field: URL' for every URL of the KB under ``root`` that ``seen`` lacks."""
    strays = []
    for file, _ in discover(root):
        parsed = read_file(root / file, file)
        strays += [f"{file}: {path}: {url}" for path, url in urls_in_data(parsed.data)
                   if provenance_key(url) not in seen]
    return strays


@pytest.mark.skipif(not DOSSIERS, reason="the research dossiers (../shared/research/) are not here")
def test_every_url_of_the_kb_is_in_the_research_dossiers() -> None:
    seen = dossier_urls("\n".join(p.read_text("utf-8") for p in DOSSIERS))
    strays = stray_urls(REPO, seen)
    assert not strays, "URLs not found in the research dossiers:\n" + "\n".join(strays)


# --- the helpers can fail ----------------------------------------------------------------


def test_urls_in_data_finds_urls_in_fields_lists_and_text() -> None:
    data = {
        "summary": "See https://example.org/post (and https://example.org/b).",
        "url": "https://a.example/x?y=1",
        "archives": ["https://web.archive.org/web/2026/https://a.example/x?y=1"],
    }
    found = {url for _, url in urls_in_data(data)}
    assert found == {
        "https://example.org/post",
        "https://example.org/b",
        "https://a.example/x?y=1",
        "https://web.archive.org/web/2026/https://a.example/x?y=1",
    }
    assert ("archives[0]", "https://web.archive.org/web/2026/https://a.example/x?y=1") in set(
        urls_in_data(data))


def test_dossier_urls_read_from_comments_notes_and_parentheses() -> None:
    text = (
        "# header (https://c.example/in-comment)\n"
        "- url: https://A.example/page?ref=x\n"
        "  note: 'One page (https://b.example/p) says so.'\n"
    )
    urls = dossier_urls(text)
    assert {"https://c.example/in-comment", "https://a.example/page?ref=x", "https://b.example/p"} <= urls
    assert provenance_key("https://a.example/page?ref=x") in urls
    assert provenance_key("https://a.example/page?ref=other") not in urls


def test_wayback_snapshot_counts_as_its_original() -> None:
    snap = "https://web.archive.org/web/20260301000000/https://a.example/x"
    assert provenance_key(snap) == normalise_url("https://a.example/x")
    assert provenance_key("https://perma.cc/ABCD-1234") == "https://perma.cc/ABCD-1234"


def test_a_source_url_missing_from_the_dossier_is_reported(small_kb: Path) -> None:
    source = small_kb / "sources" / "blocknews-p-75077.yaml"
    source.write_text(source.read_text("utf-8").replace("https://blocknews.com/?p=75077",
                                                         "https://invented.example/story"))
    seen = frozenset({"https://blocknews.com/?p=75077"})
    assert "sources/blocknews-p-75077.yaml: url: https://invented.example/story" in stray_urls(small_kb, seen)
