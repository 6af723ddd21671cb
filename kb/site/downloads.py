"""Downloads: the whole KB as JSON, CSV tables, GraphML, with SHA-256 checksums.

Rendering is pure (records -> file contents) and deterministic, so unchanged data rewrites
nothing. CSV cells that a spreadsheet would run as a formula are prefixed with a quote.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence

from kb.records import Incident, Policy
from kb.site.context import GENERATED, STAMP, SiteContext
from kb.site.indexes import incident_status
from kb.site.text import inline

FOLDER = f"{GENERATED}/downloads"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buf.getvalue()


def _parties(inc: Incident, role: str) -> list[str]:
    return [i.actor for i in inc.actors if i.role.value == role]


def kb_json(ctx: SiteContext) -> str:
    """Every record, as validated (the JSON API's kb.json: one implementation)."""
    from kb.export.api import kb_json as whole_kb

    return whole_kb(ctx.kb)


def tables(ctx: SiteContext) -> dict[str, str]:
    incs = ctx.kb.incidents
    claiming: list[Incident | Policy] = [*incs, *ctx.kb.policies]  # both carry claims and replies
    return {
        "incidents.csv": _csv(
            ["id", "title", "kind", "date", "accusers", "accused", "status", "claims",
             "evidence", "tags", "page"],
            ([i.id, i.title, i.kind.value, i.date, _parties(i, "accuser"), _parties(i, "accused"),
              incident_status(i), len(i.claims), len(i.evidence), i.tags, ctx.permalink(i)]
             for i in incs)),
        "claims.csv": _csv(
            ["record", "record_kind", "claim", "claimant", "subject", "predicate", "object", "status",
             "stated_on", "statement", "method", "access_channel", "evidence"],
            ([i.id, i.kind_name, c.id, c.claimant, c.subject, c.predicate.value, c.object,
              c.status.value, c.stated_on, c.statement, c.method, c.access_channel,
              [f"{e.ref}:{e.stance.value}" for e in c.evidence]] for i in claiming for c in i.claims)),
        "evidence.csv": _csv(
            ["record", "evidence", "source", "locator", "note"],
            ([r.id, e.id, e.source, e.locator, e.note]
             for r in sorted(ctx.kb.records.values(), key=lambda r: (r.folder, r.id))
             for e in getattr(r, "evidence", []))),
        "sources.csv": _csv(
            ["source", "url", "title", "publisher", "author", "by", "published", "kind",
             "reliability", "first_hand", "reviewed", "cited_in", "relays", "archives", "sha256",
             "captured", "language", "paywall"],
            ([s.id, s.url, s.title, s.publisher, s.author, s.by, s.published, s.kind.value,
              s.reliability.value, s.first_hand, s.reviewed, s.cited_in, s.relays, s.archives,
              s.sha256, s.captured, s.language, s.paywall] for s in ctx.kb.sources)),
        "responses.csv": _csv(
            ["record", "record_kind", "party", "stance", "date", "claims", "evidence", "summary",
             "quote"],
            ([i.id, i.kind_name, r.party, r.stance.value, r.date, r.claims, r.evidence, r.summary,
              r.quote] for i in claiming for r in i.responses)),
    }




def graphml(ctx: SiteContext) -> str:
    """The whole graph as `kb graph export --format graphml` writes it (one implementation,
    round-trip tested in tests/test_graph_export.py)."""
    from kb.graph.export import export

    return export(ctx.graph, "graphml")


#: Every download: file -> (contents, use this for, media type). The API and the feeds are
#: listed by their entry files (see kb.site.exports for where they live).
DESCRIBED: dict[str, tuple[str, str, str]] = {
    "distillation-kb.json": ("every record, as validated (JSON)",
                             "scripts and notebooks that want everything in one file",
                             "application/json"),
    "incidents.csv": ("one row per incident", "spreadsheets", "text/csv"),
    "claims.csv": ("one row per claim (the claim ledger)", "spreadsheets; counting claims by status",
                   "text/csv"),
    "evidence.csv": ("one row per evidence item of every record: which source it cites",
                     "auditing what each record rests on", "text/csv"),
    "sources.csv": ("one row per source document (URL, publisher, date, kind, reliability, what it "
                    "relays)", "auditing sources; finding every record a page is cited by",
                    "text/csv"),
    "responses.csv": ("one row per response (right of reply)", "spreadsheets", "text/csv"),
    "distillation-kb.graphml": ("the lineage and actor graph: actors, models, datasets, incidents and "
                                "policies with claim, lineage, developer, involvement and policy edges",
                                "Gephi, yEd, networkx", "application/graphml+xml"),
    "distillation-kb.sqlite": ("a SQLite database: a table per record kind, claims, status history, "
                               "responses, evidence, figures and graph edges, with full-text search",
                               "Datasette, pandas, SQL (see the data reference)",
                               "application/vnd.sqlite3"),
    "distillation-kb.stix.json": ("a STIX 2.1 bundle: actors as identities, incidents as reports, "
                                  "claims as relationships with their claimant and status",
                                  "OpenCTI, MISP and other threat-intelligence tools",
                                  "application/stix+json;version=2.1"),
}
#: Files of the JSON API and the feeds listed on the page (paths under generated/).
ENTRY_FILES: dict[str, tuple[str, str, str]] = {
    "api/v1/kb.json": ("the JSON API: every record; one file per record at "
                       "api/v1/<folder>/<id>.json, an index.json per folder, schemas "
                       "at api/v1/schemas/", "programs fetching one record by id",
                       "application/json"),
    "feeds/kb.atom": ("Atom feed: records new or changed, and claim status changes",
                      "feed readers; following the whole knowledge base", "application/atom+xml"),
    "feeds/status.atom": ("Atom feed: claim status changes only (actors and models have their "
                          "own feed, linked from their pages)", "following how claims develop",
                          "application/atom+xml"),
}


def _data_files(ctx: SiteContext) -> dict[str, str | bytes]:
    from kb.export.sqlite import database
    from kb.export.stix import bundle

    return {"distillation-kb.json": kb_json(ctx), **tables(ctx), "distillation-kb.graphml": graphml(ctx),
            "distillation-kb.sqlite": database(ctx.kb, ctx.graph, ctx.permalink),
            "distillation-kb.stix.json": bundle(ctx.kb)}


def _bytes(content: str | bytes) -> bytes:
    return content.encode() if isinstance(content, str) else content


def download_files(ctx: SiteContext, exported: dict[str, str] | None = None) -> dict[str, str | bytes]:
    """The downloads folder and page; ``exported`` holds the API and feed files (paths under
    docs/) whose entry files the page lists."""
    from kb.export.fields import date_key, record_updated
    from kb.export.jsonld import dataset_jsonld, script

    files = _data_files(ctx)
    sums = {name: hashlib.sha256(_bytes(data)).hexdigest() for name, data in files.items()}
    files["SHA256SUMS"] = "".join(f"{sums[n]}  {n}\n" for n in sorted(sums))
    pages: dict[str, str | bytes] = {f"{FOLDER}/{name}": data for name, data in files.items()}
    rows: list[tuple[str, str, str, str, str, int, str]] = []  # name, link, what, use, media, size, sha
    for name, (what, use, media) in DESCRIBED.items():
        data = _bytes(files[name])
        rows.append((name, f"downloads/{name}", what, use, media, len(data), sums[name]))
    for path, (what, use, media) in ENTRY_FILES.items():
        content = (exported or {}).get(f"{GENERATED}/{path}")
        if content is not None:
            data = _bytes(content)
            rows.append((path, path, what, use, media, len(data), hashlib.sha256(data).hexdigest()))
    lines = [STAMP, "# Downloads\n",
             "The whole knowledge base in open formats. Check a file with `sha256sum -c SHA256SUMS`"
             " in the folder you saved it to. Each record page shows how to cite it (\"Cite this\"). "
             "The [data reference](../reference/data.md) documents the formats, with example queries.\n",
             "| File | Contents | Use this for | Size | SHA-256 |", "|---|---|---|---|---|"]
    for name, link, what, use, _media, size, digest in rows:
        lines.append(f"| [{name}]({link}) | {inline(what)} | {inline(use)} | {size:,} bytes | `{digest}` |")
    lines.append("\n[SHA256SUMS](downloads/SHA256SUMS)\n")
    dates = [d for r in ctx.kb.records.values() if (d := record_updated(r))]
    base = ctx.options.site_url.rstrip("/") + f"/{GENERATED}/" if ctx.options.site_url else ""
    lines.append(script(dataset_jsonld(
        "A policy and incident knowledge base about AI model distillation, model extraction and "
        "provenance disputes: who claims what about whom, on what evidence, and what the accused "
        "answered. Claims are attributed to their claimants; statuses are not verdicts.",
        [(name, base + link, media, size, digest) for name, link, _w, _u, media, size, digest in rows],
        max(dates, key=date_key) if dates else None)) + "\n")
    pages[f"{GENERATED}/downloads.md"] = "\n".join(lines)
    return pages
