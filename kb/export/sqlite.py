"""A SQLite database of the knowledge base (built with sqlite-utils), for Datasette, pandas, SQL.

Tables:

- ``records`` (id, kind, name, file): every record; every other table's record ids point here;
- one table per record kind (``incidents``, ``actors``, ...): one row per record, a column per
  top-level field — scalars as they are, lists and objects as JSON text — so new kinds and fields
  appear with no change here;
- ``claims``, ``claim_status_history``, ``responses``, ``commentary``, ``evidence``,
  ``figures``: the nested parts most queries need, one row each (``evidence`` columns come from
  the items themselves). ``commentary`` holds what parties the record does not accuse said: it
  is kept apart from ``responses`` so that a query for the accused parties' replies never counts
  a commentator;
- ``edges``: the graph (kb.graph) — u, v, key, kind and the other attributes as JSON.

Foreign keys hold (``PRAGMA foreign_key_check`` is empty) and full-text search covers titles,
summaries, claim statements, response and commentary summaries. The database is built in memory (vacuumed
before the full-text indexes are filled) and serialised, so the same KB gives the same bytes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from kb.export.fields import (
    claims_of,
    evidence_of,
    field,
    figures_of,
    record_json,
    responses_of,
    status_history,
)
from kb.gctools import paused_gc
from kb.loading import KnowledgeBase
from kb.records import KINDS, Record

#: Full-text indexes: table -> the columns searched (only those the table has).
FTS: dict[str, tuple[str, ...]] = {
    "incidents": ("title", "summary"), "policies": ("title", "summary"),
    "actors": ("name", "summary"), "models": ("name", "summary"), "sources": ("title", "publisher"),
    "datasets": ("name", "summary"), "claims": ("statement",), "responses": ("summary",),
    "commentary": ("summary",),
}


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _row(data: dict[str, Any]) -> dict[str, Any]:
    return {key: _cell(value) for key, value in data.items()}


def _columns(rows: list[dict[str, Any]], cls_fields: Iterable[str]) -> dict[str, type]:
    """Column types for a kind's table: every field the type declares, typed from the values."""
    types: dict[str, type] = {}
    for name in cls_fields:
        values = [r[name] for r in rows if r.get(name) is not None]
        kind: type = str
        if values and all(isinstance(v, int) for v in values):  # bool is an int: stored 0/1
            kind = int
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            kind = float
        types[name] = kind
    return types


def _insert(db: Any, table: str, rows: list[dict[str, Any]], columns: dict[str, type], pk: str,
            fks: list[tuple[str, str, str]]) -> None:
    db[table].create(columns, pk=pk, foreign_keys=fks, not_null={pk})
    # sqlite-utils makes the schema; the rows go in through executemany, with values already
    # cells (sqlite-utils' insert_all re-inspects every value: 5 of 15 s at 5,000 incidents).
    names = list(columns)
    sql = (f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    db.conn.executemany(sql, ([row.get(n) for n in names] for row in rows))


def _kind_tables(db: Any, groups: dict[str, list[Record]]) -> None:
    for folder, records in groups.items():
        cls = KINDS.get(folder)
        fields = list(cls.model_fields) if cls else sorted({k for r in records for k in record_json(r)})
        rows = [_row(record_json(r)) for r in records]
        columns = _columns(rows, fields)
        fks = [("id", "records", "id")]
        _insert(db, folder, rows, columns, "id", fks)


def _child_rows(records: list[Record], developer_of: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    from kb.export.fields import answered_claims

    out: dict[str, list[dict[str, Any]]] = {
        "claims": [], "claim_status_history": [], "responses": [], "commentary": [], "evidence": [],
        "figures": []}
    for record in records:
        for claim in claims_of(record):
            key = f"{record.id}#{claim.id}"
            data = claim.model_dump(mode="json", exclude_defaults=True)
            out["claims"].append({
                "key": key, "record": record.id, "claim": claim.id, "claimant": claim.claimant,
                "subject": claim.subject, "predicate": str(claim.predicate), "object": claim.object,
                "status": str(claim.status), "stated_on": claim.stated_on, "statement": claim.statement,
                "method": field(claim, "method", None),
                "access_channel": field(claim, "access_channel", None),
                "evidence": _cell(data.get("evidence", [])), "period": _cell(data.get("period"))})
            for n, change in enumerate(status_history(claim)):
                out["claim_status_history"].append({
                    "key": f"{key}:{n}", "claim": key, "seq": n, "date": change.date, "status": change.status,
                    "note": change.note, "evidence": _cell(list(change.evidence))})
        for n, response in enumerate(responses_of(record)):
            answered = [f"{record.id}#{c.id}" for c in answered_claims(record, response, developer_of)]
            out["responses"].append({
                "key": f"{record.id}:{n}", "record": record.id, "seq": n, "party": response.party,
                "stance": str(response.stance), "date": response.date, "speaker": response.speaker,
                "summary": response.summary, "quote": response.quote,
                "claims": _cell(answered), "evidence": _cell(list(response.evidence))})
        for n, said in enumerate(field(record, "commentary", None) or []):
            out["commentary"].append({
                "key": f"{record.id}:{n}", "record": record.id, "seq": n, "party": said.party,
                "date": said.date, "date_note": said.date_note, "speaker": said.speaker,
                "summary": said.summary, "quote": said.quote,
                "claims": _cell([f"{record.id}#{c}" for c in said.claims]),
                "evidence": _cell(list(said.evidence))})
        for ev in evidence_of(record):
            data = ev.model_dump(mode="json", exclude_defaults=False)
            out["evidence"].append({"key": f"{record.id}:{ev.id}", "record": record.id,
                                    **{("evidence" if k == "id" else k): _cell(v) for k, v in data.items()}})
        for n, (claim_id, fig) in enumerate(figures_of(record)):
            data = fig.model_dump(mode="json", exclude_defaults=False)
            out["figures"].append({"key": f"{record.id}:{n}", "record": record.id,
                                   "claim": f"{record.id}#{claim_id}" if claim_id else None,
                                   **{k: _cell(v) for k, v in data.items()}})
    return out


_CHILD_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "claims": [("record", "records", "id"), ("claimant", "records", "id"),
               ("subject", "records", "id"), ("object", "records", "id")],
    "claim_status_history": [("claim", "claims", "key")],
    "responses": [("record", "records", "id"), ("party", "records", "id")],
    "commentary": [("record", "records", "id"), ("party", "records", "id")],
    "evidence": [("record", "records", "id"), ("source", "records", "id")],
    "figures": [("record", "records", "id"), ("claim", "claims", "key")],
}
_CHILD_COLUMNS: dict[str, dict[str, type]] = {
    "claims": dict.fromkeys(("key", "record", "claim", "claimant", "subject", "predicate", "object",
                             "status", "stated_on", "statement", "method", "access_channel",
                             "evidence", "period"), str),
    "claim_status_history": {"key": str, "claim": str, "seq": int, "date": str, "status": str, "note": str,
                             "evidence": str},
    "responses": {"key": str, "record": str, "seq": int, "party": str, "stance": str, "date": str,
                  "speaker": str, "summary": str, "quote": str, "claims": str, "evidence": str},
    "commentary": {"key": str, "record": str, "seq": int, "party": str, "date": str, "date_note": str,
                   "speaker": str, "summary": str, "quote": str, "claims": str, "evidence": str},
}


def _edges(graph: Any) -> list[dict[str, Any]]:
    rows = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = {k: val for k, val in data.items() if k != "kind"}
        rows.append({"key": str(key), "u": u, "v": v, "kind": data.get("kind"),
                     "attributes": json.dumps(attrs, ensure_ascii=False, sort_keys=True, default=str)})
    return sorted(rows, key=lambda r: (r["u"], r["v"], r["key"]))


def database(kb: KnowledgeBase, graph: Any, page_url: Any = None) -> bytes:
    """The SQLite file's bytes (deterministic for a given KB and SQLite version)."""
    with paused_gc():
        return _database(kb, graph, page_url)


def _database(kb: KnowledgeBase, graph: Any, page_url: Any) -> bytes:
    import sqlite_utils

    from kb.export.api import records_by_folder

    conn = sqlite3.connect(":memory:")
    db = sqlite_utils.Database(conn)
    groups = records_by_folder(kb)
    records = [r for rs in groups.values() for r in rs]
    _insert(db, "records", [{"id": r.id, "kind": r.kind_name, "name": r.display_name,
                             "file": kb.file_of.get(r.id), "withdrawn": int(r.withdrawn is not None),
                             "page": page_url(r) if page_url else None} for r in records],
            {"id": str, "kind": str, "name": str, "file": str, "withdrawn": int, "page": str}, "id", [])
    _kind_tables(db, groups)
    developer_of = {r.id: str(field(r, "developer", "")) for r in records if r.kind_name == "model"}
    children = _child_rows(records, developer_of)
    for table, rows in children.items():
        names = list(dict.fromkeys(k for r in rows for k in r))
        columns = _CHILD_COLUMNS.get(table) or _columns(rows, names) or {"key": str, "record": str}
        _insert(db, table, rows, columns, "key", _CHILD_KEYS[table])
    _insert(db, "edges", _edges(graph), {"key": str, "u": str, "v": str, "kind": str, "attributes": str},
            "key", [("u", "records", "id"), ("v", "records", "id")])
    conn.commit()
    # VACUUM before the full-text indexes: it may renumber the rowids of tables without an
    # INTEGER PRIMARY KEY, and FTS5 external-content indexes point at those rowids.
    conn.execute("VACUUM")
    for name, cols in FTS.items():
        fts_table = db.table(name)
        if fts_table.exists():
            have = [c for c in cols if c in fts_table.columns_dict]
            if have:
                fts_table.enable_fts(have, create_triggers=False, tokenize="porter")
    conn.commit()
    data = conn.serialize()
    conn.close()
    return bytes(data)
