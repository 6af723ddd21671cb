"""Incident: an allegation, disclosure, admission or documented case, with its claim ledger."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from kb.records.base import KbModel, Record
from kb.records.evidence import Evidence
from kb.records.types import Amount, Count, LocalId, LongText, PartialDate, RecordId, Tag, Text
from kb.records.vocab import (
    ClaimStatus,
    DetectionMethod,
    FigureQualifier,
    IncidentKind,
    Predicate,
    ResponseStance,
    Role,
    Stance,
)


class Involvement(KbModel):
    """An actor's part in the incident."""

    actor: RecordId
    role: Role
    note: Text | None = None


class EvidenceRef(KbModel):
    """A claim's pointer to one of the incident's evidence items."""

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
    """When the response was made, or, for `no-response-found`, the date the editors looked."""
    date_note: Text | None = None
    """How the date is known, or the span the sources give (e.g. '23 or 24 April')."""
    speaker: Text | None = None
    """Who spoke for the party (a spokesperson's name and title), when the source says."""
    summary: LongText
    claims: list[LocalId] = Field(default_factory=list)
    """Claims this answers; empty means every claim about this party in the incident."""
    evidence: list[LocalId] = Field(default_factory=list)
    quote: Text | None = None


class Claim(KbModel):
    """One assertion by one claimant: claimant says subject -predicate-> object."""

    id: LocalId
    claimant: RecordId
    subject: RecordId
    predicate: Predicate
    object: RecordId
    status: ClaimStatus
    stated_on: PartialDate
    statement: LongText
    """The claim in the editors' words, attributed to the claimant."""
    method: Text | None = None
    """How the claimant says it was done (e.g. 'fraudulent accounts via proxy resellers')."""
    access_channel: Text | None = None
    """How the subject reached the object (API, consumer app, proxy reseller ...)."""
    period: Period | None = None
    figures: list[Figure] = Field(default_factory=list)
    evidence: list[EvidenceRef] = Field(default_factory=list)


class DetectionMethodCited(KbModel):
    method: DetectionMethod
    claimed_by: RecordId
    description: LongText
    evidence: list[LocalId] = Field(min_length=1)


class DisagreementValue(KbModel):
    value: Text
    evidence: list[LocalId] = Field(default_factory=list)
    note: Text | None = None
    """Where the value comes from when no evidence item of the record carries it."""


class Disagreement(KbModel):
    """Sources disagree on a fact; every version is recorded, none picked silently."""

    about: Text
    """What the sources disagree on, e.g. 'announcement date'."""
    values: list[DisagreementValue] = Field(min_length=2)
    note: Text | None = None


class Crosswalk(KbModel):
    """Ids of the same incident or technique in other databases."""

    aiid: list[Count] = Field(default_factory=list)
    """AI Incident Database incident numbers."""
    atlas_case_study: Text | None = Field(default=None, pattern=r"^AML\.CS[0-9]{4}$",
                                          json_schema_extra={"pattern": r"^AML\.CS[0-9]{4}$"})
    atlas_techniques: list[Text] = Field(default_factory=list)
    oecd_aim: list[Text] = Field(default_factory=list)


class Incident(Record):
    """An event: an allegation, disclosure, admission or documented case."""

    kind_name: ClassVar[str] = "incident"
    folder: ClassVar[str] = "incidents"

    title: Text
    kind: IncidentKind
    date: PartialDate
    """When the incident became public (precision follows the form: day, month or year)."""
    end_date: PartialDate | None = None
    """For incidents that span a period."""
    date_note: Text | None = None
    summary: LongText
    """Markdown, in the editors' words; rendered with raw HTML disabled."""
    tags: list[Tag] = Field(default_factory=list)
    actors: list[Involvement] = Field(min_length=1)
    models: list[RecordId] = Field(default_factory=list)
    """Models involved, beyond those named in claims."""
    figures: list[Figure] = Field(default_factory=list)
    """Figures about the incident as a whole (per-party figures belong to claims)."""
    claims: list[Claim] = Field(default_factory=list)
    responses: list[Response] = Field(default_factory=list)
    evidence: list[Evidence] = Field(min_length=1)
    detection_methods: list[DetectionMethodCited] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    open_questions: list[Text] = Field(default_factory=list)
    """What is unknown: questions the sources reviewed leave open."""
    policies: list[RecordId] = Field(default_factory=list)
    related: list[RecordId] = Field(default_factory=list)
    crosswalk: Crosswalk | None = None

    @property
    def display_name(self) -> str:
        return self.title
