"""`kb evidence capture`: fetch a page, store it as WARC, log custody, update the source record.

A capture belongs to a source record (sources/), named directly (``--source``) or through an
evidence item that cites it (``--record`` and ``--evidence``); the hash and date are written
into the source record, where every record citing that source reads them.

Every check that can fail on bad input runs before anything is fetched or written: the URL
(KB401), the evidence folder (KB412), the custody log (KB406/KB413), the record, evidence and
source ids (KB402/KB403) and a dry run of the source edit (KB415). Then the page is fetched (KB404/
KB405), stored once per distinct content, the custody entry appended, and the record edited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kb.diagnostics import suggest
from kb.evidence.errors import EvidenceError, fail
from kb.evidence.fetch import DEFAULT_LIMITS, Fetched, FetchError, Limits, fetch, tool_version
from kb.evidence.lookup import find_record
from kb.evidence.manifest import Entry, append, read_manifest
from kb.evidence.paths import CAPTURES, MANIFEST, evidence_path
from kb.evidence.store import build_warc, sha256_bytes, store, store_relpath
from kb.evidence.urls import check_fetchable, redact
from kb.loading import KnowledgeBase, load_kb
from kb.records import Record, Source
from kb.validation.rules import normalise_url
from kb.yamlio.editor import Change, EditError, apply, update

#: New keys go before these, so the source's provenance fields stay in their usual order.
_INSERT_BEFORE = ("language", "paywall", "note")


@dataclass(frozen=True, slots=True)
class Target:
    """The source a capture belongs to, and the evidence item that named it (if any)."""

    record_id: str
    """The record named on the command line (the source itself with ``--source``)."""
    evidence_id: str | None
    source_id: str
    file: str
    """The source record's file, relative to the KB root."""
    url: str
    previous_sha256: str | None


@dataclass(frozen=True, slots=True)
class CaptureResult:
    entry: Entry
    target: Target | None
    record_updated: bool

    @property
    def path(self) -> str:
        return store_relpath(self.entry.warc)


def _source_target(kb: KnowledgeBase, source: Source, record_id: str, evidence_id: str | None,
                   url: str | None) -> Target:
    known = [str(source.url), *(str(a) for a in source.archives)]
    what = f"{record_id} {evidence_id}" if evidence_id else f"source {source.id}"
    if url is not None and normalise_url(url) not in {normalise_url(k) for k in known}:
        raise fail("KB403", f"{redact(url)} is neither the url nor an archive of "
                   f"{what} ({source.url})", file=kb.file_of[source.id],
                   hint="capture the source's own URL (omit URL to use it)")
    return Target(record_id, evidence_id, source.id, kb.file_of[source.id], url or str(source.url),
                  source.sha256)


def resolve_source(kb: KnowledgeBase, source_id: str, url: str | None) -> Target:
    """The source record ``source_id``; the URL, if given, must be its `url` or an archive."""
    source = kb.records.get(source_id)
    if not isinstance(source, Source):
        raise fail("KB402", f"no source with id '{source_id}'",
                   hint=suggest(source_id, [s.id for s in kb.sources]) or "run `kb validate` to "
                   "see why a record did not load")
    return _source_target(kb, source, source_id, None, url)


def resolve_target(kb: KnowledgeBase, record_id: str, evidence_id: str,
                   url: str | None) -> Target:
    """The source that evidence item ``evidence_id`` of ``record_id`` cites."""
    record = find_record(kb, record_id, Record)
    items = list(getattr(record, "evidence", []))
    file = kb.file_of[record_id]
    by_id = {ev.id: ev for ev in items}
    if evidence_id not in by_id:
        raise fail("KB403", f"record '{record_id}' has no evidence item '{evidence_id}'", file=file,
                   hint=suggest(evidence_id, by_id) or "list its evidence ids in the file")
    source = kb.source_of(by_id[evidence_id])
    if source is None:
        raise fail("KB403", f"evidence item '{evidence_id}' of '{record_id}' cites an unknown "
                   f"source '{by_id[evidence_id].source}'", file=file,
                   hint="run `kb validate` and fix the source id first")
    return _source_target(kb, source, record_id, evidence_id, url)


def _changes(target: Target, sha256: str, date: str) -> list[Change]:
    return [(("sha256",), sha256), (("captured",), date)]


def _fetch_error(exc: FetchError, url: str) -> EvidenceError:
    if exc.kind == "too-large":
        return fail("KB405", f"{redact(url)}: {exc}", hint="raise --max-bytes if the source "
                    "really is that large")
    if exc.kind == "refused-redirect":
        return fail("KB401", f"{redact(url)}: {exc}")
    return fail("KB404", f"{redact(url)}: {exc}", hint="check the URL; capture an archived copy "
                "if the page is gone")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def capture(root: Path, url: str | None, *, kb: KnowledgeBase | None = None,
            record_id: str | None = None, evidence_id: str | None = None,
            source_id: str | None = None,
            limits: Limits = DEFAULT_LIMITS, now: dt.datetime | None = None) -> CaptureResult:
    """Capture ``url`` (or the source's URL) into the store under ``root``.

    ``kb`` is the loaded knowledge base (loaded here when not given). Raises
    :class:`EvidenceError` with a diagnostic; on any error before the fetch completes, nothing
    has been written.
    """
    if (record_id is None) != (evidence_id is None):
        raise ValueError("record_id and evidence_id go together")
    if url is None and record_id is None and source_id is None:
        raise ValueError("give a URL, a record and evidence id, or a source id")
    if source_id is not None and record_id is not None:
        raise ValueError("give a source id or a record and evidence id, not both")
    if url is not None:
        check_fetchable(url)
    evidence_path(root, MANIFEST)
    evidence_path(root, CAPTURES)
    manifest = read_manifest(root)
    if not manifest.ok:
        first = manifest.diagnostics[0]
        raise EvidenceError(first)

    target: Target | None = None
    if source_id is not None or (record_id is not None and evidence_id is not None):
        kb = kb if kb is not None else load_kb(root)
        target = (resolve_source(kb, source_id, url) if source_id is not None
                  else resolve_target(kb, record_id or "", evidence_id or "", url))
        check_fetchable(target.url)
        record_path = root / target.file
        try:  # dry run: the edit must be possible before anything is written
            apply(record_path.read_text("utf-8"), _changes(target, "0" * 64, "2026-01-01"),
                  before=_INSERT_BEFORE)
        except (OSError, UnicodeDecodeError, EditError) as exc:
            raise fail("KB415", f"{target.file} cannot be updated: {exc}", file=target.file,
                       hint="fix the record (kb validate) and capture again") from None
    fetch_url = target.url if target is not None else url
    assert fetch_url is not None

    when = (now or _now()).astimezone(dt.UTC)
    at = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        got: Fetched = fetch(fetch_url, limits)
    except FetchError as exc:
        raise _fetch_error(exc, fetch_url) from None
    if not 200 <= got.status < 300:
        raise fail("KB404", f"{redact(fetch_url)}: HTTP {got.status} {got.reason}".rstrip(),
                   hint="only successful (2xx) responses are captured; capture an archived copy "
                   "if the page is gone")
    body = got.body or b""
    sha256 = sha256_bytes(body)
    tool = tool_version()
    warc = build_warc(url=got.final_url, at=at, status=got.status, reason=got.reason,
                      http_version=got.http_version, headers=got.headers, body=body, tool=tool)
    stored = store(root, sha256, warc)

    def make(seq: int, prev: str | None) -> Entry:
        return Entry(
            seq=seq, at=at, action="capture", url=fetch_url, final_url=got.final_url,
            redirects=got.redirects, status=got.status, content_type=got.content_type,
            size=len(body), sha256=sha256, warc=stored.warc, warc_sha256=stored.warc_sha256,
            stored=stored.stored, tool=tool,
            record=target.record_id if target else None,
            evidence=target.evidence_id if target else None, prev=prev)

    entry = append(root, make)
    updated = False
    if target is not None:
        try:
            updated = update(root / target.file, _changes(target, sha256, entry.date),
                             before=_INSERT_BEFORE)
        except EditError as exc:
            raise fail("KB415", f"{target.file} could not be updated: {exc}; the capture is "
                       f"stored as {store_relpath(stored.warc)}", file=target.file) from None
    return CaptureResult(entry, target, updated)
