"""kb/cli/common.py and the `kb` app: one output format, one error path, consistent options."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from kb import __version__
from kb.cli import app
from kb.cli.common import KbGroup
from kb.errors import KbError

runner = CliRunner()


def _commands() -> list[tuple[str, Any]]:
    root = typer.main.get_command(app)
    out: list[tuple[str, Any]] = []

    def walk(command: Any, name: str) -> None:
        out.append((name, command))
        if hasattr(command, "list_commands"):
            ctx = typer.Context(command)
            for sub in command.list_commands(ctx):
                walk(command.get_command(ctx, sub), f"{name} {sub}")

    walk(root, "kb")
    return out


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"kb (distillation-kb) {__version__}\n")


@pytest.mark.parametrize("args", [["-h"], ["validate", "-h"], ["graph", "lineage", "-h"],
                                  ["evidence", "verify", "-h"]])
def test_dash_h_is_help(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and result.stdout.startswith("Usage: ")


def test_dash_o_is_always_a_file_and_out_always_a_folder() -> None:
    """`-o/--output FILE` and `--out DIR` mean the same on every command."""
    seen = 0
    for name, command in _commands():
        for param in command.params:
            if param.param_type_name != "option":  # typer vendors click: compare by name
                continue
            shown = param.get_help_record(typer.Context(command))[0]  # e.g. '--out <dir>'
            if "-o" in param.opts or "--output" in param.opts:
                assert shown == "-o, --output <file>", name
                seen += 1
            if "--out" in param.opts:
                assert shown == "--out <dir>", name
                seen += 1
    assert seen >= 4


def test_an_unknown_option_value_and_a_usage_error_both_exit_2(small_kb: Path) -> None:
    bad_choice = runner.invoke(app, ["validate", "--format", "xml", "--root", str(small_kb)])
    bad_combo = runner.invoke(app, ["validate", "--base", "main", "--root", str(small_kb)])
    bad_id = runner.invoke(app, ["mv", "no-such-id", "x", "--root", str(small_kb)])
    assert [r.exit_code for r in (bad_choice, bad_combo, bad_id)] == [2, 2, 2]


def test_validate_help_names_the_real_cache_folder() -> None:
    from kb.validation.cache import cache_dir

    text = " ".join(runner.invoke(app, ["validate", "--help"]).stdout.split())
    assert ".kb-cache" not in text
    assert cache_dir().name in text and "XDG_CACHE_HOME" in text


def test_a_kb_error_is_one_coded_line_and_exit_1_or_2() -> None:
    """Every command prints library errors the same way (KbGroup), without a traceback."""
    test_app = typer.Typer(cls=KbGroup)

    @test_app.command()
    def data() -> None:
        raise KbError.of("KB611", "cannot edit", file="actors/x.yaml", line=3, column=1, hint="fix it")

    @test_app.command()
    def usage() -> None:
        raise KbError.of("KB608", "no record has the id 'x'", usage=True)

    first = runner.invoke(test_app, ["data"])
    assert (first.exit_code, first.stderr) == (1, "actors/x.yaml:3:1: error KB611 cannot edit; fix it\n")
    second = runner.invoke(test_app, ["usage"])
    assert (second.exit_code, second.stderr) == (2, "kb: error KB608 no record has the id 'x'\n")


def test_fmt_check_annotates_unformatted_files_for_github(small_kb: Path) -> None:
    target = small_kb / "models" / "claude.yaml"
    target.write_text(target.read_text().replace("'2026-11-29'", "2026-11-29"))
    result = runner.invoke(app, ["fmt", "--check", "--format", "github", "--root", str(small_kb)])
    assert result.exit_code == 1
    assert result.stdout == "::error file=models/claude.yaml,line=1,col=1,title=KB602::not formatted; " \
                            "run `kb fmt models/claude.yaml`\n"


def test_json_output_is_one_document_with_diagnostics_and_summary(small_kb: Path) -> None:
    target = small_kb / "models" / "claude.yaml"
    target.write_text(target.read_text().replace("'2026-11-29'", "2026-11-29"))
    for args in (["fmt", "--check"], ["validate"], ["evidence", "verify"]):
        result = runner.invoke(app, [*args, "--format", "json", "--root", str(small_kb)])
        document = json.loads(result.stdout)
        assert set(document) == {"diagnostics", "summary"}, args


def test_data_commands_refuse_github_format(small_kb: Path) -> None:
    result = runner.invoke(app, ["graph", "stats", "--format", "github", "--root", str(small_kb)])
    assert result.exit_code == 2 and "use text or json" in result.stderr
