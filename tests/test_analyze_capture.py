"""The attach-then-capture path: an attached report, published on 127.0.0.1 and captured with
`kb evidence capture`, gets a `sha256` equal to the hash in the note, and `kb evidence verify`
passes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from kb.cli import app
from kb.yamlio.reader import read_file
from tests.evidence_helpers import _running_server, server
from tests.transcripts_synth import write

pytestmark = pytest.mark.network
__all__ = ["_running_server", "server"]

INCIDENT = "2026-02-23-anthropic-claude-distillation"


def test_attached_report_captures_to_the_same_hash(small_kb: Path, server: HTTPServer,
                                                    tmp_path: Path) -> None:
    s = write(tmp_path / "synth")
    url = server.url_for("/analyses/report.json")
    runner = CliRunner()
    result = runner.invoke(app, [
        "evidence", "analyze", "-s", str(s["student"]), "-c", f"teacher={s['teacher']}",
        "-b", str(s["base-a"]), "-b", str(s["base-b"]), "-b", str(s["base-c"]),
        "--bootstrap", "20", "--permutations", "300", "--out", str(tmp_path / "out"),
        "--root", str(small_kb), "--attach", INCIDENT, "--claim", "c-deepseek", "--url", url,
        "--publisher", "Example analyst"])
    assert result.exit_code == 0, result.stderr
    body = (tmp_path / "out" / "report.json").read_bytes()
    digest = hashlib.sha256(body).hexdigest()
    server.expect_request("/analyses/report.json").respond_with_data(body, content_type="application/json")

    captured = runner.invoke(app, ["evidence", "capture", "--record", INCIDENT, "--evidence", "ta1",
                                   "--timeout", "2", "--root", str(small_kb)])
    assert captured.exit_code == 0, captured.stderr
    data = read_file(small_kb / "incidents" / f"{INCIDENT}.yaml", "x").data
    assert isinstance(data, dict)
    [ta1] = [e for e in data["evidence"] if e["id"] == "ta1"]
    item = read_file(small_kb / "sources" / f"{ta1['source']}.yaml", "x").data
    assert isinstance(item, dict)
    assert item["sha256"] == digest and item["note"].endswith(f"report.json SHA-256: {digest}")
    verified = runner.invoke(app, ["evidence", "verify", "--root", str(small_kb)])
    assert verified.exit_code == 0, verified.stdout + verified.stderr
