"""Pages at renamed records' old addresses that send the reader to the new one.

`kb mv` keeps a record's old id in `former_ids`; links to the old page must keep working.
MkDocs has no redirects without a plugin, so each old id gets a small page with a meta refresh
(honoured by browsers, also from file://) and a plain link for readers whose browser does not.
"""

from __future__ import annotations

from kb.site.context import STAMP, SiteContext, page_of
from kb.site.text import attr, inline


def redirect_pages(ctx: SiteContext) -> dict[str, str]:
    pages: dict[str, str] = {}
    for record in ctx.kb.records.values():
        new_page = page_of(record)
        target = new_page.rsplit("/", 1)[1]  # same folder: a bare file name is the relative link
        for old in record.former_ids:
            path = new_page.rsplit("/", 1)[0] + f"/{old}.md"
            pages[path] = "\n".join([
                f"# Moved: {inline(record.display_name)}",
                "",
                STAMP,
                f'<meta http-equiv="refresh" content="0; url={attr(target[:-3] + ".html")}">',
                "",
                # ids are validated slugs ([a-z0-9-]), safe inside a code span as they are
                f"This record's id changed from `{old}` to `{record.id}`. "
                f"It is now at [{inline(record.display_name)}]({target}).",
                "",
            ])
    return pages
