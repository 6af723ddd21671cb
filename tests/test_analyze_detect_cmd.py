"""The detection commands end to end on the simulation: verdicts match the ground truth, reports
are byte-identical across runs, bad input exits 1 (data) or 2 (usage) with file:line, never a
traceback, hostile text is escaped, and --attach adds the evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from kb.analysis.simulate import example
from kb.cli import app
from kb.validation import check

INCIDENT = "2026-02-23-anthropic-claude-distillation"


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sim")
    for rel, data in example().files.items():
        (root / rel).write_bytes(data)
    return root


def run(args: list[str]) -> Result:
    return CliRunner().invoke(app, ["evidence", *args])


def _radio(sim: Path, suspect: str = "student") -> list[str]:
    """The suspect against the controls that never saw watermarked text (never the student)."""
    controls = [n for n in ("independent", "control-b", "control-c") if n != suspect]
    args = [
        "radioactivity",
        "-k",
        str(sim / "teacher-key.json"),
        "-s",
        f"{suspect}={sim / f'{suspect}-output.jsonl'}",
    ]
    for c in controls:
        args += ["-c", f"{c}={sim / f'{c}-output.jsonl'}"]
    return args


def _shared(sim: Path, suspect: str = "student") -> list[str]:
    args = [
        "shared-errors",
        "-p",
        str(sim / "probes.jsonl"),
        "-c",
        f"teacher={sim / 'answers-teacher.jsonl'}",
        "-s",
        f"{suspect}={sim / f'answers-{suspect}.jsonl'}",
    ]
    for b in ("base-a", "base-b", "base-c"):
        args += ["-b", f"{b}={sim / f'answers-{b}.jsonl'}"]
    return args


def test_radioactivity_detects_the_student(sim: Path, tmp_path: Path) -> None:
    result = run([*_radio(sim), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert data["summary"]["teacher"]["methods"]["radioactivity"] == "consistent-with"
    assert "radioactivity: consistent-with" in result.stdout


def test_radioactivity_does_not_detect_the_independent_model(sim: Path) -> None:
    result = run([*_radio(sim, "independent"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["teacher"]["methods"]["radioactivity"] == "not-detected"


def test_reports_are_byte_identical_across_runs(sim: Path, tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run([*_radio(sim), "--out", str(tmp_path / name)]).exit_code == 0
        assert run([*_shared(sim), "--out", str(tmp_path / name / "se")]).exit_code == 0
    for rel in ("report.json", "report.md", "se/report.json", "se/report.md"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_the_report_records_input_hashes_and_never_the_key(sim: Path) -> None:
    result = run([*_radio(sim), "--format", "json"])
    data = json.loads(result.stdout)
    key = json.loads((sim / "teacher-key.json").read_text("utf-8"))["key"]
    assert key not in result.stdout
    assert {i["role"] for i in data["inputs"]} == {"key", "suspect", "control"}
    assert all(len(i["sha256"]) == 64 for i in data["inputs"])


def test_watermark_detection_separates_watermarked_from_plain_text(sim: Path) -> None:
    result = run(
        [
            "watermark",
            "-k",
            str(sim / "teacher-key.json"),
            "-t",
            str(sim / "teacher-output.jsonl"),
            "-t",
            str(sim / "unwatermarked.jsonl"),
            "--format",
            "json",
        ]
    )
    assert result.exit_code == 0, result.stderr
    methods = json.loads(result.stdout)["summary"]["teacher"]["methods"]
    assert methods == {
        "watermark teacher-output": "consistent-with",
        "watermark unwatermarked": "not-detected",
    }


def test_another_key_finds_no_watermark(sim: Path) -> None:
    result = run(
        [
            "watermark",
            "-k",
            str(sim / "other-key.json"),
            "-t",
            str(sim / "teacher-output.jsonl"),
            "--format",
            "json",
        ]
    )
    assert json.loads(result.stdout)["summary"]["someone-else"]["stance"] == "context"


def test_shared_errors_find_the_student_and_not_the_independent_model(sim: Path) -> None:
    student = run([*_shared(sim), "--format", "json"])
    independent = run([*_shared(sim, "independent"), "--format", "json"])
    assert json.loads(student.stdout)["summary"]["teacher"]["methods"]["shared errors"] == "consistent-with"
    assert json.loads(independent.stdout)["summary"]["teacher"]["methods"]["shared errors"] == (
        "not-distinguishable-from-baseline"
    )


def test_the_shared_errors_report_says_shared_correct_answers_are_not_evidence(
    sim: Path, tmp_path: Path
) -> None:
    run([*_shared(sim), "--out", str(tmp_path)])
    assert "Shared correct answers are not evidence" in (tmp_path / "report.md").read_text("utf-8")


def test_an_empty_texts_file_exits_1_without_a_report(sim: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", "utf-8")
    result = run(
        ["watermark", "-k", str(sim / "teacher-key.json"), "-t", str(empty), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert f"{empty.as_posix()}:0:0: error KB510" in result.stderr
    assert not (tmp_path / "o").exists()


def test_a_one_line_corpus_of_short_text_is_refused(sim: Path, tmp_path: Path) -> None:
    short = tmp_path / "short.jsonl"
    short.write_text('{"id": 1, "text": "Yes"}\n', "utf-8")
    result = run(["watermark", "-k", str(sim / "teacher-key.json"), "-t", str(short)])
    assert result.exit_code == 1
    assert f"{short.as_posix()}:1:1: warning KB541" in result.stderr
    assert "error KB542" in result.stderr


def test_a_bad_key_file_exits_1_with_its_line(sim: Path, tmp_path: Path) -> None:
    key = tmp_path / "key.json"
    key.write_text(
        '{\n  "scheme": "kb-green-hmac-sha256-v1",\n  "key": "nothex",\n  "gamma": 0.25,\n'
        '  "context_width": 1,\n  "tokenizer": "kb-words-v1"\n}\n',
        "utf-8",
    )
    result = run(["watermark", "-k", str(key), "-t", str(sim / "teacher-output.jsonl")])
    assert result.exit_code == 1
    assert f"{key.as_posix()}:3:1: error KB543 'key' must be a hex string" in result.stderr


def test_a_tokenizer_that_does_not_load_exits_1(sim: Path, tmp_path: Path) -> None:
    pytest.importorskip("tokenizers")
    key = tmp_path / "key.json"
    data = json.loads((sim / "teacher-key.json").read_text("utf-8")) | {"tokenizer": "tokenizer.json"}
    key.write_text(json.dumps(data), "utf-8")
    tok = tmp_path / "tokenizer.json"
    tok.write_text("{broken", "utf-8")
    result = run(
        ["watermark", "-k", str(key), "-t", str(sim / "teacher-output.jsonl"), "--tokenizer", str(tok)]
    )
    assert result.exit_code == 1
    assert f"{tok.as_posix()}:0:0: error KB544" in result.stderr
    assert "Traceback" not in result.output


def test_a_model_tokenizer_scheme_without_tokenizer_is_a_usage_error(sim: Path, tmp_path: Path) -> None:
    key = tmp_path / "key.json"
    data = json.loads((sim / "teacher-key.json").read_text("utf-8")) | {"tokenizer": "tokenizer.json"}
    key.write_text(json.dumps(data), "utf-8")
    result = run(["watermark", "-k", str(key), "-t", str(sim / "teacher-output.jsonl")])
    assert result.exit_code == 2
    assert "--tokenizer" in result.stderr


def test_radioactivity_without_controls_is_a_usage_error(sim: Path) -> None:
    result = run(
        ["radioactivity", "-k", str(sim / "teacher-key.json"), "-s", str(sim / "student-output.jsonl")]
    )
    assert result.exit_code == 2


def test_answers_whose_ids_are_not_probes_exit_1_with_the_line(sim: Path, tmp_path: Path) -> None:
    bad = tmp_path / "answers.jsonl"
    bad.write_text(
        (sim / "answers-student.jsonl").read_text("utf-8") + '{"id": "q999", "answer": "x"}\n', "utf-8"
    )
    args = _shared(sim)
    args[6] = f"student={bad}"
    result = run(args)
    assert result.exit_code == 1
    assert f"{bad.as_posix()}:301:1: error KB551 id 'q999' is not in the probe set" in result.stderr


def test_hostile_text_in_an_input_is_escaped_before_printing(sim: Path, tmp_path: Path) -> None:
    bad = tmp_path / "texts.jsonl"
    bad.write_text(json.dumps({"id": "t1", "text": "a b c", "\x1b]0;pwned\x07\u202e": 1}) + "\n", "utf-8")
    result = run(["watermark", "-k", str(sim / "teacher-key.json"), "-t", str(bad)])
    assert "\x1b" not in result.output and "\u202e" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;pwned\\x07\\u202e" in result.stderr


def test_attach_adds_the_report_to_an_incident(sim: Path, small_kb: Path, tmp_path: Path) -> None:
    url = "https://example.org/radioactivity/report.json"
    result = run(
        [
            *_radio(sim),
            "--out",
            str(tmp_path / "out"),
            "--attach",
            INCIDENT,
            "--claim",
            "c-deepseek",
            "--url",
            url,
            "--publisher",
            "KB test",
            "--root",
            str(small_kb),
        ]
    )
    assert result.exit_code == 0, result.stderr
    assert "reference from claim c-deepseek (stance: supports)" in result.stderr
    text = (small_kb / "incidents" / f"{INCIDENT}.yaml").read_text("utf-8")
    cited = text.rsplit("source: ", 1)[1].split()[0]  # the evidence item just appended
    source = (small_kb / "sources" / f"{cited}.yaml").read_text("utf-8")
    assert url in source and "Watermark radioactivity: student against teacher" in source
    assert "kb evidence radioactivity" in source
    report = check(small_kb, use_cache=False)
    assert report.errors == 0, [d.as_text() for d in report.diagnostics]


def test_attach_without_out_is_a_usage_error(sim: Path) -> None:
    result = run(
        [
            *_radio(sim),
            "--attach",
            INCIDENT,
            "--claim",
            "c-deepseek",
            "--url",
            "https://e.org/r.json",
            "--publisher",
            "x",
        ]
    )
    assert result.exit_code == 2
    assert "--attach needs --out" in result.stderr


def test_fingerprint_on_the_simulated_checkpoints(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    pytest.importorskip("safetensors")
    from kb.analysis.simulate_weights import checkpoints

    for rel, data in checkpoints(7).items():
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    w = tmp_path / "weights"
    refs = [a for i in range(1, 9) for a in ("-r", str(w / f"ref-{i}.safetensors"))]
    student = run(
        [
            "fingerprint",
            "-s",
            str(w / "student.safetensors"),
            "-c",
            str(w / "teacher.safetensors"),
            *refs,
            "--format",
            "json",
        ]
    )
    independent = run(
        [
            "fingerprint",
            "-s",
            str(w / "independent.safetensors"),
            "-c",
            str(w / "teacher.safetensors"),
            *refs,
            "--format",
            "json",
        ]
    )
    assert student.exit_code == 0, student.stderr
    assert (
        json.loads(student.stdout)["summary"]["teacher"]["methods"]["weights weight cosine"]
        == "consistent-with"
    )
    assert json.loads(independent.stdout)["summary"]["teacher"]["stance"] == "context"


def test_fingerprint_with_two_references_warns_nothing_can_be_significant(tmp_path: Path) -> None:
    pytest.importorskip("numpy")
    pytest.importorskip("safetensors")
    from kb.analysis.simulate_weights import checkpoints

    for rel, data in checkpoints(7).items():
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_bytes(data)
    w = tmp_path / "weights"
    result = run(
        [
            "fingerprint",
            "-s",
            str(w / "student.safetensors"),
            "-c",
            str(w / "teacher.safetensors"),
            "-r",
            str(w / "ref-1.safetensors"),
            "-r",
            str(w / "ref-2.safetensors"),
        ]
    )
    assert result.exit_code == 0
    assert "warning KB566" in result.stderr
    assert "stance if attached: context" in result.stdout


def test_the_core_cli_does_not_import_the_optional_extras() -> None:
    import subprocess
    import sys

    code = (
        "import sys, kb.cli, kb.analysis.pipeline, kb.analysis.simulate\n"
        "print(sorted(m for m in ('numpy', 'safetensors', 'tokenizers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
