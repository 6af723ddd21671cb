"""`kb evidence capture` against a real HTTP server on 127.0.0.1, and every bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Response

from kb.cli import app
from kb.evidence.manifest import read_manifest
from kb.evidence.store import read_warc, sha256_bytes
from kb.yamlio.reader import read_file
from tests.evidence_helpers import (
    E4_SOURCE,
    E4_SOURCE_ID,
    INCIDENT,
    INCIDENT_ID,
    PAGE,
    _running_server,
    hits,
    point_e4_at,
    server,
    slow,
    tree,
)

pytestmark = pytest.mark.network
__all__ = ["_running_server", "server"]

runner = CliRunner()


def kb(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--root", str(root)])
    return result.exit_code, result.stdout, result.stderr


def capture(root: Path, *args: str) -> tuple[int, str, str]:
    return kb(root, "evidence", "capture", *args, "--timeout", "2")


def test_capture_stores_a_warc_named_by_content_hash(small_kb: Path, server: HTTPServer) -> None:
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    code, out, err = capture(small_kb, server.url_for("/page"))
    assert (code, err) == (0, "")
    sha = sha256_bytes(PAGE)
    warc = small_kb / f"evidence/captures/{sha[:2]}/{sha}.warc.gz"
    assert f"sha256 {sha}" in out
    stored = read_warc(warc)
    assert (stored.body, stored.status, stored.url) == (PAGE, 200, server.url_for("/page"))
    manifest = read_manifest(small_kb)
    assert manifest.ok
    [entry] = manifest.entries
    assert (entry.url, entry.final_url, entry.status, entry.size) == (
        server.url_for("/page"), server.url_for("/page"), 200, len(PAGE))
    assert entry.content_type == "text/html; charset=utf-8"
    assert entry.sha256 == sha and entry.stored and entry.prev is None
    assert entry.tool.startswith("kb ") and "httpx" in entry.tool and "warcio" in entry.tool


def test_same_content_twice_is_stored_once_and_logged_twice(small_kb: Path,
                                                            server: HTTPServer) -> None:
    server.expect_request("/a").respond_with_data(PAGE)
    server.expect_request("/b").respond_with_data(PAGE)
    assert capture(small_kb, server.url_for("/a"))[0] == 0
    before = tree(small_kb / "evidence/captures")
    code, out, _ = capture(small_kb, server.url_for("/b"))
    assert code == 0 and "already stored" in out
    assert tree(small_kb / "evidence/captures") == before
    entries = read_manifest(small_kb).entries
    assert [e.stored for e in entries] == [True, False]
    assert entries[1].prev is not None and read_manifest(small_kb).ok


def test_capture_into_record_keeps_comments_and_order(small_kb: Path, server: HTTPServer) -> None:
    server.expect_request("/e4").respond_with_data(PAGE)
    point_e4_at(small_kb, server.url_for("/e4"))
    (small_kb / E4_SOURCE).write_text((small_kb / E4_SOURCE).read_text("utf-8").replace(
        "kind: news", "# a comment to keep\nkind: news"), "utf-8")
    before = (small_kb / E4_SOURCE).read_text("utf-8")
    incident = (small_kb / INCIDENT).read_text("utf-8")
    code, out, err = capture(small_kb, "--record", INCIDENT_ID, "--evidence", "e4")
    assert code == 0, err
    after = (small_kb / E4_SOURCE).read_text("utf-8")
    entry = read_manifest(small_kb).entries[0]
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [f"sha256: {entry.sha256}", f"captured: '{entry.date}'"]
    assert (small_kb / INCIDENT).read_text("utf-8") == incident  # the source holds the capture
    assert after.splitlines()[0] == before.splitlines()[0]  # the schema comment survives
    assert [line for line in after.splitlines() if line in before.splitlines()] == \
        before.splitlines()
    assert (entry.record, entry.evidence) == (INCIDENT_ID, "e4")
    assert "sha256 and captured" in out
    assert kb(small_kb, "validate")[0] == 0


def test_redirect_is_followed_and_recorded(small_kb: Path, server: HTTPServer) -> None:
    server.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": "/new"}))
    server.expect_request("/new").respond_with_data(PAGE)
    code, out, _ = capture(small_kb, server.url_for("/old"))
    assert code == 0 and "redirected" in out
    entry = read_manifest(small_kb).entries[0]
    assert entry.final_url == server.url_for("/new")
    assert entry.redirects == (server.url_for("/old"),)


BAD_RESPONSES = {
    "redirect-loop": ("redirect loop", lambda s: (
        s.expect_request("/x").respond_with_response(Response(status=302, headers={"Location": "/y"})),
        s.expect_request("/y").respond_with_response(Response(status=302, headers={"Location": "/x"})))),
    "gone-404": ("HTTP 404", lambda s: s.expect_request("/x").respond_with_data("no", status=404)),
    "gone-410": ("HTTP 410", lambda s: s.expect_request("/x").respond_with_data("no", status=410)),
    "server-error": ("HTTP 503", lambda s: s.expect_request("/x").respond_with_data("", status=503)),
    "timeout": ("within", lambda s: s.expect_request("/x").respond_with_handler(slow(6))),
    "too-large": ("byte cap", lambda s: s.expect_request("/x").respond_with_data(b"x" * 5000)),
    "redirect-to-file": ("file: URL", lambda s: s.expect_request("/x").respond_with_response(
        Response(status=302, headers={"Location": "file:///etc/passwd"}))),
}


@pytest.mark.parametrize("case", BAD_RESPONSES, ids=str)
def test_failed_fetch_is_an_error_and_writes_nothing(case: str, small_kb: Path,
                                                     server: HTTPServer) -> None:
    needle, setup = BAD_RESPONSES[case]
    setup(server)
    before = tree(small_kb)
    result = runner.invoke(app, ["evidence", "capture", server.url_for("/x"), "--root",
                                 str(small_kb), "--timeout", "2", "--max-bytes", "1000"])
    assert result.exit_code == 1
    assert needle in result.stderr and result.stdout == ""
    code = {"too-large": "KB405", "redirect-to-file": "KB401"}.get(case, "KB404")
    assert code in result.stderr
    assert tree(small_kb) == before


def test_binary_content_is_captured_with_its_content_type(small_kb: Path,
                                                          server: HTTPServer) -> None:
    blob = bytes(range(256)) * 40
    server.expect_request("/doc.pdf").respond_with_data(blob, content_type="application/pdf")
    assert capture(small_kb, server.url_for("/doc.pdf"))[0] == 0
    entry = read_manifest(small_kb).entries[0]
    assert (entry.content_type, entry.sha256) == ("application/pdf", sha256_bytes(blob))
    assert read_warc(small_kb / "evidence" / entry.warc).body == blob


def test_gzip_encoded_page_hashes_its_content(small_kb: Path, server: HTTPServer) -> None:
    import gzip

    server.expect_request("/z").respond_with_data(
        gzip.compress(PAGE), headers={"Content-Encoding": "gzip"}, content_type="text/html")
    assert capture(small_kb, server.url_for("/z"))[0] == 0
    assert read_manifest(small_kb).entries[0].sha256 == sha256_bytes(PAGE)


@pytest.mark.parametrize("url,needle", [
    ("file:///etc/passwd", "file: URL"),
    ("javascript:alert(1)", "javascript: URL"),
    ("data:text/html,hi", "data: URL"),
    ("ftp://127.0.0.1/x", "ftp: URL"),
    ("http:///nohost", "no host"),
    ("not a url", "URL"),
])
def test_unfetchable_url_is_refused(url: str, needle: str, small_kb: Path) -> None:
    before = tree(small_kb)
    code, out, err = capture(small_kb, url)
    assert code == 1 and out == ""
    assert "KB401" in err and needle in err
    assert tree(small_kb) == before


def test_credentials_are_refused_and_never_written(small_kb: Path, server: HTTPServer) -> None:
    server.expect_request("/p").respond_with_data(PAGE)
    url = server.url_for("/p").replace("http://", "http://alice:hunter2secret@")
    before = tree(small_kb)
    code, out, err = capture(small_kb, url)
    assert code == 1 and "KB401" in err and "credentials" in err
    assert "hunter2secret" not in out + err and "alice" not in out + err
    assert tree(small_kb) == before
    assert hits(server, "/p") == 0  # never fetched


def test_unknown_record_suggests_a_near_id(small_kb: Path) -> None:
    before = tree(small_kb)
    code, _, err = capture(small_kb, "--record", INCIDENT_ID[:-1], "--evidence", "e4")
    assert code == 2 and "KB402" in err and f"did you mean '{INCIDENT_ID}'" in err
    assert tree(small_kb) == before


def test_unknown_evidence_id_suggests_a_near_id(small_kb: Path) -> None:
    before = tree(small_kb)
    code, _, err = capture(small_kb, "--record", INCIDENT_ID, "--evidence", "e44")
    assert code == 2 and "KB403" in err and "did you mean 'e4'" in err
    assert err.startswith(INCIDENT)
    assert tree(small_kb) == before


def test_url_that_is_not_the_evidence_items_is_refused(small_kb: Path, server: HTTPServer) -> None:
    server.expect_request("/other").respond_with_data(PAGE)
    before = tree(small_kb)
    code, _, err = capture(small_kb, server.url_for("/other"), "--record", INCIDENT_ID,
                           "--evidence", "e4")
    assert code == 2 and "KB403" in err and "neither the url nor an archive" in err
    assert tree(small_kb) == before and hits(server, "/other") == 0


def test_hand_broken_manifest_stops_capture(small_kb: Path, server: HTTPServer) -> None:
    server.expect_request("/p").respond_with_data(PAGE)
    (small_kb / "evidence").mkdir()
    (small_kb / "evidence/manifest.yaml").write_text("- seq: 1\n  sha256: [unclosed\n", "utf-8")
    before = tree(small_kb)
    code, _, err = capture(small_kb, server.url_for("/p"))
    assert code == 1 and "KB406" in err and "evidence/manifest.yaml" in err
    assert tree(small_kb) == before and hits(server, "/p") == 0


def test_evidence_folder_linked_outside_the_repo_is_refused(small_kb: Path, tmp_path: Path,
                                                            server: HTTPServer) -> None:
    server.expect_request("/p").respond_with_data(PAGE)
    outside = tmp_path / "outside"
    outside.mkdir()
    (small_kb / "evidence").symlink_to(outside, target_is_directory=True)
    code, _, err = capture(small_kb, server.url_for("/p"))
    assert code == 1 and "KB412" in err and "symbolic link" in err
    assert list(outside.iterdir()) == [] and hits(server, "/p") == 0


def test_captures_folder_linked_outside_is_refused(small_kb: Path, tmp_path: Path,
                                                   server: HTTPServer) -> None:
    server.expect_request("/p").respond_with_data(PAGE)
    outside = tmp_path / "outside"
    outside.mkdir()
    (small_kb / "evidence").mkdir()
    os.symlink(outside, small_kb / "evidence/captures")
    code, _, err = capture(small_kb, server.url_for("/p"))
    assert code == 1 and "KB412" in err
    assert list(outside.iterdir()) == [] and not (small_kb / "evidence/manifest.yaml").exists()


@pytest.mark.parametrize("args", [
    ["--record", INCIDENT_ID],
    ["--evidence", "e4"],
    [],
])
def test_incomplete_options_are_usage_errors(args: list[str], small_kb: Path) -> None:
    code, _, err = kb(small_kb, "evidence", "capture", *args)
    assert code == 2 and "kb: error:" in err


def test_stored_record_hash_reads_back_as_text(small_kb: Path, server: HTTPServer) -> None:
    body = b"0"  # any content: its hash must stay a string in YAML whatever its digits
    server.expect_request("/e4").respond_with_data(body)
    point_e4_at(small_kb, server.url_for("/e4"))
    assert capture(small_kb, "--record", INCIDENT_ID, "--evidence", "e4")[0] == 0
    data = read_file(small_kb / E4_SOURCE, E4_SOURCE).data
    assert isinstance(data, dict)
    assert data["sha256"] == sha256_bytes(body)


def test_capture_by_source_id_writes_the_source(small_kb: Path, server: HTTPServer) -> None:
    server.expect_request("/e4").respond_with_data(PAGE)
    point_e4_at(small_kb, server.url_for("/e4"))
    code, _, err = capture(small_kb, "--source", E4_SOURCE_ID)
    assert code == 0, err
    entry = read_manifest(small_kb).entries[0]
    assert (entry.record, entry.evidence) == (E4_SOURCE_ID, None)
    assert f"sha256: {entry.sha256}" in (small_kb / E4_SOURCE).read_text("utf-8")


def test_capture_of_an_unknown_source_suggests_the_near_id(small_kb: Path) -> None:
    before = tree(small_kb)
    code, _, err = capture(small_kb, "--source", E4_SOURCE_ID + "x")
    # an id on the command line that names nothing is a usage error
    assert code == 2 and "KB402" in err and f"did you mean '{E4_SOURCE_ID}'" in err
    assert tree(small_kb) == before


def test_server_trickling_bytes_hits_the_total_deadline(small_kb: Path, server: HTTPServer) -> None:
    import time

    def trickle(request: object) -> Response:
        del request

        def chunks() -> object:
            for _ in range(40):
                time.sleep(0.1)
                yield b"x" * 10
        return Response(chunks(), content_type="text/plain")  # type: ignore[arg-type]

    server.expect_request("/trickle").respond_with_handler(trickle)
    before = tree(small_kb)
    result = runner.invoke(app, ["evidence", "capture", server.url_for("/trickle"), "--root",
                                 str(small_kb), "--timeout", "1.5"])
    assert result.exit_code == 1 and "KB404" in result.stderr and "within 1.5 s" in result.stderr
    assert tree(small_kb) == before


def test_recapturing_a_changed_page_updates_the_record_and_keeps_both(
        small_kb: Path, server: HTTPServer) -> None:
    point_e4_at(small_kb, server.url_for("/e4"))
    server.expect_request("/e4").respond_with_data(PAGE)
    assert capture(small_kb, "--record", INCIDENT_ID, "--evidence", "e4")[0] == 0
    server.clear()
    revised = PAGE.replace(b"Original", b"Revised")
    server.expect_request("/e4").respond_with_data(revised)
    code, _, err = capture(small_kb, "--record", INCIDENT_ID, "--evidence", "e4")
    assert code == 0 and "content changed since the previous capture" in err
    old, new = (e.sha256 for e in read_manifest(small_kb).entries)
    assert new == sha256_bytes(revised) and old == sha256_bytes(PAGE)
    text = (small_kb / E4_SOURCE).read_text("utf-8")
    assert f"sha256: {new}" in text and old not in text
    assert len(list((small_kb / "evidence/captures").rglob("*.warc.gz"))) == 2
    verify = runner.invoke(app, ["evidence", "verify", "--root", str(small_kb)])
    assert verify.exit_code == 0 and "KB411" in verify.stderr  # the old copy stays, uncited


def test_redirect_to_a_url_with_credentials_is_refused_and_redacted(
        small_kb: Path, server: HTTPServer) -> None:
    target = server.url_for("/p").replace("http://", "http://bob:s3cretpw@")
    server.expect_request("/r").respond_with_response(
        Response(status=302, headers={"Location": target}))
    before = tree(small_kb)
    code, out, err = capture(small_kb, server.url_for("/r"))
    assert code == 1 and "KB401" in err and "credentials" in err
    assert "s3cretpw" not in out + err and "bob" not in out + err
    assert tree(small_kb) == before and hits(server, "/p") == 0


def test_server_text_reaches_the_terminal_escaped(small_kb: Path, server: HTTPServer) -> None:
    """A hostile server's Content-Type (a C1 CSI sequence) is echoed, but never raw."""
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html\u009b2J")
    code, out, _ = capture(small_kb, server.url_for("/page"))
    assert code == 0
    assert "\u009b" not in out and "text/html\\x9b2J" in out
