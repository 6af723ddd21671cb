"""Incident: an allegation, disclosure, admission or documented case, with its claim ledger."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from kb.records.base import KbModel, Record
from kb.records.claim import Claim, Commentary, Event, EvidenceRef, Figure, Period, Response
from kb.records.evidence import Evidence
from kb.records.findings import NegativeFinding
from kb.records.types import Count, LocalId, LongText, PartialDate, RecordId, Tag, Text
from kb.records.vocab import DetectionMethod, IncidentKind, Role

__all__ = ["Claim", "Commentary", "Event", "EvidenceRef", "Figure", "Incident", "NegativeFinding", "Period",
           "Response"]


class Involvement(KbModel):
    """An actor's part in the incident."""

    actor: RecordId
    role: Role
    note: Text | None = None


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
    events: list[Event] = Field(default_factory=list)
    """Dated steps of the incident (a release, a ruling, a statement), each on its own date."""
    claims: list[Claim] = Field(default_factory=list)
    responses: list[Response] = Field(default_factory=list)
    """The right of reply: how each accused party answered, or that no answer was found."""
    commentary: list[Commentary] = Field(default_factory=list)
    """Reactions from parties the record does not accuse (commentators, the press): kept apart
    from `responses`, which belong to the accused."""
    evidence: list[Evidence] = Field(min_length=1)
    detection_methods: list[DetectionMethodCited] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)
    open_questions: list[Text] = Field(default_factory=list)
    """What is unknown: questions the sources reviewed leave open."""
    negative_findings: list[NegativeFinding] = Field(default_factory=list)
    """What the editors looked for and did not find in the sources reviewed, up to a date."""
    policies: list[RecordId] = Field(default_factory=list)
    related: list[RecordId] = Field(default_factory=list)
    crosswalk: Crosswalk | None = None

    @property
    def display_name(self) -> str:
        return self.title
