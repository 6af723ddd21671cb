"""The validate cache: base plus delta, never applied across code versions or bases."""

from __future__ import annotations

from pathlib import Path

from kb.validation.cache import ResultCache, _write


def entries(n: int, tag: str = "a") -> dict[str, tuple[tuple[int, int], tuple[object, ...]]]:
    return {f"incidents/{i}.yaml": ((i, i), (f"incidents/{i}.yaml", (), tag)) for i in range(n)}


def test_small_change_writes_a_delta_and_reads_back_merged(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    cache.save(entries(200))
    assert cache.base_path.exists() and not cache.delta_path.exists()
    again = ResultCache(tmp_path, "fp")
    loaded = again.load()
    changed = {**loaded, "incidents/3.yaml": ((9, 9), ("incidents/3.yaml", (), "b"))}
    again.save(changed)
    assert again.delta_path.exists()
    assert ResultCache(tmp_path, "fp").load() == changed


def test_large_change_folds_into_a_new_base(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    cache.save(entries(200))
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    cache.save(entries(200, tag="b"))
    assert not cache.delta_path.exists()
    assert ResultCache(tmp_path, "fp").load() == entries(200, tag="b")


def test_other_code_version_or_base_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    cache.save(entries(10))
    assert ResultCache(tmp_path, "other").load() == {}
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    cache.save({**entries(10), "incidents/1.yaml": ((5, 5), ("x", (), "b"))})  # a delta
    assert cache.delta_path.exists()
    # another base replaces this one (e.g. a concurrent run) while the delta stays behind
    _write(cache.base_path, {"fingerprint": "fp", "token": "another", "entries": entries(3)})
    assert ResultCache(tmp_path, "fp").load() == entries(3)  # the old delta is not applied


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "fp")
    cache.base_path.parent.mkdir(parents=True, exist_ok=True)
    cache.base_path.write_bytes(b"not a pickle")
    assert cache.load() == {}


def test_facts_of_sources_and_confirmed_claims_survive_the_plain_round_trip() -> None:
    """What the source rules need (URL key, relays, supporting sources) is cached intact."""
    from kb.loading import load
    from kb.validation.facts import facts_of, from_plain, to_plain

    root = Path(__file__).resolve().parent / "fixtures" / "small_kb"
    kb = load(root)
    for record in kb.records.values():
        facts = facts_of(record, kb.file_of[record.id])
        assert from_plain(to_plain(facts)) == facts
    mirror = facts_of(kb.records["news-you-need-com-2026-02-24-p-216791"], "x")
    assert mirror.source is not None
    assert mirror.source.relays == ("cnn-anthropic-chinese-ai-distillation-intl-hnk",)
    assert mirror.source.key == "https://news-you-need.com/?p=216791"
