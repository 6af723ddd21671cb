"""`kb fmt`: canonical formatting that never changes what kb reads, is idempotent and keeps
comments (a hypothesis property test), plus the CLI's refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kb.cli import app
from kb.records import KINDS, Incident
from kb.records.types import BIDI_CONTROLS
from kb.workflow.fmt import _typed, field_order, format_source
from kb.yamlio.format import scalar
from kb.yamlio.quoting import misread_elsewhere
from kb.yamlio.reader import parse_text

runner = CliRunner()

# Plain scalars that different YAML readers disagree about, and ordinary text.
TRICKY = ["2026-02-23", "2026-2-3", "2026-02", "2026", "NO", "no", "yes", "on", "Off", "y", "~",
          "null", "true", "False", "0o17", "012", "0x1F", "1_000", "1:20", "1.5", ".inf", "-.5e3",
          "3.10", "=", "<<", ".nan", ".NaN", "-.Inf", "0b101", "AML.T0024.002", "e1", "c-minimax",
          "1e5", "+1", "2026-02-23T10:00:00Z",
          "hello world", "Anthropic", "a - b", "x:y", "50%"]
KEYS = [*Incident.model_fields, "zeta", "alpha"]

# Bidirectional controls are refused by the reader by design (KB006), so they are not words.
words = st.sampled_from(TRICKY) | st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                           exclude_characters=BIDI_CONTROLS),
    min_size=1, max_size=12)


def _plain_means_itself(value: str) -> bool:
    """Whether `value` written plain is a scalar at all: '>' starts a block scalar, '?' a complex
    key, '- x' a list. (Plain numbers, booleans and dates are kept: they are the point.)"""
    data = parse_text(f"k: {value}\n", "x.yaml").data
    if not isinstance(data, dict) or set(data) != {"k"}:
        return False
    read = data["k"]
    return read == value if isinstance(read, str) else not isinstance(read, dict | list)


def render_scalar(draw: st.DrawFn, value: str) -> str:
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "plain" and _plain_means_itself(value):
        return value
    if style == "plain":
        style = "single"
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def comment(counter: list[int]) -> str:
    counter[0] += 1
    return f"# note {counter[0]}"


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A YAML mapping in random styles, with full-line and end-of-line comments."""
    counter = [0]
    comments: list[str] = []

    def maybe_comment(indent: str) -> list[str]:
        if draw(st.booleans()):
            c = comment(counter)
            comments.append(c)
            return [indent + c]
        return []

    def eol() -> str:
        if draw(st.integers(0, 3)) == 0:
            c = comment(counter)
            comments.append(c)
            return "  " + c
        return ""

    def block_mapping(indent: str, depth: int, first_prefix: str | None = None) -> list[str]:
        keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=5, unique=True))
        lines: list[str] = []
        for i, key in enumerate(keys):
            lead = first_prefix if (i == 0 and first_prefix is not None) else indent
            if i > 0 or first_prefix is None:
                lines += maybe_comment(indent)
            kind = draw(st.sampled_from(["scalar", "scalar", "flow", "block-seq", "map"]
                                        if depth < 2 else ["scalar", "flow"]))
            if kind == "scalar":
                lines.append(f"{lead}{key}: {render_scalar(draw, draw(words))}{eol()}")
            elif kind == "flow":
                items = draw(st.lists(words, max_size=3))
                lines.append(f"{lead}{key}: [{', '.join(render_scalar(draw, w) for w in items)}]{eol()}")
            elif kind == "block-seq":
                lines.append(f"{lead}{key}:")
                for _ in range(draw(st.integers(1, 3))):
                    if draw(st.booleans()):
                        lines.append(f"{indent}  - {render_scalar(draw, draw(words))}{eol()}")
                    else:
                        lines += block_mapping(indent + "    ", depth + 1, first_prefix=f"{indent}  - ")
            else:
                lines.append(f"{lead}{key}:")
                lines += block_mapping(indent + "  ", depth + 1)
        return lines

    lines = maybe_comment("") + block_mapping("", 0)
    return "\n".join(lines) + "\n", comments


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                   HealthCheck.too_slow])
@given(documents())
def test_fmt_keeps_every_value_and_comment_and_is_idempotent(doc: tuple[str, list[str]]) -> None:
    """Formatting never changes what kb reads, keeps every comment, and a second run is a no-op."""
    text, comments = doc
    before = parse_text(text, "x.yaml")
    assume(not before.diagnostics and isinstance(before.data, dict))
    once = format_source(text, "incidents/x.yaml", Incident)
    assert once.diagnostics == [], text
    assert once.text is not None
    after = parse_text(once.text, "x.yaml")
    assert after.diagnostics == []
    assert _typed(after.data) == _typed(before.data)
    for c in comments:
        assert c in once.text, (c, text, once.text)
    twice = format_source(once.text, "incidents/x.yaml", Incident)
    assert twice.text == once.text
    assert not twice.changed


def test_fmt_refuses_to_drop_a_comment_it_cannot_keep() -> None:
    """A comment on an empty block-scalar header is lost by the round-trip writer: kb fmt refuses
    (KB605) instead of writing the file without it."""
    out = format_source("id: x\nformer_ids:\n  - >  # note\n", "incidents/x.yaml", Incident)
    assert [d.code for d in out.diagnostics] == ["KB605"]
    assert out.text is None
    assert "'# note'" in out.diagnostics[0].message


@given(words)
def test_scalar_reads_back_as_the_same_text(value: str) -> None:
    """`scalar()` (used by `kb new` for titles) writes text every reader takes as that string."""
    assume(value.isprintable() or "\n" not in value)
    parsed = parse_text(f"k: {scalar(value)}\n", "x.yaml")
    assert parsed.diagnostics == []
    assert parsed.data == {"k": value}


@pytest.mark.parametrize("text", ["2026-02-23", "NO", "yes", "1:20", "2026-02-23T10:00:00Z", "="])
def test_ambiguous_plain_text_is_quoted(text: str) -> None:
    """Plain text that YAML 1.1 readers or ruamel would turn into a date or boolean is quoted."""
    assert misread_elsewhere(text)
    out = format_source(f"id: x\nkind: {text}\n", "actors/x.yaml", KINDS["actors"])
    assert out.text == f"id: x\nkind: '{text}'\n"


def test_nan_is_read_not_crashed_on() -> None:
    """Regression: a plain `.NaN` made the strict reader raise instead of reading a float."""
    assert repr(parse_text("a: .NaN\nb: .nan\nc: -.Inf\n", "x.yaml").data) == (
        "{'a': nan, 'b': nan, 'c': -inf}")


def test_numbers_keep_their_spelling() -> None:
    """A plain number is written back exactly as found (0o17 is not rewritten to 15)."""
    src = "id: x\na: 0o17\nb: 012\nc: 1e5\nd: ~\ne:\n"
    out = format_source(src, "actors/x.yaml", None)
    assert out.text == src
    assert not out.changed


def test_keys_follow_the_record_type_with_comments_attached() -> None:
    src = ("# head\nsources_reviewed_up_to: '2026-11-29'\nkind: company\n# the name\nname: Acme  # eol\n"
           "id: acme\n")
    out = format_source(src, "actors/acme.yaml", KINDS["actors"])
    assert out.text is not None
    keys = [line.split(":")[0] for line in out.text.splitlines() if not line.startswith("#")]
    assert keys == ["id", "name", "kind", "sources_reviewed_up_to"]
    assert "# the name\nname: Acme  # eol" in out.text
    assert out.text.startswith("# head\n")


def test_comments_travel_with_the_key_they_introduce_past_block_values() -> None:
    """A comment above a key used to stay with the key above it when that key's value was a
    block list or mapping; an end-of-file comment used to move mid-file."""
    src = ("id: x\n# about the evidence\nevidence:\n  - id: e1\n    url: https://a.example/\n"
           "    publisher: A\n    kind: news  # eol stays\n# about the title\ntitle: T\n"
           "# about the claims\nclaims:\n  - id: c1\n    status: alleged\n"
           "# about the summary\nsummary: >-\n  Text.\n# end of the file\n")
    out = format_source(src, "incidents/x.yaml", Incident)
    assert out.text is not None
    lines = out.text.splitlines()
    keys = [line.split(":")[0] for line in lines if line[:1].isalpha()]
    assert keys == ["id", "title", "summary", "claims", "evidence"]
    for key in ("evidence", "title", "claims", "summary"):
        assert lines[lines.index(f"# about the {key}") + 1].startswith(f"{key}:"), out.text
    assert lines[-1] == "# end of the file"
    assert "kind: news  # eol stays" in out.text
    assert format_source(out.text, "incidents/x.yaml", Incident).changed is False


def test_nested_keys_are_ordered_by_their_own_type() -> None:
    src = ("claims:\n  - status: alleged\n    id: c1\n    evidence:\n"
           "      - stance: supports\n        ref: e1\n")
    out = format_source(src, "incidents/x.yaml", Incident)
    assert out.text == ("claims:\n  - id: c1\n    status: alleged\n    evidence:\n"
                        "      - ref: e1\n        stance: supports\n")


def test_canonical_order_puts_sources_and_bookkeeping_last() -> None:
    order = field_order(Incident)
    assert order[0] == "id"
    assert order[-7:] == ["evidence", "former_ids", "withdrawn", "superseded_by",
                          "editorial_note", "sources_reviewed_up_to", "last_checked_live"]


@pytest.mark.parametrize("src,code", [
    ("title: [unclosed\n", "KB001"),
    ("id: a\nid: b\n", "KB002"),
    ("a: &x 1\nb: *x\n", "KB003"),
    ("- id: a\n", "KB009"),
])
def test_files_with_yaml_errors_are_refused_in_one_line(src: str, code: str) -> None:
    """One KB603 naming the YAML error: `kb validate` reports the error itself, so the
    pre-commit hooks do not print it twice over."""
    out = format_source(src, "actors/x.yaml", KINDS["actors"])
    assert out.text is None
    assert [d.code for d in out.diagnostics] == ["KB603"]
    assert f"YAML error {code}" in out.diagnostics[0].message


def test_fixture_records_are_formatted(small_kb: Path) -> None:
    """The test KB is in canonical form (CI runs the same check on the repository)."""
    result = runner.invoke(app, ["fmt", "--check", "--root", str(small_kb)])
    assert result.exit_code == 0, result.stderr
    assert "0 would be reformatted, 0 with errors" in result.stderr


def test_cli_fmt_writes_then_check_passes(small_kb: Path) -> None:
    target = small_kb / "actors" / "deepseek.yaml"
    original = target.read_text()
    target.write_text(original.replace("kind: company\n", "").replace("id: deepseek\n",
                                                                    "id: deepseek\nkind: company\n"))
    assert runner.invoke(app, ["fmt", "--check", "--root", str(small_kb)]).exit_code == 1
    result = runner.invoke(app, ["fmt", "--root", str(small_kb)])
    assert result.exit_code == 0, result.stderr
    assert "formatted actors/deepseek.yaml" in result.stderr
    assert target.read_text() == original
    assert runner.invoke(app, ["fmt", "--check", "--root", str(small_kb)]).exit_code == 0


def test_cli_fmt_check_reports_and_writes_nothing(small_kb: Path) -> None:
    target = small_kb / "actors" / "deepseek.yaml"
    target.write_text(target.read_text().replace("'CN'", "CN").replace("'2026-11-29'", "2026-11-29"))
    before = target.read_text()
    result = runner.invoke(app, ["fmt", "--check", "--root", str(small_kb), str(target)])
    assert result.exit_code == 1
    assert "KB602" in result.stderr
    assert target.read_text() == before
    diff = runner.invoke(app, ["fmt", "--diff", "--root", str(small_kb), str(target)])
    assert "+sources_reviewed_up_to: '2026-11-29'" in diff.stdout
    assert target.read_text() == before


def test_cli_fmt_leaves_a_broken_file_untouched(small_kb: Path) -> None:
    target = small_kb / "actors" / "deepseek.yaml"
    target.write_text("id: deepseek\nname: [DeepSeek\n")
    before = target.read_bytes()
    result = runner.invoke(app, ["fmt", "--root", str(small_kb)])
    assert result.exit_code == 1
    assert "actors/deepseek.yaml" in result.stderr and "KB603" in result.stderr
    assert target.read_bytes() == before


def test_scaffolds_are_already_formatted(small_kb: Path) -> None:
    for kind in ("incident", "policy", "actor", "model"):
        result = runner.invoke(app, ["new", kind, "--title", f"Acme {kind}", "--date", "2026-03-01",
                                     "--root", str(small_kb)])
        assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["fmt", "--check", "--root", str(small_kb)])
    assert result.exit_code == 0, result.stderr
