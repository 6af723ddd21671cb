"""Round-trip appends to lists in hand-written YAML (a new evidence item, a new reference).

The companion of :mod:`kb.yamlio.editor` (which sets values): this adds an item at the end of
a list, creating the list if its key is missing, keeps comments, key order and quoting, checks
that the file reads back as the old data plus the new item, and writes atomically.

    append_item(path, ("claims", {"id": "c1"}, "evidence"), {"ref": "e9", "stance": "context"}, flow=True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kb.fileio import write_atomic
from kb.yamlio.editor import EditError, edit, quoted_if_ambiguous, read_for_edit

Segment = str | int | Mapping[str, object]
def _walk(node: object, path: Sequence[Segment]) -> object:
    for i, seg in enumerate(path):
        where = path[: i + 1]
        if isinstance(seg, Mapping):
            if not isinstance(node, list):
                raise EditError(f"{where!r}: not a list")
            hits = [x for x in node if isinstance(x, Mapping) and all(x.get(k) == v for k, v in seg.items())]
            if len(hits) != 1:
                raise EditError(f"{where!r}: {len(hits)} items match")
            node = hits[0]
        elif isinstance(seg, int):
            if not isinstance(node, list) or not -len(node) <= seg < len(node):
                raise EditError(f"{where!r} does not exist")
            node = node[seg]
        else:
            if not isinstance(node, Mapping) or seg not in node:
                raise EditError(f"{where!r} does not exist")
            node = node[seg]
    return node


def ordered(item: Mapping[str, object], order: Sequence[str]) -> dict[str, object]:
    """``item`` with its keys in ``order`` (a record type's canonical order, as `kb fmt` writes
    it: :func:`kb.workflow.fmt.field_order`); keys ``order`` does not name follow, as given."""
    rank = {key: i for i, key in enumerate(order)}
    keys = sorted(item, key=lambda k: (rank.get(k, len(rank)), list(item).index(k)))
    return {key: item[key] for key in keys}


def append(text: str, list_path: Sequence[Segment], item: Mapping[str, object], *, flow: bool = False,
           order: Sequence[str] = ()) -> str:
    """Return ``text`` with ``item`` appended to the list at ``list_path`` (created if missing).

    Pass the item type's canonical key ``order`` so that a file `kb fmt` formatted stays
    formatted (`kb fmt --check` passes after the append)."""
    item = ordered(item, order)
    if not list_path or not isinstance(list_path[-1], str):
        raise EditError("the last segment of the path must be the list's key")
    key = list_path[-1]

    def change(doc: Any, expected: Any) -> None:
        parent_plain = _walk(expected, list_path[:-1])
        if not isinstance(parent_plain, dict):
            raise EditError(f"{list(list_path[:-1])!r} is not a mapping")
        existing = parent_plain.get(key)
        if existing is not None and not isinstance(existing, list):
            raise EditError(f"{key!r} is not a list")
        parent_plain[key] = [*(existing or []), dict(item)]
        parent = _walk(doc, list_path[:-1])
        new = CommentedMap((k, quoted_if_ambiguous(v)) for k, v in item.items())
        if flow:
            new.fa.set_flow_style()
        assert isinstance(parent, CommentedMap)
        if parent.get(key) is None:
            parent[key] = CommentedSeq([new])
        else:
            parent[key].append(new)

    return edit(text, change)


def append_item(
    path: Path, list_path: Sequence[Segment], item: Mapping[str, object], *, flow: bool = False,
    order: Sequence[str] = (),
) -> None:
    """Append ``item`` to the list at ``list_path`` in the YAML file ``path``, atomically."""
    write_atomic(path, append(read_for_edit(path), list_path, item, flow=flow, order=order))


__all__ = ["append", "append_item", "ordered"]
