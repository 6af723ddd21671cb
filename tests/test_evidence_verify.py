"""`kb evidence verify`: intact stores pass; every kind of damage is named, with exit 1."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from kb.cli import app
from kb.evidence.manifest import Entry, append
from kb.evidence.paths import capture_relpath
from kb.evidence.store import build_warc, sha256_bytes, store
from kb.evidence.verify import verify
from kb.loading import load
from kb.yamlio.editor import update
from tests.evidence_helpers import (
    INCIDENT_ID,
    PAGE,
    _running_server,
    point_e4_at,
    server,
    source_file,
)

__all__ = ["_running_server", "server"]
runner = CliRunner()


def add_capture(root: Path, body: bytes, url: str = "https://example.org/page",
                record: str | None = None, evidence: str | None = None) -> Entry:
    """Store a capture without the network, as `kb evidence capture` would."""
    at = "2026-11-29T12:00:00Z"
    sha = sha256_bytes(body)
    stored = store(root, sha, build_warc(url=url, at=at, status=200, reason="OK",
                                         http_version="HTTP/1.1",
                                         headers=[("Content-Type", "text/html")], body=body,
                                         tool="test"))
    return append(root, lambda seq, prev: Entry(
        seq=seq, at=at, action="capture", url=url, final_url=url, redirects=(), status=200,
        content_type="text/html", size=len(body), sha256=sha, warc=stored.warc,
        warc_sha256=stored.warc_sha256, stored=stored.stored, tool="test", record=record,
        evidence=evidence, prev=prev))


def cite(root: Path, evidence_id: str, sha256: str, captured: str = "2026-11-29") -> None:
    update(root / source_file(root, evidence_id), [(("sha256",), sha256), (("captured",), captured)],
           before=("note",))


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["evidence", "verify", "--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def warc_path(root: Path, entry: Entry) -> Path:
    return root / "evidence" / entry.warc


@pytest.fixture
def cited_kb(small_kb: Path) -> tuple[Path, Entry]:
    entry = add_capture(small_kb, PAGE)
    cite(small_kb, "e4", entry.sha256)
    return small_kb, entry


def test_intact_store_verifies(cited_kb: tuple[Path, Entry]) -> None:
    root, _ = cited_kb
    code, out, err = run(root)
    assert code == 0, err
    assert "1 captures (1 custody entries): 1 intact, 1 cited by records; 0 errors, 0 warnings" in err
    assert out == ""


def test_kb_without_evidence_folder_verifies(small_kb: Path) -> None:
    assert run(small_kb)[0] == 0


def test_one_flipped_byte_fails_naming_the_file(cited_kb: tuple[Path, Entry]) -> None:
    root, entry = cited_kb
    path = warc_path(root, entry)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    os.chmod(path, 0o644)
    path.write_bytes(bytes(data))
    code, _, err = run(root)
    assert code == 1
    assert f"evidence/{entry.warc}:0:0: error KB40" in err
    assert "KB408" in err or "KB409" in err
    assert all(c.isprintable() or c == "\n" for c in err)  # no raw bytes of the damaged file


def test_altered_content_with_a_valid_warc_is_kb408(cited_kb: tuple[Path, Entry]) -> None:
    root, entry = cited_kb
    path = warc_path(root, entry)
    forged = build_warc(url="https://example.org/page", at="2026-11-29T12:00:00Z", status=200,
                        reason="OK", http_version="HTTP/1.1", headers=[],
                        body=PAGE.replace(b"Original", b"Doctored"), tool="test")
    os.chmod(path, 0o644)
    path.write_bytes(forged)
    code, _, err = run(root)
    assert code == 1 and "KB408" in err and "captured content was altered" in err


def test_truncated_warc_is_unreadable(cited_kb: tuple[Path, Entry]) -> None:
    root, entry = cited_kb
    path = warc_path(root, entry)
    os.chmod(path, 0o644)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    code, _, err = run(root)
    assert code == 1 and "KB409" in err and "truncated" in err and entry.warc in err


def test_missing_capture_is_kb407(cited_kb: tuple[Path, Entry]) -> None:
    root, entry = cited_kb
    warc_path(root, entry).unlink()
    code, _, err = run(root)
    assert code == 1 and "KB407" in err and entry.url in err


def test_unrecorded_file_in_store_is_kb414(cited_kb: tuple[Path, Entry]) -> None:
    root, _ = cited_kb
    (root / "evidence/captures/notes.txt").write_text("working copy", "utf-8")
    code, _, err = run(root)
    assert code == 1 and "evidence/captures/notes.txt:0:0: error KB414" in err


def test_symlink_in_store_is_kb412(cited_kb: tuple[Path, Entry], tmp_path: Path) -> None:
    root, _ = cited_kb
    secret = tmp_path / "secret.txt"
    secret.write_text("x", "utf-8")
    (root / "evidence/captures/ab").mkdir()
    os.symlink(secret, root / "evidence/captures/ab/link.warc.gz")
    code, _, err = run(root)
    assert code == 1 and "KB412" in err and "link.warc.gz" in err


def test_capture_replaced_by_symlink_is_kb412(cited_kb: tuple[Path, Entry], tmp_path: Path) -> None:
    root, entry = cited_kb
    path = warc_path(root, entry)
    copy = tmp_path / "copy.warc.gz"
    copy.write_bytes(path.read_bytes())
    path.unlink()
    os.symlink(copy, path)
    code, _, err = run(root)
    assert code == 1 and "KB412" in err


def test_record_citing_unknown_capture_is_kb410_with_line(cited_kb: tuple[Path, Entry]) -> None:
    root, _ = cited_kb
    cite(root, "e5", "ab" * 32)
    code, _, err = run(root)
    assert code == 1
    file = source_file(root, "e5")
    line = next(i for i, text in enumerate((root / file).read_text("utf-8").splitlines(), 1)
                if "ab" * 32 in text)
    assert f"{file}:{line}:" in err and "KB410 sha256" in err


def test_uncited_capture_is_a_warning_unless_strict(small_kb: Path) -> None:
    add_capture(small_kb, b"stray")
    code, _, err = run(small_kb)
    assert code == 0 and "warning KB411" in err
    assert run(small_kb, "--strict")[0] == 1


def test_removed_custody_entry_breaks_the_chain(small_kb: Path) -> None:
    for i in range(3):
        add_capture(small_kb, f"page {i}".encode())
    path = small_kb / "evidence/manifest.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("- ")]
    del lines[starts[1]:starts[2]]
    path.write_text("".join(lines), "utf-8")
    code, _, err = run(small_kb)
    assert code == 1 and "KB413" in err and "evidence/manifest.yaml:" in err


def test_edited_custody_entry_breaks_the_chain(small_kb: Path) -> None:
    add_capture(small_kb, b"one", url="https://example.org/one")
    add_capture(small_kb, b"two")
    path = small_kb / "evidence/manifest.yaml"
    path.write_text(path.read_text("utf-8").replace("example.org/one", "example.org/forged"),
                    "utf-8")
    code, _, err = run(small_kb)
    assert code == 1 and "KB413" in err and "entry 2 does not chain" in err


def test_hand_broken_manifest_is_kb406(small_kb: Path) -> None:
    add_capture(small_kb, b"one")
    path = small_kb / "evidence/manifest.yaml"
    path.write_text(path.read_text("utf-8") + "  sha256: [unclosed\n", "utf-8")
    code, _, err = run(small_kb)
    assert code == 1 and "evidence/manifest.yaml:" in err and "KB406" in err


def test_manifest_path_climbing_out_is_kb412(small_kb: Path) -> None:
    entry = add_capture(small_kb, b"one")
    path = small_kb / "evidence/manifest.yaml"
    path.write_text(path.read_text("utf-8").replace(entry.warc, "../../etc/passwd"), "utf-8")
    code, _, err = run(small_kb)
    assert code == 1 and "KB412" in err


def test_json_report_is_machine_readable(cited_kb: tuple[Path, Entry]) -> None:
    root, entry = cited_kb
    warc_path(root, entry).unlink()
    code, out, _ = run(root, "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["summary"]["errors"] == 1 and data["diagnostics"][0]["code"] == "KB407"


def test_deep_verify_rehashes_content(cited_kb: tuple[Path, Entry]) -> None:
    root, _ = cited_kb
    report = verify(root, load(root), deep=True)
    assert report.ok and len(report.verified) == 1


def test_library_report_lists_verified_hashes(cited_kb: tuple[Path, Entry]) -> None:
    root, entry = cited_kb
    report = verify(root, load(root))
    assert report.verified == {entry.sha256}
    assert capture_relpath(entry.sha256) == entry.warc


@pytest.mark.network
def test_capture_verify_tamper_verify(small_kb: Path, server: HTTPServer) -> None:
    """The whole story: capture over HTTP, verify passes, one byte changes, verify names it."""
    server.expect_request("/e4").respond_with_data(PAGE, content_type="text/html")
    point_e4_at(small_kb, server.url_for("/e4"))
    result = runner.invoke(app, ["evidence", "capture", "--record", INCIDENT_ID, "--evidence",
                                 "e4", "--root", str(small_kb)])
    assert result.exit_code == 0, result.stderr
    assert run(small_kb)[0] == 0
    [warc] = (small_kb / "evidence/captures").rglob("*.warc.gz")
    data = bytearray(warc.read_bytes())
    data[-20] ^= 0xFF
    os.chmod(warc, 0o644)
    warc.write_bytes(bytes(data))
    code, _, err = run(small_kb)
    assert code == 1 and warc.relative_to(small_kb).as_posix() in err


def test_captured_date_not_in_the_log_is_kb416_warning(small_kb: Path) -> None:
    entry = add_capture(small_kb, PAGE)
    cite(small_kb, "e4", entry.sha256, captured="2026-01-02")
    code, _, err = run(small_kb)
    assert code == 0 and "warning KB416 captured" in err and "2026-11-29" in err
    assert run(small_kb, "--strict")[0] == 1
