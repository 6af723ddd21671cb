"""JSON Schemas of the API's own documents: a kind's index, a redirect, the whole KB.

The record files are the records themselves and validate against ``schemas/<kind>.schema.json``
(kb.reference.schemas); these three are generated here and committed beside them (named
``api-*.schema.json``), so `kb schema --check` catches drift.
"""

from __future__ import annotations

from typing import Any

from kb.records import KINDS

DRAFT = "http://json-schema.org/draft-07/schema#"
_ID = {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$"}
_DATE = {"type": "string", "pattern": r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"}
_HREF = {"type": "string", "pattern": r"^[a-z0-9-]+\.json$"}

INDEX = "api-index.schema.json"
REDIRECT = "api-redirect.schema.json"
WHOLE_KB = "api-kb.schema.json"


def _index() -> dict[str, Any]:
    entry = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "name", "withdrawn", "href"],
        "properties": {
            "id": _ID,
            "name": {"type": "string"},
            "date": _DATE,
            "status": {"type": "string", "description": "The record's own status field (policies)."},
            "claim_statuses": {
                "type": "object", "additionalProperties": {"type": "integer", "minimum": 1},
                "description": "How many of the record's claims have each status."},
            "withdrawn": {"type": "boolean"},
            "superseded_by": _ID,
            "former_ids": {"type": "array", "items": _ID},
            "href": {**_HREF, "description": "The record's JSON file, relative to this index."},
            "page": {"type": "string", "description": "The record's page on the site."},
        },
    }
    return {
        "title": "distillation-kb API: index of one record kind",
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "count", "records"],
        "properties": {
            "kind": {"type": "string", "enum": sorted(cls.kind_name for cls in KINDS.values())},
            "count": {"type": "integer", "minimum": 0},
            "records": {"type": "array", "items": entry},
        },
    }


def _redirect() -> dict[str, Any]:
    return {
        "title": "distillation-kb API: a renamed record's former id",
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "moved_to", "href"],
        "properties": {"id": _ID, "moved_to": _ID,
                       "href": {**_HREF, "description": "The record's JSON file under its new id."}},
    }


def _whole_kb() -> dict[str, Any]:
    return {
        "title": "distillation-kb API: every record, by folder",
        "type": "object",
        "additionalProperties": False,
        "required": list(KINDS),
        "properties": {folder: {"type": "array", "items": {"$ref": f"{cls.kind_name}.schema.json"}}
                       for folder, cls in KINDS.items()},
    }


def api_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema (draft-07), for the API's index, redirect and whole-KB documents."""
    return {name: {"$schema": DRAFT, "$id": name, **build()}
            for name, build in ((INDEX, _index), (REDIRECT, _redirect), (WHOLE_KB, _whole_kb))}
