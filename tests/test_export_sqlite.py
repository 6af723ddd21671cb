"""The SQLite database (kb.export.sqlite): foreign keys hold, full-text search works, bytes repeat."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kb.export.sqlite import database
from kb.records import KINDS
from tests.export_helpers import INCIDENT, loaded


def _open(data: bytes, tmp_path: Path) -> sqlite3.Connection:
    path = tmp_path / "kb.sqlite"
    path.write_bytes(data)
    return sqlite3.connect(path)


def test_foreign_keys_hold_and_full_text_search_finds_minimax(repo_root: Path, tmp_path: Path) -> None:
    kb, graph = loaded(repo_root)
    db = _open(database(kb, graph), tmp_path)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    found = db.execute("SELECT key FROM claims WHERE rowid IN "
                       "(SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'MiniMax')").fetchall()
    assert (f"{INCIDENT}#c-minimax",) in found
    incidents = db.execute("SELECT id FROM incidents WHERE rowid IN "
                           "(SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH 'MiniMax')").fetchall()
    assert (INCIDENT,) in incidents


def test_full_text_indexes_agree_with_their_tables(repo_root: Path, tmp_path: Path) -> None:
    """FTS5's integrity check compares each index with its content table, row by row."""
    db = _open(database(*loaded(repo_root)), tmp_path)
    query = "SELECT name FROM sqlite_master WHERE name LIKE '%\\_fts' ESCAPE '\\'"
    tables = [r[0] for r in db.execute(query)]
    assert "claims_fts" in tables and "incidents_fts" in tables
    for table in tables:
        db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


def test_tables_declare_their_foreign_keys(small_kb: Path, tmp_path: Path) -> None:
    db = _open(database(*loaded(small_kb)), tmp_path)
    keys = {(row[3], row[2]) for row in db.execute("PRAGMA foreign_key_list(claims)")}
    assert {("record", "records"), ("claimant", "records"), ("subject", "records"),
            ("object", "records")} <= keys
    assert {(row[3], row[2]) for row in db.execute("PRAGMA foreign_key_list(edges)")} == {
        ("u", "records"), ("v", "records")}


def test_each_kind_has_a_table_with_a_column_per_field(small_kb: Path, tmp_path: Path) -> None:
    db = _open(database(*loaded(small_kb)), tmp_path)
    for folder, cls in KINDS.items():
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({folder})")}
        assert columns == set(cls.model_fields), folder


def test_claims_history_responses_and_edges_are_rows(small_kb: Path, tmp_path: Path) -> None:
    db = _open(database(*loaded(small_kb)), tmp_path)
    assert db.execute("SELECT count(*) FROM claims").fetchone() == (3,)
    assert db.execute("SELECT count(*) FROM claim_status_history").fetchone() == (3,)
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] >= 1
    assert db.execute("SELECT count(*) FROM edges WHERE kind = 'claim'").fetchone() == (3,)


def test_two_builds_give_identical_bytes(small_kb: Path) -> None:
    kb, graph = loaded(small_kb)
    assert database(kb, graph) == database(kb, graph)


def test_commentary_is_its_own_table_never_a_response(repo_root: Path, tmp_path: Path) -> None:
    """What a party the record does not accuse said (EleutherAI on Yi, for one) is a row of
    `commentary`, searchable, and never a row of `responses`."""
    kb, graph = loaded(repo_root)
    db = _open(database(kb, graph), tmp_path)
    ledgers = [*kb.incidents, *kb.policies]
    said = {(r.id, c.party, c.summary) for r in ledgers for c in r.commentary}
    assert said
    assert set(db.execute("SELECT record, party, summary FROM commentary").fetchall()) == said
    assert not said & set(db.execute("SELECT record, party, summary FROM responses").fetchall())
    assert {("record", "records"), ("party", "records")} <= {
        (row[3], row[2]) for row in db.execute("PRAGMA foreign_key_list(commentary)")}
    found = db.execute("SELECT party FROM commentary WHERE rowid IN (SELECT rowid FROM "
                       "commentary_fts WHERE commentary_fts MATCH 'misreading')").fetchall()
    assert ("eleutherai",) in found
