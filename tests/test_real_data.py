"""Tests over the real knowledge base in this repository, not over fixtures.

- every record file validates (one test per record, the record id as the test id);
- no incident or policy writes a URL: every URL lives in a source record (sources/);
- every incident that accuses a party records a response from that party.

That every URL appears in the research dossier is checked by tests/test_dossier.py, where the
dossier exists.

They run over whatever records exist, so they check every contributor's records.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from kb.diagnostics import Diagnostic
from kb.loading import KnowledgeBase, discover, load
from kb.records import Incident, Policy, Source
from kb.records.types import date_bounds
from kb.records.vocab import ClaimStatus, Role, Stance
from kb.validation import check
from kb.validation.rules import accused_parties

REPO = Path(__file__).resolve().parent.parent

RECORD_FILES: list[tuple[str, str]] = list(discover(REPO))
INCIDENT_FILES = [file for file, folder in RECORD_FILES if folder == "incidents"]

#: Claims whose subject owes no reply: the party said it itself, or the claimant withdrew it.
NO_REPLY_NEEDED = frozenset({ClaimStatus.SELF_DECLARED, ClaimStatus.RETRACTED})


def record_id(file: str) -> str:
    """The id a record file must carry: its file name without the extension."""
    return PurePosixPath(file).stem


# --- helpers (tested below, so that the real-data tests can fail) -------------------------


def missing_responses(kb: KnowledgeBase, incident: Incident) -> list[str]:
    """Accused parties of an incident that have no response entry at all.

    A party is accused when the incident lists it with the role `accused`, or when a claim
    accuses it (the claim's subject, or the developer of the subject model) and the claim is not
    self-declared or retracted.
    """
    accused = {inv.actor for inv in incident.actors if inv.role == Role.ACCUSED}
    for claim in incident.claims:
        if claim.status not in NO_REPLY_NEEDED:
            accused.update(accused_parties(kb, claim))
    answered = {r.party for r in incident.responses}
    return sorted(accused - answered)


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return load(REPO)


@pytest.fixture(scope="module")
def diagnostics_by_file(real_kb: KnowledgeBase) -> dict[str, list[Diagnostic]]:
    by_file: dict[str, list[Diagnostic]] = {}
    for d in check(real_kb.root, use_cache=False).diagnostics:
        by_file.setdefault(d.file, []).append(d)
    return by_file


# --- the real data ----------------------------------------------------------------------


def test_real_kb_holds_every_record_kind() -> None:
    """The parametrised tests below have something to check in every folder."""
    folders = {folder for _, folder in RECORD_FILES}
    assert {"incidents", "actors", "models", "policies"} <= folders


@pytest.mark.parametrize("file", [f for f, _ in RECORD_FILES], ids=record_id)
def test_record_validates(file: str, diagnostics_by_file: dict[str, list[Diagnostic]]) -> None:
    errors = [d for d in diagnostics_by_file.get(file, []) if d.severity == "error"]
    assert not errors, "\n".join(d.as_text() for d in errors)


@pytest.mark.parametrize("file", [f for f, folder in RECORD_FILES if folder in ("incidents", "policies")],
                         ids=record_id)
def test_no_url_is_written_outside_the_source_records(file: str) -> None:
    """Every URL the KB cites lives in sources/; incidents and policies cite sources by id."""
    text = (REPO / file).read_text("utf-8")
    assert "http://" not in text and "https://" not in text


@pytest.mark.parametrize("file", INCIDENT_FILES, ids=record_id)
def test_every_accused_party_has_a_response(file: str, real_kb: KnowledgeBase) -> None:
    rec = real_kb.records.get(record_id(file))
    if not isinstance(rec, Incident):
        pytest.fail(f"{file} did not load as an incident (see test_record_validates)")
    missing = missing_responses(real_kb, rec)
    assert not missing, (
        f"no response recorded for {', '.join(missing)}; add e.g. "
        "{party: <id>, stance: no-response-found, date: 'YYYY-MM-DD', summary: ...}"
    )


# --- the helpers can fail -----------------------------------------------------------------


def test_missing_response_is_found(small_kb: Path) -> None:
    """Dropping the accused labs' replies from the starter incident is detected."""
    path = small_kb / "incidents" / "2026-02-23-anthropic-claude-distillation.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("responses:\n"), text.index("detection_methods:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    kb = load(small_kb)
    inc = kb.records["2026-02-23-anthropic-claude-distillation"]
    assert isinstance(inc, Incident)
    assert missing_responses(kb, inc) == ["deepseek", "minimax", "moonshot-ai"]


def test_self_declared_claims_need_no_response(real_kb: KnowledgeBase) -> None:
    """Openly documented practice (Alpaca) names no accused party."""
    rec = real_kb.records.get("2023-03-13-stanford-alpaca-documented-distillation")
    if rec is None:
        pytest.skip("the Alpaca record is not in this KB")
    assert isinstance(rec, Incident)
    assert missing_responses(real_kb, rec) == []
    assert {c.status for c in rec.claims} == {ClaimStatus.SELF_DECLARED}


# --- rules the records keep so that views never say more than the sources (issue 14) --------

CLAIM_FILES = [f for f, folder in RECORD_FILES if folder in ("incidents", "policies")]
POLICY_FILES = [f for f, folder in RECORD_FILES if folder == "policies"]


def _ledger(real_kb: KnowledgeBase, file: str) -> Incident | Policy:
    rec = real_kb.records.get(record_id(file))
    if not isinstance(rec, Incident | Policy):
        pytest.fail(f"{file} did not load (see test_record_validates)")
    return rec


@pytest.mark.parametrize("file", POLICY_FILES, ids=record_id)
def test_every_policy_status_is_dated_or_says_why_not(file: str, real_kb: KnowledgeBase) -> None:
    """'In committee' with no date reads as today's news: each status has a date it refers to."""
    pol = _ledger(real_kb, file)
    assert isinstance(pol, Policy)
    assert pol.status_since() is not None or pol.status_date_note, pol.status


@pytest.mark.parametrize("file", CLAIM_FILES, ids=record_id)
def test_unread_sources_support_no_claim(file: str, real_kb: KnowledgeBase) -> None:
    """A page the editors never read cannot back details they saw only in other reports."""
    rec = _ledger(real_kb, file)
    cited = {e.id: real_kb.records.get(e.source) for e in rec.evidence}
    for claim in rec.claims:
        for ref in claim.evidence:
            source = cited.get(ref.ref)
            if isinstance(source, Source) and not source.reviewed:
                assert ref.stance != Stance.SUPPORTS, (claim.id, ref.ref, source.id)


@pytest.mark.parametrize("file", CLAIM_FILES, ids=record_id)
def test_no_response_predates_the_claims_it_answers(file: str, real_kb: KnowledgeBase) -> None:
    """A reply answers a claim already made (DeepSeek's earlier V3 statement is context)."""
    rec = _ledger(real_kb, file)
    stated = {c.id: c.stated_on for c in rec.claims}
    for r in rec.responses:
        for cid in r.claims or list(stated):
            when = stated.get(cid)
            if when:
                assert date_bounds(r.date)[1] >= date_bounds(when)[0], (r.party, r.date, cid, when)


@pytest.mark.parametrize("file", CLAIM_FILES, ids=record_id)
def test_commentary_never_counts_as_the_accused_partys_reply(file: str, real_kb: KnowledgeBase) -> None:
    """Commentators are never accused parties, so KB208 cannot be met by their reactions."""
    rec = _ledger(real_kb, file)
    accused = {p for c in rec.claims for p in accused_parties(real_kb, c)}
    if isinstance(rec, Policy):
        accused |= set(rec.targets)
    assert accused.isdisjoint(c.party for c in rec.commentary)


def test_negative_findings_of_the_dossier_are_recorded(real_kb: KnowledgeBase) -> None:
    """'Lawsuits about distillation: none found'; 'BIS/Commerce rule ... none found'."""
    found = [n for r in real_kb.records.values() if isinstance(r, Incident | Policy)
             for n in r.negative_findings]
    looked_for = " ".join(n.searched_for for n in found)
    assert "lawsuit over distillation" in looked_for
    assert "Commerce Department (BIS) rule" in looked_for
    assert all(n.searched_up_to == "2026-11-29" for n in found)
