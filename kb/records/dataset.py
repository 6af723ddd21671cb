"""Dataset: a body of training data (conversations, generated instructions, distillation
samples), with where it came from and which models it fed."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from kb.records.base import KbModel, Record
from kb.records.claim import Figure
from kb.records.evidence import Evidence
from kb.records.types import LocalId, LongText, PartialDate, RecordId, Text


class GeneratedBy(KbModel):
    """A model whose outputs the dataset holds."""

    model: RecordId
    evidence: list[LocalId] = Field(min_length=1)
    note: Text | None = None


class CollectedFrom(KbModel):
    """Where the dataset was gathered: an actor (a site or service), a model or another dataset."""

    source: RecordId
    evidence: list[LocalId] = Field(min_length=1)
    note: Text | None = None


class Dataset(Record):
    """A dataset, as its creator or the sources describe it."""

    kind_name: ClassVar[str] = "dataset"
    folder: ClassVar[str] = "datasets"

    name: Text
    aliases: list[Text] = Field(default_factory=list)
    creator: RecordId | None = None
    """The actor that assembled or published the dataset, when the sources say."""
    released: PartialDate | None = None
    release_note: Text | None = None
    summary: LongText
    """Markdown, in the editors' words."""
    figures: list[Figure] = Field(default_factory=list)
    """Its size as the sources state it (examples, conversations, samples ...), with units."""
    generated_by: list[GeneratedBy] = Field(default_factory=list)
    collected_from: list[CollectedFrom] = Field(default_factory=list)
    evidence: list[Evidence] = Field(min_length=1)

    @property
    def display_name(self) -> str:
        return self.name
