"""The claim ledger shared by incidents and policies: claims, their evidence references,
figures, periods, status history and the right of reply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import Field

from kb.records.base import KbModel
from kb.records.types import Amount, LocalId, LongText, PartialDate, RecordId, Text, date_bounds
from kb.records.vocab import ClaimStatus, FigureQualifier, Predicate, ResponseStance, Stance


class EvidenceRef(KbModel):
    """A claim's pointer to one of the record's evidence items."""

    ref: LocalId
    stance: Stance = Stance.SUPPORTS
    quote: Text | None = None
    """A short verbatim quote from the source, if any."""


class Period(KbModel):
    start: PartialDate | None = None
    end: PartialDate | None = None


class Figure(KbModel):
    """A number as a source states it, with its unit and qualifier."""

    name: Text
    """What is counted, e.g. 'fraudulent accounts'."""
    value: Amount | None = None
    """The number; leave out when the source gives none (then `as_stated` says it in words)."""
    unit: Text
    """e.g. accounts, exchanges, USD, parameters."""
    qualifier: FigureQualifier = FigureQualifier.EXACTLY
    as_stated: Text | None = None
    """The figure in the source's words, e.g. 'over 16 million'."""
    period: Period | None = None
    evidence: list[LocalId] = Field(min_length=1)
    note: Text | None = None
    """Context a reader needs, e.g. how per-party figures add up."""


class Response(KbModel):
    """The right of reply: how a named party answered, or that no answer was found."""

    party: RecordId
    stance: ResponseStance
    date: PartialDate
    """When the response was made, or, for `no-response-found`, the date up to which the
    sources reviewed reach (saved copies, not a check of the live web)."""
    date_note: Text | None = None
    """How the date is known, or the span the sources give (e.g. '23 or 24 April')."""
    speaker: Text | None = None
    """Who spoke for the party (a spokesperson's name and title), when the source says."""
    summary: LongText
    claims: list[LocalId] = Field(default_factory=list)
    """Claims this answers; empty means every claim about this party in the record."""
    evidence: list[LocalId] = Field(default_factory=list)
    quote: Text | None = None


class Commentary(KbModel):
    """A public reaction from someone the record does not accuse (a commentator, the press, a
    public figure): not a right of reply, so never counted as the accused party's response."""

    party: RecordId
    date: PartialDate
    date_note: Text | None = None
    """How the date is known, or the span the sources give."""
    speaker: Text | None = None
    """Who spoke (a named commentator, or an expert quoted by an outlet), when the source says."""
    summary: LongText
    """What was said, attributed to the party."""
    claims: list[LocalId] = Field(default_factory=list)
    """The claims commented on; empty means the record as a whole."""
    evidence: list[LocalId] = Field(min_length=1)
    quote: Text | None = None


class StatusChange(KbModel):
    """One dated step in a claim's status history; the latest entry is the current status."""

    date: PartialDate
    status: ClaimStatus
    evidence: list[LocalId] = Field(min_length=1)
    note: Text | None = None
    """What changed, e.g. 'the accused denied it'."""


class Claim(KbModel):
    """One assertion by one claimant: claimant says subject -predicate-> object."""

    id: LocalId
    claimant: RecordId
    subject: RecordId
    predicate: Predicate
    object: RecordId
    status: ClaimStatus
    """The current status; with a `history`, it equals the status of the latest entry."""
    stated_on: PartialDate | None = None
    """When the claimant made the claim; leave out for an undated observation (then say why in
    `date_note`)."""
    date_note: Text | None = None
    """How the date is known, or why the claim has none."""
    statement: LongText
    """The claim in the editors' words, attributed to the claimant."""
    method: Text | None = None
    """How the claimant says it was done (e.g. 'fraudulent accounts via proxy resellers')."""
    access_channel: Text | None = None
    """How the subject reached the object (API, consumer app, proxy reseller ...)."""
    period: Period | None = None
    figures: list[Figure] = Field(default_factory=list)
    evidence: list[EvidenceRef] = Field(default_factory=list)
    history: list[StatusChange] = Field(default_factory=list)
    """Earlier statuses with their dates, oldest first; the last entry is the current status."""

    def status_as_of(self, day: str) -> str | None:
        """The status the claim had on a date (a partial date: its last day counts); None when
        the claim was not yet made, or its history starts later."""
        end = date_bounds(day)[1]
        if not self.history:
            if self.stated_on is None or date_bounds(self.stated_on)[0] <= end:
                return str(self.status)
            return None
        return status_on(((c.date, str(c.status)) for c in self.history), end)


def status_on(history: Iterable[tuple[str, str]], last_day: dt.date) -> str | None:
    """The status of the latest (date, status) entry that may have happened by ``last_day``
    (an entry dated to a month or year counts from its first day); None before the first."""
    current = None
    for date, status in history:
        if date_bounds(date)[0] <= last_day:
            current = status
    return current


class Event(KbModel):
    """A dated step in a record's life (introduced, issued, released, ruled ...)."""

    event: Text
    date: PartialDate
    date_note: Text | None = None
    """How the date is known, or the span the sources give."""
    evidence: list[LocalId] = Field(min_length=1)
    note: Text | None = None
