"""Generated artefacts: JSON Schemas and reference pages match the code, and schemas are draft-07."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from kb.cli.reference import extra_pages
from kb.reference import drift
from kb.reference import pages as docgen
from kb.reference import schemas as schema


def test_schemas_are_up_to_date(repo_root: Path) -> None:
    assert drift(repo_root / "schemas", schema.schemas()) == []


def test_reference_pages_are_up_to_date(repo_root: Path) -> None:
    assert drift(repo_root / "docs", {**docgen.pages(), **extra_pages(repo_root)}) == []


def test_schemas_are_valid_draft07_without_defs() -> None:
    for name, text in schema.schemas().items():
        data = json.loads(text)
        jsonschema.Draft7Validator.check_schema(data)
        assert "$defs" not in text, name


def test_schema_generation_is_deterministic() -> None:
    assert schema.schemas() == schema.schemas()


def test_drift_detected(tmp_path: Path) -> None:
    for name, text in schema.schemas().items():
        (tmp_path / name).write_text(text)
    (tmp_path / "actor.schema.json").write_text("{}")
    assert drift(tmp_path, schema.schemas()) == ["actor.schema.json"]


def test_every_code_is_used_by_the_code_or_the_cases() -> None:
    """A catalogue entry nobody emits is a documented promise that no check keeps."""
    from kb.codes import CODES

    repo = Path(__file__).resolve().parent.parent
    sources = "\n".join(p.read_text("utf-8") for p in (repo / "kb").rglob("*.py")
                        if "codes" not in p.parts)
    emitted = {code for code in CODES if f'"{code}"' in sources or f"'{code}'" in sources}
    assert [c for c in CODES if c not in emitted and not CODES[c].retired] == []
    assert [c for c in CODES if c in emitted and CODES[c].retired] == []  # never reused
