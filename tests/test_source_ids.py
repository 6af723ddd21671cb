"""Source ids: readable, made once from publisher, date and title (or the page's address)."""

from __future__ import annotations

import pytest

from kb.workflow.source_ids import MAX_SOURCE_ID, page_name, source_id, unique


@pytest.mark.parametrize(("publisher", "published", "title", "url", "expected"), [
    ("Anthropic", "2026-02-23", "Detecting and preventing distillation attacks",
     "https://www.anthropic.com/news/x",
     "anthropic-2026-02-23-detecting-and-preventing-distillation-attacks"),
    ("news-you-need.com", "2026-02-24", None, "https://news-you-need.com/?p=216791",
     "news-you-need-com-2026-02-24-p-216791"),
    ("Hugging Face (dataset card by tatsu-lab)", None, None,
     "https://huggingface.co/datasets/tatsu-lab/alpaca/resolve/e94c85f612359acd9690dd40c9712aae9c3f0868/README.md",
     "hugging-face-alpaca"),
    ("Radar", "2026-02-12", "2026-02-12: OpenAI memo", "https://r.example/a", "radar-2026-02-12-openai-memo"),
])
def test_source_id_is_publisher_date_and_title_or_page_name(
        publisher: str, published: str | None, title: str | None, url: str, expected: str) -> None:
    assert source_id(publisher, published, title, url) == expected


def test_long_ids_are_trimmed_at_a_word() -> None:
    sid = source_id("Example", "2026-01-01", "word " * 40, "https://e.example/")
    assert len(sid) <= MAX_SOURCE_ID and not sid.endswith("-") and sid.endswith("word")


def test_page_name_skips_generic_segments_and_hashes() -> None:
    assert page_name("https://x.example/article/2024/big-news/index.html") == "big-news"
    assert page_name("https://x.example/c45d1e17-5f79-45c4-aecd-ca0edbf3cf3f/index.html") == \
        "c45d1e17-5f79-45c4-aecd-ca0edbf3cf3f"
    assert page_name("https://x.example/") == "x-example"


def test_unique_numbers_a_taken_id() -> None:
    assert unique("a", {"b"}) == "a"
    assert unique("a", {"a", "a-2"}) == "a-3"
