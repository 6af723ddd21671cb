"""The shared pydantic base and the pieces every record kind carries."""

from __future__ import annotations

import types
import typing
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from kb.records.types import LongText, PartialDate, RecordId


class KbModel(BaseModel):
    """Strict base: unknown fields are errors (a typo is never silently dropped); instances are frozen."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_default=False,
        use_attribute_docstrings=True,
        regex_engine="python-re",
    )


class Withdrawal(KbModel):
    """Why and when a record was withdrawn. The page stays, with a banner."""

    date: PartialDate
    reason: LongText


class Record(KbModel):
    """Fields common to incidents, policies, actors and models."""

    kind_name: ClassVar[str]
    folder: ClassVar[str]

    id: RecordId
    """Stable identifier; equals the file name without `.yaml`."""
    former_ids: list[RecordId] = Field(default_factory=list)
    """Ids this record had before a rename; old links redirect here."""
    sources_reviewed_up_to: PartialDate | None = None
    """The date up to which the editors reviewed the sources of this record. Reviews are of
    saved copies of the pages, so this says nothing about the live pages since."""
    last_checked_live: PartialDate | None = None
    """When an editor last checked the live pages (leave out unless someone did)."""
    withdrawn: Withdrawal | None = None
    """Set when the record is withdrawn; it stays published with a banner."""
    superseded_by: RecordId | None = None
    """The record that replaces this one, if any."""
    editorial_note: LongText | None = None
    """A note from the editors to readers (e.g. why this record exists, what it is not)."""

    @property
    def display_name(self) -> str:
        return self.id


def submodel(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `list[Claim]` or `Period | None`
    (the first one, for a union): how the formatter and the error mapper walk a field path."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return submodel(typing.get_args(annotation)[0])
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            found = submodel(arg)
            if found is not None:
                return found
    return None
