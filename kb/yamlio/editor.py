"""Round-trip editing of hand-written YAML: change a value, keep everything else.

Records are edited by people; a tool that loads and dumps them would drop comments, reorder
keys and restyle scalars. This editor uses ruamel.yaml's round-trip mode, detects the file's
indentation so an untouched file is reproduced byte for byte, checks that the edit changed
exactly the values asked for (by re-reading the result with the strict reader), and writes
atomically.

    set_in(path, ("evidence", {"id": "e2"}, "sha256"), "ab12...")

A field path is a tuple of mapping keys (``str``), list indexes (``int``) and list-item
selectors (a ``dict`` such as ``{"id": "e2"}``, matching the one item with those values).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import SingleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from kb.fileio import write_atomic
from kb.yamlio.quoting import needs_quotes
from kb.yamlio.reader import parse_text, read_text

Segment = str | int | Mapping[str, object]
FieldPath = tuple[Segment, ...]
Change = tuple[FieldPath, object]



class EditError(Exception):
    """The edit could not be made safely; the file was not written."""


def round_trip_yaml(text: str) -> YAML:
    """A ruamel round-trip YAML set up to write ``text`` back with its own indentation."""
    try:
        _, seq_indent, offset = load_yaml_guess_indent(text)
    except YAMLError as exc:
        raise EditError(f"not valid YAML: {exc}") from None
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap long lines
    yaml.indent(mapping=2, sequence=seq_indent or 2, offset=offset or 0)
    return yaml


def quoted_if_ambiguous(value: object) -> object:
    """Quote strings that a YAML reader would take for something else (numbers, dates, YAML 1.1
    booleans, flow collections, anchors, tags ...)."""
    if isinstance(value, str) and needs_quotes(value):
        return SingleQuotedScalarString(value)
    return value


def _describe(path: Sequence[Segment]) -> str:
    out = ""
    for seg in path:
        if isinstance(seg, int):
            out += f"[{seg}]"
        elif isinstance(seg, Mapping):
            out += "[" + ",".join(f"{k}={v}" for k, v in seg.items()) + "]"
        else:
            out += f".{seg}" if out else seg
    return out or "(top level)"


def _step(node: object, seg: Segment, where: Sequence[Segment]) -> int | str:
    """Resolve one segment against ``node`` to a concrete key or index."""
    if isinstance(seg, Mapping):
        if not isinstance(node, list):
            raise EditError(f"{_describe(where)} is not a list")
        hits = [i for i, item in enumerate(node)
                if isinstance(item, Mapping) and all(item.get(k) == v for k, v in seg.items())]
        if len(hits) != 1:
            found = "no item" if not hits else f"{len(hits)} items"
            raise EditError(f"{_describe([*where, seg])}: {found} in the list match")
        return hits[0]
    if isinstance(seg, int):
        if not isinstance(node, list) or not -len(node) <= seg < len(node):
            raise EditError(f"{_describe([*where, seg])} does not exist")
        return seg
    if not isinstance(node, Mapping):
        raise EditError(f"{_describe(where)} is not a mapping")
    return seg


def _resolve(root: object, field_path: FieldPath) -> tuple[object, int | str]:
    """The container holding the last segment, and the concrete key/index into it."""
    if not field_path:
        raise EditError("an empty field path cannot be set")
    node = root
    for i, seg in enumerate(field_path[:-1]):
        key = _step(node, seg, field_path[:i])
        if isinstance(key, str) and key not in node:  # type: ignore[operator]
            raise EditError(f"{_describe(field_path[:i + 1])} does not exist")
        node = node[key]  # type: ignore[index]
    return node, _step(node, field_path[-1], field_path[:-1])


def _set(container: object, key: int | str, value: object, before: Sequence[str]) -> None:
    if isinstance(container, CommentedMap) and isinstance(key, str) and key not in container:
        keys = list(container.keys())
        positions = [keys.index(b) for b in before if b in container]
        if positions:
            container.insert(min(positions), key, value)
            return
    container[key] = value  # type: ignore[index]


def edit(text: str, change: Callable[[Any, Any], None]) -> str:
    """The one round-trip edit step: ``change(doc, plain)`` makes the same change to the
    round-trip document (comments, order and quoting kept) and to a plain copy of what kb
    reads; the result is returned only if it reads back exactly as that copy, else EditError.
    """
    before_parse = parse_text(text, "<edit>")
    if before_parse.diagnostics:
        raise EditError(f"the file does not read cleanly: {before_parse.diagnostics[0].message}")
    expected = copy.deepcopy(before_parse.data)
    yaml = round_trip_yaml(text)
    try:
        doc = yaml.load(text)
    except YAMLError as exc:
        raise EditError(f"not valid YAML: {exc}") from None
    change(doc, expected)
    out = io.StringIO()
    yaml.dump(doc, out)
    new_text = out.getvalue()
    after = parse_text(new_text, "<edit>")
    if after.diagnostics or after.data != expected:
        raise EditError("the edited file would not read back as intended; nothing was written")
    return new_text


def apply(text: str, changes: Iterable[Change], *, before: Sequence[str] = ()) -> str:
    """Return ``text`` with each field path set to its value; comments and order kept.

    New mapping keys go before the first of ``before`` present in their mapping, else at the
    end. Raises :class:`EditError` if a path does not resolve or the result would read back
    differently from what was asked.
    """
    changes = list(changes)

    def change(doc: Any, expected: Any) -> None:
        for field_path, value in changes:
            container, key = _resolve(doc, field_path)
            _set(container, key, quoted_if_ambiguous(value), before)
            plain_container, plain_key = _resolve(expected, field_path)
            plain_container[plain_key] = value  # type: ignore[index]

    return edit(text, change)


def read_for_edit(path: Path) -> str:
    """A file's text for editing (EditError when it cannot be read)."""
    text, problem = read_text(path, path.name)
    if text is None:
        raise EditError(f"cannot read {path.name}: {problem.message if problem else 'unknown error'}")
    return text


def update(path: Path, changes: Iterable[Change], *, before: Sequence[str] = ()) -> bool:
    """Apply ``changes`` to the YAML file at ``path`` atomically; return whether it changed."""
    text = read_for_edit(path)
    new_text = apply(text, changes, before=before)
    if new_text == text:
        return False
    write_atomic(path, new_text)
    return True


def set_in(path: Path, field_path: FieldPath, value: object, *,
           before: Sequence[str] = ()) -> bool:
    """Set one value in a YAML file, keeping comments, key order and style; atomic."""
    return update(path, [(field_path, value)], before=before)


def get_in(data: object, field_path: FieldPath) -> object:
    """Read a value by field path from plain data (e.g. ``Parsed.data``); KeyError if absent."""
    try:
        container, key = _resolve(data, field_path)
        return container[key]  # type: ignore[index]
    except (EditError, KeyError, IndexError):
        raise KeyError(_describe(field_path)) from None


__all__ = ["Change", "EditError", "FieldPath", "apply", "get_in", "set_in", "update"]
