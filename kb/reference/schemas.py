"""JSON Schemas generated from the record types, in a form editors understand (draft-07)."""

from __future__ import annotations

import json
from typing import Any

from kb.records import KINDS

DRAFT = "http://json-schema.org/draft-07/schema#"


def _draft07(schema: dict[str, Any]) -> dict[str, Any]:
    """pydantic emits 2020-12 `$defs`; yaml-language-server validates draft-07 `definitions`."""
    defs = schema.pop("$defs", None)
    if defs:
        schema["definitions"] = defs
    return schema


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schemas() -> dict[str, str]:
    """File name -> JSON text, byte-stable: one schema per record kind, and the JSON API's
    index, redirect and whole-KB documents (kb.export.schemas)."""
    from kb.export.schemas import api_schemas

    out: dict[str, str] = {}
    for cls in KINDS.values():
        schema = _draft07(cls.model_json_schema(ref_template="#/definitions/{model}"))
        schema = {"$schema": DRAFT, "$id": f"{cls.kind_name}.schema.json", **schema}
        out[f"{cls.kind_name}.schema.json"] = _text(schema)
    out.update((name, _text(schema)) for name, schema in api_schemas().items())
    return out
