"""Serve a built site on 127.0.0.1 and watch the sources for changes (for `kb serve`)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kb.records import KINDS
from kb.site.context import GENERATED

if TYPE_CHECKING:
    from kb.site.preview import Preview, PreviewResult


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
    generated = os.path.join(str(root / "docs"), GENERATED)
    config = root / "mkdocs.yml"
    if config.is_file():
        st = config.stat()
        stamps[str(config)] = (st.st_mtime_ns, st.st_size)
    for folder in (*KINDS, "docs"):
        for dirpath, dirnames, filenames in os.walk(root / folder):
            if dirpath == generated or dirpath.startswith(generated + os.sep):
                dirnames[:] = []
                continue
            dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) != generated]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                stamps[path] = (st.st_mtime_ns, st.st_size)
    return stamps


def changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[Path]:
    """Files added, removed or modified between two snapshots."""
    return [Path(p) for p in sorted(before.keys() | after.keys()) if before.get(p) != after.get(p)]


def watch(root: Path, interval: float = 0.25) -> Iterator[list[Path]]:
    """Yield the changed files each time the sources change (polling; no extra dependency)."""
    last = snapshot(root)
    while True:
        time.sleep(interval)
        now = snapshot(root)
        changed = changes(last, now)
        if changed:
            last = now
            yield changed


def previews(preview: Preview, root: Path, interval: float = 0.25) -> Iterator[PreviewResult]:
    """Show each edit (the quick step), then bring the whole site up to date in the background
    (the full step), which a newer edit interrupts. Runs until the caller stops iterating."""
    last = snapshot(root)
    while True:
        finished = preview.poll_full(interval) if preview.full_running else None
        if finished is not None:
            yield finished
        elif not preview.full_running:
            time.sleep(interval)
        now = snapshot(root)
        changed = changes(last, now)
        if changed:
            last = now
            yield preview.changed(changed)
            preview.start_full()
