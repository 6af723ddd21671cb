"""`kb validate` through the CLI: output formats, streams, exit codes, path handling."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kb.cli import app

BAD_ACTOR = "id: deepseek\nname: DeepSeek\nkind: compnay\n"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_clean_kb_exits_zero_with_summary(small_kb: Path) -> None:
    code, out, err = invoke("validate", "--root", str(small_kb))
    assert code == 0
    assert out == ""
    assert err.strip() == "19 files (4 actors, 1 incident, 1 model, 13 sources): 0 errors, 0 warnings"


def test_json_format_is_machine_readable(small_kb: Path) -> None:
    (small_kb / "actors" / "deepseek.yaml").write_text(BAD_ACTOR)
    code, out, _ = invoke("validate", "--root", str(small_kb), "--format", "json")
    data = json.loads(out)
    assert code == 1
    [diag] = data["diagnostics"]
    assert (diag["file"], diag["line"], diag["column"], diag["code"], diag["field"], diag["value"]) == (
        "actors/deepseek.yaml", 3, 7, "KB104", "kind", "compnay")
    assert diag["hint"] == "did you mean 'company'?"
    assert data["summary"]["errors"] == 1


def test_github_format_annotates(small_kb: Path) -> None:
    (small_kb / "actors" / "deepseek.yaml").write_text(BAD_ACTOR)
    code, out, _ = invoke("validate", "--root", str(small_kb), "--format", "github")
    assert code == 1
    assert out.startswith("::error file=actors/deepseek.yaml,line=3,col=7,title=KB104 kind::")


def test_paths_limit_the_report(small_kb: Path) -> None:
    (small_kb / "actors" / "deepseek.yaml").write_text(BAD_ACTOR)
    code, _, err = invoke("validate", "--root", str(small_kb), str(small_kb / "models"))
    assert code == 0, err
    code, _, err = invoke("validate", "--root", str(small_kb), str(small_kb / "actors" / "deepseek.yaml"))
    assert code == 1
    assert "KB104" in err


def test_path_outside_the_kb_is_a_data_error(small_kb: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("id: x\n")
    code, _, err = invoke("validate", "--root", str(small_kb), str(small_kb / ".." / "elsewhere.yaml"))
    assert code == 1
    assert "KB014 path leads outside the knowledge base" in err


def test_symlink_out_of_the_kb_is_refused(small_kb: Path, tmp_path: Path) -> None:
    target = tmp_path / "secret.yaml"
    target.write_text("id: secret\n")
    (small_kb / "actors" / "link.yaml").symlink_to(target)
    code, _, err = invoke("validate", "--root", str(small_kb), str(small_kb / "actors" / "link.yaml"))
    assert code == 1
    assert "KB014" in err


def test_unknown_option_is_a_usage_error(small_kb: Path) -> None:
    code, _, _ = invoke("validate", "--root", str(small_kb), "--format", "xml")
    assert code == 2


def test_not_a_kb_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke("validate", "--root", str(tmp_path))
    assert code == 2
    assert "not a knowledge base" in err


def test_cache_reuses_unchanged_files_and_sees_changes(small_kb: Path) -> None:
    assert invoke("validate", "--root", str(small_kb))[0] == 0
    assert invoke("validate", "--root", str(small_kb))[0] == 0  # served from the cache
    (small_kb / "actors" / "deepseek.yaml").write_text(BAD_ACTOR + "# changed\n")
    code, _, err = invoke("validate", "--root", str(small_kb))
    assert code == 1
    assert "KB104" in err


def test_oversized_and_binary_files_do_not_crash(small_kb: Path) -> None:
    (small_kb / "actors" / "huge.yaml").write_bytes(b"a" * (2 * 1024 * 1024))
    (small_kb / "actors" / "bin.yaml").write_bytes(b"\x00\xff\xfe" * 10)
    code, _, err = invoke("validate", "--root", str(small_kb), "--no-cache")
    assert code == 1
    assert "actors/huge.yaml:1:1: error KB007" in err
    assert "actors/bin.yaml:1:2: error KB005" in err
    assert "Traceback" not in err
