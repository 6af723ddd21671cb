"""Rules across records about sources (KB220-KB229, and KB207 which needs the cited sources).

Every URL the knowledge base cites is one source record; records cite sources by id.
Unknown source ids (KB220, KB221) are reported by :func:`kb.validation.rules.record_references`
with the other references, so that renames and did-you-mean work the same way for every kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from kb.codes import severity_of
from kb.diagnostics import Diagnostic, FieldPath
from kb.records.vocab import PRIMARY_KINDS, ClaimStatus
from kb.validation.facts import Facts, SourceFacts

if TYPE_CHECKING:
    from kb.validation.rules import Index

_PRIMARY = frozenset(str(k) for k in PRIMARY_KINDS)


def _d(f: Facts, code: str, message: str, path: FieldPath, value: str | None = None,
       hint: str | None = None, related: tuple[str, ...] = ()) -> Diagnostic:
    return Diagnostic(f.file, code, message, 0, 0, path, value, hint, severity_of(code), related)


def _sources(facts: list[Facts]) -> Iterator[tuple[Facts, SourceFacts]]:
    for f in facts:
        if f.source is not None:
            yield f, f.source


def one_source_per_url(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    """KB225: two source records with one normalised URL (reported at the later one)."""
    if f.source is None:
        return
    other = ix.first_with_url(f.source.key)
    if other is not None and other is not f:
        yield _d(f, "KB225", f"source '{f.id}' has the same URL as source '{other.id}'",
                 ("url",), f.source.key, f"keep one of the two records: cite '{other.id}' where "
                 f"'{f.id}' is cited, then delete {f.file}", (other.file,))


def sources_cited(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    """KB223 (warning): a source that no record cites and no other source relays or names.
    Not reported while a record file cannot be read at all: the citation may be in it."""
    if f.source is None or ix.any_broken():
        return
    if not ix.cited(f.id):
        yield _d(f, "KB223", f"source '{f.id}' is cited by no record", ("id",), f.id,
                 "cite it from an evidence item ({id: e1, source: " + f.id + "}) or delete the file")


def relays_acyclic(ix: Index) -> Iterator[Diagnostic]:
    """KB224: `relays` chains must end at an origin; a loop would make every member its own echo."""
    relays = {f.id: s[3] for f, s in _sources(ix.facts)}
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()
    for start in sorted(relays):
        if start in state:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                state[node] = 1
                path.append(node)
            nxt = relays.get(node, ())
            if i < len(nxt):
                stack.append((node, i + 1))
                child = nxt[i]
                if state.get(child) == 1:
                    cycle = path[path.index(child):]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        yield _loop(ix.by_id, cycle)
                elif child in relays and child not in state:
                    stack.append((child, 0))
            else:
                state[node] = 2
                path.pop()


def _loop(by_id: dict[str, Facts], cycle: list[str]) -> Diagnostic:
    first = min(cycle)
    at = cycle.index(first)
    order = [*cycle[at:], *cycle[:at]]
    f = by_id[first]
    nxt = order[1] if len(order) > 1 else first
    assert f.source is not None
    idx = f.source.relays.index(nxt) if nxt in f.source.relays else 0
    loop = " -> ".join([*order, first])
    return _d(f, "KB224", f"relays loop: {loop}", ("relays", idx), nxt,
              "a source relays the one it repeats; remove the wrong `relays` entry")


def confirmed_needs_primary(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    """KB207: `confirmed` needs a first-hand primary statement, government document or filing."""
    confirmed = str(ClaimStatus.CONFIRMED)
    for c in f.claims:
        if c.status != confirmed:
            continue
        found = [ix.get(s) for s in c.supports]
        cited = [g.source for g in found if g is not None and g.source is not None]
        if len(cited) < len(c.supports):
            continue  # an unknown source is reported as such (KB220)
        if not any(s.kind in _PRIMARY and s.first_hand for s in cited):
            kinds = sorted({s.kind for s in cited}) or ["none"]
            yield _d(f, "KB207", f"claim '{c.id}' is 'confirmed' but is backed only by "
                     f"{', '.join(kinds)}", ("claims", c.pos, "status"), confirmed,
                     "cite a first-hand primary statement, government document or court filing, "
                     "or use 'corroborated'")


SOURCE_RECORD_RULES: tuple[Callable[[Index, Facts], Iterator[Diagnostic]], ...] = (
    one_source_per_url, sources_cited, confirmed_needs_primary)
"""The source rules that look at one record and what it refers to; `relays_acyclic` follows
whole chains."""
