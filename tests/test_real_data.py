"""Tests over the real knowledge base in this repository, not over fixtures.

- every record file validates (one test per record, the record id as the test id);
- every URL anywhere in a record (evidence `url`, `via`, `archives`, actor `website`, links
  inside text) appears in the research dossier the seed records were written from;
- every incident that accuses a party records a response from that party.

They run over whatever records exist, so they check every contributor's records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

from kb.diagnostics import Diagnostic
from kb.loading import KnowledgeBase, discover, load
from kb.records import Incident
from kb.records.vocab import ClaimStatus, Role
from kb.validation import check
from kb.validation.rules import accused_parties, normalise_url
from kb.yamlio.reader import read_file

REPO = Path(__file__).resolve().parent.parent
DOSSIER = REPO.parent / "shared" / "research" / "incidents_dossier.yaml"
"""`../shared/research/incidents_dossier.yaml` relative to the repository root; its supplement
`incidents_dossier_2.yaml` beside it is read too when present."""

RECORD_FILES: list[tuple[str, str]] = list(discover(REPO))
INCIDENT_FILES = [file for file, folder in RECORD_FILES if folder == "incidents"]

#: Claims whose subject owes no reply: the party said it itself, or the claimant withdrew it.
NO_REPLY_NEEDED = frozenset({ClaimStatus.SELF_DECLARED, ClaimStatus.RETRACTED})

_URL_RE = re.compile(r"https?://[^\s<>\"'`]+")
_TRAILING = ").,;:!?]}>*_'\""
_WAYBACK_RE = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(https?://.+)$")


def record_id(file: str) -> str:
    """The id a record file must carry: its file name without the extension."""
    return PurePosixPath(file).stem


# --- helpers (tested below, so that the real-data tests can fail) -------------------------


def urls_in_text(text: str) -> set[str]:
    """URLs written in free text, with and without trailing punctuation."""
    found: set[str] = set()
    for match in _URL_RE.findall(text):
        found.add(match)
        found.add(match.rstrip(_TRAILING))
    return found


def urls_in_data(data: object) -> Iterator[tuple[str, str]]:
    """Yield (field path, URL) for every URL anywhere in a parsed record.

    A string that is entirely a URL (a `url`, `via`, `archives` or `website` value) counts as
    is; URLs inside longer text (summaries, notes) are found with the free-text rule.
    """

    def walk(node: object, path: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{path}[{i}]")
        elif isinstance(node, str):
            if _URL_RE.fullmatch(node):
                yield path, node
            else:
                for url in sorted(urls_in_text(node)):
                    if url.rstrip(_TRAILING) == url:
                        yield path, url

    yield from walk(data, "")


def provenance_key(url: str) -> str:
    """The URL a dossier entry must hold: a Wayback snapshot stands for the page it archived."""
    wayback = _WAYBACK_RE.match(url)
    return normalise_url(wayback.group(1) if wayback else url)


def dossier_urls(text: str) -> frozenset[str]:
    """Every URL the dossier mentions (fields, notes and comments), normalised."""
    return frozenset(normalise_url(u) for u in urls_in_text(text))


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


@pytest.fixture(scope="module")
def dossier() -> frozenset[str]:
    if not DOSSIER.is_file():
        pytest.skip(f"research dossier not found at {DOSSIER}; URL provenance cannot be checked")
    texts = [p.read_text(encoding="utf-8") for p in sorted(DOSSIER.parent.glob("incidents_dossier*.yaml"))]
    return dossier_urls("\n".join(texts))


# --- the real data ----------------------------------------------------------------------


def test_real_kb_holds_every_record_kind() -> None:
    """The parametrised tests below have something to check in every folder."""
    folders = {folder for _, folder in RECORD_FILES}
    assert {"incidents", "actors", "models", "policies"} <= folders


@pytest.mark.parametrize("file", [f for f, _ in RECORD_FILES], ids=record_id)
def test_record_validates(file: str, diagnostics_by_file: dict[str, list[Diagnostic]]) -> None:
    errors = [d for d in diagnostics_by_file.get(file, []) if d.severity == "error"]
    assert not errors, "\n".join(d.as_text() for d in errors)


@pytest.mark.parametrize("file", [f for f, _ in RECORD_FILES], ids=record_id)
def test_every_url_is_in_the_dossier(file: str, dossier: frozenset[str]) -> None:
    """Facts about real organisations come only from the research dossier, URLs included."""
    parsed = read_file(REPO / file, file)
    strays = [
        f"{path}: {url}" for path, url in urls_in_data(parsed.data) if provenance_key(url) not in dossier
    ]
    assert not strays, "URLs not found in the research dossier:\n" + "\n".join(strays)


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


def test_urls_in_data_finds_via_archives_and_links_in_text() -> None:
    data = {
        "summary": "See https://example.org/post (and https://example.org/b).",
        "evidence": [
            {
                "url": "https://a.example/x?y=1",
                "via": "https://b.example/orig",
                "archives": ["https://web.archive.org/web/2026/https://a.example/x?y=1"],
            }
        ],
    }
    found = {url for _, url in urls_in_data(data)}
    assert found == {
        "https://example.org/post",
        "https://example.org/b",
        "https://a.example/x?y=1",
        "https://b.example/orig",
        "https://web.archive.org/web/2026/https://a.example/x?y=1",
    }
    assert ("evidence[0].via", "https://b.example/orig") in set(urls_in_data(data))


def test_dossier_urls_read_from_comments_notes_and_parentheses() -> None:
    text = (
        "# header (https://c.example/in-comment)\n"
        "- url: https://A.example/page?ref=x\n"
        "  note: 'One page (https://b.example/p) says so.'\n"
    )
    urls = dossier_urls(text)
    assert {"https://c.example/in-comment", "https://a.example/page?ref=x", "https://b.example/p"} <= urls
    assert provenance_key("https://a.example/page?ref=x") in urls
    assert provenance_key("https://a.example/page?ref=other") not in urls


def test_wayback_snapshot_counts_as_its_original() -> None:
    snap = "https://web.archive.org/web/20260301000000/https://a.example/x"
    assert provenance_key(snap) == normalise_url("https://a.example/x")
    assert provenance_key("https://perma.cc/ABCD-1234") == "https://perma.cc/ABCD-1234"


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
