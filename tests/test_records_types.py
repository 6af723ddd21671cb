"""kb.records.types partial dates (words, ambiguity) and kb.records.claim status history."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from kb.records.claim import Claim
from kb.records.types import PartialDate, date_phrase, date_words


@pytest.mark.parametrize(("value", "words", "phrase"), [
    ("2026", "2026", "in 2026"),
    ("2026-02", "February 2026", "in February 2026"),
    ("2026-02-03", "3 February 2026", "on 3 February 2026"),
])
def test_partial_dates_read_as_words(value: str, words: str, phrase: str) -> None:
    assert (date_words(value), date_phrase(value)) == (words, phrase)


@pytest.mark.parametrize("value", ["2026-2", "2026-02-3", "2026-2-03"])
def test_single_digit_month_or_day_is_ambiguous(value: str) -> None:
    with pytest.raises(ValidationError) as err:
        TypeAdapter(PartialDate).validate_python(value)
    assert err.value.errors()[0]["type"] == "kb_date_ambiguous"


def test_impossible_date_is_not_called_ambiguous() -> None:
    with pytest.raises(ValidationError) as err:
        TypeAdapter(PartialDate).validate_python("2026-02-30")
    assert err.value.errors()[0]["type"] == "kb_date"


def _claim(**fields: object) -> Claim:
    return Claim.model_validate({
        "id": "c1", "claimant": "a", "subject": "b", "predicate": "distilled-from", "object": "c",
        "status": "denied", "stated_on": "2026-01-10", "statement": "A says B distilled C.",
        **fields})


def test_status_as_of_follows_the_history() -> None:
    claim = _claim(history=[{"date": "2026-01-10", "status": "alleged", "evidence": ["e1"]},
                            {"date": "2026-02", "status": "denied", "evidence": ["e1"]}])
    assert [claim.status_as_of(d) for d in ("2025", "2026-01", "2026-02-01", "2026")] == [
        None, "alleged", "denied", "denied"]


def test_status_as_of_without_history_is_the_status_once_stated() -> None:
    claim = _claim()
    assert (claim.status_as_of("2025-12"), claim.status_as_of("2026-01-10")) == (None, "denied")


def test_undated_claim_may_carry_a_date_note() -> None:
    claim = _claim(stated_on=None, date_note="an undated observation")
    assert claim.stated_on is None and claim.status_as_of("2020") == "denied"
