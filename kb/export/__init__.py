"""Open-data exports: records -> files in open formats (pure), and a separate writer.

A layer below :mod:`kb.site` (which serves the exports) and :mod:`kb.reference` (which
commits the API's schemas to schemas/); it imports neither. Every export is a pure function of the loaded
knowledge base and is deterministic: the same records give the same bytes, and no build time
appears anywhere (dates come from the records; a release's date comes from its commit).

- :mod:`kb.export.api`     static JSON API (``api/v1/``): one file per record, indexes, kb.json
- :mod:`kb.export.feeds`   Atom 1.0 feeds: records, claim status changes, per actor and model
- :mod:`kb.export.stix`    a STIX 2.1 bundle (identities, software, reports, relationships)
- :mod:`kb.export.sqlite`  a SQLite database (sqlite-utils) with foreign keys and full-text search
- :mod:`kb.export.jsonld`  schema.org JSON-LD blocks for pages
- :mod:`kb.export.release` a versioned, byte-reproducible release archive and its diff
- :mod:`kb.export.fields`  the few record fields exports read by name (claims, responses,
  status history, dates), isolated so record-model changes touch one module
- :mod:`kb.export.writer`  writes an export into a folder kb owns (never deletes other files)
"""

from kb.export.errors import ExportError

__all__ = ["ExportError"]
