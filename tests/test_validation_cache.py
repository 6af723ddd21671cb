"""The validate cache: base plus delta, never applied across code versions or bases."""

from __future__ import annotations

import os
import pickle
from array import array
from pathlib import Path

from kb.validation.cache import ResultCache, _write, stamps_of


def entries(n: int, tag: str = "a") -> dict[str, tuple[object, ...]]:
    return {f"incidents/{i}.yaml": ((f"incidents/{i}.yaml", (), tag),) for i in range(n)}


def stamped(n: int) -> tuple[list[str], array]:  # type: ignore[type-arg]
    return [f"incidents/{i}.yaml" for i in range(n)], array("q", (v for i in range(n) for v in (i, i)))


def save(cache: ResultCache, got: dict[str, tuple[object, ...]]) -> None:
    files = sorted(got, key=lambda f: int(f.split("/")[1].split(".")[0]))
    cache.save(got, files, array("q", (v for f in files for v in (len(f), 1))))


def test_small_change_writes_a_delta_and_reads_back_merged(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    save(cache, entries(200))
    assert cache.base_path.exists() and not cache.delta_path.exists()
    again = ResultCache(tmp_path, "fp")
    loaded = again.load()
    changed = {**loaded, "incidents/3.yaml": (("incidents/3.yaml", (), "b"),)}
    save(again, changed)
    assert again.delta_path.exists()
    assert ResultCache(tmp_path, "fp").load() == changed


def test_large_change_folds_into_a_new_base(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    save(cache, entries(200))
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    save(cache, entries(200, tag="b"))
    assert not cache.delta_path.exists()
    assert ResultCache(tmp_path, "fp").load() == entries(200, tag="b")


def test_other_code_version_or_base_is_ignored(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    save(cache, entries(10))
    assert ResultCache(tmp_path, "other").load() == {}
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    save(cache, {**entries(10), "incidents/1.yaml": (("x", (), "b"),)})  # a delta
    assert cache.delta_path.exists()
    # another base replaces this one (e.g. a concurrent run) while the delta stays behind
    files, stamps = stamped(3)
    _write(cache.base_path, {"fingerprint": "fp", "token": "another", "entries": entries(3),
                             "files": files, "stamps": stamps.tobytes()})
    assert ResultCache(tmp_path, "fp").load() == entries(3)  # the old delta is not applied


def test_stamps_are_read_back_with_the_delta_and_files_only_when_they_changed(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "fp")
    cache.load()
    files, stamps = stamped(200)
    cache.save(entries(200), files, stamps)
    again = ResultCache(tmp_path, "fp")
    loaded = again.load()
    assert again.files == files and again.stamps == stamps
    stamps[7] = 99  # incidents/3.yaml, edited
    again.save({**loaded, "incidents/3.yaml": (("incidents/3.yaml", (), "b"),)}, files, stamps)
    assert "files" not in pickle.loads(again.delta_path.read_bytes())
    third = ResultCache(tmp_path, "fp")
    loaded = third.load()
    assert third.files == files and third.stamps == stamps
    more, more_stamps = stamped(201)  # a file added: the delta names the files
    third.save({**loaded, "incidents/200.yaml": (("incidents/200.yaml", (), "a"),)}, more, more_stamps)
    assert "files" in pickle.loads(third.delta_path.read_bytes())
    last = ResultCache(tmp_path, "fp")
    assert len(last.load()) == 201 and last.files == more


def test_changed_finds_each_edited_added_and_unreadable_file() -> None:
    cache = ResultCache(Path("/nonexistent"), "fp")
    cache.files, cache.stamps = stamped(5000)
    files, stamps = stamped(5000)
    assert cache.changed(files, stamps) == []
    for i in (0, 1023, 1024, 4999):  # either side of a block edge, first and last
        stamps[2 * i] += 1
    stamps[2 * 2500 + 1] = 7  # same time, new size
    assert cache.changed(files, stamps) == [0, 1023, 1024, 2500, 4999]
    # A file added at the front shifts every position: compared by name instead.
    files, stamps = stamped(5000)
    files.insert(0, "actors/new.yaml")
    stamps = array("q", [1, 1]) + stamps
    stamps[2 * 10 + 1] = -1  # unreadable now
    assert cache.changed(files, stamps) == [0, 10]
    # A file removed: the others still match.
    files, stamps = stamped(5000)
    del files[3]
    del stamps[6:8]
    assert cache.changed(files, stamps) == []


def test_stamps_of_reads_each_file_in_its_folder_and_marks_a_missing_one(tmp_path: Path) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "a.yaml").write_text("id: a\n", "utf-8")
    os.utime(tmp_path / "actors" / "a.yaml", ns=(5, 1_700_000_000_123_456_789))
    got = stamps_of(tmp_path, [("actors/a.yaml", "actors"), ("actors/gone.yaml", "actors"),
                               ("models/x.yaml", "models")])
    assert list(got) == [1_700_000_000_123_456_789, 6, 0, -1, 0, -1]


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


def test_a_save_told_what_changed_stores_what_a_full_comparison_stores(tmp_path: Path) -> None:
    """Two runs in a row, each changing and removing files: the deltas written from the named
    files (the loaded delta's too) read back as the deltas written by comparing every entry."""
    results = []
    for told in (False, True):
        home = tmp_path / str(told)
        cache = ResultCache(home, "fp")
        cache.load()
        save(cache, entries(300))
        for run in range(2):
            cache = ResultCache(home, "fp")
            loaded = cache.load()
            edited = f"incidents/{10 + run}.yaml"
            loaded[edited] = ((edited, (), f"run {run}"),)
            gone = f"incidents/{20 + run}.yaml"
            del loaded[gone]
            files = sorted(loaded, key=lambda f: int(f.split("/")[1].split(".")[0]))
            stamps = array("q", (v for f in files for v in (len(f), 1)))
            cache.save(loaded, files, stamps, touched={edited, gone} if told else None)
            assert cache.delta_path.exists()
        results.append(ResultCache(home, "fp").load())
    assert results[0] == results[1] and len(results[1]) == 298
    assert results[1]["incidents/10.yaml"][0][2] == "run 0"
