"""The custody log: an append-only YAML list of capture entries, each chained to the last.

Every entry records what was captured, when, from which URL (and where redirects led), the
HTTP status, the content type and size, the SHA-256 of the content and of the WARC file, and
the tool versions. Each entry carries ``prev``, the digest of the entry before it, and a
``seq`` number, so editing, removing or reordering an entry breaks the chain (KB413).

New entries are appended to the end of the file under an exclusive lock; the file is never
rewritten.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from kb.diagnostics import Diagnostic
from kb.evidence.errors import fail
from kb.evidence.paths import EVIDENCE_DIR, MANIFEST, capture_relpath, evidence_path
from kb.yamlio.emit import block_item
from kb.yamlio.reader import Parsed, decode, parse_text

MANIFEST_FILE = f"{EVIDENCE_DIR}/{MANIFEST}"
#: The log grows by about 700 bytes per capture; this cap allows several hundred thousand.
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
HEADER = (
    "# Custody log of captured evidence. Append-only: written by `kb evidence capture`.\n"
    "# Never edit by hand; `kb evidence verify` checks each entry against the one before it.\n"
)
_SHA_RE = re.compile(r"[0-9a-f]{64}")
_AT_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?Z")


@dataclass(frozen=True, slots=True)
class Entry:
    """One custody event: a page fetched and its content stored (or found already stored)."""

    seq: int
    at: str
    """UTC time of the capture, ISO 8601 ('2026-11-29T13:50:00Z')."""
    action: str
    url: str
    """The URL asked for (never with credentials: those are refused before fetching)."""
    final_url: str
    """Where redirects led; equals ``url`` when there were none."""
    redirects: tuple[str, ...]
    status: int
    content_type: str
    size: int
    sha256: str
    """SHA-256 of the content (the HTTP payload) — the hash records cite."""
    warc: str
    """Path of the WARC file relative to ``evidence/``."""
    warc_sha256: str
    """SHA-256 of the WARC file's bytes as written."""
    stored: bool
    """False when identical content was already in the store (stored once, logged twice)."""
    tool: str
    record: str | None
    evidence: str | None
    prev: str | None
    """Digest of the previous entry (None for the first)."""

    @property
    def date(self) -> str:
        return self.at[:10]

    def as_mapping(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out


def digest(mapping: dict[str, object]) -> str:
    """The digest chained into the next entry: SHA-256 of the entry as canonical JSON."""
    canonical = json.dumps(mapping, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Manifest:
    entries: list[Entry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    last_digest: str | None = None

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)

    def by_sha(self) -> dict[str, list[Entry]]:
        out: dict[str, list[Entry]] = {}
        for e in self.entries:
            out.setdefault(e.sha256, []).append(e)
        return out


_TYPES: dict[str, tuple[type, ...]] = {
    "seq": (int,), "at": (str,), "action": (str,), "url": (str,), "final_url": (str,),
    "redirects": (list,), "status": (int,), "content_type": (str,), "size": (int,),
    "sha256": (str,), "warc": (str,), "warc_sha256": (str,), "stored": (bool,), "tool": (str,),
    "record": (str, type(None)), "evidence": (str, type(None)), "prev": (str, type(None)),
}


def _entry(item: object, i: int, parsed: Parsed) -> tuple[Entry | None, list[Diagnostic]]:
    file = parsed.file

    def diag(code: str, message: str, path: tuple[str | int, ...], hint: str | None = None) -> Diagnostic:
        line, col = parsed.mark_for(path)
        return Diagnostic(file, code, message, line, col, path, hint=hint)

    if not isinstance(item, dict):
        return None, [diag("KB406", "a custody entry must be a mapping", (i,))]
    problems = []
    for name, types in _TYPES.items():
        if name not in item:
            problems.append(diag("KB406", f"custody entry lacks '{name}'", (i,)))
        elif (isinstance(item[name], bool) and bool not in types) or not isinstance(item[name], types):
            problems.append(diag("KB406", f"'{name}' has the wrong type", (i, name)))
    for name in item:
        if name not in _TYPES:
            problems.append(diag("KB406", f"unknown field '{name}' in a custody entry", (i, name)))
    if problems:
        return None, problems
    for name in ("sha256", "warc_sha256"):
        if not _SHA_RE.fullmatch(item[name]):
            problems.append(diag("KB406", f"'{name}' is not a SHA-256 hex digest", (i, name)))
    if not _AT_RE.fullmatch(item["at"]):
        problems.append(diag("KB406", "'at' is not a UTC timestamp YYYY-MM-DDTHH:MM:SSZ", (i, "at")))
    if not all(isinstance(r, str) for r in item["redirects"]):
        problems.append(diag("KB406", "'redirects' must list URLs", (i, "redirects")))
    if not problems and item["warc"] != capture_relpath(item["sha256"]):
        code = "KB412" if ".." in item["warc"] or item["warc"].startswith("/") else "KB406"
        problems.append(diag(code, f"'warc' must be {capture_relpath(item['sha256'])}",
                             (i, "warc"), hint="captures are addressed by their hash"))
    if problems:
        return None, problems
    values = {k: tuple(v) if k == "redirects" else v for k, v in item.items()}
    return Entry(**values), []  # type: ignore[arg-type]


def _parse_list(text: str, file: str) -> tuple[object, Parsed]:
    """Parse a top-level YAML list with the strict reader (which reads mappings).

    The text is read as the value of one wrapping key, then marks are shifted back a line.
    """
    wrapped = parse_text("entries:\n" + text, file)
    shifted = Parsed(file)
    for table, target in ((wrapped.values, shifted.values), (wrapped.keys, shifted.keys)):
        for path, (line, col) in table.items():
            if path[:1] == ("entries",):
                target[path[1:]] = (max(1, line - 1), col)
    shifted.diagnostics = [replace(d, line=max(1, d.line - 1) if d.line else 0,
                                   path=d.path[1:] if d.path[:1] == ("entries",) else d.path)
                           for d in wrapped.diagnostics]
    data = wrapped.data.get("entries") if isinstance(wrapped.data, dict) else None
    if isinstance(wrapped.data, dict) and set(wrapped.data) != {"entries"}:
        shifted.diagnostics.append(Diagnostic(file, "KB406", "the custody log must be a list of "
                                              "entries", 1, 1, hint="restore it from git"))
    return data, shifted


_JSON_STR = r'"(?:[^"\\\x00-\x1f]|\\.)*"'
_FAST_LINE = re.compile(
    rf"^(- |  )([a-z_][a-z0-9_]*): ({_JSON_STR}|-?[0-9]+|true|false|null"
    rf"|\[\]|\[{_JSON_STR}(?:, {_JSON_STR})*\])$", re.MULTILINE)
_CONTENT_LINE = re.compile(r"^(?!#)(?!$)", re.MULTILINE)
_ENTRY_START = re.compile(r"^- ", re.MULTILINE)


def _parse_fast(text: str, file: str) -> tuple[list[dict[str, object]], Parsed] | None:
    """Read a log in exactly the shape :func:`append` writes, or return None.

    Each value is written as one JSON value (a string, an integer, true/false/null or a list of
    strings), which YAML 1.2 reads identically. The fast path accepts only lines of exactly that
    shape — no comments after values, no duplicate keys — and leaves anything else to the strict
    reader, which reports problems precisely. All values are decoded in one JSON call; marks
    point at the first line of each entry.
    """
    if "\r" in text:
        return None
    matches = _FAST_LINE.findall(text)
    if len(matches) != len(_CONTENT_LINE.findall(text)) or (matches and matches[0][0] != "- "):
        return None
    try:
        values = json.loads("[" + ",".join(m[2] for m in matches) + "]")
    except ValueError:
        return None
    if len(values) != len(matches):
        return None
    entries: list[dict[str, object]] = []
    for (lead, key, _), value in zip(matches, values, strict=True):
        if lead == "- ":
            entries.append({})
        current = entries[-1]
        if key in current:
            return None
        current[key] = value
    parsed = Parsed(file)
    line, pos = 1, 0
    for index, match in enumerate(_ENTRY_START.finditer(text)):
        line += text.count("\n", pos, match.start())
        pos = match.start()
        parsed.values[(index,)] = (line, 1)
    return entries, parsed


def parse_manifest(text: str, file: str = MANIFEST_FILE) -> Manifest:
    """Read the log's text into entries, checking fields and the hash chain."""
    fast = _parse_fast(text, file)
    if fast is not None:
        data: object = fast[0] or None
        parsed = fast[1]
    else:
        data, parsed = _parse_list(text, file)
    result = Manifest()
    if parsed.diagnostics:
        result.diagnostics = [
            d if d.code == "KB406" else
            Diagnostic(d.file, "KB406", f"the custody log is not valid: {d.message}", d.line,
                       d.column, hint="restore it from git; it is written only by kb evidence capture")
            for d in parsed.diagnostics]
        return result
    if data is None:  # only comments: an empty log
        return result
    if not isinstance(data, list):
        result.diagnostics.append(Diagnostic(file, "KB406", "the custody log must be a list of entries",
                                             1, 1, hint="restore it from git"))
        return result
    prev: str | None = None
    for i, item in enumerate(data):
        entry, problems = _entry(item, i, parsed)
        result.diagnostics.extend(problems)
        if entry is None:
            prev = digest(item) if isinstance(item, dict) else None
            continue
        if entry.seq != i + 1 or entry.prev != prev:
            line, col = parsed.mark_for((i,))
        if entry.seq != i + 1:
            result.diagnostics.append(Diagnostic(
                file, "KB413", f"entry {i + 1} has seq {entry.seq}: an entry was removed or moved",
                line, col, (i, "seq"), hint="restore the log from git"))
        elif entry.prev != prev:
            result.diagnostics.append(Diagnostic(
                file, "KB413", f"entry {entry.seq} does not chain to the entry before it: "
                "an entry was edited, removed or reordered", line, col, (i, "prev"),
                hint="restore the log from git"))
        result.entries.append(entry)
        prev = digest(item)
    result.last_digest = prev
    return result


def read_manifest(root: Path) -> Manifest:
    """The custody log of the KB at ``root`` (empty if there is none yet)."""
    path = evidence_path(root, MANIFEST)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Manifest()
    if size > MAX_MANIFEST_BYTES:
        return Manifest(diagnostics=[Diagnostic(MANIFEST_FILE, "KB406",
                                                f"the custody log is over {MAX_MANIFEST_BYTES:,} bytes")])
    text, problem = decode(path.read_bytes(), MANIFEST_FILE)
    if text is None:
        return Manifest(diagnostics=[Diagnostic(MANIFEST_FILE, "KB406", "the custody log is not UTF-8")])
    del problem
    return parse_manifest(text)


def append(root: Path, make: Callable[[int, str | None], Entry]) -> Entry:
    """Append the entry ``make(seq, prev)`` to the log under an exclusive lock.

    Refuses (KB406/KB413, nothing written) to extend a log that does not read cleanly.
    """
    path = evidence_path(root, MANIFEST)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "r+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            fh.seek(0)
            raw = fh.read()
            text, _ = decode(raw, MANIFEST_FILE)
            if text is None:
                raise fail("KB406", "the custody log is not UTF-8", file=MANIFEST_FILE)
            current = parse_manifest(text)
            if not current.ok:
                first = current.diagnostics[0]
                raise fail(first.code, f"refusing to extend a broken custody log: {first.message} "
                           f"(line {first.line})", file=MANIFEST_FILE, hint=first.hint)
            entry = make(len(current.entries) + 1, current.last_digest)
            chunk = ("" if raw.strip() else HEADER) + block_item(entry.as_mapping())
            if raw and not raw.endswith(b"\n"):
                chunk = "\n" + chunk
            fh.write(chunk.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
    return entry
