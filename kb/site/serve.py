"""Serve a built site on 127.0.0.1 and watch the sources for changes (for `kb serve`)."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from kb.records import KINDS
from kb.site.context import GENERATED


class Server:
    """A static file server on 127.0.0.1 in a background thread, serving ``folder``."""

    def __init__(self, folder: Path, port: int = 8000) -> None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Modification stamps of every source of the site (records, hand-written docs, config)."""
    stamps: dict[str, tuple[int, int]] = {}
    paths = [root / "mkdocs.yml", *(root / folder for folder in KINDS), root / "docs"]
    generated = (root / "docs" / GENERATED).resolve()
    for base in paths:
        files = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in files:
            if path.is_file() and not path.resolve().is_relative_to(generated):
                st = path.stat()
                stamps[str(path)] = (st.st_mtime_ns, st.st_size)
    return stamps


def watch(root: Path, interval: float = 1.0) -> Iterator[None]:
    """Yield once each time the sources change (polling; no extra dependency)."""
    last = snapshot(root)
    while True:
        time.sleep(interval)
        now = snapshot(root)
        if now != last:
            last = now
            yield None
