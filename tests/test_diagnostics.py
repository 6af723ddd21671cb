"""Diagnostics renderers (kb/diagnostics.py): hostile text can neither drive the terminal nor
forge a line, in every output format."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kb.cli import app
from kb.diagnostics import Diagnostic, printable, render_json

TITLE = "\x1b]0;pwned\x07"
FORGED = "\nincidents/fake.yaml:1:1: error KB999 forged"
HOSTILE = Diagnostic("actors/a\nb.yaml", "KB107", f"'{TITLE}{FORGED}' is not valid", 2, 5, ("id",),
                     value=f"{TITLE}\u202e", hint="use a slug\r\u2028")


def _raw_controls(text: str) -> list[str]:
    return [c for c in text if not c.isprintable() and c != "\n"]


def test_printable_escapes_controls_bidi_and_line_breaks_visibly() -> None:
    assert printable("a\x1b]0;x\x07\n\t\x7f\x9b\u202e\u200b\U000e0001 é") == (
        "a\\x1b]0;x\\x07\\n\\t\\x7f\\x9b\\u202e\\u200b\\U000e0001 é")


def test_text_format_is_one_line_without_control_characters() -> None:
    text = HOSTILE.as_text()
    assert "\n" not in text and _raw_controls(text) == []
    assert "\\x1b]0;pwned\\x07" in text and text.startswith("actors/a\\nb.yaml:2:5:")


def test_github_format_escapes_properties_and_message() -> None:
    line = Diagnostic("x%,y:z.yaml", "KB107", "50% off\x1b[2J", 1, 1, ("a,b", "c:d")).as_github()
    assert _raw_controls(line) == [] and "\n" not in line
    assert line.startswith("::error file=x%25%2Cy%3Az.yaml,line=1,col=1,title=KB107 a%2Cb.c%3Ad::")
    assert line.endswith("::50%25 off\\x1b[2J")


def test_github_format_cannot_forge_a_second_command() -> None:
    line = HOSTILE.as_github()
    assert "\n" not in line and "\r" not in line and _raw_controls(line) == []


def test_json_escapes_every_non_printable_and_keeps_the_values() -> None:
    out = render_json([HOSTILE], {})
    assert _raw_controls(out) == []
    data = json.loads(out)["diagnostics"][0]
    assert data["value"] == f"{TITLE}\u202e" and data["hint"] == "use a slug\r\u2028"


def test_validate_cannot_be_made_to_retitle_the_terminal_or_forge_a_line(small_kb: Path) -> None:
    record = small_kb / "actors/minimax.yaml"
    record.write_text(record.read_text("utf-8").replace(
        "id: minimax", 'id: "minimax\\e]0;pwned\\a\\nincidents/fake.yaml:1:1: error KB999 forged"'),
        "utf-8")
    for fmt in ("text", "github", "json"):
        result = CliRunner().invoke(app, ["validate", "--root", str(small_kb), "--no-cache",
                                          "--format", fmt])
        output = result.stdout + result.stderr
        assert result.exit_code == 1
        assert _raw_controls(output) == [], fmt
        assert not any(line.startswith("incidents/fake.yaml") for line in output.splitlines()), fmt


def test_graph_text_output_escapes_record_text(small_kb: Path) -> None:
    record = small_kb / "actors/minimax.yaml"
    record.write_text(record.read_text("utf-8").replace(
        "name: MiniMax", 'name: "MiniMax\\e]0;pwned\\a"'), "utf-8")
    result = CliRunner().invoke(app, ["graph", "implicated", "minimax", "--root", str(small_kb)])
    assert result.exit_code == 0, result.stderr
    assert "MiniMax\\x1b]0;pwned\\x07" in result.stdout
    assert _raw_controls(result.stdout) == []


def test_a_megabyte_long_unknown_key_is_shown_clipped(small_kb: Path) -> None:
    """One 900 KB key printed a 1.8 MB diagnostic line (field path and message)."""
    with (small_kb / "actors/deepseek.yaml").open("a", encoding="utf-8") as fh:
        fh.write("? " + "k" * 900_000 + "\n: x\n")
    result = CliRunner().invoke(app, ["validate", "--root", str(small_kb), "--no-cache"])
    assert result.exit_code == 1
    assert "KB101" in result.stderr and len(result.stderr) < 1000
