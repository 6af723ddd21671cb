"""Listings cut into pages (kb/site/paging.py): a page per group past a page's worth of entries,
crowded groups in numbered parts, each page knowing its neighbours."""

from __future__ import annotations

import pytest

from kb.site.paging import Entry, Paged, date_span, initial, paginate, part_title

LANDING, FOLDER = "generated/x/index.md", "generated/x/by-year"


def _entries(*years: tuple[str, int]) -> list[Entry]:
    out = []
    for year, n in years:
        out += [Entry(f"r-{year}-{i}", year, f"{year}-12-{28 - i:02d}", (f"r-{year}-{i}",))
                for i in range(n)]
    return out


def test_a_listing_of_at_most_a_page_stays_one_page_at_its_address() -> None:
    entries = _entries(("2026", 2), ("2025", 1))
    cut = paginate(entries, LANDING, FOLDER, 3)
    assert not cut.split
    assert [p.path for p in cut.parts] == [LANDING]
    assert list(cut.parts[0].entries) == entries


def test_a_longer_listing_gets_a_page_per_group_in_reading_order() -> None:
    entries = _entries(("2026", 2), ("2025", 3), ("2024", 1))
    cut = paginate(entries, LANDING, FOLDER, 4)
    assert cut.split and cut.total == 6
    assert [p.path for p in cut.parts] == [f"{FOLDER}/2026.md", f"{FOLDER}/2025.md",
                                           f"{FOLDER}/2024.md"]
    assert [e for p in cut.parts for e in p.entries] == entries
    assert list(cut.groups) == ["2026", "2025", "2024"]


def test_a_crowded_group_is_cut_into_numbered_parts_of_at_most_a_page() -> None:
    cut = paginate(_entries(("2026", 1), ("2025", 5)), LANDING, FOLDER, 2)
    parts = cut.groups["2025"]
    assert [p.path for p in parts] == [f"{FOLDER}/2025.md", f"{FOLDER}/2025-2.md",
                                       f"{FOLDER}/2025-3.md"]
    assert [len(p.entries) for p in parts] == [2, 2, 1]
    assert [(p.number, p.of) for p in parts] == [(1, 3), (2, 3), (3, 3)]
    assert all(len(p.entries) <= 2 for p in cut.parts)


def test_each_page_links_the_one_before_and_after_it_across_groups() -> None:
    cut = paginate(_entries(("2026", 1), ("2025", 3)), LANDING, FOLDER, 2)
    chain = [(p.newer, p.path, p.older) for p in cut.parts]
    assert chain == [(None, f"{FOLDER}/2026.md", f"{FOLDER}/2025.md"),
                     (f"{FOLDER}/2026.md", f"{FOLDER}/2025.md", f"{FOLDER}/2025-2.md"),
                     (f"{FOLDER}/2025.md", f"{FOLDER}/2025-2.md", None)]


def _unchanged(before: Paged, after: Paged) -> set[str]:
    old = {p.path: p.signature for p in before.parts}
    return {p.path for p in after.parts if old.get(p.path) == p.signature}


def test_a_page_signature_changes_with_its_entries_and_its_place_only() -> None:
    before = paginate(_entries(("2026", 1), ("2025", 4)), LANDING, FOLDER, 2)
    newer = paginate(_entries(("2026", 2), ("2025", 4)), LANDING, FOLDER, 2)
    older = paginate(_entries(("2026", 1), ("2025", 5)), LANDING, FOLDER, 2)
    assert _unchanged(before, newer) == {f"{FOLDER}/2025.md", f"{FOLDER}/2025-2.md"}
    # A third page for 2025: the first two now say "of 3", and the second has an older page.
    assert _unchanged(before, older) == {f"{FOLDER}/2026.md"}


@pytest.mark.parametrize(("name", "group"), [("DeepSeek", "d"), ("Élysée", "e"), ("anthropic", "a"),
                                             ("新华社", "other"), ("3Blue", "other"), ("", "other")])
def test_names_are_grouped_by_their_first_letter_without_accents(name: str, group: str) -> None:
    assert initial(name) == group


@pytest.mark.parametrize(("newest", "oldest", "words"), [
    ("2025-12-28", "2025-12-21", "21 to 28 December 2025"),
    ("2025-12-28", "2025-11-03", "3 November to 28 December 2025"),
    ("2025-01-02", "2024-03", "March 2024 to 2 January 2025"),
    ("2026-11-29", "2026-11-29", "29 November 2026"),
    ("2025", "2024", "2024 to 2025"),
])
def test_a_page_says_the_dates_it_covers_oldest_first_in_words(newest: str, oldest: str,
                                                               words: str) -> None:
    assert date_span(newest, oldest) == words


def test_a_part_is_named_by_its_group_alone_or_its_range_and_number() -> None:
    cut = paginate(_entries(("2026", 1), ("2025", 3)), LANDING, FOLDER, 2)
    assert part_title(cut.parts[0]) == "2026"
    assert part_title(cut.parts[1]) == "27 to 28 December 2025, page 1 of 2 for 2025"
