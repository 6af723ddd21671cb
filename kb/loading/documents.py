"""Find, read and type-check every record file of a knowledge base.

Loading never stops at the first bad file: each document carries its own diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from kb.diagnostics import Diagnostic
from kb.loading.discover import EXTENSION, discover
from kb.loading.record_errors import record_diagnostics
from kb.loading.salvage import salvage
from kb.records import KINDS, Actor, Dataset, Evidence, Incident, Model, Policy, Record, Source
from kb.yamlio.reader import MAX_FILE_BYTES, Parsed, read_file

R = TypeVar("R", bound=Record)


@dataclass(slots=True)
class Document:
    file: str
    """Relative to the KB root, forward slashes."""
    folder: str
    record: Record | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    salvaged: Record | None = None
    """When the file fails type-checking: what of it could be read (see
    :mod:`kb.loading.salvage`), for validation only; ``record`` stays None."""


@dataclass
class KnowledgeBase:
    root: Path
    documents: list[Document]
    records: dict[str, Record] = field(default_factory=dict)
    """Every valid record by id (the first one, when an id is duplicated)."""
    file_of: dict[str, str] = field(default_factory=dict)
    _kinds: dict[tuple[int, type], tuple[object, int, list[Record]]] = field(
        default_factory=dict, repr=False, compare=False)
    """Each kind's records in id order, per ``records`` mapping (a copy of this object may swap
    in another mapping, as the site's preview does): sorting every record again on each call
    cost a preview 0.25-0.45 s per edit at 5,000 incidents."""

    def __post_init__(self) -> None:
        for doc in self.documents:
            if doc.record is not None and doc.record.id not in self.records:
                self.records[doc.record.id] = doc.record
                self.file_of[doc.record.id] = doc.file

    def of_kind(self, cls: type[R]) -> list[R]:
        """The records of one kind in id order (a new list each call: callers may change it)."""
        records = self.records
        key = (id(records), cls)
        hit = self._kinds.get(key)
        if hit is None or hit[0] is not records or hit[1] != len(records):
            found: list[Record] = sorted((r for r in records.values() if isinstance(r, cls)),
                                         key=lambda r: r.id)
            hit = self._kinds[key] = (records, len(records), found)
        return list(hit[2])  # type: ignore[arg-type]

    @property
    def incidents(self) -> list[Incident]:
        return self.of_kind(Incident)

    @property
    def policies(self) -> list[Policy]:
        return self.of_kind(Policy)

    @property
    def actors(self) -> list[Actor]:
        return self.of_kind(Actor)

    @property
    def models(self) -> list[Model]:
        return self.of_kind(Model)

    @property
    def sources(self) -> list[Source]:
        return self.of_kind(Source)

    def source_of(self, item: Evidence) -> Source | None:
        """The source record an evidence item cites (None when the id does not resolve)."""
        found = self.records.get(item.source)
        return found if isinstance(found, Source) else None

    @property
    def datasets(self) -> list[Dataset]:
        return self.of_kind(Dataset)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for doc in self.documents for d in doc.diagnostics]


def build_record(parsed: Parsed, folder: str) -> Document:
    """Type-check one parsed file as a record of its folder's kind."""
    doc = Document(parsed.file, folder, None, list(parsed.diagnostics))
    if not parsed.file.endswith(EXTENSION):
        doc.diagnostics.append(Diagnostic(
            parsed.file, "KB013", "record files use the '.yaml' extension", 1, 1,
            hint=f"rename it to {parsed.file.rsplit('.', 1)[0]}{EXTENSION}"))
    if not isinstance(parsed.data, dict):
        return doc
    if any(d.code in ("KB002", "KB003", "KB004", "KB010") for d in parsed.diagnostics):
        # The value read is not what the author wrote; do not build a record from it.
        return doc
    cls = KINDS[folder]
    try:
        doc.record = cls.model_validate(parsed.data)
    except ValidationError as exc:
        has_bidi = any(d.code == "KB006" for d in parsed.diagnostics)
        doc.diagnostics.extend(
            d for d in record_diagnostics(exc, parsed, cls) if not (has_bidi and d.code == "KB006")
        )
        doc.salvaged = salvage(cls, parsed.data)
    return doc


def load_file(root: Path, file: str, folder: str, max_bytes: int = MAX_FILE_BYTES) -> Document:
    return build_record(read_file(root / file, file, max_bytes), folder)


def load(root: Path, files: Iterable[tuple[str, str]] | None = None,
         max_bytes: int = MAX_FILE_BYTES) -> KnowledgeBase:
    """Load every record under ``root`` (or the given (file, folder) pairs)."""
    pairs = list(discover(root) if files is None else files)
    documents = [load_file(root, file, folder, max_bytes) for file, folder in pairs]
    return KnowledgeBase(root, documents)
