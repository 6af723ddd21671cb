"""Words for what the records say, so that every view says it the same way (no HTML here).

The command line, the site and the exports phrase a claim's status, a response and the reach of
the editors' review with these functions. Names are passed in (ids on the command line, display
names on the site); the functions never look records up.

- :func:`claim_status_phrase`: "alleged by Anthropic", "unsubstantiated claim by an unidentified
  news digest" — a status always with its claimant, since a status belongs to one claim.
- :func:`claims_status_label` / :func:`record_status_label`: a record's claims in words for an
  index ("alleged by US administration; unsubstantiated claim by Unidentified news digest"),
  never one status for all.
- :func:`response_phrase`: a reply with its date, "no public response from DeepSeek found in
  the sources reviewed up to 29 November 2026" (never "as of today").
- :func:`review_phrase`: how far the editors' review reaches (saved copies vs a live check).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from kb.records.types import date_phrase, date_words
from kb.records.vocab import ClaimStatus, ResponseStance, StatusClass, status_class

#: Words for a status class, as a reader sees them beside a claim.
CLASS_WORDS: dict[StatusClass, str] = {
    StatusClass.ESTABLISHED: "established",
    StatusClass.ALLEGED: "alleged, not established",
    StatusClass.NOT_SUPPORTED: "not supported by the sources reviewed",
}

_BY = {ClaimStatus.ALLEGED: "alleged by {c}", ClaimStatus.SELF_DECLARED: "self-declared by {c}"}


def claim_status_phrase(status: str, claimant: str) -> str:
    """A claim's status with its claimant: 'alleged by X', 'self-declared by X', otherwise
    '<status> claim by X' ('unsubstantiated claim by X', 'denied claim by X')."""
    value = ClaimStatus(status)
    return _BY.get(value, "{s} claim by {c}").format(s=value.value, c=claimant)


def claim_label(status: str, claimant: str) -> str:
    """:func:`claim_status_phrase`, followed for a not-supported claim by what that means:
    'unsubstantiated claim by X (not supported by the sources reviewed)'."""
    phrase = claim_status_phrase(status, claimant)
    if status_class(status) is StatusClass.NOT_SUPPORTED:
        return f"{phrase} ({CLASS_WORDS[StatusClass.NOT_SUPPORTED]})"
    return phrase


class ClaimLike(Protocol):
    @property
    def status(self) -> ClaimStatus: ...
    @property
    def claimant(self) -> str: ...


_CLASS_ORDER = {StatusClass.ESTABLISHED: 0, StatusClass.ALLEGED: 1, StatusClass.NOT_SUPPORTED: 2}


def claims_status_label(claims: Iterable[ClaimLike], name: Callable[[str], str] = str,
                        *, empty: str = "no claims recorded") -> str:
    """An incident's (or policy's) claims in words, each status with its claimant, for an index
    or a title: 'alleged by US administration; unsubstantiated claim by Unidentified news
    digest'. Established first, then alleged, then not supported; claims with the same words
    once, with their number ('alleged by Anthropic (3 claims)'). ``name`` turns a claimant id
    into the name to show."""
    counts: dict[str, int] = {}
    rank: dict[str, int] = {}
    for claim in claims:
        phrase = claim_status_phrase(claim.status, name(claim.claimant))
        counts[phrase] = counts.get(phrase, 0) + 1
        rank.setdefault(phrase, _CLASS_ORDER[status_class(claim.status)])
    if not counts:
        return empty
    ordered = sorted(counts, key=lambda p: rank[p])  # stable: ledger order within a class
    return "; ".join(p + (f" ({counts[p]} claims)" if counts[p] > 1 else "") for p in ordered)


class HasClaims(Protocol):
    @property
    def claims(self) -> list[Any]: ...


def record_status_label(record: HasClaims, name: Callable[[str], str] = str) -> str:
    """:func:`claims_status_label` of an incident's or a policy's claims: the label for an
    index row or a title ('alleged by US administration; unsubstantiated claim by …')."""
    return claims_status_label(record.claims, name)


def claims_status_classes(claims: Iterable[ClaimLike]) -> list[StatusClass]:
    """The status classes of a record's claims, established first (for filters and styling)."""
    return sorted({status_class(c.status) for c in claims}, key=_CLASS_ORDER.__getitem__)


STANCE_WORDS: dict[ResponseStance, str] = {
    ResponseStance.DENIED: "denied it",
    ResponseStance.DISPUTED: "disputed it",
    ResponseStance.ACKNOWLEDGED: "acknowledged it (in whole or in part)",
    ResponseStance.DECLINED_TO_COMMENT: "declined to comment when asked",
    ResponseStance.DID_NOT_RESPOND: "did not answer a request for comment in time for the report",
    ResponseStance.COMMENTED: "commented",
    ResponseStance.NO_RESPONSE_FOUND: "made no public response found in the sources reviewed",
}
"""What a party did, as a verb phrase after its name: the one wording of each stance, on the
site, in the CLI and in the exports."""


def reviewed_up_to_phrase(date: str) -> str:
    """'in the sources reviewed up to 12 June 2026': the reach of a review of saved copies."""
    return f"in the sources reviewed up to {date_words(date)}"


def response_phrase(stance: str, party: str, date: str) -> str:
    """A response in words with its date. For ``no-response-found`` the date is how far the
    sources reviewed reach, never a live check: 'no public response from DeepSeek found in the
    sources reviewed up to 29 November 2026'."""
    value = ResponseStance(stance)
    if value is ResponseStance.NO_RESPONSE_FOUND:
        return f"no public response from {party} found {reviewed_up_to_phrase(date)}"
    return f"{party} {STANCE_WORDS[value]} {date_phrase(date)}"


def review_phrase(sources_reviewed_up_to: str | None, last_checked_live: str | None) -> str:
    """How far a record's review reaches: 'sources reviewed up to 29 November 2026 (saved
    copies); live pages not checked' (or '...; live pages last checked on 1 December 2026')."""
    if sources_reviewed_up_to is None:
        text = "date of source review not recorded"
    else:
        text = f"sources reviewed up to {date_words(sources_reviewed_up_to)} (saved copies)"
    if last_checked_live is None:
        return text + "; live pages not checked"
    return text + f"; live pages last checked {date_phrase(last_checked_live)}"
