"""Words for statuses, responses and review dates (kb/records/phrases.py) and the status and
predicate classes of the vocabulary: the rules, not the sentences."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kb.records.phrases import (
    STANCE_WORDS,
    claim_label,
    claim_status_phrase,
    claims_status_classes,
    claims_status_label,
    record_status_label,
    response_phrase,
    review_phrase,
)
from kb.records.vocab import (
    ACCUSATION_PREDICATES,
    PREDICATE_CLASSES,
    STATUS_CLASSES,
    ClaimStatus,
    Predicate,
    PredicateClass,
    ResponseStance,
    StatusClass,
    is_accusation,
    status_class,
)


@dataclass
class C:
    status: ClaimStatus
    claimant: str


def test_every_status_and_predicate_has_a_class() -> None:
    assert set(STATUS_CLASSES) == set(ClaimStatus)
    assert set(PREDICATE_CLASSES) == set(Predicate)


def test_established_is_only_official_records_admissions_and_self_declarations() -> None:
    assert {s for s in ClaimStatus if status_class(s) is StatusClass.ESTABLISHED} == {
        ClaimStatus.CONFIRMED, ClaimStatus.SELF_DECLARED}
    assert status_class("corroborated") is StatusClass.ALLEGED


def test_observations_are_not_accusations() -> None:
    assert Predicate.SELF_IDENTIFIED_AS not in ACCUSATION_PREDICATES
    assert PREDICATE_CLASSES[Predicate.RESTRICTED_ACCESS_OF] is PredicateClass.OBSERVATION
    assert is_accusation("extracted-outputs-from", "alleged")
    assert not is_accusation("extracted-outputs-from", "self-declared")
    assert not is_accusation("self-identified-as", "alleged")


@pytest.mark.parametrize("status", list(ClaimStatus))
def test_every_status_phrase_names_the_claimant(status: ClaimStatus) -> None:
    assert "Example Lab" in claim_status_phrase(status, "Example Lab")
    assert status.value in claim_status_phrase(status, "Example Lab")


def test_only_not_supported_labels_say_so() -> None:
    for status in ClaimStatus:
        says = "not supported" in claim_label(status, "X")
        assert says is (status_class(status) is StatusClass.NOT_SUPPORTED)


def test_incident_label_keeps_each_status_with_its_claimant() -> None:
    """An official's allegation never reads as unsubstantiated because a digest's claim is."""
    label = claims_status_label([C(ClaimStatus.UNSUBSTANTIATED, "digest"),
                                 C(ClaimStatus.ALLEGED, "official")], str.upper)
    assert label == "alleged by OFFICIAL; unsubstantiated claim by DIGEST"
    assert claims_status_label([]) == "no claims recorded"
    assert "(3 claims)" in claims_status_label([C(ClaimStatus.ALLEGED, "a")] * 3)
    assert claims_status_classes([C(ClaimStatus.UNSUBSTANTIATED, "d"), C(ClaimStatus.CONFIRMED, "c")]) == [
        StatusClass.ESTABLISHED, StatusClass.NOT_SUPPORTED]


def test_no_response_found_is_dated_by_the_review_never_today() -> None:
    text = response_phrase(ResponseStance.NO_RESPONSE_FOUND, "DeepSeek", "2026-06-12")
    assert text == "no public response from DeepSeek found in the sources reviewed up to 12 June 2026"
    assert "as of" not in text and "today" not in text


@pytest.mark.parametrize("stance", list(ResponseStance))
def test_every_response_phrase_names_party_and_date(stance: ResponseStance) -> None:
    text = response_phrase(stance, "Lab", "2025-07")
    assert "Lab" in text and "July 2025" in text


def test_a_stance_has_one_wording_in_the_cli_the_exports_and_the_site() -> None:
    """The site's card, `kb graph` and the STIX abstract said 'declined to comment when asked' /
    'declined to comment' and 'did not answer ... in time for the report' / 'did not respond to
    requests for comment': three wordings of one stance."""
    from kb.site import claimcard

    assert response_phrase(ResponseStance.DECLINED_TO_COMMENT, "Lab", "2025-07-01") == (
        "Lab declined to comment when asked on 1 July 2025")
    assert claimcard.STANCE_WORDS is STANCE_WORDS
    assert set(STANCE_WORDS) == set(ResponseStance)


def test_review_phrase_tells_saved_copies_from_a_live_check() -> None:
    assert "saved copies" in review_phrase("2026-11-29", None)
    assert "live pages not checked" in review_phrase("2026-11-29", None)
    assert "live pages last checked on 1 December 2026" in review_phrase("2026-11-29", "2026-12-01")


def test_every_real_records_label_gives_each_claims_status_with_its_claimant() -> None:
    """E.g. the DeepSeek V4 incident: the US official's allegation reads 'alleged by ...' next
    to the digest's 'unsubstantiated claim by ...', never 'unsubstantiated' for the incident."""
    from pathlib import Path

    from kb.loading import load_kb

    kb = load_kb(Path(__file__).resolve().parent.parent)
    for record in [*kb.incidents, *kb.policies]:
        label = record_status_label(record)
        for claim in record.claims:
            assert claim_status_phrase(claim.status, claim.claimant) in label
