"""Shared set-up for the evidence tests: a real HTTP server on 127.0.0.1 and a KB citing it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

INCIDENT_ID = "2026-02-23-anthropic-claude-distillation"
INCIDENT = f"incidents/{INCIDENT_ID}.yaml"
#: The source cited by evidence item e4 of the fixture incident, whose URL the tests point at
#: the local server.
E4_SOURCE_ID = "blocknews-p-75077"
E4_SOURCE = f"sources/{E4_SOURCE_ID}.yaml"
E4_URL = "https://blocknews.com/?p=75077"
PAGE = b"<html><body><p>Original statement.</p></body></html>"


@pytest.fixture(scope="session")
def _running_server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    try:
        yield srv
    finally:
        srv.clear()
        srv.stop()


@pytest.fixture
def server(_running_server: HTTPServer) -> Iterator[HTTPServer]:
    """A threaded HTTP server on 127.0.0.1 (a slow handler does not block the others),
    with no handlers and an empty log at the start of each test."""
    _running_server.clear()
    yield _running_server
    _running_server.clear()


def slow(seconds: float, body: bytes = b"late") -> object:
    def handler(request: Request) -> Response:
        del request
        time.sleep(seconds)
        return Response(body, content_type="text/plain")
    return handler


def point_e4_at(root: Path, url: str) -> None:
    """Make the source of evidence item e4 of the fixture incident hold ``url``."""
    path = root / E4_SOURCE
    text = path.read_text("utf-8")
    assert E4_URL in text
    path.write_text(text.replace(E4_URL, url), "utf-8")


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, to prove that nothing was written."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def hits(srv: HTTPServer, path: str) -> int:
    """Requests the server received for ``path`` (slow handlers of earlier tests may still log)."""
    return sum(1 for request, _ in srv.log if request.path == path)


def source_file(root: Path, evidence_id: str) -> str:
    """The file (relative to ``root``) of the source that evidence item ``evidence_id`` of the
    fixture incident cites."""
    from kb.yamlio.reader import read_file

    data = read_file(root / INCIDENT, INCIDENT).data
    assert isinstance(data, dict)
    [source] = [e["source"] for e in data["evidence"] if e["id"] == evidence_id]
    return f"sources/{source}.yaml"
