"""Policy: memo, bill, cable, regulation, enforcement action, terms change, industry agreement."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from kb.records.base import Record
from kb.records.claim import Claim, Commentary, Event, Figure, Response
from kb.records.evidence import Evidence
from kb.records.findings import NegativeFinding
from kb.records.incident import Disagreement
from kb.records.types import Jurisdiction, LongText, PartialDate, RecordId, Tag, Text
from kb.records.vocab import POLICY_STATUSES_FROM_DATE, PolicyKind, PolicyStatus


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
    status_date: PartialDate | None = None
    """When the policy had this status: the day it reached it, or, when that is not known, the
    date of the source that reports it (say which in `status_date_note`). Statuses a policy has
    from the start (announced, reported, issued, proposed, in force) date from `date` when this
    is left out; `unknown` dates from `sources_reviewed_up_to`; every other status needs a
    status date or a note saying why there is none (KB112)."""
    status_date_note: Text | None = None
    """How the status date is known, or why the status cannot be dated."""
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
    commentary: list[Commentary] = Field(default_factory=list)
    """Reactions from parties the instrument does not accuse or target (commentators, the
    press): kept apart from `responses`."""
    evidence: list[Evidence] = Field(min_length=1)
    disagreements: list[Disagreement] = Field(default_factory=list)
    """Sources disagree on a fact (e.g. the introduction date); every version is recorded."""
    open_questions: list[Text] = Field(default_factory=list)
    negative_findings: list[NegativeFinding] = Field(default_factory=list)
    """What the editors looked for and did not find in the sources reviewed, up to a date."""

    def status_since(self) -> str | None:
        """The date the current status refers to (see `status_date`); None when undated."""
        if self.status_date:
            return self.status_date
        if self.status in POLICY_STATUSES_FROM_DATE:
            return self.date
        if self.status is PolicyStatus.UNKNOWN:
            return self.sources_reviewed_up_to
        return None

    @property
    def display_name(self) -> str:
        return self.title
