"""`kb evidence analyze` end to end: report files, exit codes, diagnostics, --attach."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.validation.check import check
from tests.transcripts_synth import write

INCIDENT = "2026-02-23-anthropic-claude-distillation"
FAST = ["--bootstrap", "20", "--permutations", "300"]


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write(tmp_path_factory.mktemp("synth"))


def _args(s: dict[str, Path], suspect: str = "student") -> list[str]:
    return [
        "evidence",
        "analyze",
        "-s",
        f"{suspect}={s[suspect]}",
        "-c",
        f"teacher={s['teacher']}",
        "-b",
        str(s["base-a"]),
        "-b",
        str(s["base-b"]),
        "-b",
        str(s["base-c"]),
        "--vendor",
        "teacher=anthropic",
        *FAST,
    ]


def run(args: list[str]):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, args)


def test_writes_json_and_markdown_and_prints_a_summary(synth: dict[str, Path], tmp_path: Path) -> None:
    result = run([*_args(synth), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    data = (tmp_path / "out" / "report.json").read_text("utf-8")
    digest = hashlib.sha256(data.encode()).hexdigest()
    assert json.loads(data)["summary"]["teacher"]["stance"] == "supports"
    assert "## Caveats" in (tmp_path / "out" / "report.md").read_text("utf-8")
    assert "candidate teacher (stance if attached: supports)" in result.stdout
    assert "paired-prompt test: consistent-with" in result.stdout
    assert digest in result.stdout


def test_json_format_prints_the_report(synth: dict[str, Path]) -> None:
    result = run([*_args(synth, "independent"), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["teacher"]["stance"] == "context"


def test_bad_transcript_lines_exit_1_with_file_and_line(synth: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        synth["student"].read_text("utf-8") + '{"model": "x", "prompt": "p", "response": ""}\n{oops\n',
        encoding="utf-8",
    )
    args = _args(synth)
    args[3] = f"student={bad}"
    result = run([*args, "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{bad.as_posix()}:81:1: error KB506" in result.stderr
    assert f"{bad.as_posix()}:82:1: error KB502" in result.stderr
    assert "no report written" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--attach", INCIDENT], "--attach needs --claim"),
        (
            [
                "--attach",
                INCIDENT,
                "--claim",
                "c-deepseek",
                "--url",
                "file:///tmp/r.json",
                "--publisher",
                "X",
                "--out",
                "o",
            ],
            "not an http(s) URL",
        ),
        (["--claim", "c-deepseek"], "--claim needs --attach"),
        (["--vendor", "teacher=acme"], "unknown vendor 'acme'"),
        (["--vendor", "nobody=openai"], "expected LABEL=VENDOR"),
    ],
)
def test_usage_errors_exit_2(synth: dict[str, Path], extra: list[str], message: str) -> None:
    result = run([*_args(synth), *extra])
    assert result.exit_code == 2
    assert message in result.stderr


def test_duplicate_labels_are_a_usage_error(synth: dict[str, Path]) -> None:
    result = run(["evidence", "analyze", "-s", str(synth["student"]), "-c", str(synth["student"])])
    assert result.exit_code == 2 and "repeated: student" in result.stderr


def test_attach_adds_evidence_and_reference_keeping_the_file(
    synth: dict[str, Path], small_kb: Path, tmp_path: Path
) -> None:
    path = small_kb / "incidents" / f"{INCIDENT}.yaml"
    before = path.read_text("utf-8")
    args = [
        *_args(synth),
        "--out",
        str(tmp_path / "out"),
        "--root",
        str(small_kb),
        "--attach",
        INCIDENT,
        "--claim",
        "c-deepseek",
        "--url",
        "https://example.org/analyses/student/report.json",
        "--publisher",
        "Example analyst",
    ]
    result = run(args)
    assert result.exit_code == 0, result.stderr
    assert "added evidence ta1 and reference from claim c-deepseek (stance: supports)" in result.stderr
    after = path.read_text("utf-8")
    digest = hashlib.sha256((tmp_path / "out" / "report.json").read_bytes()).hexdigest()
    # only additions: every original line is still there, in order, comments included
    old_lines = before.splitlines()
    new_lines = after.splitlines()
    it = iter(new_lines)
    assert all(any(line == n for n in it) for line in old_lines)
    added = [n for n in new_lines if n not in old_lines]
    assert "      - {ref: ta1, stance: supports}" in added
    assert "  - id: ta1" in added and not any("sha256:" in line for line in added)
    [source_line] = [n for n in added if n.startswith("    source: ")]
    source = (small_kb / "sources" / f"{source_line.split(': ')[1]}.yaml").read_text("utf-8").splitlines()
    assert any(line.startswith("note: ") and f"report.json SHA-256: {digest}" in line for line in source)
    assert f"the sha256 it records must be {digest}" in result.stderr
    assert f"kb evidence capture --record {INCIDENT} --evidence ta1" in result.stderr
    assert "kind: transcript-analysis" in source and not any("sha256:" in line for line in source)
    assert "url: https://example.org/analyses/student/report.json" in source
    report = check(small_kb, use_cache=False)
    assert report.errors == 0, [d.as_text() for d in report.diagnostics]
    # running again with the same report changes nothing
    again = run(args)
    assert again.exit_code == 0 and "already attached as ta1" in again.stderr
    assert path.read_text("utf-8") == after


def test_attach_with_a_null_result_gives_context_never_disputes(
    synth: dict[str, Path], small_kb: Path, tmp_path: Path
) -> None:
    result = run(
        [
            *_args(synth, "independent"),
            "--out",
            str(tmp_path / "o"),
            "--root",
            str(small_kb),
            "--attach",
            INCIDENT,
            "--claim",
            "c-minimax",
            "--url",
            "https://example.org/r.json",
            "--publisher",
            "Example analyst",
        ]
    )
    assert result.exit_code == 0, result.stderr
    assert "(stance: context)" in result.stderr
    text = (small_kb / "incidents" / f"{INCIDENT}.yaml").read_text("utf-8")
    assert "{ref: ta1, stance: context}" in text


def test_attach_to_unknown_record_or_claim_exits_1(
    synth: dict[str, Path], small_kb: Path, tmp_path: Path
) -> None:
    base = [
        *_args(synth),
        "--out",
        str(tmp_path / "o"),
        "--root",
        str(small_kb),
        "--url",
        "https://example.org/r",
        "--publisher",
        "X",
    ]
    before = (small_kb / "incidents" / f"{INCIDENT}.yaml").read_text("utf-8")
    r1 = run([*base, "--attach", INCIDENT[:-1], "--claim", "c-deepseek"])
    assert r1.exit_code == 1 and "KB531" in r1.stderr and f"did you mean '{INCIDENT}'" in r1.stderr
    r2 = run([*base, "--attach", INCIDENT, "--claim", "c-nobody"])
    assert r2.exit_code == 1 and "claims: c-deepseek, c-minimax, c-moonshot" in r2.stderr
    r3 = run([*base, "--attach", INCIDENT, "--claim", "c-deepseek", "--publisher", "bad\u202etext"])
    assert r3.exit_code == 1 and "KB532" in r3.stderr
    assert (small_kb / "incidents" / f"{INCIDENT}.yaml").read_text("utf-8") == before


def test_a_url_already_used_for_another_report_is_refused(synth: dict[str, Path], small_kb: Path,
                                                           tmp_path: Path) -> None:
    base = ["--out", str(tmp_path / "o"), "--root", str(small_kb), "--attach", INCIDENT, "--claim",
            "c-deepseek", "--url", "https://example.org/r.json", "--publisher", "X"]
    assert run([*_args(synth), *base]).exit_code == 0
    before = (small_kb / "incidents" / f"{INCIDENT}.yaml").read_text("utf-8")
    other = run([*_args(synth, "independent"), *base])
    assert other.exit_code == 1 and "KB533" in other.stderr
    assert "already holds https://example.org/r.json" in other.stderr
    assert (small_kb / "incidents" / f"{INCIDENT}.yaml").read_text("utf-8") == before


def test_several_candidates_need_for_candidate(
    synth: dict[str, Path], small_kb: Path, tmp_path: Path
) -> None:
    args = [
        *_args(synth),
        "-c",
        f"other={synth['other']}",
        "--out",
        str(tmp_path / "o"),
        "--root",
        str(small_kb),
        "--attach",
        INCIDENT,
        "--claim",
        "c-deepseek",
        "--url",
        "https://example.org/r",
        "--publisher",
        "X",
    ]
    r1 = run(args)
    assert r1.exit_code == 1 and "--for-candidate" in r1.stderr
    r2 = run([*args, "--for-candidate", "other"])
    assert r2.exit_code == 0 and "(stance: context)" in r2.stderr
