"""Downloads: the whole KB as JSON, CSV tables, GraphML, with SHA-256 checksums.

Rendering is pure (records -> file contents) and deterministic, so unchanged data rewrites
nothing. CSV cells that a spreadsheet would run as a formula are prefixed with a quote.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Sequence

from kb.records import Incident
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
    data = {folder: [r.model_dump(mode="json", exclude_defaults=True)
                     for r in sorted((r for r in ctx.kb.records.values() if r.folder == folder),
                                     key=lambda r: r.id)]
            for folder in ("incidents", "policies", "actors", "models", "datasets", "sources")}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def tables(ctx: SiteContext) -> dict[str, str]:
    incs = ctx.kb.incidents
    return {
        "incidents.csv": _csv(
            ["id", "title", "kind", "date", "accusers", "accused", "status", "claims",
             "evidence", "tags", "page"],
            ([i.id, i.title, i.kind.value, i.date, _parties(i, "accuser"), _parties(i, "accused"),
              incident_status(i), len(i.claims), len(i.evidence), i.tags, ctx.permalink(i)]
             for i in incs)),
        "claims.csv": _csv(
            ["incident", "claim", "claimant", "subject", "predicate", "object", "status",
             "stated_on", "statement", "method", "access_channel", "evidence"],
            ([i.id, c.id, c.claimant, c.subject, c.predicate.value, c.object, c.status.value,
              c.stated_on, c.statement, c.method, c.access_channel,
              [f"{e.ref}:{e.stance.value}" for e in c.evidence]] for i in incs for c in i.claims)),
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
            ["incident", "party", "stance", "date", "claims", "evidence", "summary", "quote"],
            ([i.id, r.party, r.stance.value, r.date, r.claims, r.evidence, r.summary, r.quote]
             for i in incs for r in i.responses)),
    }




def graphml(ctx: SiteContext) -> str:
    """The whole graph as `kb graph export --format graphml` writes it (one implementation,
    round-trip tested in tests/test_graph_export.py)."""
    from kb.graph.export import export

    return export(ctx.graph, "graphml")


def download_files(ctx: SiteContext) -> dict[str, str]:
    files = {"distillation-kb.json": kb_json(ctx), **tables(ctx), "distillation-kb.graphml": graphml(ctx)}
    sums = {name: hashlib.sha256(text.encode()).hexdigest() for name, text in files.items()}
    files["SHA256SUMS"] = "".join(f"{sums[n]}  {n}\n" for n in sorted(sums))
    pages = {f"{FOLDER}/{name}": text for name, text in files.items()}
    described = {
        "distillation-kb.json": "every record, as validated (JSON)",
        "incidents.csv": "one row per incident",
        "claims.csv": "one row per claim (the claim ledger)",
        "evidence.csv": "one row per evidence item of every record: which source it cites",
        "sources.csv": "one row per source document (URL, publisher, date, kind, reliability, "
                       "what it relays)",
        "responses.csv": "one row per response (right of reply)",
        "distillation-kb.graphml": "the lineage and actor graph: actors, models, incidents and "
                                   "policies with claim, lineage, developer, involvement and policy "
                                   "edges (Gephi, yEd, networkx)",
    }
    lines = [STAMP, "# Downloads\n",
             "The whole knowledge base in open formats. Check a file with `sha256sum -c SHA256SUMS`"
             " in the folder you saved it to. Each record page shows how to cite it (\"Cite this\").\n",
             "| File | Contents | Size | SHA-256 |", "|---|---|---|---|"]
    for name, what in described.items():
        size = len(files[name].encode())
        lines.append(f"| [{name}](downloads/{name}) | {inline(what)} | {size:,} bytes | "
                     f"`{sums[name]}` |")
    lines.append("\n[SHA256SUMS](downloads/SHA256SUMS)\n")
    pages[f"{GENERATED}/downloads.md"] = "\n".join(lines)
    return pages
