"""`kb graph ...` through the CLI: data on stdout, notes on stderr, exit 0 / 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from kb.cli import app
from kb.graph.export import FORMATS
from tests.graph_helpers import actor, lineage_kb

INC = "2026-01-10-lab-a-accuses-lab-b"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    lineage_kb(tmp_path)
    actor(tmp_path, "hermit")
    return tmp_path


def run(kb: Path, *args: str) -> Result:
    return CliRunner().invoke(app, ["graph", *args, "--root", str(kb)])


def test_lineage_text_shows_each_step_with_its_claim(kb: Path) -> None:
    result = run(kb, "lineage", "teacher")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Teacher Model (teacher, model): downward lineage, who is claimed or declared to derive from it",
        "  Student (student, model)",
        f"      student distilled-from teacher: alleged by lab-a on 10 January 2026 [{INC}#c1] "
        "(1 source cited; strongest source read by the editors: primary-statement; "
        "lab-b denied it on 20 January 2026)",
        "    Grandchild (grandchild, model)  via teacher -> student",
        "        grandchild derived-from student (fine-tune): self-declared by lab-c",
    ]
    assert result.stderr == "2 found\n"


def test_lineage_up_as_json(kb: Path) -> None:
    result = run(kb, "lineage", "grandchild", "--up", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["root"], data["direction"]) == ("grandchild", "up")
    assert [e["node"] for e in data["entries"]] == ["student", "teacher"]
    assert data["entries"][1]["steps"][0]["key"] == f"{INC}#c1"


def test_unknown_node_is_a_usage_error_with_did_you_mean(kb: Path) -> None:
    result = run(kb, "lineage", "teachr")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("kb: error: no actor, model, incident or policy called 'teachr'; "
                             "did you mean 'teacher'?\n")


@pytest.mark.parametrize(("args", "message"), [
    (("lineage", "teacher", "--status", "aleged"), "unknown claim status 'aleged'; did you mean 'alleged'?"),
    (("lineage", "teacher", "--as-of", "2026-13"), "--as-of '2026-13' is not a date"),
    (("path", "teacher", "nobody-at-all"), "no actor, model, incident or policy called 'nobody-at-all'"),
])
def test_bad_arguments_exit_2_without_a_traceback(kb: Path, args: tuple[str, ...], message: str) -> None:
    result = run(kb, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_implicated_json_groups(kb: Path) -> None:
    data = json.loads(run(kb, "implicated", "student", "-f", "json").stdout)
    assert [m["node"] for m in data["groups"]["claimants"]] == ["lab-a"]


def test_path_text_and_no_path(kb: Path) -> None:
    result = run(kb, "path", "Lab-C", "student")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Lab-C (lab-c, actor)",
        "  | lab-c developer-of grandchild",
        "Grandchild (grandchild, model)",
        "  | grandchild derived-from student (fine-tune): self-declared by lab-c",
        "Student (student, model)",
    ]
    none = run(kb, "path", "hermit", "student", "-f", "json")
    assert (none.exit_code, json.loads(none.stdout)["hops"]) == (0, None)


def test_contested_and_stats_as_json(kb: Path) -> None:
    contested = json.loads(run(kb, "contested", "-f", "json").stdout)
    assert [(c["subject"], c["object"]) for c in contested] == [("lab-b", "lab-a"), ("student", "teacher")]
    stats = json.loads(run(kb, "stats", "-f", "json").stdout)
    assert stats["most_accused"] == [["lab-b", 2]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_to_stdout_and_to_a_file_agree(kb: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    to_stdout = run(kb, "export", "--format", fmt)
    to_file = run(kb, "export", "--format", fmt, "-o", str(out))
    assert (to_stdout.exit_code, to_file.exit_code) == (0, 0)
    assert out.read_text("utf-8") == to_stdout.stdout
    assert to_file.stderr == f"wrote {out}\n"
    assert run(kb, "export", "--format", fmt, "-o", str(out)).stderr == f"unchanged {out}\n"


def test_broken_files_are_left_out_with_a_note(kb: Path) -> None:
    (kb / "actors" / "broken.yaml").write_text("id: [unclosed\n", "utf-8")
    result = run(kb, "lineage", "teacher")
    assert result.exit_code == 0
    assert "1 record file could not be loaded and is left out; run `kb validate`" in result.stderr
