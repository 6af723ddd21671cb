"""scripts/migrate_issue13m.py: last_reviewed becomes sources_reviewed_up_to, nothing else moves."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "migrate_issue13m.py"


@pytest.fixture(scope="module")
def migrate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migrate_issue13m", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_key_is_renamed_and_comments_kept(migrate: ModuleType) -> None:
    text = ("# head\nid: acme  # the id\nname: Acme\nkind: company\n"
            "# reviewed from saved copies\nlast_reviewed: '2026-11-29'  # eol\n")
    assert migrate.migrate_text(text, "actors/acme.yaml") == text.replace(
        "last_reviewed:", "sources_reviewed_up_to:")


def test_file_without_the_key_is_left_alone(migrate: ModuleType) -> None:
    assert migrate.migrate_text("id: acme\nname: Acme\n", "actors/acme.yaml") is None


def test_nested_key_of_the_same_name_is_not_touched(migrate: ModuleType) -> None:
    text = "id: acme\nnote:\n  last_reviewed: x\nlast_reviewed: '2026'\n"
    assert migrate.migrate_text(text, "a.yaml") == (
        "id: acme\nnote:\n  last_reviewed: x\nsources_reviewed_up_to: '2026'\n")


def test_refuses_when_both_keys_exist(migrate: ModuleType) -> None:
    with pytest.raises(SystemExit, match="by hand"):
        migrate.migrate_text("id: a\nsources_reviewed_up_to: '2026'\nlast_reviewed: '2026'\n", "a.yaml")


def test_migrates_a_knowledge_base_in_place(migrate: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "acme.yaml").write_text("id: acme\nlast_reviewed: '2026'\n", "utf-8")
    assert migrate.main(tmp_path) == 0
    assert (tmp_path / "actors" / "acme.yaml").read_text("utf-8") == (
        "id: acme\nsources_reviewed_up_to: '2026'\n")
