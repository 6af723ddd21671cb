"""Constrained field types (kb/records/types.py): the bounds each one documents."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic_core import PydanticCustomError

from kb.records.types import check_date, check_jurisdiction, check_url


def _today(days: int = 0) -> str:
    return (dt.datetime.now(dt.UTC).date() + dt.timedelta(days=days)).isoformat()


@pytest.mark.parametrize("value", ["1950", "1950-01-01", _today(), _today(1), _today()[:7]])
def test_dates_from_1950_to_today_with_a_day_of_grace_are_accepted(value: str) -> None:
    assert check_date(value) == value


@pytest.mark.parametrize("value", ["1949-12-31", "0001", _today(3), "2099", "9999-12-31"])
def test_dates_before_1950_or_in_the_future_are_refused(value: str) -> None:
    with pytest.raises(PydanticCustomError) as info:
        check_date(value)
    assert info.value.type == "kb_date_range"


def test_a_non_ascii_host_is_refused_with_its_ascii_form() -> None:
    with pytest.raises(PydanticCustomError) as info:
        check_url("https://\u0430pple.com/")
    assert info.value.type == "kb_url_host" and "xn--pple-43d.com" in info.value.message()


def test_non_ascii_letters_in_a_path_are_fine() -> None:
    assert check_url("https://de.wikipedia.org/wiki/M\u00fcller")


@pytest.mark.parametrize("value", ["https://a.org/x y", "https://a.org/\u200b", "https://a.org/\x1b",
                                   "https://a.org/'\"", "https://a.org/<x>", "https://a.org/`"])
def test_characters_a_url_never_holds_are_refused(value: str) -> None:
    with pytest.raises(PydanticCustomError) as info:
        check_url(value)
    assert info.value.type == "kb_url_char"


def test_a_lowercase_country_code_is_refused_with_the_capitalised_one() -> None:
    with pytest.raises(PydanticCustomError) as info:
        check_jurisdiction("no")
    assert "write it in capitals: 'NO'" in info.value.message()
    assert check_jurisdiction("NO") == "NO" and check_jurisdiction("international")
