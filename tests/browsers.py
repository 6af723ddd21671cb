"""Find a Chromium for the browser tests, wherever the machine keeps one.

In order: the ``KB_CHROMIUM`` environment variable (a path to the executable), Debian's
``/usr/bin/chromium``, then ``chromium``, ``chromium-browser``, ``google-chrome`` or
``google-chrome-stable`` on the PATH (GitHub's Ubuntu runners ship Google Chrome), and last
the browser Playwright downloads with ``python -m playwright install chromium``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ENV = "KB_CHROMIUM"
DEBIAN = Path("/usr/bin/chromium")
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HOW = (f"no Chromium found: set {ENV}=/path/to/chrome, install Debian's chromium "
       "(apt-get install chromium), Google Chrome, or Playwright's own browser "
       "(.venv/bin/python -m playwright install chromium)")


def find_chromium(playwright_path: Callable[[], str | None] = lambda: None) -> str | None:
    """The executable to launch, or None. ``playwright_path`` gives Playwright's own browser
    (asked last: it is the one most often out of date with the installed library)."""
    env = os.environ.get(ENV)
    if env:
        return env if Path(env).is_file() else None  # a wrong KB_CHROMIUM is an error, not a fallback
    if DEBIAN.is_file():
        return str(DEBIAN)
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    bundled = playwright_path()
    return bundled if bundled and Path(bundled).is_file() else None


#: Chromium's switches for the tests: headless, and nothing that calls home.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync")


@contextmanager
def chromium_browser() -> Iterator[Browser]:
    """A headless Chromium (found by :func:`find_chromium`), closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = find_chromium(lambda: p.chromium.executable_path)
        assert chromium is not None, HOW
        browser = p.chromium.launch(executable_path=chromium, args=list(FLAGS))
        try:
            yield browser
        finally:
            browser.close()
