"""One-off migration (issue 13, part S): move inline evidence metadata into source records.

    .venv/bin/python scripts/migrate_sources.py [ROOT] [--dossier FILE ...]

For every distinct normalised URL cited by an evidence item of an incident, policy, actor or
model, write one ``sources/<id>.yaml`` record carrying the metadata the items held (merged:
where two records described one URL differently, the first non-empty value is kept and the
difference is printed), and rewrite each evidence item to ``{id, source[, note]}``. ``via``
becomes ``relays``: the relayed page gets its own source record when its URL is already a
source of the KB or appears in the research dossier (``--dossier``); a ``via_publisher`` with
no URL is kept as words in the source's note (a URL is never invented). ``cited_in`` local
ids become source ids. ``by`` is set when the publisher is an actor of the KB (its name, an
alias, or a 'by <name>' in parentheses).

Record files are edited with ruamel.yaml's round-trip mode through kb.yamlio (comments and
key order kept), each checked by reading it back with the strict reader, and written
atomically. Running it again changes nothing: items that already cite a source are skipped.
Then run ``kb fmt`` on sources/ and ``kb validate``.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from kb.fileio import write_atomic
from kb.loading import discover
from kb.records import Source
from kb.validation.facts import normalise_url
from kb.workflow.source_ids import source_id, unique
from kb.yamlio.editor import quoted_if_ambiguous, round_trip_yaml
from kb.yamlio.reader import parse_text

CITING = ("incidents", "policies", "actors", "models", "datasets")
#: Source fields in the order the record type declares them (kb fmt puts them so anyway).
ORDER = [name for name in Source.model_fields if name not in ("former_ids", "last_reviewed",
                                                              "withdrawn", "superseded_by",
                                                              "editorial_note")]
_GENERIC_DATE_NOTE = "no date recorded in the research notes"


@dataclass
class Item:
    file: str
    data: dict[str, Any]


@dataclass
class Group:
    key: str
    items: list[Item] = field(default_factory=list)
    source: dict[str, Any] = field(default_factory=dict)
    id: str = ""
    existing: bool = False
    """The URL already has a source record (a later run over newly added inline evidence)."""
    keep_notes: bool = False


def _actor_names(root: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for file, folder in discover(root):
        if folder != "actors":
            continue
        data = parse_text((root / file).read_text("utf-8"), file).data
        if isinstance(data, dict):
            for name in [data.get("id"), data.get("name"), *data.get("aliases", [])]:
                if isinstance(name, str):
                    names.setdefault(name.lower(), str(data["id"]))
    return names


def _by(publisher: str, names: dict[str, str]) -> str | None:
    if publisher.lower() in names:
        return names[publisher.lower()]
    inner = re.search(r"\(.*\bby ([^)]+)\)", publisher)
    return names.get(inner.group(1).strip().lower()) if inner else None


def _merge(group: Group, report: list[str]) -> dict[str, Any]:
    """One source's fields from every item citing its URL; differences go to ``report``."""
    out: dict[str, Any] = {}
    where = ", ".join(sorted({i.file for i in group.items}))
    for name in ("url", "title", "publisher", "published", "kind", "reliability", "first_hand",
                 "reviewed", "sha256", "captured"):
        values = [i.data[name] for i in group.items if i.data.get(name) is not None]
        if values:
            out[name] = values[0]
            if len({repr(v) for v in values}) > 1:
                report.append(f"{group.key}: {name} differs ({', '.join(map(repr, values))}) in "
                              f"{where}; kept {values[0]!r}")
    dates = list(dict.fromkeys(i.data["date_note"] for i in group.items if i.data.get("date_note")))
    if dates:
        specific = [d for d in dates if d != _GENERIC_DATE_NOTE] or dates
        out["date_note"] = specific[0]
        if len(dates) > 1:
            report.append(f"{group.key}: date_note differs ({' | '.join(dates)}) in {where}; "
                          f"kept {specific[0]!r}")
    archives = [a for i in group.items for a in i.data.get("archives", [])]
    if archives:
        out["archives"] = list(dict.fromkeys(archives))
    notes = list(dict.fromkeys(i.data["note"] for i in group.items if i.data.get("note")))
    group.keep_notes = len(notes) > 1
    if len(notes) == 1:
        out["note"] = notes[0]
    return out


def collect(root: Path) -> tuple[list[Group], dict[str, Any]]:
    """Evidence items still carrying a URL, grouped by normalised URL in file order; and the
    plain data of every citing file."""
    groups: dict[str, Group] = {}
    files: dict[str, Any] = {}
    for file, folder in discover(root):
        if folder not in CITING:
            continue
        parsed = parse_text((root / file).read_text("utf-8"), file)
        if parsed.diagnostics or not isinstance(parsed.data, dict):
            raise SystemExit(f"{file}: does not read cleanly; fix it first ({parsed.diagnostics[0].message})")
        files[file] = parsed.data
        for item in parsed.data.get("evidence", []):
            if "url" in item:
                key = normalise_url(item["url"])
                groups.setdefault(key, Group(key)).items.append(Item(file, item))
    return list(groups.values()), files


def existing_sources(root: Path) -> dict[str, str]:
    """Normalised URL -> id of every source record already in sources/."""
    out: dict[str, str] = {}
    for file, folder in discover(root):
        if folder == "sources":
            data = parse_text((root / file).read_text("utf-8"), file).data
            if isinstance(data, dict) and isinstance(data.get("url"), str):
                out[normalise_url(data["url"])] = str(data.get("id") or Path(file).stem)
    return out


def plan(root: Path, dossier_text: str | None,  # noqa: PLR0915 (one pass, kept whole for review)
         report: list[str]) -> tuple[list[Group], dict[str, Any]]:
    groups, files = collect(root)
    names = _actor_names(root)
    taken = {Path(f).stem for f, _ in discover(root)}
    known = existing_sources(root)
    by_key = {g.key: g for g in groups}
    for key, sid in known.items():  # reuse, never duplicate, a source that already exists
        if key in by_key:
            by_key[key].id, by_key[key].existing = sid, True
            report.append(f"{key}: already a source record ({sid}); its evidence items cite it")
        else:
            by_key[key] = Group(key, id=sid, existing=True)
    for g in groups:
        g.source = _merge(g, report)
    # Relayed originals that only appear as `via`: a source of their own, when the URL was seen.
    for g in list(groups):
        for item in g.items:
            via = item.data.get("via")
            if via is None or normalise_url(via) in by_key:
                continue
            if dossier_text is None or via not in dossier_text:
                report.append(f"{g.key}: via {via} is not in the dossier; kept as a note only")
                continue
            origin = Group(normalise_url(via))
            origin.source = {"url": via, "publisher": item.data.get("via_publisher") or "unknown",
                             "kind": g.source["kind"], "reliability": "F", "reviewed": False,
                             "date_note": "not recorded; seen only as the original of a page reviewed"}
            groups.append(origin)
            by_key[origin.key] = origin
    for g in groups:
        if g.existing:
            continue
        s = g.source
        g.id = unique(source_id(s["publisher"], s.get("published"), s.get("title"), s["url"]), taken)
        taken.add(g.id)
    for g in groups:
        if g.existing:
            continue
        s = g.source
        by = _by(s["publisher"], names)
        if by:
            s["by"] = by
        relays: list[str] = []
        loose: list[str] = []
        cited: list[str] = []
        for item in g.items:
            via, via_publisher = item.data.get("via"), item.data.get("via_publisher")
            if via and normalise_url(via) in by_key:
                relays.append(by_key[normalise_url(via)].id)
            elif via_publisher or via:
                loose.append(via_publisher or "another outlet")
            local = {e["id"]: e for e in files[item.file].get("evidence", [])}
            for ref in item.data.get("cited_in", []):
                target = local.get(ref)
                if target is not None and "url" in target:
                    cited.append(by_key[normalise_url(target["url"])].id)
                elif target is not None and "source" in target:  # migrated on an earlier run
                    cited.append(target["source"])
        for other in groups:  # an unread origin was seen cited in the pages that relay it
            if s.get("reviewed") is False and other is not g and g.id in _relays_of(other, by_key):
                cited.append(other.id)
        if relays:
            s["relays"] = list(dict.fromkeys(relays))
        if cited:
            s["cited_in"] = list(dict.fromkeys(cited))
        loose = [p for p in dict.fromkeys(loose) if not relays]
        if loose:
            words = f"Reports {' and '.join(loose)}; no URL of the original is recorded."
            s["note"] = f"{s['note']} {words}" if s.get("note") else words
    return groups, files


def _relays_of(g: Group, by_key: dict[str, Group]) -> list[str]:
    return [by_key[normalise_url(i.data["via"])].id for i in g.items
            if i.data.get("via") and normalise_url(i.data["via"]) in by_key]


def source_text(g: Group) -> str:
    doc = CommentedMap()
    doc["id"] = g.id
    for name in ORDER:
        if name in g.source and name != "id":
            value = g.source[name]
            if isinstance(value, list):
                seq = CommentedSeq(quoted_if_ambiguous(v) for v in value)
                if all(not str(v).startswith("http") for v in value):
                    seq.fa.set_flow_style()
                doc[name] = seq
            else:
                doc[name] = quoted_if_ambiguous(value)
    yaml = round_trip_yaml("a: 1\n")
    out = io.StringIO()
    yaml.dump(doc, out)
    text = "# yaml-language-server: $schema=../schemas/source.schema.json\n" + out.getvalue()
    parsed = parse_text(text, g.id)
    expected = {"id": g.id, **g.source}
    if parsed.diagnostics or parsed.data != expected:
        raise SystemExit(f"source {g.id}: would not read back as written")
    return text


def rewrite(root: Path, file: str, plain: dict[str, Any], ids: dict[tuple[str, str], str],
            keep_note: set[tuple[str, str]]) -> bool:
    text = (root / file).read_text("utf-8")
    yaml = round_trip_yaml(text)
    doc = yaml.load(text)
    changed = False
    for n, item in enumerate(doc.get("evidence", [])):
        if "url" not in item:
            continue
        new = CommentedMap()
        new["id"] = item["id"]
        new["source"] = ids[(file, item["id"])]
        if (file, item["id"]) in keep_note and item.get("note"):
            new["note"] = item["note"]
        doc["evidence"][n] = new
        plain["evidence"][n] = dict(new)
        changed = True
    if not changed:
        return False
    out = io.StringIO()
    yaml.dump(doc, out)
    parsed = parse_text(out.getvalue(), file)
    if parsed.diagnostics or parsed.data != plain:
        raise SystemExit(f"{file}: the rewritten file would not read back as intended")
    write_atomic(root / file, out.getvalue())
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=Path.cwd())
    parser.add_argument("--dossier", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    root: Path = args.root.resolve()
    dossiers = args.dossier or sorted((root.parent / "shared" / "research").glob("incidents_dossier*.yaml"))
    dossier_text = "\n".join(p.read_text("utf-8") for p in dossiers) if dossiers else None
    report: list[str] = []
    groups, files = plan(root, dossier_text, report)
    ids = {(i.file, i.data["id"]): g.id for g in groups for i in g.items}
    keep_note = {(i.file, i.data["id"]) for g in groups if g.keep_notes or g.existing for i in g.items}
    (root / "sources").mkdir(exist_ok=True)
    new = [g for g in groups if not g.existing]
    for g in new:
        path = root / "sources" / f"{g.id}.yaml"
        if path.exists():
            raise SystemExit(f"{path} exists; not overwriting it")
    for g in new:
        write_atomic(root / "sources" / f"{g.id}.yaml", source_text(g))
    rewritten = sum(rewrite(root, f, files[f], ids, keep_note) for f in files)
    for line in report:
        print(f"note: {line}", file=sys.stderr)
    print(f"{len(new)} source records written, {len(ids)} evidence items in {rewritten} files "
          "now cite them", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
