"""`kb evidence linkcheck` classifies each kind of link served by a real 127.0.0.1 server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Response

from kb.cli import app
from kb.evidence.fetch import Limits
from kb.evidence.linkcheck import HostLimiter, Link, collect_links, linkcheck
from kb.evidence.store import sha256_bytes
from kb.loading import load
from kb.yamlio.editor import update
from tests.evidence_helpers import (
    INCIDENT_ID,
    PAGE,
    _running_server,
    hits,
    server,
    slow,
    source_file,
)

pytestmark = pytest.mark.network
__all__ = ["_running_server", "server"]

#: evidence id -> (path on the test server, expected class)
CASES = {
    "e3": ("/ok", "ok"),
    "e4": ("/moved", "redirected"),
    "e5": ("/gone404", "gone"),
    "e6": ("/gone410", "gone"),
    "e7": ("/forbidden", "blocked"),
    "e8": ("/error", "server-error"),
    "e9": ("/slow", "timeout"),
    "e10": ("/loop", "unreachable"),
    "e11": ("/changed", "changed"),
    "e1": ("/same", "ok"),
}


def serve_cases(s: HTTPServer) -> None:
    s.expect_request("/ok").respond_with_data(PAGE)
    s.expect_request("/moved").respond_with_response(Response(status=301, headers={"Location": "/ok"}))
    s.expect_request("/gone404").respond_with_data("", status=404)
    s.expect_request("/gone410").respond_with_data("", status=410)
    s.expect_request("/forbidden").respond_with_data("", status=403)
    s.expect_request("/error").respond_with_data("", status=500)
    s.expect_request("/slow").respond_with_handler(slow(6))
    s.expect_request("/loop").respond_with_response(Response(status=302, headers={"Location": "/loop2"}))
    s.expect_request("/loop2").respond_with_response(Response(status=302, headers={"Location": "/loop"}))
    s.expect_request("/changed").respond_with_data(PAGE.replace(b"Original", b"Revised"))
    s.expect_request("/same").respond_with_data(PAGE)
    s.expect_request("/archive").respond_with_data("archived copy")


@pytest.fixture
def served_kb(small_kb: Path, server: HTTPServer) -> Path:
    serve_cases(server)
    changes: dict[str, list[tuple[tuple[str], object]]] = {
        eid: [(("url",), server.url_for(path))] for eid, (path, _) in CASES.items()}
    changes["e11"].append((("sha256",), sha256_bytes(PAGE)))  # captured before the revision
    changes["e1"].append((("sha256",), sha256_bytes(PAGE)))
    changes["e3"].append((("archives",), [server.url_for("/archive")]))
    for eid, edits in changes.items():
        update(small_kb / source_file(small_kb, eid), edits, before=("note",))  # type: ignore[arg-type]
    return small_kb


def test_every_case_is_classified(served_kb: Path) -> None:
    links = collect_links(load(served_kb))
    report = linkcheck(links, limits=Limits(timeout=2.0), per_host_interval=0.0, workers=4)
    by_citation = {r.cited_by[0].split("#")[1]: r for r in report.results
                   if r.role == "source" and r.cited_by}
    got = {eid: by_citation[eid].status for eid in CASES}
    assert got == {eid: expected for eid, (_, expected) in CASES.items()}
    assert "loop" in by_citation["e10"].detail
    assert by_citation["e4"].final_url is not None and by_citation["e4"].final_url.endswith("/ok")
    assert by_citation["e11"].found_sha256 == sha256_bytes(PAGE.replace(b"Original", b"Revised"))
    [archive] = [r for r in report.results if r.role == "archive"]
    assert archive.status == "ok" and archive.cited_by == [f"{INCIDENT_ID}#e3"]


def test_cli_prints_summary_and_writes_json_report(served_kb: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "report.json"
    result = CliRunner().invoke(app, [
        "evidence", "linkcheck", "--root", str(served_kb), "--timeout", "2", "--interval", "0",
        "--output", str(out_file)])
    assert result.exit_code == 1  # gone, changed and unreachable links
    assert "gone" in result.stdout and "/gone404" in result.stdout
    assert not [line for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert "links:" in result.stderr and "2 gone" in result.stderr
    data = json.loads(out_file.read_text("utf-8"))
    assert data["summary"]["gone"] == 2 and data["summary"]["changed"] == 1
    # e2 and the two relayed originals no item cites (not served here), and the archive
    assert len(data["links"]) == len(CASES) + 4


def test_cli_json_format_goes_to_stdout(served_kb: Path) -> None:
    result = CliRunner().invoke(app, [
        "evidence", "linkcheck", "--root", str(served_kb), "--timeout", "2", "--interval", "0",
        "--format", "json"])
    data = json.loads(result.stdout)
    assert set(data) == {"checked_at", "summary", "links"}


def test_all_good_links_exit_zero(small_kb: Path, server: HTTPServer) -> None:
    server.expect_request("/fine").respond_with_data(PAGE)
    links = [Link(server.url_for("/fine"), "source", ["x#e1"])]
    report = linkcheck(links, limits=Limits(timeout=2), per_host_interval=0.0)
    assert [r.status for r in report.results] == ["ok"] and not report.broken


def test_same_url_is_checked_once(small_kb: Path, server: HTTPServer) -> None:
    server.expect_request("/p").respond_with_data(PAGE)
    update(small_kb / source_file(small_kb, "e4"), [(("url",), server.url_for("/p"))])
    update(small_kb / source_file(small_kb, "e5"), [(("url",), server.url_for("/p") + "#x")])
    links = [link for link in collect_links(load(small_kb)) if "127.0.0.1" in link.url]
    assert len(links) == 1 and links[0].cited_by == [f"{INCIDENT_ID}#e4", f"{INCIDENT_ID}#e5"]
    linkcheck(links, per_host_interval=0.0)
    assert hits(server, "/p") == 1


def test_limiter_spaces_requests_to_one_host() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = HostLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait_turn("a.example")
    now[0] += 0.5
    limiter.wait_turn("a.example")
    limiter.wait_turn("b.example")
    assert slept == [1.5]
