"""`kb serve`'s fast preview: a saved edit shows in the served site within seconds.

After one full build (pages written into docs/generated/, then MkDocs in this process, see
:mod:`kb.site.live`), an edit to record files is shown in two steps:

1. **quick**: re-read only the changed files; render the pages of the changed records and of
   every record that names one of them or that they name (:mod:`kb.site.deps`), the short
   listings (home, actors, policies, datasets, tags index), and of the listings that grow with
   the KB (incidents, timeline, tags, models, sources; cut into pages, :mod:`kb.site.paging`)
   their landing pages and the pages whose rows show one of those records or whose place
   changed; write those whose bytes changed; have MkDocs re-render exactly those pages and
   rewrite the search index.
2. **full**, in a separate process once the quick step is shown: validate the whole KB and
   re-render every page and data file (downloads, feeds, API, explorer), write what differs,
   and re-render those pages. This catches anything step 1 does not (cross-record errors,
   exports) and leaves the served site as a full build would make it. A new edit stops it.

Edits to hand-written docs re-render those pages; changes to mkdocs.yml or to the set of
hand-written pages rebuild everything.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kb.diagnostics import Diagnostic
from kb.loading import Document, KnowledgeBase, load_file
from kb.loading.discover import is_record_file
from kb.records import KINDS
from kb.site.context import GENERATED, SiteContext, SiteOptions, build_context, page_of
from kb.site.live import LiveSite, UpdateResult
from kb.site.nav import NAV_FILE, handwritten_pages, nav_yaml
from kb.site.writer import write_changed

_KINDS = list(KINDS)


def _order(file: str) -> tuple[int, str]:
    folder, _, name = file.partition("/")
    return (_KINDS.index(folder) if folder in _KINDS else len(_KINDS), name)


@dataclass
class PreviewResult:
    step: str
    """"quick", "full" or "start"."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    """Record files re-read (quick step)."""
    written: list[str] = field(default_factory=list)
    """Generated files whose content changed (paths relative to docs/)."""
    html: UpdateResult | None = None
    seconds: float = 0.0
    first_seconds: float = 0.0
    """Quick step: when the changed pages were served (the rest of the step is bookkeeping)."""
    cpu_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def _settle() -> None:
    """Move what the preview keeps out of the garbage collector's way, once a build is done.

    The preview keeps a whole site in memory (every record, every page MkDocs built, the search
    entries): millions of objects that each full collection walks, for seconds, in the middle of
    showing an edit (5 s of a title edit's 15 at 5,000 incidents, before this). Frozen objects are
    left alone by collections; those that become garbage later are collected at the next call,
    which unfreezes them first."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _full_generate(root: str, options: SiteOptions, conn: Connection) -> None:
    """The full step, in a child process: validate, render everything, write what differs."""
    from kb.site.build import generate

    result = generate(Path(root), options)
    written = result.written
    conn.send(([*(written.written if written else []), *(written.removed if written else [])],
               result.diagnostics))
    conn.close()


class Preview:
    """The state `kb serve` keeps between edits: records, context, and the MkDocs site."""

    def __init__(self, root: Path, out: Path, options: SiteOptions | None = None,
                 config: Path | None = None, *, html: bool = True) -> None:
        self.root = root.resolve()
        self.html = html
        """False: keep docs/generated/ up to date but build no HTML (for tests of the pages)."""
        self.docs = self.root / "docs"
        self.options = options or SiteOptions()
        self.site = LiveSite(config or self.root / "mkdocs.yml", out)
        self.documents: dict[str, Document] = {}
        self.ctx: SiteContext | None = None
        self.refs: Any = None
        self.mixed: list[Any] = []
        """Record groups the quick step renders in full (see _renders_alone)."""
        self.checked = False
        self.handwritten: list[str] = []
        self.listed: dict[str, tuple[Any, ...]] = {}
        """Pages of the paginated listings, with their signatures (kb.site.paging)."""
        self._child: Any = None
        self._conn: Connection | None = None

    # -- start --------------------------------------------------------------------------------

    def start(self) -> PreviewResult:
        """Generate every page, build the whole site in this process, and keep the state."""
        from kb.evidence.verify import verify
        from kb.loading import load_kb
        from kb.site.build import generate
        from kb.site.deps import References

        started, cpu = time.perf_counter(), time.process_time()
        kb = load_kb(self.root)
        if not self.options.verified:
            self.options = replace(self.options, verified=frozenset(verify(self.root, kb).verified))
        gen = generate(self.root, self.options)
        result = PreviewResult("start", list(gen.diagnostics))
        if not gen.ok:
            return self._timed(result, started, cpu)
        self.documents = {d.file: d for d in kb.documents}
        self._set_context(kb)
        self.refs = References.of(kb)
        assert self.ctx is not None
        self._listings(self.ctx)
        self.handwritten = handwritten_pages(self.docs)
        if self.html:
            result.html = self.site.full_build()
        _settle()
        return self._timed(result, started, cpu)

    def _set_context(self, kb: KnowledgeBase) -> None:
        from kb.site import PREVIEW_RECORD_GROUPS

        self.ctx = build_context(kb, self.options)
        pages = {page_of(r) for r in kb.records.values()}
        if not self.checked:
            self.checked = True
            self.mixed = [g for g in PREVIEW_RECORD_GROUPS if not self._renders_alone(g, pages)]

    def _renders_alone(self, group: Any, pages: set[str]) -> bool:
        """Whether each page of ``group`` rendered for its record alone (kb.site.deps) equals
        the page rendered for the whole KB, and the group writes record pages only. Otherwise
        the quick step renders the whole group (slower, still exact)."""
        from kb.site.deps import render_records

        assert self.ctx is not None
        full = group(self.ctx)
        if any(p not in pages for p in full):
            return False
        by_page = {page_of(r): r.id for r in self.ctx.kb.records.values()}
        return all(render_records(self.ctx, {by_page[p]}, [group]).get(p) == text
                   for p, text in full.items())

    @staticmethod
    def _timed(result: PreviewResult, started: float, cpu: float) -> PreviewResult:
        result.seconds = time.perf_counter() - started
        result.cpu_seconds = time.process_time() - cpu
        return result

    # -- quick step ---------------------------------------------------------------------------

    def changed(self, paths: list[Path]) -> PreviewResult:
        """Show an edit: ``paths`` are the files that changed (absolute or relative to the root).

        Stops a running full step first; call :meth:`start_full` afterwards."""
        self.stop_full()
        started, cpu = time.perf_counter(), time.process_time()
        rel = sorted({(p if p.is_absolute() else self.root / p).relative_to(self.root).as_posix()
                      for p in paths})
        if self.ctx is None or "mkdocs.yml" in rel:
            return self.start()
        docs = [r[len("docs/"):] for r in rel if r.startswith("docs/")
                and not r.startswith(f"docs/{GENERATED}/")]
        records = [r for r in rel if r.split("/", 1)[0] in KINDS]
        result = PreviewResult("quick")
        written: list[str] = []
        if docs:
            handwritten = handwritten_pages(self.docs)
            if handwritten != self.handwritten:
                self.handwritten = handwritten
                written += write_changed(self.docs, GENERATED,
                                         {NAV_FILE: nav_yaml(handwritten)}).written
                if NAV_FILE in written and self.html:
                    result.html = self.site.full_build()
                    result.written = written
                    return self._timed(result, started, cpu)
        if records:
            written += self._records(records, result)
        result.written = written
        if result.ok and (written or docs) and self.html:
            # One update: listing pages are short now (kb.site.paging), and each update rewrites
            # the whole search index.
            result.html = self.site.update([*written, *docs])
            result.first_seconds = time.perf_counter() - started
        return self._timed(result, started, cpu)

    def _records(self, files: list[str], result: PreviewResult) -> list[str]:
        from kb.site import PREVIEW_LISTING_GROUPS, PREVIEW_RECORD_GROUPS, finish, render_groups
        from kb.site.deps import render_records
        from kb.site.redirects import redirect_pages

        assert self.ctx is not None
        before = dict(self.documents)
        touched: set[str] = set()
        added = False
        for file in files:
            old = self.documents.get(file)
            if old is not None and old.record is not None:
                touched.add(old.record.id)
            if not self._is_record(file):
                self.documents.pop(file, None)
            else:
                doc = load_file(self.root, file, file.split("/", 1)[0])
                added = added or old is None
                self.documents[file] = doc  # in place: the order stays discover()'s
                result.records.append(file)
                result.diagnostics += doc.diagnostics
                if doc.record is not None:
                    touched.add(doc.record.id)
        if not result.ok:
            self.documents = before  # keep showing the last good version
            return []
        if added:  # the order discover() reads files in: by kind, then by name
            self.documents = dict(sorted(self.documents.items(), key=lambda i: _order(i[0])))
        docs = list(self.documents.values())
        old_pages = {page_of(r) for r in self.ctx.kb.records.values()}
        kb = KnowledgeBase(self.root, docs)
        self._set_context(kb)
        ctx = self.ctx
        assert ctx is not None
        affected = self.refs.update(kb, touched)
        listing = render_groups(ctx, PREVIEW_LISTING_GROUPS)
        old_listed = self.listed
        listing.update(self._listings(ctx, self.refs.near))
        redirects = set(redirect_pages(ctx))
        new_pages = {page_of(r) for r in kb.records.values()}
        wanted = {page_of(kb.records[i]) for i in affected if i in kb.records}
        pages = {**listing, **{p: t for p, t in render_groups(ctx, tuple(self.mixed)).items()
                               if p in wanted or p not in new_pages},
                 **render_records(ctx, affected,
                                  [g for g in PREVIEW_RECORD_GROUPS if g not in self.mixed])}
        gone = [p for p in old_pages - new_pages if p not in listing]
        gone += [p for p in old_listed if p not in self.listed and p not in pages]
        return write_changed(self.docs, GENERATED, finish(pages, redirects), remove=gone).written

    def _listings(self, ctx: SiteContext, affected: set[str] | None = None) -> dict[str, str]:
        """The pages of the listings that grow with the KB (kb.site.paging) that an edit to
        records ``affected`` may change: landing pages, pages holding one of them, and pages
        whose entries or place changed. All of them when ``affected`` is None."""
        from kb.site.indexes import listings
        from kb.site.paging import paged, render, signatures

        before = self.listed
        cuts = [(listing, paged(ctx, listing)) for listing in listings(ctx)]
        self.listed = dict(signatures(cut for _, cut in cuts))
        if affected is None:
            return {}

        def want(part: Any) -> bool:
            return before.get(part.path) != part.signature or not part.records.isdisjoint(affected)

        pages: dict[str, str] = {}
        for listing, cut in cuts:
            pages.update(render(ctx, listing, cut, want))
        return pages

    def _is_record(self, file: str) -> bool:
        """Whether ``file`` is a record file to read (links leading outside the KB are not;
        the full step reports them)."""
        path = self.root / file
        if not is_record_file(file) or not path.is_file():
            return False
        return not path.is_symlink() or path.resolve().is_relative_to(self.root)

    # -- full step ----------------------------------------------------------------------------

    def start_full(self) -> None:
        """Start the full step in a child process (see the module docstring)."""
        self.stop_full()
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe(duplex=False)
        # Not a daemon: it reads the KB on both cores (a process pool). stop_full ends it.
        self._child = ctx.Process(target=_full_generate, args=(str(self.root), self.options, child))
        self._child.start()
        child.close()
        self._conn = parent

    def stop_full(self) -> None:
        if self._child is not None:
            if self._child.is_alive():
                self._child.terminate()
            self._child.join()
        if self._conn is not None:
            self._conn.close()
        self._child, self._conn = None, None

    @property
    def full_running(self) -> bool:
        return self._child is not None

    def poll_full(self, timeout: float = 0.0) -> PreviewResult | None:
        """When the full step has finished: re-render what it wrote; else None."""
        if self._conn is None or not self._conn.poll(timeout):
            if self._child is not None and not self._child.is_alive() and (
                    self._conn is None or not self._conn.poll()):
                self.stop_full()
                return PreviewResult("full", [Diagnostic(".", "KB703", "the full preview step "
                                                         "stopped without a result")])
            return None
        started, cpu = time.perf_counter(), time.process_time()
        try:
            written, diagnostics = self._conn.recv()
        except EOFError:
            written, diagnostics = [], [Diagnostic(".", "KB703", "the full preview step stopped "
                                                   "without a result (see the error above)")]
        self.stop_full()
        result = PreviewResult("full", list(diagnostics), written=list(written))
        if not self.html:
            pass
        elif NAV_FILE in written:
            result.html = self.site.full_build()
        elif written:
            result.html = self.site.update(written)
        _settle()
        return self._timed(result, started, cpu)

    def wait_full(self, timeout: float = 600.0) -> PreviewResult | None:
        return self.poll_full(timeout)
