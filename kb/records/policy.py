"""Policy: memo, bill, cable, regulation, enforcement action, terms change, industry agreement."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from kb.records.base import Record
from kb.records.claim import Claim, Event, Figure, Response
from kb.records.evidence import Evidence
from kb.records.incident import Disagreement
from kb.records.types import Jurisdiction, LongText, PartialDate, RecordId, Tag, Text
from kb.records.vocab import PolicyKind, PolicyStatus


class Policy(Record):
    kind_name: ClassVar[str] = "policy"
    folder: ClassVar[str] = "policies"

    title: Text
    kind: PolicyKind
    jurisdiction: Jurisdiction
    """ISO 3166-1 alpha-2 code (quote it: 'NO' is Norway, not false), or 'international'."""
    issued_by: list[RecordId] = Field(min_length=1)
    date: PartialDate
    date_note: Text | None = None
    status: PolicyStatus
    identifier: Text | None = None
    """Official designation, e.g. 'H.R. 8283' or 'NSTM-4'."""
    summary: LongText
    events: list[Event] = Field(default_factory=list)
    """Dated steps in the instrument's life (introduced, advanced, issued ...)."""
    prompted_by: list[RecordId] = Field(default_factory=list)
    """Incidents cited as prompting this policy."""
    targets: list[RecordId] = Field(default_factory=list)
    """Actors the policy names or applies to."""
    tags: list[Tag] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    """Numbers the instrument sets or cites (deadlines, durations, counts), with units."""
    claims: list[Claim] = Field(default_factory=list)
    """What the instrument asserts about named parties, attributed to its issuer (the same
    claim ledger as incidents)."""
    responses: list[Response] = Field(default_factory=list)
    """Replies from parties the instrument accuses, names or targets."""
    evidence: list[Evidence] = Field(min_length=1)
    disagreements: list[Disagreement] = Field(default_factory=list)
    """Sources disagree on a fact (e.g. the introduction date); every version is recorded."""
    open_questions: list[Text] = Field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.title
