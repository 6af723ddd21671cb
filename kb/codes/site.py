"""Codes for KB7xx: site build."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = (
    Code("KB701", "knowledge base has errors; site not built", "error",
         "`kb build` refuses to publish a knowledge base that does not validate: a page built from "
         "a broken record could misstate a claim.",
         "kb build  (with an unresolved reference in incidents/x.yaml)",
         "Run `kb validate`, fix every error it reports, then build again."),
    Code("KB702", "vendored JavaScript missing", "error",
         "The site ships Mermaid, cytoscape.js and the iframe-worker shim from node_modules/ "
         "(installed from package-lock.json) so that no page loads anything from another host.",
         "node_modules/cytoscape/dist/cytoscape.min.js: not found",
         "Run `bash scripts/setup.sh` (it runs `npm ci`), then build again."),
    Code("KB703", "MkDocs build warning", "error",
         "The MkDocs build runs in strict mode: a warning (a broken link or anchor, a missing "
         "file) fails the build rather than publishing a site with dead links.",
         "WARNING - Doc file 'index.md' contains a link 'x.md', but the target is not found",
         "Fix the link or page named in the warning; hand-written pages live in docs/."),
    Code("KB704", "page not in the navigation", "warning",
         "A hand-written page under docs/ is not listed in `nav:` in mkdocs.yml, so readers "
         "can only reach it through links.",
         "docs/methodology/new-page.md", "Add the page to `nav:` in mkdocs.yml."),
    Code("KB705", "generated-pages folder is a symbolic link", "error",
         "`kb build` writes the record pages into docs/generated/ and removes stale files there. "
         "If that folder is a symbolic link (for example one committed in a pull request), "
         "pruning would delete files wherever the link points, so the build stops.",
         "docs/generated -> /home/me", "Delete the link; `kb build` recreates docs/generated/ "
         "as a real folder."),
)
