"""Evidence items: a record's local pointers to the source records it cites."""

from __future__ import annotations

from kb.records.base import KbModel
from kb.records.types import LocalId, RecordId, Text


class Evidence(KbModel):
    """One source cited by this record. Claims, responses and figures refer to it by local id."""

    id: LocalId
    """Local id, referenced by claims, responses and figures (e.g. `e1`)."""
    source: RecordId
    """The id of the source record (in `sources/`) that this item cites."""
    locator: Text | None = None
    """Where in the source: a page, section or paragraph."""
    note: Text | None = None
    """Why this record cites the source, when that is not obvious."""
