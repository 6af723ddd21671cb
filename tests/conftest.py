"""Shared fixtures: the real KB root and a throwaway copy of a small valid KB."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays the same examples on every run (a red build is then reproducible, never a dice
# roll); developers' runs explore new examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def small_kb(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/small_kb that a test may change freely."""
    dest = tmp_path / "kb"
    shutil.copytree(FIXTURES / "small_kb", dest)
    return dest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the validation cache of tests out of the user's home."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
