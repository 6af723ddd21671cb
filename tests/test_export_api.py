"""The static JSON API (kb.export.api): every file validates against its published schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource

from kb.export import ExportError
from kb.export.api import api_files, kb_json, member
from kb.records import KINDS
from kb.reference.schemas import schemas
from kb.site import render_site
from kb.site.context import GENERATED
from tests.export_helpers import INCIDENT, loaded, rename_minimax, withdraw_deepseek


def _validator(files: dict[str, str], name: str) -> Draft7Validator:
    schemas = {p.rsplit("/", 1)[1]: json.loads(t) for p, t in files.items() if "/schemas/" in p}
    registry: Registry = Registry().with_resources(
        (n, Resource.from_contents(s)) for n, s in schemas.items())
    return Draft7Validator(schemas[name], registry=registry)


def _schema_for(path: str, data: dict[str, object]) -> str:
    folder, name = path.split("/")[1:3]
    if name == "index.json":
        return "api-index.schema.json"
    if "moved_to" in data:
        return "api-redirect.schema.json"
    kinds = {folder: cls.kind_name for folder, cls in KINDS.items()}
    return f"{kinds[folder]}.schema.json"


def test_every_api_file_validates_against_its_schema(small_kb: Path) -> None:
    rename_minimax(small_kb)
    withdraw_deepseek(small_kb)
    files = api_files(loaded(small_kb)[0], lambda r: f"https://kb.example/{r.id}.html", schemas())
    checked = 0
    for path, text in files.items():
        if "/schemas/" in path:
            continue
        data = json.loads(text)
        name = "api-kb.schema.json" if path == "v1/kb.json" else _schema_for(path, data)
        errors = [e.message for e in _validator(files, name).iter_errors(data)]
        assert errors == [], path
        checked += 1
    kb = loaded(small_kb)[0]
    assert checked == len(kb.records) + len(KINDS) + 1 + 1  # records, an index per kind, kb.json, a redirect


def test_a_renamed_records_former_id_answers_with_a_redirect(small_kb: Path) -> None:
    rename_minimax(small_kb)
    files = api_files(loaded(small_kb)[0])
    assert json.loads(files["v1/actors/mini-max.json"]) == {
        "id": "mini-max", "moved_to": "minimax", "href": "minimax.json"}


def test_a_withdrawn_record_keeps_its_file_with_its_withdrawal(small_kb: Path) -> None:
    withdraw_deepseek(small_kb)
    files = api_files(loaded(small_kb)[0])
    assert json.loads(files["v1/actors/deepseek.json"])["withdrawn"]["date"] == "2026-11-30"
    entry = next(e for e in json.loads(files["v1/actors/index.json"])["records"] if e["id"] == "deepseek")
    assert entry["withdrawn"] is True


def test_a_record_file_is_the_record_exactly(small_kb: Path) -> None:
    kb, _ = loaded(small_kb)
    record = kb.records[INCIDENT]
    data = json.loads(api_files(kb)[f"v1/incidents/{INCIDENT}.json"])
    assert data == record.model_dump(mode="json", exclude_defaults=True)
    assert type(record).model_validate(data) == record


def test_index_counts_claim_statuses(small_kb: Path) -> None:
    index = json.loads(api_files(loaded(small_kb)[0])["v1/incidents/index.json"])
    assert index["count"] == 1
    assert index["records"][0]["claim_statuses"] == {"alleged": 3}


@pytest.mark.parametrize("bad", ["../../etc/passwd", "a/b", "..", "UPPER"])
def test_an_id_that_would_escape_the_folder_is_refused(bad: str) -> None:
    with pytest.raises(ExportError) as err:
        member("incidents", bad)
    assert err.value.code == "KB801"


def test_site_serves_the_api_and_the_same_whole_kb_file(small_kb: Path) -> None:
    kb, _ = loaded(small_kb)
    pages = render_site(kb)
    assert pages[f"{GENERATED}/api/v1/kb.json"] == kb_json(kb)
    assert pages[f"{GENERATED}/downloads/distillation-kb.json"] == kb_json(kb)
    index = json.loads(pages[f"{GENERATED}/api/v1/actors/index.json"])
    assert index["records"][0]["page"] == "../../../actors/anthropic.html"  # from api/v1/actors/


def test_api_is_byte_identical_for_an_unchanged_kb(small_kb: Path) -> None:
    assert api_files(loaded(small_kb)[0]) == api_files(loaded(small_kb)[0])
