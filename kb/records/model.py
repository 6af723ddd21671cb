"""Model: an AI model or system, with its self-declared lineage."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from kb.records.base import KbModel, Record
from kb.records.evidence import Evidence
from kb.records.types import LocalId, LongText, PartialDate, RecordId, Text
from kb.records.vocab import LineageRelation, ModelAccess


class DerivedFrom(KbModel):
    """Lineage the developer itself declares (as Hugging Face `base_model` records it)."""

    model: RecordId
    relation: LineageRelation
    evidence: list[LocalId] = Field(default_factory=list)
    note: Text | None = None


class TrainedOn(KbModel):
    """A dataset the developer says the model was trained on (self-declared lineage)."""

    dataset: RecordId
    evidence: list[LocalId] = Field(min_length=1)
    note: Text | None = None


class Model(Record):
    kind_name: ClassVar[str] = "model"
    folder: ClassVar[str] = "models"

    name: Text
    aliases: list[Text] = Field(default_factory=list)
    """Other names and API snapshot names."""
    developer: RecordId
    family: RecordId | None = None
    """The model family this one belongs to (a model id, e.g. `claude` for `claude-opus-4-8`)."""
    released: PartialDate | None = None
    release_note: Text | None = None
    access: ModelAccess | None = None
    derived_from: list[DerivedFrom] = Field(default_factory=list)
    trained_on: list[TrainedOn] = Field(default_factory=list)
    """Datasets the model was trained on, as its developer declares."""
    huggingface: Text | None = Field(
        default=None, pattern=r"^[A-Za-z0-9][\w.-]*/[\w.-]+$",
        json_schema_extra={"pattern": r"^[A-Za-z0-9][\w.-]*/[\w.-]+$"}
    )
    epoch: Text | None = None
    """Name in Epoch AI's models database."""
    summary: LongText | None = None
    evidence: list[Evidence] = Field(default_factory=list)

    @property
    def display_name(self) -> str:
        return self.name
