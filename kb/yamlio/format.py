"""Canonical formatting of a record file with ruamel.yaml's round-trip mode.

Comments, flow/block style and the quoting an author chose are kept. What changes:
- keys are put in canonical order (the caller says which order, per mapping path);
- indentation becomes 2 spaces, sequences indented under their key (``  - item``);
- plain text that another YAML reader could take for something else is single-quoted:
  dates (``2026-02-23``), YAML 1.1 booleans (``NO``, ``yes``, ``on``), sexagesimals
  (``1:20``) and the like. kb itself reads them as text either way (YAML 1.2 core schema),
  but PyYAML, check-jsonschema and editors would not.

Scalars are resolved exactly as :func:`kb.yamlio.reader.resolve_plain` does, and a plain
number, boolean or null is written back with its original text, so formatting can never
change what kb reads (the caller checks that as well).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import CommentMark
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tag import Tag
from ruamel.yaml.tokens import CommentToken

from kb.yamlio.quoting import needs_quotes
from kb.yamlio.reader import parse_text, resolve_plain

KeyPath = tuple[str | int, ...]
OrderFor = Callable[[KeyPath], Sequence[str] | None]

_PLAIN_TAG = "tag:distillation-kb,2026:plain"
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"



class Verbatim(str):
    """A plain scalar kb reads as a number, boolean or null: written back exactly as found."""

    __slots__ = ()


class _KbResolver(VersionedResolver):
    """Resolve plain scalars as kb's strict reader does (YAML 1.2 core schema, no dates)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            if value == "":
                return Tag(suffix=_NULL_TAG)
            if not isinstance(resolve_plain(value), str):
                return Tag(suffix=_PLAIN_TAG)
            return Tag(suffix=_STR_TAG)
        if kind is ScalarNode:
            return Tag(suffix=_STR_TAG)
        if kind is SequenceNode:
            return Tag(suffix=_SEQ_TAG)
        if kind is MappingNode:
            return Tag(suffix=_MAP_TAG)
        return super().resolve(kind, value, implicit)

    @property
    def processing_version(self) -> Any:
        return (1, 2)


class _KbConstructor(RoundTripConstructor):
    pass


def _construct_plain(constructor: Any, node: Any) -> Verbatim:
    return Verbatim(node.value)


_KbConstructor.add_constructor(_PLAIN_TAG, _construct_plain)


class _KbRepresenter(RoundTripRepresenter):
    pass


def _represent_plain(representer: Any, data: Verbatim) -> Any:
    return representer.represent_scalar(_PLAIN_TAG, str(data), style=None)


_KbRepresenter.add_representer(Verbatim, _represent_plain)


def _yaml() -> YAML:
    y = YAML(typ="rt", pure=True)
    y.Resolver = _KbResolver
    y.Constructor = _KbConstructor
    y.Representer = _KbRepresenter
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a contributor's lines
    y.indent(mapping=2, sequence=4, offset=2)
    y.allow_duplicate_keys = False
    return y


class FormatError(Exception):
    """The text could not be formatted (ruamel.yaml refused it)."""


def _quote_ambiguous(value: Any) -> Any:
    if type(value) is str and value and needs_quotes(value):
        return SingleQuotedScalarString(value)
    return value


Holder = tuple[Any, Any, int]
"""Where the comment after a value lives: (collection, key or index, slot in its ``ca.items``)."""


def _holder(container: Any, key: Any) -> Holder | None:
    """The slot holding the comment lines that follow ``container[key]``: ruamel keeps them
    after the last scalar inside a block value (the last item of its last list, ...)."""
    value = container[key]
    if _flat(value):
        return container, key, 2 if isinstance(container, CommentedMap) else 0
    if isinstance(value, CommentedMap) and len(value):
        return _holder(value, list(value.keys())[-1])
    if isinstance(value, CommentedSeq) and len(value):
        return _holder(value, len(value) - 1)
    return None


def _block_scalar(holder: Holder) -> bool:
    """A `|` or `>` value ends with its own line break: a comment after it has no end-of-line part."""
    container, key, _slot = holder
    return isinstance(container[key], (LiteralScalarString, FoldedScalarString))


def _split_comment(holder: Holder | None) -> tuple[str, str, Any] | None:
    """(end-of-line part, following full-line comments, start mark) of the comment after a
    value, or None when ruamel keeps it in a form we do not handle."""
    if holder is None:
        return None
    container, key, slot = holder
    entry = container.ca.items.get(key)
    token = None if entry is None else entry[slot]
    if entry is not None and any(part is not None for i, part in enumerate(entry) if i != slot):
        return None
    eol = "" if _block_scalar(holder) else "\n"
    if token is None:
        return eol, "", CommentMark(0)
    if not isinstance(token, CommentToken):
        return None
    value: str = token.value
    cut = 0 if not eol else value.find("\n") + 1 or len(value)
    return value[:cut], value[cut:], token.start_mark


def _set_comment(holder: Holder, text: str, mark: Any) -> None:
    container, key, slot = holder
    if text in ("", "\n"):
        container.ca.items.pop(key, None)
        return
    entry: list[Any] = [None, None, None, None]
    entry[slot] = CommentToken(text, mark, None)
    container.ca.items[key] = entry


def _flat(value: Any) -> bool:
    """A scalar or a flow collection: the comment after it is a plain token."""
    return not isinstance(value, (CommentedMap, CommentedSeq)) or bool(value.fa.flow_style())


def _reorder(node: CommentedMap, order: Sequence[str], *, top: bool) -> bool:
    """Put keys in canonical order; unknown keys keep their relative order at the end.

    ruamel attaches the full-line comments above a key to the value before it (to the last
    scalar inside it, when it is a block list or mapping). They are re-attached to the key
    they precede, so they travel with it; the comments after the last value (the end of the
    file, at the top level) stay last.
    """
    rank = {key: i for i, key in enumerate(order)}
    keys = list(node.keys())
    wanted = sorted(keys, key=lambda k: (rank.get(k, len(rank)), keys.index(k)))
    if wanted == keys:
        return False
    holders = {key: _holder(node, key) for key in keys}
    parts = {key: _split_comment(holders[key]) for key in keys}
    for key in wanted:
        node.move_to_end(key)
    split = {key: part for key, part in parts.items() if part is not None}
    if len(split) != len(keys):
        return True  # a comment in a form we do not handle: leave every comment where it is
    # the comment lines leading each key; the first key's live at the top of the mapping
    leading = {keys[i + 1]: split[keys[i]][1] for i in range(len(keys) - 1)}
    leading[keys[0]] = ""
    trailer = split[keys[-1]][1]
    first = leading[wanted[0]]
    if first and top:
        if node.ca.comment is None:
            node.ca.comment = [None, []]
        if node.ca.comment[1] is None:
            node.ca.comment[1] = []
        node.ca.comment[1].extend(CommentToken(line + "\n", CommentMark(0), None)
                                  for line in first.rstrip("\n").split("\n"))
    elif first:  # no slot before a nested mapping's first key: keep it just below
        leading[wanted[1]] = first + leading[wanted[1]]
    for i, key in enumerate(wanted):
        head, _, mark = split[key]
        holder = holders[key]
        assert holder is not None
        _set_comment(holder, head + (leading[wanted[i + 1]] if i + 1 < len(wanted) else trailer), mark)
    return True


def format_data(data: Any, order_for: OrderFor, path: KeyPath = (),
                moved: list[int] | None = None) -> Any:
    """Reorder keys and quote ambiguous text, in place, through the whole document. Counts
    the mappings whose keys moved in ``moved``."""
    if isinstance(data, CommentedMap):
        order = order_for(path)
        if order and _reorder(data, order, top=not path) and moved is not None:
            moved.append(1)
        for key in list(data.keys()):
            value = data[key]
            if isinstance(value, (CommentedMap, CommentedSeq)):
                format_data(value, order_for, (*path, str(key)), moved)
            else:
                new = _quote_ambiguous(value)
                if new is not value:
                    data[key] = new
    elif isinstance(data, CommentedSeq):
        for i, value in enumerate(data):
            if isinstance(value, (CommentedMap, CommentedSeq)):
                format_data(value, order_for, (*path, i), moved)
            else:
                new = _quote_ambiguous(value)
                if new is not value:
                    data[i] = new
    return data


def format_text(text: str, order_for: OrderFor) -> str:
    """Return ``text`` in canonical form. Raises :class:`FormatError` if ruamel refuses it.

    When keys moved, ruamel may place a moved comment differently on the next read (e.g. a
    comment above what became the first key of a list item); passes repeat until the text is
    stable, so that formatting is idempotent.
    """
    for _ in range(4):
        moved: list[int] = []
        new = _format_once(text, order_for, moved)
        if not moved or new == text:
            return new
        text = new
    return text


def _format_once(text: str, order_for: OrderFor, moved: list[int]) -> str:
    y = _yaml()
    try:
        data = y.load(text)
    except Exception as exc:  # ruamel raises many unrelated exception types
        raise FormatError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    format_data(data, order_for, moved=moved)
    out = io.StringIO()
    try:
        y.dump(data, out)
    except Exception as exc:
        raise FormatError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc
    return out.getvalue()


def is_quoted(value: object) -> bool:
    return isinstance(value, ScalarString)


def scalar(text: str) -> str:
    """``text`` as a YAML scalar that every reader takes for this exact string: plain when
    that is safe, else single-quoted, else double-quoted with escapes."""
    if text.strip() == text and "\n" not in text and not needs_quotes(text):
        probe = parse_text(f"k: {text}\n", "<scalar>")
        if not probe.diagnostics and probe.data == {"k": text}:
            return text
    if text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)
