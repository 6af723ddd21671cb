"""Small knowledge bases for the graph tests, written record by record into a tmp dir.

Records are written as JSON (a subset of YAML), so a test states only the fields it is about.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: The source record every test incident cites (as evidence item e1).
WIRE = {"id": "example-wire-source", "url": "https://example.org/source", "publisher": "Example Wire",
        "kind": "primary-statement", "reliability": "B", "first_hand": True}
SOURCE = {"id": "e1", "source": WIRE["id"]}


def write(root: Path, folder: str, record: dict[str, Any]) -> Path:
    path = root / folder / f"{record['id']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def actor(root: Path, id: str, name: str | None = None, **fields: Any) -> None:
    write(root, "actors", {"id": id, "name": name or id.title(), "kind": "company", **fields})


def model(root: Path, id: str, developer: str, name: str | None = None, **fields: Any) -> None:
    write(root, "models", {"id": id, "name": name or id.title(), "developer": developer, **fields})


def claim(id: str, claimant: str, subject: str, predicate: str, object: str, status: str = "alleged",
          stated_on: str = "2026-01-10", **fields: Any) -> dict[str, Any]:
    return {"id": id, "claimant": claimant, "subject": subject, "predicate": predicate,
            "object": object, "status": status, "stated_on": stated_on,
            "statement": f"{claimant} says {subject} {predicate} {object}.",
            "evidence": [{"ref": "e1", "stance": "supports"}], **fields}


def no_response(*parties: str) -> list[dict[str, Any]]:
    return [{"party": p, "stance": "no-response-found", "date": "2026-02-01",
             "summary": "No response found."} for p in parties]


def incident(root: Path, id: str, actors: list[tuple[str, str]], claims: list[dict[str, Any]] = (),  # type: ignore[assignment]
             date: str = "2026-01-10", responses: list[dict[str, Any]] | None = None,
             **fields: Any) -> None:
    accused = sorted({c["subject"] for c in claims if c["status"] not in ("self-declared", "retracted")})
    if responses is None:
        responses = no_response(*accused)
    write(root, "incidents", {
        "id": id, "title": f"Incident {id}", "kind": "allegation", "date": date,
        "summary": "A test incident.", "actors": [{"actor": a, "role": r} for a, r in actors],
        "claims": list(claims), "responses": responses, "evidence": [SOURCE], **fields})
    write(root, "sources", WIRE)


def policy(root: Path, id: str, issued_by: list[str], date: str = "2026-03-01", **fields: Any) -> None:
    write(root, "policies", {
        "id": id, "title": f"Policy {id}", "kind": "memo", "jurisdiction": "US",
        "issued_by": issued_by, "date": date, "status": "issued", "summary": "A test policy.",
        "evidence": [{"id": "e1", "source": f"gov-{id}"}], **fields})
    write(root, "sources", {**WIRE, "id": f"gov-{id}", "kind": "government-document",
                            "url": f"https://gov.example/{id}"})


def lineage_kb(root: Path) -> Path:
    """A valid KB: teacher (by lab-a) <- student (lab-b, alleged by lab-a, denied by lab-b),
    student <- grandchild (declared fine-tune by lab-c), and a policy prompted by the incident."""
    for a in ("lab-a", "lab-b", "lab-c", "regulator"):
        actor(root, a)
    model(root, "teacher", "lab-a", name="Teacher Model", released="2024-01", aliases=["tm-1"])
    model(root, "student", "lab-b", released="2025-02")
    model(root, "grandchild", "lab-c", released="2025-06",
          derived_from=[{"model": "student", "relation": "fine-tune"}])
    incident(root, "2026-01-10-lab-a-accuses-lab-b", [("lab-a", "accuser"), ("lab-b", "accused")],
             [claim("c1", "lab-a", "student", "distilled-from", "teacher"),
              claim("c2", "lab-a", "lab-b", "violated-terms-of", "lab-a", stated_on="2026-01-12")],
             responses=[{"party": "lab-b", "stance": "denied", "date": "2026-01-20",
                         "summary": "Lab B denies it."}],
             models=["teacher"])
    policy(root, "2026-03-01-memo", ["regulator"], prompted_by=["2026-01-10-lab-a-accuses-lab-b"],
           targets=["lab-b"], responses=[{"party": "lab-b", "stance": "no-response-found",
                                          "date": "2026-03-31", "summary": "None found."}])
    return root
