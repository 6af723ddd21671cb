"""The strict YAML reader: values read exactly as written, hostile input refused with a position."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.yamlio.reader import MAX_FILE_BYTES, parse_text, read_file, resolve_plain


def codes(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.column) for d in parse_text(text, "x.yaml").diagnostics]


def test_yaml11_words_stay_text() -> None:
    """NO (Norway), yes, on and unquoted dates are read as the text written, never as booleans/dates."""
    data = parse_text("a: NO\nb: yes\nc: on\nd: 2026-02-23\ne: Off\n", "x.yaml").data
    assert data == {"a": "NO", "b": "yes", "c": "on", "d": "2026-02-23", "e": "Off"}


def test_numbers_keep_their_source_text_for_messages() -> None:
    parsed = parse_text("v: 3.10\nn: 24000\n", "x.yaml")
    assert parsed.data == {"v": 3.1, "n": 24000}
    assert parsed.raw[("v",)] == "3.10"


@pytest.mark.parametrize(("text", "value"), [
    ("true", True), ("False", False), ("~", None), ("", None), ("0x1F", 31), ("1e3", 1000.0),
    ("-.inf", float("-inf")), ("12abc", "12abc"), ("Yes", "Yes"),
])
def test_core_schema_resolution(text: str, value: object) -> None:
    assert resolve_plain(text) == value


def test_duplicate_key_names_both_lines() -> None:
    parsed = parse_text("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert [(d.code, d.line, d.column) for d in parsed.diagnostics] == [("KB002", 3, 1)]
    assert "first defined on line 1" in parsed.diagnostics[0].message


def test_quoted_key_duplicate_is_still_a_duplicate() -> None:
    assert codes("a: 1\n'a': 2\n") == [("KB002", 2, 1)]


def test_anchor_and_alias_refused() -> None:
    assert codes("a: &x 1\nb: *x\n") == [("KB003", 1, 4), ("KB003", 2, 4)]


def test_custom_tag_refused() -> None:
    assert codes("a: !!python/object:os.system x\n") == [("KB004", 1, 4)]
    assert codes("a: !foo x\n") == [("KB004", 1, 4)]


def test_bom_is_accepted() -> None:
    parsed = parse_text("\ufeffid: x\n", "x.yaml")
    assert (parsed.data, parsed.diagnostics) == ({"id": "x"}, [])


def test_bidi_control_located() -> None:
    assert codes("a: ok\nb: 'x\u202ey'\n") == [("KB006", 2, 6)]


def test_tab_indentation_explained() -> None:
    parsed = parse_text("a:\n\t- b\n", "x.yaml")
    assert [(d.code, d.line) for d in parsed.diagnostics] == [("KB001", 2)]
    assert "tab" in parsed.diagnostics[0].message


@pytest.mark.parametrize(("text", "code"), [
    ("", "KB008"), ("# just a comment\n", "KB008"), ("- a\n", "KB009"), ("just text\n", "KB009"),
    ("a: 1\n---\nb: 2\n", "KB010"), ("a: " + "[" * 200 + "]" * 200 + "\n", "KB011"),
    ("? [a]\n: 1\n", "KB012"), ("a: [1\n", "KB001"),
])
def test_structural_problems(text: str, code: str) -> None:
    assert [d.code for d in parse_text(text, "x.yaml").diagnostics] == [code]


def test_oversized_file_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    parsed = read_file(big, "big.yaml")
    assert [d.code for d in parsed.diagnostics] == ["KB007"]
    assert f"{MAX_FILE_BYTES:,}" in parsed.diagnostics[0].message


def test_non_utf8_located(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_bytes(b"id: x\nname: caf\xe9\n")
    parsed = read_file(f, "bad.yaml")
    assert [(d.code, d.line, d.column) for d in parsed.diagnostics] == [("KB005", 2, 10)]


def test_directory_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").mkdir()
    assert [d.code for d in read_file(tmp_path / "d.yaml", "d.yaml").diagnostics] == ["KB014"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#\n\t ?,\u202e\ufeff0123.")), max_size=80))
def test_reader_never_raises_on_arbitrary_text(text: str) -> None:
    """Whatever the text, the reader returns data or diagnostics; it never raises."""
    parsed = parse_text(text, "x.yaml")
    assert parsed.data is None or isinstance(parsed.data, dict)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_reader_never_raises_on_arbitrary_bytes(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    f = tmp_path_factory.mktemp("b") / "x.yaml"
    f.write_bytes(raw)
    read_file(f, "x.yaml")


def test_a_number_too_long_to_convert_is_a_diagnostic_not_a_crash() -> None:
    """Python refuses int() of more than 4,300 digits: that raised a ValueError out of kb validate."""
    parsed = parse_text("value: " + "1" * 5001 + "\nname: x\n", "f.yaml")
    assert [(d.code, d.line, d.column) for d in parsed.diagnostics] == [("KB015", 1, 8)]
    assert parsed.data == {"value": None, "name": "x"}


@pytest.mark.parametrize("text", ['a: "x\\e]0;t\\a"', 'a: "\\0"', 'a: "\\x7f"', 'a: "\\x9b"',
                                  'a: "\\r"', 'a: "\\N"', '"k\\e": 1', 'a: ["ok", "\\x1b"]'])
def test_control_characters_written_as_escapes_are_refused(text: str) -> None:
    assert [d.code for d in parse_text(text + "\n", "f.yaml").diagnostics] == ["KB016"]


def test_tab_and_line_breaks_are_not_control_characters() -> None:
    assert parse_text('a: "x\\ty\\nz"\nb: |\n  one\n  two\n', "f.yaml").diagnostics == []


@pytest.mark.parametrize(("text", "line"), [("a: [" + "x, " * 1001 + "]\n", 1),
                                            ("".join(f"k{i}: 1\n" for i in range(1001)), 1001)])
def test_lists_and_mappings_are_capped(text: str, line: int) -> None:
    parsed = parse_text(text, "f.yaml")
    assert [(d.code, d.line) for d in parsed.diagnostics] == [("KB017", line)]
    assert parsed.data is None


@pytest.mark.parametrize(("src", "fragment"), [
    ("title: Acme says: it was distilled\n", "quote the whole value"),
    ("title: 'unclosed\n", "a quote is not closed"),
    ("a:\n  - x\n - y\n", "indentation"),
    ("a: [1, 2\n", "is not closed"),
])
def test_syntax_errors_carry_a_fix_hint(src: str, fragment: str) -> None:
    (d,) = parse_text(src, "actors/x.yaml").diagnostics
    assert d.code == "KB001"
    assert d.hint is not None and fragment in d.hint


# The fast path (data alone) and the full walk (positions and diagnostics) must agree.

_ROOT = Path(__file__).resolve().parent.parent
_RECORD_FOLDERS = ("incidents", "actors", "models", "policies", "datasets", "sources")


def _full(text: str) -> object:
    from kb.yamlio.reader import _parse_full

    return _parse_full(text.removeprefix("\ufeff"), "x.yaml")


def _same_as_full(text: str) -> None:
    fast, full = parse_text(text, "x.yaml"), _full(text)
    # repr: a NaN figure is not equal to itself
    assert repr((fast.data, fast.diagnostics)) == repr((full.data, full.diagnostics))  # type: ignore[attr-defined]
    assert (fast.values, fast.keys, fast.raw) == (full.values, full.keys, full.raw)  # type: ignore[attr-defined]


def _corpus() -> list[Path]:
    files = [p for folder in _RECORD_FOLDERS for p in sorted((_ROOT / folder).glob("*.yaml"))]
    return files + sorted((_ROOT / "tests" / "cases").rglob("*.yaml"))


def test_fast_path_and_full_walk_agree_on_every_record_and_case() -> None:
    """Every record of the KB and every hostile case reads the same either way: same data,
    same diagnostics, same positions (worked out lazily on the fast path)."""
    files = _corpus()
    assert len(files) > 400
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        _same_as_full(text)


def test_clean_records_take_the_fast_path() -> None:
    from kb.yamlio.reader import _parse_fast

    texts = [p.read_text("utf-8") for folder in _RECORD_FOLDERS
             for p in sorted((_ROOT / folder).glob("*.yaml"))]
    slow = [t[:60] for t in texts if _parse_fast(t) is None]
    assert slow == []


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\na: 2\n", 'a: "\\e[31m"\n', "a: b\n---\nc: d\n",
    "- a\n", "a: [1, 2\n", "? [a]\n: b\n", "a: " + "9" * 200 + "\n", "a:\n" + "  - x\n" * 1001,
    "a: " + "[" * 80 + "]" * 80 + "\n", "a: \u202eb\n", "", "a: !x {b: 1}\n", "&m a: 1\n",
])
def test_anything_unusual_leaves_the_fast_path(text: str) -> None:
    """Anchors, aliases, tags, duplicate keys, control escapes, several documents, a top-level
    list, syntax errors, complex keys, over-long numbers, too many items, deep nesting, bidi
    controls, empty files: the fast path declines and the full walk reports them."""
    from kb.yamlio.reader import _parse_fast

    assert _parse_fast(text) is None
    _same_as_full(text)


def test_long_text_that_starts_like_a_number_or_word_stays_text() -> None:
    from kb.yamlio.reader import _parse_fast

    for text in ("t" * 500, "12 accounts " * 20, "no " * 60, "-" + "x" * 300):
        assert _parse_fast(f"a: {text}\n") == {"a": text.strip()}


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.one_of(
    st.text(max_size=30), st.integers(), st.floats(allow_nan=False), st.booleans(), st.none(),
    st.lists(st.text(max_size=10), max_size=4)), max_size=6))
@settings(max_examples=200, deadline=None)
def test_fast_path_and_full_walk_agree_on_generated_mappings(data: dict[str, object]) -> None:
    import yaml

    for style in (False, True):
        _same_as_full(yaml.safe_dump(data, default_flow_style=style, allow_unicode=True))
