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
