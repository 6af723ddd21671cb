"""The static JSON API: `v1/<folder>/<id>.json` per record, `v1/<folder>/index.json` per kind,
`v1/kb.json` for everything, and the JSON Schemas they validate against under `v1/schemas/`.

A record's file is the record exactly as validated (its schema is ``schemas/<kind>.schema.json``);
a withdrawn record keeps its ``withdrawn``/``superseded_by`` fields; each former id of a renamed
record answers with a small redirect object, as the site's pages do. Paths are relative to the
API's root folder (the site puts it at ``generated/api/``).
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from kb.export.errors import ExportError
from kb.export.fields import claims_of, dumps, record_date, record_json, status_of
from kb.export.schemas import INDEX, REDIRECT, WHOLE_KB, api_schemas
from kb.gctools import paused_gc
from kb.loading import KnowledgeBase
from kb.records import KINDS, Record
from kb.records.types import is_record_id

VERSION = "v1"
PageUrl = Callable[[Record], str]


def member(folder: str, name: str) -> str:
    """``v1/<folder>/<name>.json``, refusing any name that is not a record id or whose path
    would leave the folder (impossible for validated ids; checked anyway)."""
    path = f"{VERSION}/{folder}/{name}.json"
    if not is_record_id(name) or posixpath.dirname(posixpath.normpath(path)) != f"{VERSION}/{folder}":
        raise ExportError("KB801", f"record id {name!r} would be written outside {VERSION}/{folder}/",
                          f"{folder}/{name}.yaml", hint="rename the record with `kb mv` to a valid id")
    return path


def records_by_folder(kb: KnowledgeBase) -> dict[str, list[Record]]:
    """Every record, grouped by its kind's folder (in KINDS order), sorted by id."""
    groups: dict[str, list[Record]] = {folder: [] for folder in KINDS}
    for record in kb.records.values():
        groups.setdefault(record.folder, []).append(record)
    return {folder: sorted(records, key=lambda r: r.id) for folder, records in groups.items()}


def kb_json(kb: KnowledgeBase) -> str:
    """Every record, as validated, by folder: `v1/kb.json` and the site's distillation-kb.json."""
    return dumps({folder: [record_json(r) for r in records]
                  for folder, records in records_by_folder(kb).items()})


def index_entry(record: Record, page_url: PageUrl | None) -> dict[str, object]:
    entry: dict[str, object] = {"id": record.id, "name": record.display_name,
                                "withdrawn": record.withdrawn is not None, "href": f"{record.id}.json"}
    optional = {"date": record_date(record), "status": status_of(record),
                "superseded_by": record.superseded_by, "former_ids": list(record.former_ids),
                "claim_statuses": dict(sorted(Counter(str(c.status) for c in claims_of(record)).items())),
                "page": page_url(record) if page_url else None}
    entry.update((k, v) for k, v in optional.items() if v)
    return entry


def _index(folder: str, records: list[Record], page_url: PageUrl | None) -> str:
    return dumps({"kind": KINDS[folder].kind_name, "count": len(records),
                  "records": [index_entry(r, page_url) for r in records]})


def _redirects(records: Iterable[Record], taken: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for record in records:
        for old in record.former_ids:
            if old not in taken:  # a live record with that id wins (validation reports clashes)
                out[member(record.folder, old)] = dumps(
                    {"id": old, "moved_to": record.id, "href": f"{record.id}.json"})
    return out


def api_files(kb: KnowledgeBase, page_url: PageUrl | None = None,
              schemas: Mapping[str, str] | None = None) -> dict[str, str]:
    """Path under the API root -> JSON text, for every record, index and redirect, and the
    ``schemas`` they validate against (name -> text, from kb.reference.schemas, which also
    writes them to schemas/) at `v1/schemas/<name>`."""
    with paused_gc():
        files: dict[str, str] = {f"{VERSION}/kb.json": kb_json(kb)}
        files.update((f"{VERSION}/schemas/{name}", text) for name, text in (schemas or {}).items())
        for folder, records in records_by_folder(kb).items():
            files[f"{VERSION}/{folder}/index.json"] = _index(folder, records, page_url)
            files.update(_redirects(records, {r.id for r in records}))
            for record in records:
                files[member(folder, record.id)] = dumps(record_json(record))
        return files


__all__ = ["INDEX", "REDIRECT", "VERSION", "WHOLE_KB", "api_files", "api_schemas", "kb_json",
           "member", "records_by_folder"]
