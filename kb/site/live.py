"""An in-process MkDocs build that keeps its state, so that `kb serve` re-renders only changed pages.

A full build runs MkDocs' own ``build()``; a small plugin registered last keeps what that build
creates (the files, the navigation, the theme's template environment) and the search-index
entries of each page. :meth:`LiveSite.update` then re-reads and re-renders only the given pages
with MkDocs' own page functions (the same ones a full build calls), puts their new search entries
in place of the old ones, in the order a full build writes them, and rewrites the search index:
the pages are byte-identical to a full build's.

What a partial update cannot reproduce falls back to a full build: a changed ``mkdocs.yml`` or
navigation file, a hand-written page added or removed, or a page listed in the navigation whose
title changed (every page shows the navigation). Pages that include a changed snippet
(``--8<--``) are re-rendered with it. Never deploy the output of an update: `kb build` is the
build that checks everything (strict mode, every anchor).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SNIPPET_MARK = "--8<--"


class FullBuildNeeded(Exception):
    """An update cannot reproduce a full build's output; the message says why."""


@dataclass
class UpdateResult:
    rendered: list[str] = field(default_factory=list)
    """Pages re-rendered (paths relative to docs/)."""
    copied: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    full: str = ""
    """Why a full build ran instead of an update (empty: it was an update)."""
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    """CPU time of this process (the machine may be shared: wall time then says little)."""
    warnings: list[str] = field(default_factory=list)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _capture_plugin() -> Any:
    """The plugin that keeps a full build's state (created lazily: it imports MkDocs)."""
    from mkdocs.plugins import BasePlugin, event_priority

    class Capture(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def __init__(self) -> None:
            super().__init__()
            self.files: Any = None
            self.nav: Any = None
            self.env: Any = None
            self.search: Any = None
            self.entries: dict[str, list[dict[str, Any]]] = {}
            self.seen = 0

        def on_pre_build(self, *, config: Any) -> None:
            self.entries = {}
            self.seen = 0

        @event_priority(-1000)
        def on_files(self, files: Any, *, config: Any) -> Any:
            self.files = files
            return files

        @event_priority(-1000)
        def on_nav(self, nav: Any, *, config: Any, files: Any) -> Any:
            self.nav = nav
            return nav

        @event_priority(-1000)
        def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
            self.env = env
            return env

        @event_priority(-1000)
        def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
            if self.search is not None:  # runs after the search plugin added this page's entries
                entries = self.search.search_index.entries
                self.entries[page.url] = entries[self.seen:]
                self.seen = len(entries)
            return context

    return Capture()


@contextlib.contextmanager
def _in_dir(folder: Path) -> Iterator[None]:
    """Run in the configuration's folder, as `kb build` runs MkDocs: relative paths in
    mkdocs.yml (snippet base paths) are relative to the working directory."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


class LiveSite:
    """A MkDocs site built in this process into ``site_dir``, kept in memory for updates."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file = config_file.resolve()
        self.site_dir = site_dir.resolve()
        self.config: Any = None
        self.capture: Any = None
        self.snippet_pages: set[str] = set()
        self.nav_titles: dict[str, str] = {}

    # -- full build -------------------------------------------------------------------------

    def full_build(self) -> UpdateResult:
        """Load the configuration and build every page (MkDocs' own build, not strict)."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        started, cpu = time.perf_counter(), time.process_time()
        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir),
                             strict=False)
        capture = _capture_plugin()
        config.plugins["kb-live-capture"] = capture
        capture.search = config.plugins.get("material/search") or config.plugins.get("search")
        config.plugins.on_startup(command="build", dirty=False)
        handler = _Warnings()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            with _in_dir(self.config_file.parent):
                build(config)
        finally:
            logger.removeHandler(handler)
        self.config, self.capture = config, capture
        self._index_pages()
        return UpdateResult(full="full build", seconds=time.perf_counter() - started,
                            cpu_seconds=time.process_time() - cpu, warnings=handler.messages)

    def _index_pages(self) -> None:
        self.snippet_pages = {f.src_uri for f in self._doc_files()
                              if f.page is not None and SNIPPET_MARK in (f.page.markdown or "")}
        self.nav_titles = {p.file.src_uri: p.title for p in self.capture.nav.pages}

    def _doc_files(self) -> list[Any]:
        from mkdocs.structure.files import InclusionLevel

        return list(self.capture.files.documentation_pages(inclusion=InclusionLevel.is_included))

    # -- updates ----------------------------------------------------------------------------

    def update(self, changed: Iterable[str]) -> UpdateResult:
        """Re-render the pages and copy the files at ``changed`` (paths relative to docs/,
        added, modified or deleted); a full build when an update cannot match one."""
        started, cpu = time.perf_counter(), time.process_time()
        if self.config is None:
            return self.full_build()
        try:
            with _in_dir(self.config_file.parent):
                result = self._update(sorted(set(changed)))
        except FullBuildNeeded as why:
            result = self.full_build()
            result.full = str(why)
        result.seconds = time.perf_counter() - started
        result.cpu_seconds = time.process_time() - cpu
        return result

    def _update(self, changed: list[str]) -> UpdateResult:
        result = UpdateResult()
        pages, snippet_changed, added_or_removed = self._files(changed, result)
        if snippet_changed:
            known = {p.file.src_uri for p in pages}
            pages += [f.page for f in self._doc_files()
                      if f.src_uri in self.snippet_pages and f.src_uri not in known]
        handler = _Warnings()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            self._read(pages)
            self._render(pages, added_or_removed, result)
        finally:
            logger.removeHandler(handler)
        result.warnings = handler.messages
        return result

    def _files(self, changed: list[str], result: UpdateResult) -> tuple[list[Any], bool, bool]:
        """Bring the file list up to date; copy changed static files; the pages to render."""
        from mkdocs.structure.files import File, set_exclusions
        from mkdocs.structure.pages import Page

        config, files = self.config, self.capture.files
        docs = Path(config.docs_dir)
        pages: list[Any] = []
        added_or_removed = snippet_changed = False
        for src in changed:
            if src == "" or src.startswith("/") or ".." in src.split("/"):
                continue
            file = files.get_file_from_path(src)
            exists = (docs / src).is_file()
            if file is None and not exists:
                continue
            if file is None:
                file = File(src, str(docs), config.site_dir, config.use_directory_urls)
                set_exclusions([file], config)
                if file.is_documentation_page() and file.inclusion.is_in_nav():  # type: ignore[no-untyped-call]
                    raise FullBuildNeeded(f"new page {src} may belong in the navigation")
                files.append(file)
                added_or_removed = True
            elif not exists:
                if src in self.nav_titles:
                    raise FullBuildNeeded(f"page {src}, listed in the navigation, was removed")
                files.remove(file)
                self.capture.entries.pop(file.url, None)
                if os.path.isfile(file.abs_dest_path):
                    os.unlink(file.abs_dest_path)
                result.removed.append(src)
                added_or_removed = True
                continue
            if file.inclusion.is_excluded():
                snippet_changed = snippet_changed or src.endswith(".md")
            elif file.is_documentation_page():
                if file.page is None:
                    Page(None, file, config)
                pages.append(file.page)
            else:
                file.copy_file()
                result.copied.append(src)
        return pages, snippet_changed, added_or_removed

    def _read(self, pages: list[Any]) -> None:
        """Read and convert the pages' Markdown, as a full build does before rendering any."""
        from mkdocs.commands.build import _populate_page

        for page in pages:
            _populate_page(page, self.config, self.capture.files)
            src = page.file.src_uri
            if src in self.nav_titles and page.title != self.nav_titles[src]:
                raise FullBuildNeeded(f"the title of {src}, listed in the navigation, changed")
            if SNIPPET_MARK in (page.markdown or ""):
                self.snippet_pages.add(src)
            else:
                self.snippet_pages.discard(src)

    def _render(self, pages: list[Any], added_or_removed: bool, result: UpdateResult) -> None:
        """Render the pages into the theme, then the search index (and what lists every page)."""
        from mkdocs.commands.build import _build_page, _build_theme_template

        config, capture = self.config, self.capture
        doc_files = self._doc_files()
        search = capture.search
        for page in pages:
            if search is not None:
                capture.seen = len(search.search_index.entries)
            _build_page(page, config, doc_files, capture.nav, capture.env)
            result.rendered.append(page.file.src_uri)
        for page in pages:
            page.validate_anchor_links(files=capture.files,
                                       log_level=config.validation.links.anchors)
        if added_or_removed:
            for template in config.theme.static_templates:
                _build_theme_template(template, capture.env, capture.files, config, capture.nav)
        if search is not None and (pages or result.removed):
            search.search_index.entries = [
                e for f in doc_files for e in capture.entries.get(f.url, [])]
            config.plugins.on_post_build(config=config)
