"""Listing pages that stay small as the knowledge base grows.

A listing (the incidents index, the timeline, a tag, the models and sources indexes) is a
sequence of entries in reading order, each in a group: its year, or the first letter of a name.
While a listing holds at most a page's worth of entries it is one page, as it always was. Beyond
that, the listing's own address becomes a short landing page saying how many entries each group
holds, with a page per group; a group holding more than a page's worth is split, in the same
order, into numbered pages that each say what range they cover. No page then grows with the
knowledge base: a reader goes from the landing page to a year to an incident, on a phone too.

`kb serve` re-renders only the pages that show an edited record: a page's :attr:`Part.signature`
says which entries it holds and where it sits; a page whose signature is unchanged and whose
entries show none of the records an edit may change is left as it is (kb/site/preview.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from kb.records.types import date_words
from kb.site.context import SiteContext, rel
from kb.site.text import inline


class Entry(NamedTuple):
    """One row or line of a listing (a named tuple: a listing makes thousands)."""

    record: str
    """The id of the record it shows (its row may also show the records that record names)."""
    group: str
    """Its group: a year ('2025'), a lower-case letter, 'other' or 'undated' (a file name)."""
    when: str
    """What it is filed under, for the range a page covers: a date ('2025-03-01') or a name."""
    ident: tuple[str, ...]
    """Unique within the listing, the same from one render to the next."""
    item: Any = None
    """What the listing's page function needs to draw it (a record, an event, ...)."""


@dataclass(frozen=True)
class Part:
    """One page of a listing: the whole listing, or (part of) one group."""

    path: str
    group: str
    """'' when the listing is one page."""
    number: int
    """1-based, within its group."""
    of: int
    """Pages in its group."""
    entries: Sequence[Entry]
    newer: str | None = None
    """The page before it in reading order (None for the first, and for a one-page listing)."""
    older: str | None = None

    @property
    def signature(self) -> tuple[Any, ...]:
        """Everything a page shows that does not come from its entries' records."""
        return (self.path, self.group, self.number, self.of, self.newer, self.older,
                tuple(e.ident for e in self.entries))

    @property
    def records(self) -> set[str]:
        return {e.record for e in self.entries}


@dataclass
class Paged:
    """A listing cut into pages."""

    landing: str
    """The listing's address: its one page, or the landing page linking the others."""
    parts: list[Part]
    groups: dict[str, list[Part]] = field(default_factory=dict)
    """The parts of each group, in reading order (empty when the listing is one page)."""
    total: int = 0

    @property
    def split(self) -> bool:
        return bool(self.groups)

    @property
    def paths(self) -> set[str]:
        return {self.landing, *(p.path for p in self.parts)}


def paginate(entries: Sequence[Entry], landing: str, folder: str, size: int) -> Paged:
    """Cut ``entries`` (in reading order) into pages of at most ``size`` entries (see the
    module docstring): ``landing`` is the listing's address, ``folder`` holds the other pages,
    ``GROUP.md`` then ``GROUP-2.md``, ``GROUP-3.md``, ..."""
    if len(entries) <= size:
        return Paged(landing, [Part(landing, "", 1, 1, list(entries))], total=len(entries))
    by_group: dict[str, list[Entry]] = {}
    for entry in entries:
        by_group.setdefault(entry.group, []).append(entry)
    cuts: list[tuple[str, int, int, Sequence[Entry]]] = []
    for group, members in by_group.items():
        chunks = [members[i:i + size] for i in range(0, len(members), size)]
        cuts += [(group, n, len(chunks), chunk) for n, chunk in enumerate(chunks, 1)]
    paths = [f"{folder}/{g}.md" if n == 1 else f"{folder}/{g}-{n}.md" for g, n, _, _ in cuts]
    parts = [Part(path, g, n, of, chunk, paths[i - 1] if i else None,
                  paths[i + 1] if i + 1 < len(paths) else None)
             for i, (path, (g, n, of, chunk)) in enumerate(zip(paths, cuts, strict=True))]
    groups: dict[str, list[Part]] = {}
    for part in parts:
        groups.setdefault(part.group, []).append(part)
    return Paged(landing, parts, groups, len(entries))


class Listing(Protocol):
    """What a paginated listing provides (see kb/site/indexes.py for the incidents index)."""

    landing: str
    folder: str
    scale: int
    """Entries per page, in units of the site's table rows per page (2 for one-line entries)."""

    def entries(self, ctx: SiteContext) -> list[Entry]: ...

    def page(self, ctx: SiteContext, paged: Paged, part: Part) -> str:
        """The page of ``part`` (the whole listing when ``paged`` is not split)."""
        ...

    def landing_page(self, ctx: SiteContext, paged: Paged) -> str: ...


def paged(ctx: SiteContext, listing: Listing) -> Paged:
    return paginate(listing.entries(ctx), listing.landing, listing.folder,
                    ctx.options.listing_rows * listing.scale)


def render(ctx: SiteContext, listing: Listing, cut: Paged,
           want: Callable[[Part], bool] | None = None) -> dict[str, str]:
    """The listing's pages: its landing page and every part ``want`` accepts (all by default)."""
    pages = {p.path: listing.page(ctx, cut, p) for p in cut.parts if want is None or want(p)}
    if cut.split:
        pages[cut.landing] = listing.landing_page(ctx, cut)
    return pages


def render_all(ctx: SiteContext, listings: Iterable[Listing]) -> dict[str, str]:
    pages: dict[str, str] = {}
    for listing in listings:
        pages.update(render(ctx, listing, paged(ctx, listing)))
    return pages


def signatures(cuts: Iterable[Paged]) -> Mapping[str, tuple[Any, ...]]:
    """Every page of ``cuts``, with its signature (a landing page's is empty: it is always
    re-rendered, being short)."""
    out: dict[str, tuple[Any, ...]] = {}
    for cut in cuts:
        out[cut.landing] = ()
        out.update((p.path, p.signature) for p in cut.parts)
    return out


# -- words ----------------------------------------------------------------------------------

def year_of(date: str) -> str:
    """The group of a dated entry: its year, or 'undated'."""
    return date[:4] if date[:4].isdigit() else "undated"


def initial(name: str) -> str:
    """The group of a named entry: its first letter without accents ('é' -> 'e'), or 'other'."""
    first = unicodedata.normalize("NFKD", name.strip()[:1].casefold())[:1]
    return first if "a" <= first <= "z" else "other"


def group_words(group: str) -> str:
    """A group's name as a heading: '2025', 'A', 'Names not starting with A to Z', 'Undated'."""
    if group == "other":
        return "Other names (not starting with a letter A to Z)"
    if group == "undated":
        return "Undated"
    return group.upper() if len(group) == 1 else group


def date_span(newest: str, oldest: str) -> str:
    """The dates a page covers, oldest first, in words: '21 to 28 December 2025',
    '3 November to 28 December 2025', 'March 2024 to 2 January 2025', '29 November 2026'."""
    if not newest or not oldest:
        return date_words(newest or oldest) if (newest or oldest) else "undated"
    if newest == oldest:
        return date_words(newest)
    old, new = date_words(oldest), date_words(newest)
    if len(newest) == len(oldest) == 10 and newest[:4] == oldest[:4]:
        same_month = newest[:7] == oldest[:7]
        old = old.split(" ")[0] if same_month else " ".join(old.split(" ")[:2])
    return f"{old} to {new}"


def name_span(first: str, last: str) -> str:
    return first if first == last else f"{first} to {last}"


def part_span(part: Part, dated: bool = True) -> str:
    first, last = part.entries[0].when, part.entries[-1].when
    return date_span(first, last) if dated else name_span(first, last)


def name_place(part: Part) -> str:
    """Where a page of a listing by name sits, as plain text to escape: 'under S', '(other
    names ...)', 'under S: Synthetic Lab 0 to Synthetic Lab 140 (page 1 of 7)'."""
    letter = group_words(part.group)
    place = f"under {letter}" if len(part.group) == 1 else f"({letter.lower()})"
    if part.of == 1:
        return place
    return f"{place}: {part_span(part, dated=False)} (page {part.number} of {part.of})"


def part_title(part: Part, dated: bool = True) -> str:
    """A page's place in words: '2025' for a group on one page; '21 to 28 December 2025, page 2
    of 25 for 2025' for one page of several."""
    if part.of == 1:
        return group_words(part.group)
    return f"{part_span(part, dated)}, page {part.number} of {part.of} for {group_words(part.group)}"


def where(here: str, paged: Paged, part: Part, top: str = "All years", newer: str = "Newer",
          older: str = "Older") -> str:
    """The links of a part page to the landing page and the pages before and after it."""
    links = [f"[{top}]({rel(here, paged.landing)})"]
    if part.newer:
        links.append(f"[{newer}]({rel(here, part.newer)})")
    if part.older:
        links.append(f"[{older}]({rel(here, part.older)})")
    return " · ".join(links) + "\n"


def landing_list(here: str, paged: Paged, count: Callable[[list[Part]], str],
                 dated: bool = True) -> list[str]:
    """The landing page's list: each group with its count and the link(s) to its page(s)."""
    out = []
    for group, parts in paged.groups.items():
        name = inline(group_words(group))
        if len(parts) == 1:
            out.append(f"- **[{name}]({rel(here, parts[0].path)})**: {count(parts)}")
        else:
            spans = [part_span(p, dated) for p in parts]
            if len(set(spans)) < len(spans):  # one date or name over several pages
                spans = [f"{s} (page {p.number})" for s, p in zip(spans, parts, strict=True)]
            links = " · ".join(f"[{inline(s)}]({rel(here, p.path)})"
                               for s, p in zip(spans, parts, strict=True))
            out.append(f"- **{name}**: {count(parts)}, on {len(parts)} pages: {links}")
    return out


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 incident', '5,000 incidents'."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"
