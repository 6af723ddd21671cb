"""`kb release`: a dated, versioned, byte-reproducible archive of the knowledge base, and its
diff against the previous release.

The archive ``distillation-kb-<version>.tar.gz`` holds, under ``distillation-kb-<version>/``:
the record YAML files as committed (``records/<folder>/<id>.yaml``), ``kb.json``, the SQLite
database, the STIX bundle, the GraphML graph, ``release.json`` (version, date, counts) and
``SHA256SUMS``. Entries are sorted, owned by uid/gid 0, dated with one fixed time (the commit's,
or ``SOURCE_DATE_EPOCH``), and the gzip header carries no time or name: the same commit gives
the same bytes. The diff (``.diff.json`` for tools, ``.diff.md`` for people) lists records
added, changed, withdrawn and removed, and claims whose status changed.

Nothing is overwritten: an existing release file refuses the release (KB803); a previous
release that is missing (KB804) or corrupt (KB805) stops it before anything is written.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import re
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb.export.errors import ExportError
from kb.export.fields import dumps
from kb.loading import KnowledgeBase

NAME = "distillation-kb"
VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$")


def check_version(version: str) -> str:
    if not VERSION_PATTERN.fullmatch(version) or ".." in version:
        raise ExportError("KB806", f"release version {version!r} is not valid",
                          hint="use letters, digits, '.', '-', '_' or '+', starting with a letter "
                               "or digit, e.g. 2026.12.0")
    return version


def archive_name(version: str) -> str:
    return f"{NAME}-{check_version(version)}.tar.gz"


def release_files(kb: KnowledgeBase, graph: Any, version: str, mtime: int) -> dict[str, bytes]:
    """Member name (inside the archive's top folder) -> bytes."""
    from kb.export.api import kb_json
    from kb.export.sqlite import database
    from kb.export.stix import bundle
    from kb.graph.export import export

    files: dict[str, bytes] = {}
    for record_id, file in sorted(kb.file_of.items(), key=lambda item: item[1]):
        record = kb.records[record_id]
        files[f"records/{record.folder}/{record.id}.yaml"] = (kb.root / file).read_bytes()
    files["kb.json"] = kb_json(kb).encode()
    files[f"{NAME}.sqlite"] = database(kb, graph)
    files[f"{NAME}.stix.json"] = bundle(kb).encode()
    files[f"{NAME}.graphml"] = export(graph, "graphml").encode()
    counts: dict[str, int] = {}
    for record in kb.records.values():
        counts[record.folder] = counts.get(record.folder, 0) + 1
    files["release.json"] = dumps({
        "name": NAME, "version": version,
        "date": dt.datetime.fromtimestamp(mtime, dt.UTC).date().isoformat(),
        "records": dict(sorted(counts.items()))}, indent=1).encode()
    sums = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in sorted(files))
    files["SHA256SUMS"] = sums.encode()
    return files


def archive(files: dict[str, bytes], top: str, mtime: int) -> bytes:
    """A .tar.gz with sorted entries, fixed owner, mode and time, and a timeless gzip header."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        folders = sorted({"/".join(n.split("/")[:i]) for n in files for i in range(1, n.count("/") + 1)})
        for name in [f"{top}", *(f"{top}/{f}" for f in folders)]:
            info = tarfile.TarInfo(name)
            info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, mtime
            tar.addfile(info)
        for name in sorted(files):
            info = tarfile.TarInfo(f"{top}/{name}")
            info.size, info.mode, info.mtime = len(files[name]), 0o644, mtime
            tar.addfile(info, io.BytesIO(files[name]))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", fileobj=out, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def read_release(path: Path) -> dict[str, Any]:
    """The ``kb.json`` of a previous release, after checking its SHA256SUMS."""
    if not path.is_file():
        raise ExportError("KB804", f"previous release {path} not found", str(path),
                          hint="give the path of the previous release's .tar.gz")
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            members = {m.name.split("/", 1)[1]: m for m in tar.getmembers()
                       if m.isfile() and "/" in m.name}

            def read(name: str) -> bytes:
                handle = tar.extractfile(members[name])
                if handle is None:
                    raise KeyError(name)
                return handle.read()

            for line in read("SHA256SUMS").decode().splitlines():
                digest, name = line.split("  ", 1)
                if hashlib.sha256(read(name)).hexdigest() != digest:
                    raise ValueError(f"{name} does not match SHA256SUMS")
            data = json.loads(read("kb.json"))
    except (tarfile.TarError, OSError, EOFError, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ExportError("KB805", f"previous release {path} is corrupt: {exc}", str(path),
                          hint="download it again, or check it with `sha256sum -c SHA256SUMS`") from None
    if not isinstance(data, dict):
        raise ExportError("KB805", f"previous release {path} is corrupt: kb.json is not an object",
                          str(path))
    return data


def _index(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{folder}/{r['id']}": r for folder, records in data.items() if isinstance(records, list)
            for r in records if isinstance(r, dict) and "id" in r}


def _claims(record: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c.get("status", "") for c in record.get("claims", []) if isinstance(c, dict)}


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """What changed between two kb.json documents."""
    before, after = _index(old), _index(new)
    changed = sorted(k for k in after.keys() & before.keys() if after[k] != before[k])
    statuses = []
    for key in sorted(after.keys() & before.keys()):
        old_claims, new_claims = _claims(before[key]), _claims(after[key])
        statuses += [{"record": key, "claim": c, "from": old_claims[c], "to": s}
                     for c, s in sorted(new_claims.items()) if c in old_claims and old_claims[c] != s]
    return {
        "added": sorted(after.keys() - before.keys()),
        "removed": sorted(before.keys() - after.keys()),
        "changed": changed,
        "withdrawn": [k for k in changed if after[k].get("withdrawn") and not before[k].get("withdrawn")],
        "claim_status_changes": statuses,
    }


def diff_markdown(changes: dict[str, Any], previous: str, version: str) -> str:
    """The diff for people. Every value shown is an id, a status or a version (validated
    slugs); anything else is reduced to safe characters, so the Markdown stays inert."""
    def code(value: object) -> str:
        return "`" + re.sub(r"[^0-9A-Za-z._+#/-]", "_", str(value)) + "`"

    lines = [f"# {NAME} {code(version)}: changes since {code(previous)}", ""]
    for title, key in (("Records added", "added"), ("Records changed", "changed"),
                       ("Records withdrawn", "withdrawn"), ("Records removed", "removed")):
        items = changes[key]
        lines += [f"## {title} ({len(items)})", "", *([f"- {code(k)}" for k in items] or ["None."]), ""]
    moves = changes["claim_status_changes"]
    lines += [f"## Claims whose status changed ({len(moves)})", ""]
    lines += [f"- {code(m['record'])} claim {code(m['claim'])}: {code(m['from'])} → {code(m['to'])}"
              for m in moves] or ["None."]
    return "\n".join(lines) + "\n"


@dataclass
class Release:
    files: dict[str, bytes]
    """Output file name -> bytes (the archive, and the diffs when there is a previous release)."""


def make_release(kb: KnowledgeBase, graph: Any, version: str, mtime: int,
                 previous: Path | None = None) -> Release:
    """Build the release in memory (nothing is written; see :func:`write_release`)."""
    name = archive_name(version)
    old = read_release(previous) if previous is not None else None
    top = name.removesuffix(".tar.gz")
    members = release_files(kb, graph, version, mtime)
    out = {name: archive(members, top, mtime)}
    if old is not None and previous is not None:
        changes = diff(old, json.loads(members["kb.json"]))
        prev_name = previous.name.removesuffix(".tar.gz")
        out[f"{top}.diff.json"] = dumps({"from": prev_name, "to": top, **changes}, indent=1).encode()
        out[f"{top}.diff.md"] = diff_markdown(changes, prev_name, version).encode()
    return Release(out)


def write_release(release: Release, out: Path) -> list[Path]:
    """Write every file of the release into ``out``; refuse (KB803) if any exists already."""
    from kb.fileio import create_new_bytes

    if out.exists() and not out.is_dir():
        raise ExportError("KB802", f"{out} is a file, not a folder", str(out),
                          hint="give a folder for --out")
    taken = [name for name in release.files if (out / name).exists()]
    if taken:
        raise ExportError("KB803", f"release file {out / taken[0]} already exists", str(out / taken[0]),
                          hint="a published release is never overwritten: choose a new --version")
    written = []
    for name, data in sorted(release.files.items()):
        try:
            create_new_bytes(out / name, data)
        except FileExistsError:
            raise ExportError("KB803", f"release file {out / name} already exists", str(out / name),
                              hint="a published release is never overwritten: choose a new "
                                   "--version") from None
        written.append(out / name)
    return written
