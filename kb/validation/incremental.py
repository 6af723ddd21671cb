"""Rules across records, re-run only where their inputs changed.

A run of `kb validate` with a cache keeps, per record file, what the rules across records said
of it and the keys its rules looked up in the index (:class:`kb.validation.rules.Index`). When
files change, the keys their old and new facts take part in (:func:`kb.validation.rules.keys_of`)
are the only lookups that can answer differently: the record rules re-run for the changed files
and for the files that looked one of those keys up, nothing else.

The rules that follow whole chains (loops, lineage through several records) run in groups, each
over the whole index; a group re-runs only when one of its inputs changed, compared as a small
projection of each changed file's facts (a claim's status matters to the lineage group only as
far as it makes the claim an edge or not).

Both paths give exactly what a run without the cache gives; tests/test_validation_incremental.py
checks that on random edit sequences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from kb.diagnostics import Diagnostic
from kb.validation.facts import Facts
from kb.validation.graph_rules import (
    _LINEAGE,
    _NOT_ASSERTED,
    DATA_LINEAGE_FIELDS,
    GRAPH_RECORD_RULES,
    family_checks,
    lineage_checks,
    parent_checks,
)
from kb.validation.rules import RECORD_RULES, Index, Key, keys_of, lineage_acyclic
from kb.validation.source_rules import SOURCE_RECORD_RULES, relays_acyclic

ALL_RECORD_RULES = (*RECORD_RULES, *SOURCE_RECORD_RULES, *GRAPH_RECORD_RULES)

Projection = Callable[[Facts], object]


def _base(f: Facts) -> tuple[str, str, str]:
    # Every group looks records up by id (the first in file order) and reports at their file.
    return (f.file, f.id, f.kind)


def _lineage_inputs(f: Facts) -> object:
    return (_base(f), f.released, f.derived_from,
            tuple((path, ref) for path, ref, _ in f.refs if path[0] in DATA_LINEAGE_FIELDS),
            tuple((c.pos, c.id, c.subject, c.object) for c in f.claims
                  if c.predicate in _LINEAGE and c.status not in _NOT_ASSERTED and c.subject != c.object))


def _field_inputs(field: str) -> Projection:
    def inputs(f: Facts) -> object:
        return (_base(f), tuple(ref for path, ref, _ in f.refs if path == (field,)))
    return inputs


def _relays_inputs(f: Facts) -> object:
    return (_base(f), None if f.source is None else f.source.relays)


def _lineage_group(ix: Index) -> Iterator[Diagnostic]:
    yield from lineage_acyclic(ix)
    yield from lineage_checks(ix)


GROUPS: dict[str, tuple[Projection, Callable[[Index], Iterable[Diagnostic]]]] = {
    "lineage": (_lineage_inputs, _lineage_group),  # KB210, KB231, KB301, KB302
    "relays": (_relays_inputs, relays_acyclic),  # KB224
    "family": (_field_inputs("family"), family_checks),  # KB230
    "parent": (_field_inputs("parent"), parent_checks),  # KB304
}


def record_findings(ix: Index, f: Facts, *, track: bool) -> tuple[list[Diagnostic], tuple[Key, ...]]:
    """What the record rules say of one record, and (with ``track``) the keys they looked up."""
    ix.seen = set() if track else None
    try:
        found = [d for rule in ALL_RECORD_RULES for d in rule(ix, f)]
        return found, tuple(ix.seen) if ix.seen else ()
    finally:
        ix.seen = None


def group_findings(ix: Index, name: str) -> list[Diagnostic]:
    return list(GROUPS[name][1](ix))


def changed_keys(old: Facts | None, new: Facts | None) -> set[Key]:
    """The lookups whose answer may differ now that a file's facts went from ``old`` to ``new``."""
    if old == new:
        return set()
    keys: set[Key] = set()
    for f in (old, new):
        if f is not None:
            keys.update(keys_of(f))
    return keys


def changed_groups(changes: Iterable[tuple[Facts | None, Facts | None]]) -> set[str]:
    """The groups one of whose inputs differs between old and new facts."""
    out: set[str] = set()
    for old, new in changes:
        if old == new:
            continue
        for name, (inputs, _) in GROUPS.items():
            if name not in out and (None if old is None else inputs(old)) != (
                    None if new is None else inputs(new)):
                out.add(name)
    return out
