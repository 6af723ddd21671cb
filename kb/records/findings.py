"""Negative findings: what the editors looked for in the sources reviewed and did not find."""

from __future__ import annotations

from pydantic import Field

from kb.records.base import KbModel
from kb.records.types import LocalId, LongText, PartialDate, Text


class NegativeFinding(KbModel):
    """Something looked for and not found in the sources reviewed (e.g. 'no lawsuit over
    distillation'). It reports a search of saved copies up to a date, not a fact about the world."""

    searched_for: Text
    """What was looked for, e.g. 'a lawsuit over distillation'."""
    finding: LongText
    """What the sources reviewed show instead, in the editors' words."""
    searched_up_to: PartialDate
    """The date the sources searched reach (saved copies; the live web was not searched). Not
    later than the record's `sources_reviewed_up_to`."""
    evidence: list[LocalId] = Field(default_factory=list)
    """Sources that show what was found instead, if any."""
