"""Running an export or a release over a knowledge-base root: validate, load, render, write.

The one entry point the CLI calls (and the benchmark measures); each format's renderer stays a
pure function of the loaded records.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.export.errors import ExportError
from kb.export.writer import Content, Written, write_export
from kb.loading import KnowledgeBase
from kb.records import Record

FORMATS = ("api", "feeds", "stix", "sqlite")
STIX_FILE = "distillation-kb.stix.json"
SQLITE_FILE = "distillation-kb.sqlite"


PageUrl = Callable[[Record], str]


def render(kb: KnowledgeBase, graph: Any, fmt: str, page_url: PageUrl | None = None,
           site_url: str = "", schemas: Mapping[str, str] | None = None) -> dict[str, Content]:
    """One format's files, by path relative to the output folder. ``page_url`` gives a record's
    page on the site (the site layer owns that rule: kb.site.exports.page_url); without it the
    files carry no page links. ``schemas`` (kb.reference.schemas) are served with the API."""
    urls = page_url
    if fmt == "api":
        from kb.export.api import api_files

        return dict(api_files(kb, urls, schemas))
    if fmt == "feeds":
        from kb.export.feeds import feed_files

        base = site_url.rstrip("/") + "/generated/feeds/" if site_url else ""
        return dict(feed_files(kb, graph, urls, base))
    if fmt == "stix":
        from kb.export.stix import bundle

        return {STIX_FILE: bundle(kb)}
    if fmt == "sqlite":
        from kb.export.sqlite import database

        return {SQLITE_FILE: database(kb, graph, urls)}
    raise ValueError(f"unknown export format {fmt!r}")


def load_valid(root: Path) -> tuple[KnowledgeBase, Any]:
    """The knowledge base and its graph; KB807 when it does not validate."""
    from kb.graph.build import build_graph
    from kb.loading import load_kb
    from kb.validation import check

    report = check(root)
    if report.errors:
        raise ExportError("KB807", f"the knowledge base has {report.errors} error"
                          f"{'s' * (report.errors != 1)}; nothing was exported",
                          hint="run `kb validate` and fix them")
    kb = load_kb(root)
    return kb, build_graph(kb)


def export(root: Path, fmt: str, out: Path, page_url: PageUrl | None = None,
           site_url: str = "", schemas: Mapping[str, str] | None = None) -> Written:
    kb, graph = load_valid(root)
    return write_export(out, render(kb, graph, fmt, page_url, site_url, schemas), fmt)


def release_time(root: Path) -> int:
    """Seconds since the epoch for the release: SOURCE_DATE_EPOCH, else the HEAD commit's time."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env is not None:
        if env.strip().isdigit():
            return int(env.strip())
        raise ExportError("KB808", f"SOURCE_DATE_EPOCH is not a whole number of seconds: {env!r}")
    try:
        proc = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                              capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        proc = None
    if proc is None or proc.returncode != 0 or not proc.stdout.strip().isdigit():
        raise ExportError("KB808", f"{root} is not a git checkout and SOURCE_DATE_EPOCH is not set")
    return int(proc.stdout.strip())


@dataclass
class ReleaseResult:
    written: list[Path]


def release(root: Path, version: str, out: Path, previous: Path | None = None) -> ReleaseResult:
    from kb.export.release import archive_name, make_release, write_release

    name = archive_name(version)
    if (out / name).exists():  # fail before the work; write_release checks again, exclusively
        raise ExportError("KB803", f"release file {out / name} already exists", str(out / name),
                          hint="a published release is never overwritten: choose a new --version")
    mtime = release_time(root)
    kb, graph = load_valid(root)
    return ReleaseResult(write_release(make_release(kb, graph, version, mtime, previous), out))
