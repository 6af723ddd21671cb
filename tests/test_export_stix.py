"""The STIX 2.1 bundle (kb.export.stix): valid, loadable, and keeping allegations as allegations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import stix2
from stix2validator import ValidationOptions, validate_string

from kb.export.stix import KB_IDENTITY, bundle
from tests.export_helpers import INCIDENT, edit, loaded


def _objects(text: str) -> list[dict[str, Any]]:
    return list(json.loads(text)["objects"])


def test_stix2_validator_reports_no_errors(repo_root: Path) -> None:
    """On the real knowledge base: every record kind and response stance it holds."""
    result = validate_string(bundle(loaded(repo_root)[0]), ValidationOptions(strict=False))
    assert result.errors == []
    assert result.is_valid


def test_stix2_parses_the_bundle(small_kb: Path) -> None:
    parsed = stix2.parse(bundle(loaded(small_kb)[0]), allow_custom=True)
    types = {o.type for o in parsed.objects}
    assert {"identity", "software", "report", "relationship"} <= types


def test_actors_are_identities_never_threat_actors_and_claims_carry_no_confidence(repo_root: Path) -> None:
    objects = _objects(bundle(loaded(repo_root)[0]))
    assert not any(o["type"] in ("threat-actor", "intrusion-set", "campaign") for o in objects)
    assert not any("confidence" in o for o in objects)


def test_a_claim_is_a_relationship_attributed_to_its_claimant(small_kb: Path) -> None:
    objects = _objects(bundle(loaded(small_kb)[0]))
    by_id = {o["id"]: o for o in objects}
    claim = next(o for o in objects if o.get("x_kb_claim") == f"{INCIDENT}#c-minimax")
    assert claim["type"] == "relationship"
    assert by_id[claim["created_by_ref"]]["x_kb_id"] == "anthropic"
    assert by_id[claim["source_ref"]]["x_kb_id"] == "minimax"
    assert by_id[claim["target_ref"]]["x_kb_id"] == "claude"
    assert claim["x_kb_status"] == "alleged" and claim["x_kb_claimant"] == "anthropic"
    assert claim["created"] == "2026-02-23T00:00:00.000Z"


def test_incident_report_has_date_sources_and_atlas_ids(small_kb: Path) -> None:
    objects = _objects(bundle(loaded(small_kb)[0]))
    report = next(o for o in objects if o["type"] == "report")
    assert report["published"] == "2026-02-23T00:00:00.000Z"
    refs = report["external_references"]
    assert {"source_name": "mitre-atlas", "external_id": "AML.T0024.002"} in refs
    assert any(r.get("url", "").startswith("https://") for r in refs)
    assert all(ref in {o["id"] for o in objects} for ref in report["object_refs"])


def test_responses_become_opinions_by_the_responder_or_editors_notes(repo_root: Path) -> None:
    objects = _objects(bundle(loaded(repo_root)[0]))
    opinions = [o for o in objects if o["type"] == "opinion"]
    notes = [o for o in objects if o["type"] == "note" and "x_kb_stance" in o]
    by_id = {o["id"]: o for o in objects}
    assert opinions and notes
    assert all(by_id[o["created_by_ref"]]["x_kb_id"] == o["x_kb_party"] for o in opinions)
    assert all(o["created_by_ref"] == KB_IDENTITY for o in notes)
    assert {o["x_kb_stance"] for o in notes} <= {"declined-to-comment", "did-not-respond",
                                                 "no-response-found"}


def test_bundle_is_byte_identical_for_an_unchanged_kb(small_kb: Path) -> None:
    assert bundle(loaded(small_kb)[0]) == bundle(loaded(small_kb)[0])


def test_a_new_review_moves_modified_but_not_id_or_created(small_kb: Path) -> None:
    """STIX versions an object by `modified` under one id and one `created`."""
    def minimax(text: str) -> dict[str, Any]:
        return next(o for o in _objects(text) if o.get("x_kb_id") == "minimax")

    before = minimax(bundle(loaded(small_kb)[0]))
    edit(small_kb, "actors/minimax.yaml", f"sources_reviewed_up_to: '{before['modified'][:10]}'",
         "sources_reviewed_up_to: '2026-12-01'")
    after = minimax(bundle(loaded(small_kb)[0]))
    assert (after["id"], after["created"]) == (before["id"], before["created"])
    assert after["modified"] == "2026-12-01T00:00:00.000Z" != before["modified"]


def test_commentary_is_a_note_by_its_party_and_negative_findings_an_editors_note(repo_root: Path) -> None:
    """A commentator's words are a note by the commentator, never an opinion (not a reply);
    what the editors looked for and did not find is their note on the record's report, dated by
    the review and saying it covers saved copies only."""
    kb = loaded(repo_root)[0]
    objects = _objects(bundle(kb))
    by_id = {o["id"]: o for o in objects}
    said = [o for o in objects if o.get("x_kb_commentary")]
    expected = {(r.id, c.party) for r in [*kb.incidents, *kb.policies] for c in r.commentary}
    assert len(said) == sum(len(r.commentary) for r in [*kb.incidents, *kb.policies]) > 0
    assert all(o["type"] == "note" and "x_kb_stance" not in o for o in said)
    for o in said:
        author = by_id[o["created_by_ref"]]
        assert author.get("x_kb_id") == o["x_kb_party"] or o["created_by_ref"] == KB_IDENTITY
    assert {o["x_kb_party"] for o in said} == {party for _, party in expected}
    findings = [o for o in objects if o.get("x_kb_negative_finding")]
    total = sum(len(r.negative_findings) for r in [*kb.incidents, *kb.policies])
    assert len(findings) == total > 0
    for o in findings:
        assert o["created_by_ref"] == KB_IDENTITY
        assert "sources reviewed up to" in o["abstract"] and "live web was not searched" in o["abstract"]
        assert all(by_id[ref]["type"] == "report" for ref in o["object_refs"])
        assert o["id"] in by_id[o["object_refs"][0]]["object_refs"]
