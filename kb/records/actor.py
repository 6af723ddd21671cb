"""Actor: organisation, government body, intermediary, rarely a person."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from kb.records.base import KbModel, Record
from kb.records.evidence import Evidence
from kb.records.types import Jurisdiction, LocalId, LongText, PartialDate, RecordId, Text, Url
from kb.records.vocab import ActorKind, AffiliationRelation


class Affiliation(KbModel):
    """A dated, evidenced tie to another actor: "this actor RELATION that actor"."""

    actor: RecordId
    relation: AffiliationRelation
    since: PartialDate | None = None
    until: PartialDate | None = None
    evidence: list[LocalId] = Field(min_length=1)
    note: Text | None = None


class Actor(Record):
    kind_name: ClassVar[str] = "actor"
    folder: ClassVar[str] = "actors"

    name: Text
    aliases: list[Text] = Field(default_factory=list)
    kind: ActorKind
    jurisdiction: list[Jurisdiction] = Field(default_factory=list)
    """ISO 3166-1 alpha-2 codes, quoted ('CN', 'US'; 'NO' unquoted would be read as text anyway)."""
    parent: RecordId | None = None
    """The parent organisation's actor id."""
    website: Url | None = None
    wikidata: Text | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$",
                                  json_schema_extra={"pattern": r"^Q[1-9][0-9]*$"})
    summary: LongText | None = None
    affiliations: list[Affiliation] = Field(default_factory=list)
    """Other ties: subsidiary of, owned by, affiliated with, operates for, employed by."""
    evidence: list[Evidence] = Field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name
