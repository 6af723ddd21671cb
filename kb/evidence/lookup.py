"""Find the record a command names (`kb evidence capture --record`, `kb evidence score ID`)."""

from __future__ import annotations

from typing import TypeVar

from kb.diagnostics import suggest
from kb.evidence.errors import fail
from kb.loading import KnowledgeBase
from kb.records import Incident, Policy, Record

R = TypeVar("R", bound=Record)


def find_record(kb: KnowledgeBase, record_id: str, kind: type[R]) -> R:
    """The record ``record_id`` if it loads and is a ``kind``; else KB402 with a near match."""
    found = kb.records.get(record_id)
    if isinstance(found, kind):
        return found
    if found is None:
        what = f"no record with id '{record_id}'"
    else:
        what = f"record '{record_id}' is {_a(found.kind_name)}, not {_a(kind.kind_name)}"
    names = [r.id for r in kb.records.values() if isinstance(r, kind)]
    raise fail("KB402", what, hint=suggest(record_id, names)
               or "run `kb validate` to see why a record did not load")


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def find_claim_record(kb: KnowledgeBase, record_id: str) -> Incident | Policy:
    """The incident or policy ``record_id`` (the records with a claim ledger); else KB402."""
    found = kb.records.get(record_id)
    if isinstance(found, Incident | Policy):
        return found
    what = (f"no record with id '{record_id}'" if found is None
            else f"record '{record_id}' is {_a(found.kind_name)}, not an incident or a policy")
    names = [r.id for r in kb.records.values() if isinstance(r, Incident | Policy)]
    raise fail("KB402", what, hint=suggest(record_id, names)
               or "run `kb validate` to see why a record did not load")
