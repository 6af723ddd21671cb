"""Which files are record files (kb/loading/discover.py): links leading outside the knowledge base
are refused for every command, and odd entries never hang or crash a command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.loading import discover, load_kb, scan

OUTSIDE_ACTOR = "id: link\nname:   Outside\nkind: company\n"


def _validate(kb: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["validate", "--root", str(kb), "--no-cache"])
    return result.exit_code, result.stderr.splitlines()[:-1]


def test_a_record_file_linking_outside_is_refused_not_read(small_kb: Path, tmp_path: Path) -> None:
    target = tmp_path / "outside.yaml"
    target.write_text(OUTSIDE_ACTOR, "utf-8")
    (small_kb / "actors/link.yaml").symlink_to(target)

    pairs, refused = scan(small_kb)

    assert "actors/link.yaml" not in dict(pairs)
    assert [(d.file, d.code) for d in refused] == [("actors/link.yaml", "KB014")]
    assert _validate(small_kb) == (1, [
        "actors/link.yaml:0:0: error KB014 the record file is a symbolic link that leads outside "
        "the knowledge base; replace the link with the file itself, or remove it"])


def test_a_record_folder_linking_outside_is_refused(small_kb: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.move(small_kb / "models", elsewhere)
    (small_kb / "models").symlink_to(elsewhere)

    assert not any(folder == "models" for _, folder in discover(small_kb))
    code, lines = _validate(small_kb)
    assert code == 1
    assert "models/:0:0: error KB014 the record folder is a symbolic link that leads outside the " \
        "knowledge base; replace the link with the file itself, or remove it" in lines


def test_links_inside_the_knowledge_base_are_followed(small_kb: Path) -> None:
    shutil.move(small_kb / "models", small_kb / "data-models")
    (small_kb / "models").symlink_to(small_kb / "data-models")
    assert _validate(small_kb) == (0, [])


def test_commands_do_not_load_or_rewrite_a_linked_outside_file(small_kb: Path, tmp_path: Path) -> None:
    target = tmp_path / "outside.yaml"
    target.write_text(OUTSIDE_ACTOR, "utf-8")
    (small_kb / "actors/link.yaml").symlink_to(target)

    assert "link" not in load_kb(small_kb).records  # graph, site, evidence
    CliRunner().invoke(app, ["fmt", "--root", str(small_kb)])
    assert target.read_text("utf-8") == OUTSIDE_ACTOR
    assert (small_kb / "actors/link.yaml").is_symlink()


def test_a_fifo_and_a_folder_named_like_a_record_are_refused_without_hanging(small_kb: Path) -> None:
    os.mkfifo(small_kb / "actors/pipe.yaml")
    (small_kb / "actors/folder.yaml").mkdir()
    code, lines = _validate(small_kb)
    assert code == 1
    hint = "; a record is a YAML file; rename or remove this"
    assert lines == [f"actors/folder.yaml:0:0: error KB014 not a regular file{hint}",
                     f"actors/pipe.yaml:0:0: error KB014 not a regular file{hint}"]


def test_fmt_does_not_hang_on_a_pipe_named_like_a_record(small_kb: Path) -> None:
    """`kb fmt` read every discovered file: a pipe blocked it forever."""
    os.mkfifo(small_kb / "actors/pipe.yaml")
    done = subprocess.run([sys.executable, "-c", "from kb.cli import main; main()", "fmt", "--check",
                           "--root", str(small_kb)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_fmt_does_not_replace_a_link_given_by_name(small_kb: Path, tmp_path: Path) -> None:
    target = tmp_path / "outside.yaml"
    target.write_text(OUTSIDE_ACTOR, "utf-8")
    link = small_kb / "actors/link.yaml"
    link.symlink_to(target)
    result = CliRunner().invoke(app, ["fmt", "--root", str(small_kb), str(link)])
    assert result.exit_code == 1 and "KB014" in result.stderr
    assert link.is_symlink() and target.read_text("utf-8") == OUTSIDE_ACTOR


def test_a_file_name_holding_escape_sequences_is_printed_escaped(small_kb: Path) -> None:
    """Git stores any byte but / and NUL in a name: kb fmt printed such names raw."""
    hostile = small_kb / "actors/x\x1b]0;owned\x07.yaml"
    hostile.write_text("id:   x\n", "utf-8")
    for args in (["fmt", "--check"], ["fmt"], ["validate", "--no-cache"]):
        result = CliRunner().invoke(app, [*args, "--root", str(small_kb)])
        assert "\x1b" not in result.stderr + result.stdout, args
        assert "x\\x1b]0;owned\\x07.yaml" in result.stderr, args


def _names(args: tuple[str, list[tuple[str, str]]]) -> list[str]:
    return [f"{args[0]}:{file}" for file, _ in args[1]]


def test_parallel_spreads_files_and_returns_results_in_file_order(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Both cores get a mix of folders, and callers (load_kb: the first of two duplicate ids
    wins) still see results in file order."""
    from kb.loading import parallel

    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 10)
    pairs = [(f"incidents/{i:03d}.yaml", "incidents") for i in range(120)]
    assert parallel.parallel(_names, tmp_path, pairs, 2) == [f"{tmp_path}:{f}" for f, _ in pairs]
    mine, rest = parallel._split(120, 2)
    assert sorted(mine + rest) == list(range(120))
    assert 40 < len(mine) < 60 and mine[0] < 5 and mine[-1] > 115  # spread, less than half
