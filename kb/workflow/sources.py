"""Finding and adding source records by URL (for `kb new source` and for tools that cite a page).

A normalised URL is a source's identity (KB225), so a tool about to cite a URL first looks for
the source record that already holds it, and only otherwise writes a new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kb.records import Source
from kb.validation.facts import normalise_url
from kb.workflow.scaffold import ScaffoldError, create_exclusive, existing_ids
from kb.workflow.source_ids import source_id, unique
from kb.yamlio.format import scalar
from kb.yamlio.reader import read_file

FOLDER = Source.folder
HEADER = f"# yaml-language-server: $schema=../schemas/{Source.kind_name}.schema.json"


def find_source(root: Path, url: str) -> tuple[str, dict[str, object]] | None:
    """(id, fields) of the source record holding ``url`` (normalised), if any."""
    key = normalise_url(url)
    folder = root / FOLDER
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.yaml")):
        parsed = read_file(path, f"{FOLDER}/{path.name}")
        data = parsed.data
        if isinstance(data, dict) and isinstance(data.get("url"), str) and normalise_url(data["url"]) == key:
            return str(data.get("id", path.stem)), data
    return None


def _line(key: str, value: object) -> str:
    if isinstance(value, bool):
        return f"{key}: {'true' if value else 'false'}"
    if isinstance(value, list):
        return f"{key}: [" + ", ".join(scalar(str(v)) for v in value) + "]"
    return f"{key}: {scalar(str(value))}"


def source_text(record_id: str, fields: Mapping[str, object], comments: Mapping[str, str] = {}) -> str:
    """A new source record's YAML: fields in the record type's order, each value quoted so it
    reads back as written; ``comments`` adds a comment line above a field."""
    lines = [HEADER, f"id: {record_id}"]
    for name in Source.model_fields:
        if name in fields and name != "id":
            if name in comments:
                lines.append(f"# {comments[name]}")
            lines.append(_line(name, fields[name]))
    return "\n".join(lines) + "\n"


def add_source(root: Path, fields: Mapping[str, object], *, record_id: str | None = None) -> tuple[str, Path]:
    """Write a new source record for ``fields`` (url, publisher, kind ... as plain values);
    its id is made from publisher, date and title unless given. Refuses a URL that already has
    a source record. Returns (id, path)."""
    url = str(fields["url"])
    found = find_source(root, url)
    if found is not None:
        raise ScaffoldError.of("KB607", f"{url} already has a source record: {FOLDER}/{found[0]}.yaml",
                               hint=f"cite it as {{id: e1, source: {found[0]}}}")
    if record_id is None:
        title = fields.get("title")
        published = fields.get("published")
        record_id = unique(source_id(str(fields.get("publisher") or ""),
                                     str(published) if published else None,
                                     str(title) if title else None, url), existing_ids(root))
    path = root / FOLDER / f"{record_id}.yaml"
    create_exclusive(path, source_text(record_id, fields))
    return record_id, path


def new_source(root: Path, url: str, *, title: str | None = None, publisher: str | None = None,
               date: str | None = None, record_id: str | None = None) -> Path:
    """`kb new source`: a commented source template for ``url``; what is not given is a TODO
    placeholder that fails `kb validate` until it is filled in."""
    from urllib.parse import urlsplit

    from kb.records.types import check_date, check_url
    from kb.records.vocab import EvidenceKind
    from kb.validation.placeholders import PLACEHOLDER
    from kb.workflow.scaffold import _choices, _comment_wrap

    try:
        check_url(url)
    except ValueError:
        raise ScaffoldError.of("KB610", f"{url!r} is not an http(s) URL with a host",
                               usage=True) from None
    if date is not None:
        try:
            check_date(date)
        except ValueError:
            raise ScaffoldError.of("KB609", f"{date!r} is not a date",
                                   hint="write YYYY-MM-DD, YYYY-MM or YYYY", usage=True) from None
    for value in (title, publisher):
        if value is not None and (not value.strip() or "\n" in value):
            raise ScaffoldError.of("KB610", "--title and --publisher must be one non-empty line",
                                   usage=True)
    found = find_source(root, url)
    if found is not None:
        raise ScaffoldError.of("KB607", f"{url} already has a source record: {FOLDER}/{found[0]}.yaml",
                               hint=f"cite it from an evidence item as {{id: e1, source: {found[0]}}}",
                               usage=True)
    taken = existing_ids(root)
    if record_id is None:
        record_id = unique(source_id(publisher or urlsplit(url).hostname or "", date, title, url), taken)
    elif record_id in taken:
        raise ScaffoldError.of("KB607", f"the id {record_id!r} is already used", hint="pick another --id",
                               usage=True)
    lines = [
        HEADER,
        f"# New source, written by `kb new source`. Replace every {PLACEHOLDER} and delete the",
        "# optional lines you do not need. Then run: kb fmt <this file>, and kb validate --changed.",
        "# Cite it from a record's evidence list as {id: e1, source: " + record_id + "}.",
        f"id: {record_id}",
        _line("url", url),
        _line("title", title) if title else f"title: {PLACEHOLDER}",
        _line("publisher", publisher) if publisher else f"publisher: {PLACEHOLDER}",
        "# by: <actor id>  # when the page is that party's own publication or statement",
        f"published: {scalar(date)}" if date else "# published: 'YYYY-MM-DD'  # as the page shows it",
        *_comment_wrap("kind:", _choices(EvidenceKind)),
        f"kind: {PLACEHOLDER}",
        "# Admiralty grade: A (completely reliable) ... F (cannot be judged).",
        "reliability: F",
        "# first_hand: true  # the publisher is the party speaking, or reports what it witnessed",
        "# relays: [<source id>]  # the sources whose content this page repeats",
        "# reviewed: false  # only when the editors did not read it; then say where it was cited:",
        "# cited_in: [<source id>]",
    ]
    path = root / FOLDER / f"{record_id}.yaml"
    create_exclusive(path, "\n".join(lines) + "\n")
    return path
