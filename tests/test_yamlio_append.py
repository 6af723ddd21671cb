"""Round-trip appends: comments, order and quoting kept; new lists created; checked re-read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.yamlio.append import append, append_item
from kb.yamlio.editor import EditError

DOC = """\
# a comment at the top
id: x
claims:
  - id: c1   # trailing comment
    evidence:
      - {ref: e1, stance: supports}
  - id: c2
evidence:
  - id: e1
    published: '2026-02-23'
last: 'yes'
"""


def test_append_block_item_keeps_everything_else() -> None:
    out = append(DOC, ("evidence",), {"id": "e2", "published": "2026-03", "note": "a: b", "n": "12"})
    assert out == DOC.replace("last: 'yes'\n", "") + (
        "  - id: e2\n    published: '2026-03'\n    note: 'a: b'\n    n: '12'\nlast: 'yes'\n"
    )


def test_append_flow_item_to_a_nested_list() -> None:
    out = append(DOC, ("claims", {"id": "c1"}, "evidence"), {"ref": "e2", "stance": "context"}, flow=True)
    assert "      - {ref: e1, stance: supports}\n      - {ref: e2, stance: context}\n  - id: c2\n" in out
    assert "  - id: c1   # trailing comment\n" in out


def test_missing_list_is_created() -> None:
    out = append(DOC, ("claims", {"id": "c2"}, "evidence"), {"ref": "e1", "stance": "context"}, flow=True)
    assert "  - id: c2\n    evidence:\n      - {ref: e1, stance: context}\nevidence:\n" in out


@pytest.mark.parametrize(
    "path", [("claims", 5, "evidence"), ("claims", {"id": "c9"}, "evidence"), ("id",), ("claims", "x")]
)
def test_bad_paths_raise(path: tuple) -> None:  # type: ignore[type-arg]
    with pytest.raises(EditError):
        append(DOC, path, {"a": "b"})


def test_unreadable_yaml_is_refused() -> None:
    with pytest.raises(EditError):
        append("a: 1\na: 2\n", ("b",), {"x": "y"})


def test_append_item_writes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(DOC, encoding="utf-8")
    append_item(path, ("evidence",), {"id": "e2"})
    assert path.read_text("utf-8").endswith("  - id: e2\nlast: 'yes'\n")


def test_an_appended_item_in_canonical_order_keeps_the_file_formatted() -> None:
    """`kb evidence analyze --attach` used to write a record that failed `kb fmt --check`: the
    new evidence item's keys were in the caller's order."""
    from kb.records import Incident
    from kb.records.evidence import Evidence
    from kb.workflow.fmt import field_order, format_source

    fixture = (Path(__file__).parent / "fixtures" / "small_kb" / "incidents"
               / "2026-02-23-anthropic-claude-distillation.yaml")
    text = fixture.read_text("utf-8")
    assert not format_source(text, "incidents/x.yaml", Incident).changed
    item = {"id": "ta1", "url": "https://example.org/report.json", "title": "Transcript analysis",
            "publisher": "Example Lab", "kind": "transcript-analysis", "date_note": "no date",
            "note": "a note"}
    unordered = append(text, ("evidence",), item)
    assert format_source(unordered, "incidents/x.yaml", Incident).changed
    done = append(text, ("evidence",), item, order=field_order(Evidence))
    done = append(done, ("claims", {"id": "c-deepseek"}, "evidence"), {"ref": "ta1", "stance": "context"},
                  flow=True)
    assert not format_source(done, "incidents/x.yaml", Incident).changed
