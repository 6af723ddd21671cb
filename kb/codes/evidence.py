"""Codes for KB4xx: evidence capture, verification and link checks."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = (
    Code("KB401", "URL refused for capture", "error",
         "Only http:// and https:// URLs with a host are fetched. `file:`, `javascript:` and "
         "`data:` URLs are refused, and so is any URL with credentials in it (user:password@): "
         "they are never fetched, stored, logged or echoed back. A redirect to such a URL is "
         "refused the same way.",
         "kb evidence capture file:///etc/passwd",
         "Capture the public http(s) page itself; remove credentials from the URL."),
    Code("KB402", "unknown record", "error",
         "`--record` (or `kb evidence score ID`) names a record id that the knowledge base does "
         "not hold, that does not load cleanly, or that is of the wrong kind. A usage error "
         "(exit 2).",
         "kb evidence capture URL --record 2026-02-23-antropic --evidence e2",
         "Use an existing record id (a near match is suggested); run `kb validate` first."),
    Code("KB403", "unknown evidence id", "error",
         "`--evidence` names an evidence item the record does not have, or the captured URL is "
         "neither that item's `url` nor one of its `archives`. A usage error (exit 2).",
         "kb evidence capture URL --record ID --evidence e99",
         "Use an evidence id of the record (a near match is suggested)."),
    Code("KB404", "fetch failed", "error",
         "The page could not be captured: the connection failed, the server answered with an "
         "error status (only 2xx responses are captured), it timed out, or it redirected too "
         "often or in a loop.",
         "HTTP 404 from https://example.org/gone",
         "Check the URL in a browser; capture an archived copy if the page is gone."),
    Code("KB405", "response over the size cap", "error",
         "The response is larger than the capture size cap (20 MiB by default), so it was not "
         "stored. The cap keeps the repository small and a hostile server from filling the disk.",
         "a 2 GB video", "Raise the cap with `--max-bytes` if the source really is that large."),
    Code("KB406", "custody log unreadable", "error",
         "`evidence/manifest.yaml` is not valid YAML, or an entry lacks a field or has a wrong "
         "type. The log is written only by `kb evidence capture`; a hand edit usually breaks it.",
         "- seq: 1\n  sha256: [unclosed",
         "Restore the file from git (`git checkout -- evidence/manifest.yaml`); never edit it by "
         "hand."),
    Code("KB407", "capture missing", "error",
         "The custody log records a capture whose WARC file is not in `evidence/captures/`.",
         "(evidence/captures/ab/ab12....warc.gz deleted)",
         "Restore the file from git, or capture the page again."),
    Code("KB408", "capture altered", "error",
         "The WARC file's SHA-256 (or the hash of the page it holds) differs from the custody "
         "log: the evidentiary copy was changed after capture.",
         "(one byte of a .warc.gz changed)",
         "Restore the file from git; never edit evidentiary copies (work on a copy elsewhere)."),
    Code("KB409", "capture unreadable", "error",
         "The WARC file cannot be read: it is truncated or corrupt, or holds no response record.",
         "(a .warc.gz cut short on disk)", "Restore the file from git, or capture the page again."),
    Code("KB410", "record cites an unknown capture", "error",
         "An evidence item's `sha256` matches no capture in the custody log.",
         "sha256: 00ff... (never captured, or typed by hand)",
         "Run `kb evidence capture URL --record ID --evidence EID`, which writes the hash for you."),
    Code("KB411", "capture cited by no record", "warning",
         "A capture in the custody log is not cited by any evidence item's `sha256`. This is "
         "normal while gathering material; it is reported so that stray captures get attached "
         "or explained.",
         "(captured without --record)",
         "Add its hash to the evidence item it belongs to, or leave it as working material."),
    Code("KB412", "evidence path outside the repository", "error",
         "`evidence/`, a folder in it, or a capture path climbs out of the knowledge base through "
         "`..` or a symbolic link. Evidence is only read and written inside the repository.",
         "evidence -> /tmp/elsewhere", "Replace the link with a real folder inside the repository."),
    Code("KB413", "custody chain broken", "error",
         "Each custody entry records the hash of the one before it (`prev`) and a sequence number. "
         "A mismatch means an entry was edited, removed or reordered.",
         "(entry 3 of the log deleted by hand)",
         "Restore the log from git; the log is append-only."),
    Code("KB414", "unrecorded file in the evidence store", "error",
         "A file in `evidence/captures/` is not recorded in the custody log, or is stored under a "
         "name that is not its hash.",
         "evidence/captures/ab/notes.txt",
         "Remove it: working copies live outside `evidence/`; captures go through `kb evidence capture`."),
    Code("KB415", "record could not be updated", "error",
         "The hash and capture date could not be written into the record (the file changed, or "
         "does not read cleanly). The capture itself was stored and logged.",
         "(record edited concurrently)",
         "Fix the record (`kb validate`), then run the capture again: the content is stored once."),
    Code("KB416", "capture date disagrees with the custody log", "warning",
         "An evidence item's `captured` date is not the date of any custody entry for its "
         "`sha256`, or the item has a `sha256` without a `captured` date.",
         "captured: '2026-01-01' (the log says 2026-11-29)",
         "Set `captured` to the date the custody log records (capture again to have it written)."),
)
