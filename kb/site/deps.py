"""Which record pages an edit can change, and rendering only those (for `kb serve`).

Nothing here knows what a page shows. A record's page can show another record only if one of
the two names the other (an id in its data): the context's back-references (incidents that
mention an actor, evidence citing a source, models of a family, ...) are all built from such
ids. So an edit to records C can change the pages of C and of every record that names one of
C, or that one of C names (before or after the edit), and through them one step further (a
model's page draws the parties of the incidents that name it). :class:`References` keeps that
map; the preview re-renders those pages, compares bytes, and writes what differs. A page that
shows a record three or more steps away is brought up to date by the full re-render that
follows in the background (kb.site.preview).

:func:`render_records` renders the pages of a few records with the page groups of
:data:`kb.site.RECORD_GROUPS`, through a view of the context whose mappings and record lists
iterate over those records only, while every lookup still sees the whole knowledge base.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any

from kb.loading import KnowledgeBase
from kb.records import Record
from kb.site.context import SiteContext, page_of


def _strings(value: Any, out: set[str]) -> None:
    if isinstance(value, str):
        out.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, out)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _strings(item, out)


def named_ids(record: Record, ids: Collection[str]) -> set[str]:
    """The ids of other records that ``record``'s data names (any string field equal to an id)."""
    found: set[str] = set()
    _strings(record.model_dump(mode="python", exclude_none=True), found)
    found &= ids if isinstance(ids, (set, frozenset)) else set(ids)
    found.discard(record.id)
    return found


@dataclasses.dataclass
class References:
    """Which records name which: ``names[a]`` are the ids record ``a`` names, ``named_by[b]``
    the records naming ``b``."""

    names: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    named_by: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    near: set[str] = dataclasses.field(default_factory=set)
    """After :meth:`update`: the changed records and those one step away, before and after the
    edit (what a listing's row can show: its record and the records that record names, such as
    an incident's parties; kb.site.paging)."""

    @classmethod
    def of(cls, kb: KnowledgeBase) -> References:
        refs = cls()
        ids = set(kb.records)
        for record in kb.records.values():
            refs._set(record.id, named_ids(record, ids))
        return refs

    def _set(self, record_id: str, names: set[str]) -> None:
        for old in self.names.get(record_id, set()) - names:
            self.named_by.get(old, set()).discard(record_id)
        for new in names:
            self.named_by.setdefault(new, set()).add(record_id)
        self.names[record_id] = names

    def neighbours(self, record_id: str) -> set[str]:
        return self.names.get(record_id, set()) | self.named_by.get(record_id, set())

    def update(self, kb: KnowledgeBase, changed: Iterable[str]) -> set[str]:
        """Take the new versions of records ``changed`` (ids; gone ones are dropped) and return
        every record whose page they may change: themselves, and the records up to two steps
        away, before and after the edit (a model's page draws the parties of the incidents that
        name the model: model <- incident -> actor)."""
        ids = set(kb.records)
        near: set[str] = set()
        for record_id in changed:
            near |= {record_id} | self.neighbours(record_id)
            record = kb.records.get(record_id)
            if record is None:
                self._set(record_id, set())
                self.names.pop(record_id, None)
            else:
                self._set(record_id, named_ids(record, ids))
            near |= self.neighbours(record_id)
        self.near = near
        return near.union(*(self.neighbours(n) for n in near))


class _Only(Mapping[Any, Any]):
    """A mapping that looks keys up in ``full`` but lists only the keys in ``keep``."""

    def __init__(self, full: Mapping[Any, Any], keep: Collection[str]) -> None:
        self.full = full
        self.keep = keep

    def __getitem__(self, key: Any) -> Any:
        return self.full[key]

    def get(self, key: Any, default: Any = None) -> Any:
        return self.full.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self.full

    def __iter__(self) -> Iterator[Any]:
        return (k for k in self.full if k in self.keep)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _view(ctx: SiteContext, keep: set[str]) -> SiteContext:
    """``ctx`` for rendering the pages of records ``keep`` only (see the module docstring)."""
    full = ctx

    class View(type(ctx)):  # type: ignore[misc]
        @cached_property
        def graph(self) -> Any:
            return full.graph

        @cached_property
        def claims_index(self) -> Any:  # the whole KB's, as the full render sees it
            return full.claims_index

    view = copy.copy(ctx)
    view.__class__ = View
    view.__dict__.pop("graph", None)
    view.__dict__.pop("claims_index", None)
    kb = copy.copy(ctx.kb)
    kb.records = _Only(ctx.kb.records, keep)  # type: ignore[assignment]
    view.kb = kb
    for f in dataclasses.fields(ctx):
        value = getattr(ctx, f.name)
        if isinstance(value, dict) and f.name != "kb":
            setattr(view, f.name, _Only(value, keep))
    return view


def render_records(ctx: SiteContext, record_ids: set[str],
                   groups: Iterable[Callable[[SiteContext], Mapping[str, str | bytes]]]
                   ) -> dict[str, str | bytes]:
    """The pages of the records ``record_ids`` (those that have one), as the groups render them
    for the whole knowledge base."""
    keep = {i for i in record_ids if i in ctx.kb.records}
    wanted = {page_of(ctx.kb.records[i]) for i in keep}
    if not wanted:
        return {}
    view = _view(ctx, keep)
    pages: dict[str, str | bytes] = {}
    for group in groups:
        pages.update((p, t) for p, t in group(view).items() if p in wanted)
    return pages
