"""tests/browsers.py: the browser tests find a Chromium on Debian, Ubuntu and GitHub runners."""

from __future__ import annotations

from pathlib import Path

import browsers
import pytest


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No Debian chromium, nothing on the PATH, no KB_CHROMIUM."""
    monkeypatch.setattr(browsers, "DEBIAN", tmp_path / "no-chromium")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.delenv(browsers.ENV, raising=False)
    (tmp_path / "bin").mkdir()
    return tmp_path


def _executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_kb_chromium_comes_first(nowhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chrome = _executable(nowhere / "my-chrome")
    monkeypatch.setenv(browsers.ENV, str(chrome))
    assert browsers.find_chromium() == str(chrome)


def test_a_wrong_kb_chromium_is_not_silently_replaced(nowhere: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _executable(nowhere / "bin" / "chromium")
    monkeypatch.setenv(browsers.ENV, str(nowhere / "missing"))
    assert browsers.find_chromium() is None


def test_google_chrome_on_the_path_is_found(nowhere: Path) -> None:
    """GitHub's Ubuntu runners have Google Chrome and no Debian chromium package."""
    chrome = _executable(nowhere / "bin" / "google-chrome")
    assert browsers.find_chromium() == str(chrome)


def test_playwrights_own_browser_is_the_last_resort(nowhere: Path) -> None:
    (nowhere / "chrome-linux").mkdir()
    bundled = _executable(nowhere / "chrome-linux" / "chrome")
    assert browsers.find_chromium(lambda: str(bundled)) == str(bundled)
    assert browsers.find_chromium(lambda: str(nowhere / "absent")) is None


def test_debian_chromium_comes_before_the_path(nowhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    debian = _executable(nowhere / "debian-chromium")
    monkeypatch.setattr(browsers, "DEBIAN", debian)
    _executable(nowhere / "bin" / "google-chrome")
    assert browsers.find_chromium() == str(debian)
