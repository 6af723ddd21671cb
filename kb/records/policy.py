"""Policy: memo, bill, cable, regulation, enforcement action, terms change, industry agreement."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, model_validator

from kb.records.base import KbModel, Record
from kb.records.evidence import Evidence
from kb.records.incident import Disagreement, Figure, Response
from kb.records.types import Jurisdiction, LocalId, LongText, PartialDate, RecordId, Tag, Text
from kb.records.vocab import PolicyKind, PolicyStatus


class PolicyEvent(KbModel):
    """A dated step in the instrument's life (introduced, advanced, issued ...)."""

    event: Text
    date: PartialDate
    evidence: list[LocalId] = Field(min_length=1)
    note: Text | None = None


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
    events: list[PolicyEvent] = Field(default_factory=list)
    prompted_by: list[RecordId] = Field(default_factory=list)
    """Incidents cited as prompting this policy."""
    targets: list[RecordId] = Field(default_factory=list)
    """Actors the policy names or applies to."""
    tags: list[Tag] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    """Numbers the instrument sets or cites (deadlines, durations, counts), with units."""
    responses: list[Response] = Field(default_factory=list)
    """Replies from parties the instrument names or targets (a policy has no claims: leave `claims` out)."""
    evidence: list[Evidence] = Field(min_length=1)
    disagreements: list[Disagreement] = Field(default_factory=list)
    """Sources disagree on a fact (e.g. the introduction date); every version is recorded."""
    open_questions: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _responses_answer_the_policy(self) -> Policy:
        if any(r.claims for r in self.responses):
            raise ValueError("a policy has no claims: remove `claims` from its responses")
        return self

    @property
    def display_name(self) -> str:
        return self.title
