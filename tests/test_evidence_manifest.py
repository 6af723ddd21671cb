"""The custody log reads back exactly what was appended, and refuses anything else."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kb.evidence.errors import EvidenceError
from kb.evidence.manifest import HEADER, Entry, _parse_fast, _parse_list, append, parse_manifest
from kb.evidence.paths import capture_relpath, safe_path
from kb.evidence.urls import check_fetchable, redact
from kb.yamlio.emit import block_item

SHA = "ab" * 32


def entry(seq: int = 1, prev: str | None = None, url: str = "https://example.org/a",
          **changes: object) -> Entry:
    values: dict[str, object] = {
        "seq": seq, "at": "2026-11-29T12:00:00Z", "action": "capture", "url": url, "final_url": url,
        "redirects": (), "status": 200, "content_type": "text/html", "size": 3, "sha256": SHA,
        "warc": capture_relpath(SHA), "warc_sha256": "cd" * 32, "stored": True, "tool": "kb test",
        "record": None, "evidence": None, "prev": prev}
    values.update(changes)
    return Entry(**values)  # type: ignore[arg-type]


def log_of(*entries: Entry) -> str:
    return HEADER + "".join(block_item(e.as_mapping()) for e in entries)


def chained(n: int) -> list[Entry]:
    from kb.evidence.manifest import digest

    out: list[Entry] = []
    prev = None
    for i in range(n):
        e = entry(seq=i + 1, prev=prev, url=f"https://example.org/{i}")
        out.append(e)
        prev = digest(e.as_mapping())
    return out


def test_chained_log_reads_cleanly() -> None:
    entries = chained(3)
    manifest = parse_manifest(log_of(*entries))
    assert manifest.ok and manifest.entries == entries


def test_header_only_log_is_empty() -> None:
    manifest = parse_manifest(HEADER)
    assert manifest.ok and manifest.entries == []


@settings(max_examples=80, deadline=None)
@example(url="0", ctype="\x85", redirects=[])  # NEL: a line break in YAML, escaped for JSON
@given(url=st.text(min_size=1, max_size=60), ctype=st.text(max_size=30),
       redirects=st.lists(st.text(max_size=20), max_size=3))
def test_any_values_read_back_identically_on_fast_and_strict_paths(
        url: str, ctype: str, redirects: list[str]) -> None:
    e = entry(url=url, final_url=url, content_type=ctype, redirects=tuple(redirects))
    text = log_of(e)
    fast = _parse_fast(text, "m")
    strict, parsed = _parse_list(text, "m")
    if parsed.diagnostics:  # e.g. characters the strict reader refuses (bidi controls)
        return
    assert fast is not None and fast[0] == strict
    assert parse_manifest(text).entries == [e]


def test_hand_comment_falls_back_to_the_strict_reader() -> None:
    entries = chained(2)
    text = log_of(*entries).replace('  action: "capture"', '  action: "capture"  # looked fine', 1)
    assert _parse_fast(text, "m") is None
    assert parse_manifest(text).entries == entries


@pytest.mark.parametrize("mutate,code,needle", [
    (lambda t: t.replace("  status: 200\n", "", 1), "KB406", "lacks 'status'"),
    (lambda t: t.replace("  status: 200", "  status: \"200\"", 1), "KB406", "wrong type"),
    (lambda t: t.replace("  tool:", "  colour: 1\n  tool:", 1), "KB406", "unknown field"),
    (lambda t: t.replace("  status: 200", "  status: 200\n  status: 201", 1), "KB406", "duplicate"),
    (lambda t: t + "  sha256: [unclosed\n", "KB406", "not valid"),
    (lambda t: "a: 1\n", "KB406", "list of entries"),
    (lambda t: t.replace("- seq: 2", "- seq: 3", 1), "KB413", "removed or moved"),
    (lambda t: t.replace(SHA, "zz" * 32, 1), "KB406", "not a SHA-256"),
    (lambda t: t.replace('"2026-11-29T12:00:00Z"', '"yesterday"', 1), "KB406", "UTC timestamp"),
])
def test_damaged_log_is_reported(mutate: object, code: str, needle: str) -> None:
    text = mutate(log_of(*chained(2)))  # type: ignore[operator]
    manifest = parse_manifest(text)
    assert not manifest.ok
    assert any(d.code == code and needle in d.message for d in manifest.diagnostics), \
        manifest.diagnostics


def test_append_chains_entries_and_refuses_a_broken_log(tmp_path: Path) -> None:
    first = append(tmp_path, lambda seq, prev: entry(seq=seq, prev=prev))
    second = append(tmp_path, lambda seq, prev: entry(seq=seq, prev=prev))
    assert (first.seq, second.seq) == (1, 2) and second.prev is not None
    path = tmp_path / "evidence/manifest.yaml"
    assert path.read_text("utf-8").startswith(HEADER)
    path.write_text(path.read_text("utf-8") + "garbage: [\n", "utf-8")
    before = path.read_bytes()
    with pytest.raises(EvidenceError) as info:
        append(tmp_path, lambda seq, prev: entry(seq=seq, prev=prev))
    assert info.value.diagnostic.code == "KB406"
    assert path.read_bytes() == before


@pytest.mark.parametrize("url", [
    "https://user:pass@example.org/", "https://user@example.org/", "http://:pw@example.org/"])
def test_credentials_are_refused_and_redacted(url: str) -> None:
    with pytest.raises(EvidenceError) as info:
        check_fetchable(url)
    assert "pass" not in str(info.value) and "user" not in str(info.value)
    assert "@" not in redact(url)


@pytest.mark.parametrize("rel", ["../x", "a/../../x", "/etc/passwd", "a\\b"])
def test_paths_climbing_out_are_refused(rel: str, tmp_path: Path) -> None:
    with pytest.raises(EvidenceError) as info:
        safe_path(tmp_path, rel)
    assert info.value.diagnostic.code == "KB412"


def test_concurrent_appends_stay_chained(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def add(_: int) -> Entry:
        return append(tmp_path, lambda seq, prev: entry(seq=seq, prev=prev))

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(add, range(12)))
    manifest = parse_manifest((tmp_path / "evidence/manifest.yaml").read_text("utf-8"))
    assert manifest.ok and [e.seq for e in manifest.entries] == list(range(1, 13))
