"""Source: one document the knowledge base cites (a web page, a filing, a post), described once.

Every URL the knowledge base cites lives in exactly one source record; incidents, policies,
actors and models cite sources by id from their evidence items. The normalised URL is a
source's identity: two source records with one normalised URL are an error (KB225).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from kb.records.base import Record
from kb.records.types import LanguageTag, PartialDate, RecordId, Sha256, Text, Url
from kb.records.vocab import EvidenceKind, Reliability


class Source(Record):
    """A source document, with its provenance and how the editors came to know it."""

    kind_name: ClassVar[str] = "source"
    folder: ClassVar[str] = "sources"

    url: Url
    title: Text | None = None
    publisher: Text
    """Who published this page. For a mirror, the mirror; the original is named in `relays`."""
    author: Text | None = None
    """The author or speaker, when the page names one."""
    by: RecordId | None = None
    """The actor whose own publication or statement this is (e.g. a company's blog post). The
    evidence score counts a claimant's own sources (`by` equal to the claimant) as one voice."""
    published: PartialDate | None = None
    """Publication date, when the page shows one."""
    date_note: Text | None = None
    """How the date is known or why it is missing (e.g. 'per secondary sources', 'not shown')."""
    kind: EvidenceKind
    reliability: Reliability = Reliability.F
    """Admiralty grade of the source (A completely reliable ... F cannot be judged)."""
    first_hand: bool = Field(default=False, strict=True)
    """True when the publisher is the party making the statement, or reports what it witnessed."""
    reviewed: bool = Field(default=True, strict=True)
    """False when the editors only saw this URL cited by other sources and did not read it."""
    cited_in: list[RecordId] = Field(default_factory=list)
    """Sources in which this URL was seen cited (required when `reviewed` is false)."""
    relays: list[RecordId] = Field(default_factory=list)
    """Sources whose content this one repeats (a mirror, a report of a statement). Independence is
    computed from these chains: a source that relays another counts once, with its origin."""
    archives: list[Url] = Field(default_factory=list)
    """Archived copies (Wayback Machine, perma.cc)."""
    sha256: Sha256 | None = None
    """SHA-256 of the captured snapshot (written by `kb evidence capture`)."""
    captured: PartialDate | None = None
    """When the snapshot was captured."""
    language: LanguageTag | None = None
    """The page's language as a BCP 47 tag ('en', 'zh-Hans'), when not English."""
    paywall: bool | None = Field(default=None, strict=True)
    """True when the page is behind a paywall."""
    note: Text | None = None

    @property
    def display_name(self) -> str:
        return self.title or self.publisher
