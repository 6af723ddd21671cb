"""Atom 1.0 feeds: records new or changed, and claim status changes, for the whole KB and per
actor and per model.

Dates come from the records (a record's own date, review date or withdrawal; a claim's status
history, or its stated date and status until records keep a history), never from the build
time, and entry ids are ``urn:uuid:`` + uuid5 of a stable key: an unchanged KB gives
byte-identical feeds. The XML is written by hand with every text escaped (and control
characters XML cannot carry replaced), so hostile record text stays inert.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kb.export.fields import (
    ClaimRef,
    date_key,
    field,
    iter_claims,
    record_updated,
    status_history,
    timestamp,
)
from kb.gctools import paused_gc
from kb.loading import KnowledgeBase
from kb.records import Record

#: Namespace of every uuid5 in the feeds (fixed forever: changing it changes every entry id).
NAMESPACE = uuid.UUID("6f1f3a2e-3c4b-5d7e-8f90-1a2b3c4d5e6f")
#: Entries per feed, newest first (a feed is a window on recent changes, not an archive).
LIMIT = 200
FOLDER = "feeds"
_EPOCH = "1970-01-01"
PageUrl = Callable[[Record], str]


@dataclass(frozen=True)
class Entry:
    key: str
    """Stable identity of the entry, hashed into its id."""
    date: str
    title: str
    summary: str
    link: str | None
    categories: tuple[str, ...]
    about: frozenset[str]
    """Record ids this entry involves (for the per-actor and per-model feeds)."""


def urn(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, key)}"


def _text(value: object) -> str:
    from kb.graph.export import xml_safe

    return str(escape(xml_safe(str(value))))


def _attr(value: str) -> str:
    from kb.graph.export import xml_safe

    return str(quoteattr(xml_safe(value)))


def _name(kb: KnowledgeBase, record_id: str) -> str:
    record = kb.records.get(record_id)
    return record.display_name if record is not None else record_id


def record_entries(kb: KnowledgeBase, involved: dict[str, set[str]], page_url: PageUrl | None) -> list[Entry]:
    """One entry per record that states a date, updated on that date."""
    out = []
    for record in kb.records.values():
        updated = record_updated(record)
        if updated is None:
            continue
        state = " (withdrawn)" if record.withdrawn else ""
        summary = field(record, "summary", None) or ""
        out.append(Entry(f"record:{record.id}", updated,
                         f"{record.kind_name.capitalize()}: {record.display_name}{state}",
                         " ".join(str(summary).split())[:500],
                         page_url(record) if page_url else None,
                         (f"kind:{record.kind_name}",), frozenset({record.id, *involved.get(record.id, ())})))
    return out


def status_entries(kb: KnowledgeBase, page_url: PageUrl | None) -> list[Entry]:
    """One entry per dated status of every claim (see kb.export.fields.status_history)."""
    out = []
    refs: Iterable[ClaimRef] = iter_claims(list(kb.records.values()))
    for ref in refs:
        claim = ref.claim
        about = frozenset({claim.claimant, claim.subject, claim.object, ref.record.id})
        words = (f"{_name(kb, claim.claimant)} claims {_name(kb, claim.subject)} "
                 f"{claim.predicate} {_name(kb, claim.object)}")
        for change in status_history(claim):
            note = f" {change.note}" if change.note else ""
            out.append(Entry(
                f"claim:{ref.key}:{change.date}:{change.status}", change.date,
                f"Claim status {change.status}: {words}",
                f"{claim.statement}{note} (claim {claim.id} of {ref.record.id}; status "
                f"{change.status} as of {change.date})",
                page_url(ref.record) + f"#claim-{claim.id}" if page_url else None,
                ("claim-status", f"status:{change.status}"), about))
    return out


def _feed(name: str, title: str, entries: list[Entry], self_url: str | None,
          xml_base: str | None = None) -> str:
    chosen = sorted(entries, key=lambda e: (date_key(e.date), e.key), reverse=True)[:LIMIT]
    updated = timestamp(chosen[0].date) if chosen else timestamp(_EPOCH)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom"'
             + (f" xml:base={_attr(xml_base)}>" if xml_base else ">"),
             f"  <id>{urn('feed:' + name)}</id>",
             f"  <title>{_text(title)}</title>",
             f"  <updated>{updated}</updated>",
             "  <author><name>distillation-kb</name></author>",
             "  <generator>distillation-kb</generator>"]
    if self_url:
        lines.append(f'  <link rel="self" type="application/atom+xml" href={_attr(self_url)}/>')
    for e in chosen:
        lines += ["  <entry>",
                  f"    <id>{urn(e.key)}</id>",
                  f"    <title>{_text(e.title)}</title>",
                  f"    <updated>{timestamp(e.date)}</updated>"]
        if e.link:
            lines.append(f'    <link rel="alternate" type="text/html" href={_attr(e.link)}/>')
        lines += [f"    <category term={_attr(c)}/>" for c in e.categories]
        lines += [f'    <summary type="text">{_text(e.summary)}</summary>', "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def involvement(kb: KnowledgeBase, graph: Any) -> dict[str, set[str]]:
    """Record id -> the actors and models it is linked to in the graph (either direction)."""
    kinds = {rid: r.kind_name for rid, r in kb.records.items()}
    out: dict[str, set[str]] = defaultdict(set)
    for u, v in graph.edges():
        for a, b in ((u, v), (v, u)):
            if kinds.get(b) in ("actor", "model"):
                out[a].add(b)
    return out


def feed_files(kb: KnowledgeBase, graph: Any, page_url: PageUrl | None = None,
               base_url: str = "") -> dict[str, str]:
    """Path under the feeds' folder -> Atom XML: ``kb.atom`` (records and status changes),
    ``status.atom`` (status changes only), ``actors/<id>.atom`` and ``models/<id>.atom``."""
    with paused_gc():
        return _feed_files(kb, graph, page_url, base_url)


def _feed_files(kb: KnowledgeBase, graph: Any, page_url: PageUrl | None, base_url: str) -> dict[str, str]:
    records = record_entries(kb, involvement(kb, graph), page_url)
    statuses = status_entries(kb, page_url)
    base = base_url.rstrip("/") + "/" if base_url else ""
    files = {"kb.atom": _feed("kb", "distillation-kb: records and claim status changes",
                              records + statuses, base and base + "kb.atom"),
             "status.atom": _feed("status", "distillation-kb: claim status changes", statuses,
                                  base and base + "status.atom")}
    about: dict[str, list[Entry]] = defaultdict(list)
    for entry in records + statuses:
        for record_id in entry.about:
            about[record_id].append(entry)
    for record in kb.records.values():
        if record.kind_name in ("actor", "model"):
            path = f"{record.folder}/{record.id}.atom"
            # Relative links are relative to the feeds' folder, one level up from this feed.
            files[path] = _feed(f"{record.folder}:{record.id}",
                                f"distillation-kb: {record.display_name}", about[record.id],
                                base and base + path, None if base else "../")
    return dict(sorted(files.items()))


def feed_path(record: Record) -> str | None:
    """The feed of an actor or model, relative to the feeds' folder (None for other kinds)."""
    return f"{record.folder}/{record.id}.atom" if record.kind_name in ("actor", "model") else None
