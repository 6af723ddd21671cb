"""The round-trip YAML editor keeps comments, key order and style, and edits atomically."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.yamlio.editor import EditError, apply, get_in, set_in
from kb.yamlio.reader import parse_text

REPO = Path(__file__).resolve().parent.parent
RECORDS = sorted(p for folder in ("incidents", "actors", "models", "policies")
                 for p in (REPO / folder).glob("*.yaml"))

SAMPLE = """\
# a comment at the top
id: x  # trailing comment
zeta: 1
alpha: two
evidence:
  # comment inside a list
  - id: e1
    url: https://example.org/a
    note: keep me last
  - {id: e2, url: 'https://example.org/b'}
"""


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_untouched_record_round_trips_byte_for_byte(path: Path) -> None:
    text = path.read_text("utf-8")
    assert apply(text, []) == text


def test_set_keeps_comments_and_key_order() -> None:
    new = apply(SAMPLE, [(("evidence", {"id": "e1"}, "sha256"), "ab" * 32)], before=("note",))
    assert new == SAMPLE.replace(
        "    note: keep me last", f"    sha256: {'ab' * 32}\n    note: keep me last")


def test_existing_value_is_replaced_in_place() -> None:
    new = apply(SAMPLE, [(("alpha",), "three")])
    assert new == SAMPLE.replace("alpha: two", "alpha: three")


def test_flow_mapping_item_can_be_edited() -> None:
    new = apply(SAMPLE, [(("evidence", 1, "captured"), "2026-11-29")])
    assert "- {id: e2, url: 'https://example.org/b', captured: '2026-11-29'}" in new


@pytest.mark.parametrize("value", ["2026-11-29", "1234", "12e45", "true", "null", "NO", " x"])
def test_strings_that_would_read_as_something_else_are_quoted(value: str) -> None:
    new = apply(SAMPLE, [(("alpha",), value)])
    assert parse_text(new, "t").data["alpha"] == value  # type: ignore[index]
    assert f"alpha: '{value}'" in new


@pytest.mark.parametrize("path,problem", [
    (("evidence", {"id": "e9"}, "sha256"), "no item"),
    (("evidence", {"url": None}, "sha256"), "no item"),
    (("nope", "x"), "does not exist"),
    (("evidence", 7, "x"), "does not exist"),
    (("alpha", "x"), "not a mapping"),
])
def test_unresolvable_path_is_an_error(path: tuple[object, ...], problem: str) -> None:
    with pytest.raises(EditError, match=problem):
        apply(SAMPLE, [(path, "v")])  # type: ignore[list-item]


def test_ambiguous_selector_is_an_error() -> None:
    text = SAMPLE.replace("id: e2", "id: e1")
    with pytest.raises(EditError, match="2 items"):
        apply(text, [(("evidence", {"id": "e1"}, "x"), "v")])


def test_file_that_does_not_read_cleanly_is_not_edited() -> None:
    with pytest.raises(EditError, match="does not read cleanly"):
        apply("a: 1\na: 2\n", [(("b",), "v")])


def test_set_in_writes_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(SAMPLE, "utf-8")
    assert set_in(path, ("evidence", {"id": "e1"}, "captured"), "2026-11-29")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]
    assert "# comment inside a list" in path.read_text("utf-8")
    assert not set_in(path, ("evidence", {"id": "e1"}, "captured"), "2026-11-29")


def test_failed_edit_leaves_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(SAMPLE, "utf-8")
    with pytest.raises(EditError):
        set_in(path, ("evidence", {"id": "missing"}, "captured"), "2026-11-29")
    assert path.read_text("utf-8") == SAMPLE


def test_get_in_reads_by_selector() -> None:
    data = parse_text(SAMPLE, "t").data
    assert get_in(data, ("evidence", {"id": "e2"}, "url")) == "https://example.org/b"
    with pytest.raises(KeyError):
        get_in(data, ("evidence", {"id": "e3"}, "url"))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
def test_any_text_value_reads_back_exactly(value: str) -> None:
    from kb.records.types import BIDI_CONTROLS

    if any(c in BIDI_CONTROLS or c in "\u2028\u2029\x85\ufeff" for c in value):
        return
    new = apply(SAMPLE, [(("alpha",), value)])
    assert parse_text(new, "t").data["alpha"] == value  # type: ignore[index]
    assert new.startswith("# a comment at the top\nid: x  # trailing comment\nzeta: 1\n")
