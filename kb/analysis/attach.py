"""Attach an analysis report to an incident: a source record, one evidence item citing it, and
a reference on a claim.

The source record (sources/) has kind ``transcript-analysis`` (``analysis`` for weight
fingerprints; each report names its own title, command and kind) and the URL where the report is
published (records only allow http/https); the evidence item cites it by id. The SHA-256 of
the report's JSON bytes goes into the source's ``note``, not its ``sha256`` field: ``sha256``
names a capture in the evidence store's custody log (``kb evidence verify`` checks it, KB410).
Once report.json is published at the URL, ``kb evidence capture --record ID --evidence taN``
fetches it, stores it and writes ``sha256`` into the source, which must then equal the hash in
the note. The claim's reference gets a stance derived from
the report: ``supports`` when at least one method is consistent with the candidate, otherwise
``context``. Never ``disputes`` (a null result from black-box text does not refute a claim)
and the claim's status is never touched (status is editorial).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kb.diagnostics import Diagnostic, closest
from kb.errors import KbError
from kb.records import Incident, Source
from kb.records.evidence import Evidence
from kb.workflow.fmt import field_order
from kb.workflow.scaffold import existing_ids
from kb.workflow.source_ids import source_id as make_source_id
from kb.workflow.source_ids import unique
from kb.workflow.sources import add_source, find_source
from kb.yamlio.append import append
from kb.yamlio.editor import EditError
from kb.yamlio.reader import parse_text, read_file


class AttachError(KbError):
    """The report could not be attached (the incident or claim is unknown, the file cannot be
    edited); carries its diagnostic like every KbError."""


@dataclass(frozen=True, slots=True)
class Attached:
    file: str
    evidence_id: str
    stance: str
    added_evidence: bool
    added_reference: bool


def candidate_for(report: dict[str, Any], claim_object: str, wanted: str | None) -> str:
    """Which candidate's result decides the stance: the one named, the only one, or the claim's object."""
    labels: list[str] = sorted(report["summary"])
    if wanted is not None:
        if wanted not in labels:
            raise ValueError(
                f"--for-candidate '{wanted}' is not a candidate of the report ({', '.join(labels)})"
            )
        return wanted
    if len(labels) == 1:
        return labels[0]
    if claim_object in labels:
        return claim_object
    raise ValueError(
        f"the report has several candidates ({', '.join(labels)}) and none is labelled like "
        f"the claim's object '{claim_object}'; say which with --for-candidate"
    )


def _note(report: dict[str, Any], label: str, digest: str) -> str:
    suspect = next(i["label"] for i in report["inputs"] if i["role"] == "suspect")
    methods = report["summary"][label]["methods"]
    parts = "; ".join(f"{m}: {v}" for m, v in sorted(methods.items()))
    kind = "behavioural evidence" if report.get("method") != "fingerprint" else "evidence"
    return (
        f"{report['tool']['command']} {report['tool']['version']}: suspect '{suspect}' against candidate "
        f"'{label}'. {parts}. Circumstantial {kind}; see the caveats in the report. "
        f"report.json SHA-256: {digest}"
    )


def attach(
    root: Path,
    record_id: str,
    claim_id: str,
    report: dict[str, Any],
    report_json: str,
    *,
    url: str,
    publisher: str,
    candidate: str | None = None,
) -> Attached:
    """Add the evidence item and the claim reference to ``incidents/<record_id>.yaml``, atomically."""
    from kb.fileio import write_atomic

    rel = f"incidents/{record_id}.yaml"
    path = root / "incidents" / f"{record_id}.yaml"
    if not path.is_file():
        stems = sorted(p.stem for p in (root / "incidents").glob("*.yaml"))
        near = closest(record_id, stems)
        raise AttachError(
            Diagnostic(
                rel,
                "KB531",
                f"no incident '{record_id}'",
                hint=f"did you mean '{near[0]}'?" if near else "give an incident id",
            )
        )
    parsed = read_file(path, rel)
    if parsed.diagnostics or not isinstance(parsed.data, dict):
        first = parsed.diagnostics[0] if parsed.diagnostics else None
        raise AttachError(
            Diagnostic(
                rel,
                "KB532",
                "the record does not read cleanly; fix it first"
                + (f" ({first.code} {first.message})" if first else ""),
                line=first.line if first else 0,
            )
        )
    data = parsed.data
    claims = {c.get("id"): c for c in data.get("claims", []) if isinstance(c, dict)}
    if claim_id not in claims:
        known = ", ".join(sorted(str(k) for k in claims)) or "none"
        raise AttachError(Diagnostic(rel, "KB531", f"incident has no claim '{claim_id}' (claims: {known})"))
    try:
        label = candidate_for(report, str(claims[claim_id].get("object", "")), candidate)
    except ValueError as exc:
        raise AttachError(Diagnostic(rel, "KB531", str(exc))) from None
    stance = report["summary"][label]["stance"]
    assert stance in ("supports", "context")
    digest = hashlib.sha256(report_json.encode("utf-8")).hexdigest()
    found = find_source(root, url)
    if found is not None and digest not in str(found[1].get("note", "")):
        raise AttachError(Diagnostic(
            rel, "KB533", f"source '{found[0]}' already holds {url}, and not for this report "
            f"(SHA-256 {digest})", hint="publish the new report at a new URL"))
    source_id, source = _source(root, rel, report, label, digest, url, publisher, found)

    try:
        text, ev_id, added_evidence, added_reference = _edit(
            path, data, claims[claim_id], claim_id, source_id, stance
        )
    except EditError as exc:
        raise AttachError(Diagnostic(rel, "KB532", f"could not edit the record: {exc}")) from None
    after = parse_text(text, rel)
    try:
        Incident.model_validate(after.data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise AttachError(Diagnostic(rel, "KB532", f"{where}: {err['msg']}")) from None
    if found is None:
        add_source(root, source, record_id=source_id)
    if added_evidence or added_reference:
        write_atomic(path, text)
    return Attached(rel, ev_id, stance, added_evidence, added_reference)


def _source(root: Path, rel: str, report: dict[str, Any], label: str, digest: str, url: str,
            publisher: str, found: tuple[str, dict[str, object]] | None) -> tuple[str, dict[str, object]]:
    """The id and fields of the report's source record (existing, or to be written)."""
    suspect = next(i["label"] for i in report["inputs"] if i["role"] == "suspect")
    source: dict[str, object] = {
        "url": url,
        "title": f"{report.get('title', 'Transcript analysis')}: {suspect} against {label}",
        "publisher": publisher,
        "kind": report.get("evidence_kind", "transcript-analysis"),
        "date_note": f"produced with {report['tool']['command']}; the report holds no date of its own",
        "note": _note(report, label, digest),
    }
    source_id = found[0] if found is not None else unique(
        make_source_id(publisher, None, str(source["title"]), url), existing_ids(root))
    try:
        Source.model_validate({"id": source_id, **source})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise AttachError(Diagnostic(rel, "KB532", f"source {where}: {err['msg']}")) from None
    return source_id, source


def _edit(
    path: Path,
    data: dict[str, Any],
    claim: dict[str, Any],
    claim_id: str,
    source_id: str,
    stance: str,
) -> tuple[str, str, bool, bool]:
    evidence = [e for e in data.get("evidence", []) if isinstance(e, dict)]
    same = [e for e in evidence if e.get("source") == source_id]
    text = path.read_text("utf-8")
    added_evidence = not same
    if same:
        ev_id = str(same[0]["id"])
    else:
        used = {str(e.get("id")) for e in evidence}
        n = 1
        while f"ta{n}" in used:
            n += 1
        ev_id = f"ta{n}"
        text = append(text, ("evidence",), {"id": ev_id, "source": source_id},
                      order=field_order(Evidence))
    refs = claim.get("evidence") or []
    added_reference = not any(isinstance(r, dict) and r.get("ref") == ev_id for r in refs)
    if added_reference:
        text = append(
            text, ("claims", {"id": claim_id}, "evidence"), {"ref": ev_id, "stance": stance}, flow=True
        )
    return text, ev_id, added_evidence, added_reference
