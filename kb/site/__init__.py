"""The static site: records -> Markdown pages (pure), written into docs/generated/, then MkDocs.

``render_site`` is pure: it maps a loaded knowledge base to ``{path under docs/: content}``.
``kb.site.build`` writes those files (only changed ones) and runs the MkDocs build.
"""

from __future__ import annotations

from kb.loading import KnowledgeBase
from kb.site.context import GENERATED, SiteOptions, build_context
from kb.site.downloads import download_files
from kb.site.entities import entity_pages
from kb.site.explorer import explorer_files
from kb.site.home import HOME_PARTIAL, home_partial
from kb.site.incident import incident_pages
from kb.site.indexes import index_pages
from kb.site.sources import source_pages


def render_site(kb: KnowledgeBase, options: SiteOptions | None = None) -> dict[str, str]:
    """Every generated page and data file, keyed by path relative to docs/."""
    ctx = build_context(kb, options)
    pages: dict[str, str] = {HOME_PARTIAL: home_partial(ctx)}
    pages.update(incident_pages(ctx))
    pages.update(entity_pages(ctx))
    pages.update(source_pages(ctx))
    pages.update(index_pages(ctx))
    pages.update(explorer_files(ctx))
    pages.update(download_files(ctx))
    return pages


__all__ = ["GENERATED", "SiteOptions", "render_site"]
