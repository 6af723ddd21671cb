"""The evidentiary store: one gzip-compressed WARC file per distinct content, named by its hash.

The WARC (ISO 28500, the web-archiving format) holds a ``warcinfo`` record naming the tool and
a ``response`` record with the final URL, the HTTP status line and headers, and the content.
The content is stored decoded (any gzip/br content-encoding removed, so the hash does not
depend on how the server compressed it); the hop-by-hop headers that described the encoding
are dropped and ``Content-Length`` is set to the stored length.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import stat
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from kb.evidence.paths import EVIDENCE_DIR, capture_relpath, evidence_path
from kb.fileio import write_atomic_bytes

_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class StoredCapture:
    sha256: str
    warc: str
    """Relative to ``evidence/``."""
    warc_sha256: str
    stored: bool
    """False when the content was already in the store."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def build_warc(*, url: str, at: str, status: int, reason: str, http_version: str,
               headers: Sequence[tuple[str, str]], body: bytes, tool: str) -> bytes:
    """The bytes of a WARC file holding one response."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warcinfo_record(
        "capture.warc.gz", {"software": tool, "format": "WARC File Format 1.1",
                            "description": "evidentiary copy captured by distillation-kb"}))
    kept = [(k, v) for k, v in headers if k.lower() not in _DROPPED_HEADERS]
    kept.append(("Content-Length", str(len(body))))
    protocol = {"HTTP/2": "HTTP/2", "HTTP/1.0": "HTTP/1.0"}.get(http_version, "HTTP/1.1")
    http_headers = StatusAndHeaders(f"{status} {reason}".strip(), kept, protocol=protocol)
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body),
        http_headers=http_headers, warc_headers_dict={"WARC-Date": at})
    writer.write_record(record)
    return buf.getvalue()


def store(root: Path, sha256: str, warc_bytes: bytes) -> StoredCapture:
    """Write the WARC under its content hash unless that content is already stored."""
    rel = capture_relpath(sha256)
    path = evidence_path(root, rel)
    if path.exists():
        return StoredCapture(sha256, rel, sha256_file(path), stored=False)
    write_atomic_bytes(path, warc_bytes)
    os.chmod(path, 0o444)  # the evidentiary copy is read-only
    return StoredCapture(sha256, rel, sha256_bytes(warc_bytes), stored=True)


class UnreadableCapture(Exception):
    """The WARC file is truncated, corrupt or holds no response record."""


@dataclass(frozen=True, slots=True)
class ReadCapture:
    url: str
    status: int
    content_type: str
    body: bytes


def _describe(exc: BaseException) -> str:
    """A short, printable description (warcio quotes raw bytes of the damaged record)."""
    text = str(exc).split(", first line:")[0].splitlines()[0] if str(exc) else ""
    text = "".join(c for c in text if c.isprintable() and ord(c) < 128)[:80]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def read_warc(path: Path) -> ReadCapture:
    """The response stored in a capture file; raises :class:`UnreadableCapture`."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            raise UnreadableCapture("not a regular file")
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh, check_digests="raise"):
                if record.rec_type != "response":
                    record.content_stream().read()
                    continue
                body = record.content_stream().read()
                headers = record.http_headers
                status = int(headers.get_statuscode()) if headers else 0
                ctype = (headers.get_header("Content-Type") if headers else None) or ""
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                return ReadCapture(url, status, ctype, body)
    except (OSError, EOFError, ValueError, zlib.error, gzip.BadGzipFile,
            ArchiveLoadFailed) as exc:
        raise UnreadableCapture(_describe(exc)) from None
    raise UnreadableCapture("no response record in the file")


def store_relpath(rel: str) -> str:
    """A capture path relative to the KB root, for messages."""
    return f"{EVIDENCE_DIR}/{rel}"
