"""kb.validation.incremental: a run that reuses the cache says exactly what a run without it
says, after any sequence of edits (deletes, renames, id changes, dangling references, loops,
broken files ...)."""

from __future__ import annotations

import importlib
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from benchmarks.synth import generate
from kb.validation.check import check, check_files
from kb.validation.facts import Facts
from kb.validation.report import Report
from kb.validation.rules import Index

FOLDERS = ("incidents", "actors", "models", "policies", "datasets", "sources")
STATUSES = ("alleged", "disputed", "corroborated", "denied", "refuted", "retracted", "confirmed",
            "self-declared")


class Editor:
    """Random edits to a knowledge base, each written with a new modification time."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng = root, rng
        self.clock = 1_600_000_000 * 10**9
        self.deleted: list[tuple[Path, bytes]] = []
        self.hot: set[str] = set()

    def files(self, folder: str | None = None) -> list[Path]:
        folders = [folder] if folder else list(FOLDERS)
        return sorted(p for f in folders for p in (self.root / f).glob("*.yaml"))

    def pick(self, folder: str | None = None) -> Path | None:
        """A file; half the time one of a few "hot" ones, so that edits meet each other."""
        found = self.files(folder)
        if not found:
            return None
        hot = [p for p in found if p.stem in self.hot]
        if hot and self.rng.random() < 0.5:
            return self.rng.choice(hot)
        path = self.rng.choice(found)
        if len(self.hot) < 8:
            self.hot.add(path.stem)
        return path

    def some_id(self, folder: str | None = None) -> str:
        path = self.pick(folder)
        return path.stem if path else "nothing-here"

    def write(self, path: Path, text: str) -> None:
        path.write_text(text, "utf-8")
        self.clock += 10**6
        os.utime(path, ns=(self.clock, self.clock))

    def data(self, path: Path) -> dict[str, object] | None:
        try:
            loaded = yaml.safe_load(path.read_text("utf-8"))
        except yaml.YAMLError:
            return None
        return loaded if isinstance(loaded, dict) else None

    def change(self, folder: str | None, fn: Callable[[dict[str, object]], None]) -> None:
        path = self.pick(folder)
        if path is None:
            return
        data = self.data(path)
        if data is None:
            return
        fn(data)
        self.write(path, yaml.safe_dump(data, sort_keys=False))

    # --- the edits ------------------------------------------------------------------------
    def touch(self) -> None:
        """A comment added: the record is unchanged, its lines move down."""
        path = self.pick()
        if path:
            self.write(path, "# touched\n" + path.read_text("utf-8"))

    def delete(self) -> None:
        path = self.pick()
        if path:
            self.deleted.append((path, path.read_bytes()))
            path.unlink()

    def restore(self) -> None:
        if self.deleted:
            path, raw = self.deleted.pop(self.rng.randrange(len(self.deleted)))
            if not path.exists():
                self.write(path, raw.decode("utf-8"))

    def rename_file(self) -> None:
        """Move a file to another name, its id unchanged (KB201)."""
        path = self.pick()
        if path:
            text = path.read_text("utf-8")
            path.unlink()
            self.write(path.with_name(f"{path.stem}-moved.yaml"), text)

    def change_id(self) -> None:
        """A new id, with the file renamed to match: references to the old id now dangle."""
        path = self.pick()
        data = self.data(path) if path else None
        if path is None or data is None:
            return
        new = f"{path.stem}-v{self.rng.randrange(3)}"
        data["id"] = new
        path.unlink()
        self.write(path.with_name(f"{new}.yaml"), yaml.safe_dump(data, sort_keys=False))

    def duplicate_id(self) -> None:
        other = self.some_id()
        self.change(None, lambda d: d.__setitem__("id", other))

    def copy_record(self) -> None:
        path = self.pick()
        data = self.data(path) if path else None
        if path is None or data is None:
            return
        new = f"{path.stem}-copy"
        data["id"] = new
        self.write(path.with_name(f"{new}.yaml"), yaml.safe_dump(data, sort_keys=False))

    def dangling_model(self) -> None:
        target = self.rng.choice([f"{self.some_id('models')}x", "model-zz", self.some_id("models")])

        def edit(d: dict[str, object]) -> None:
            models = d.get("models")
            d["models"] = [*(models if isinstance(models, list) else []), target]
        self.change("incidents", edit)

    def related(self) -> None:
        target = self.some_id(self.rng.choice(["incidents", "actors"]))
        self.change("incidents", lambda d: d.__setitem__("related", [target]))

    def claim(self) -> None:
        status = self.rng.choice(STATUSES)
        subject = self.some_id(self.rng.choice(["actors", "models"]))
        obj = self.some_id("models")

        def edit(d: dict[str, object]) -> None:
            claims = d.get("claims")
            if isinstance(claims, list) and claims and isinstance(claims[0], dict):
                c = self.rng.choice(claims)
                what = self.rng.randrange(3)
                if what == 0:
                    c["status"] = status
                elif what == 1:
                    c["subject"] = subject
                else:
                    c["object"] = obj
        self.change(self.rng.choice(["incidents", "policies"]), edit)

    def derived_from(self) -> None:
        parent = self.some_id("models")
        self.change("models", lambda d: d.__setitem__("derived_from", [{"model": parent}]))

    def family(self) -> None:
        family = self.some_id("models")
        self.change("models", lambda d: d.__setitem__("family", family))

    def released(self) -> None:
        date = f"20{self.rng.randrange(18, 27)}-0{self.rng.randrange(1, 10)}"
        self.change("models", lambda d: d.__setitem__("released", date))

    def parent(self) -> None:
        parent = self.some_id("actors")
        self.change("actors", lambda d: d.__setitem__("parent", parent))

    def relays(self) -> None:
        src = self.some_id("sources")
        self.change("sources", lambda d: d.__setitem__("relays", [src]))

    def same_url(self) -> None:
        other = self.pick("sources")
        data = self.data(other) if other else None
        if data and "url" in data:
            url = data["url"]
            self.change("sources", lambda d: d.__setitem__("url", url))

    def former_id(self) -> None:
        old = self.rng.choice([self.some_id(), "an-old-name"])
        self.change(None, lambda d: d.__setitem__("former_ids", [old]))

    def drop_evidence(self) -> None:
        def edit(d: dict[str, object]) -> None:
            ev = d.get("evidence")
            if isinstance(ev, list) and ev:
                ev.pop(self.rng.randrange(len(ev)))
        self.change(self.rng.choice(["incidents", "policies", "models"]), edit)

    def break_yaml(self) -> None:
        path = self.pick()
        if path:
            self.write(path, path.read_text("utf-8") + "oops: [unclosed\n")

    def break_type(self) -> None:
        """The record stays readable YAML but fails type-checking (salvaged facts)."""
        field = self.rng.choice(["summary", "name", "title", "kind"])
        self.change(None, lambda d: d.__setitem__(field, 12))

    EDITS = ("touch", "delete", "restore", "rename_file", "change_id", "duplicate_id", "copy_record",
             "dangling_model", "related", "claim", "claim", "derived_from", "family", "released",
             "parent", "relays", "same_url", "former_id", "drop_evidence", "break_yaml",
             "break_type")

    def random_edit(self) -> str:
        name = self.rng.choice(self.EDITS)
        getattr(self, name)()
        return name


def _same(a: Report, b: Report) -> None:
    assert a.diagnostics == b.diagnostics
    assert (a.files, a.records) == (b.files, b.records)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("synth") / "kb", 16, seed=3)


@pytest.mark.parametrize(("seed", "aside"), [(seed, False) for seed in range(5)] + [(5, True)])
def test_cached_runs_equal_cold_runs_over_random_edits(synthetic: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         seed: int, aside: bool) -> None:
    forks: list[int] = []
    if aside:  # the files listed and stamped in a forked child, as for a big knowledge base
        monkeypatch.setattr(importlib.import_module("kb.validation.check"), "_SURVEY_ASIDE_BYTES", 0)
        real_fork = os.fork

        def fork() -> int:
            forks.append(1)
            return real_fork()
        monkeypatch.setattr(os, "fork", fork)
        # Threads other tests left running (servers) would make the survey stay in-process.
        monkeypatch.setattr(importlib.import_module("kb.validation.survey").threading, "active_count",
                            lambda: 1)
    root = tmp_path / "kb"
    shutil.copytree(synthetic, root)
    rng = random.Random(seed)
    editor = Editor(root, rng)
    _same(check(root, use_cache=True), check(root, use_cache=False))
    done = []
    for _ in range(30):
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            done.append(editor.random_edit())
        if rng.random() < 0.1:
            check_files(root)  # what `kb mv` and `kb new` run: saves results without the rules
        warm = check(root, use_cache=True)
        cold = check(root, use_cache=False)
        assert warm.diagnostics == cold.diagnostics, done
        assert (warm.files, warm.records) == (cold.files, cold.records), done
    assert len({d.code for d in cold.diagnostics}) > 3  # the edits did make problems
    assert len(forks) >= (30 if aside else 0)


def test_one_changed_file_reruns_only_the_records_that_look_it_up(synthetic: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit the rules across records do not see re-runs none of them; one that changes what
    others look up re-runs the record rules of the records that look it up."""
    check_module = importlib.import_module("kb.validation.check")

    root = tmp_path / "kb"
    shutil.copytree(synthetic, root)
    check(root)
    seen: list[str] = []
    real = check_module.record_findings

    def spy(ix: Index, f: Facts, *, track: bool) -> object:
        seen.append(f.file)
        return real(ix, f, track=track)

    monkeypatch.setattr(check_module, "record_findings", spy)
    groups: list[str] = []
    real_group = check_module.group_findings

    def group_spy(ix: Index, name: str) -> object:
        groups.append(name)
        return real_group(ix, name)

    monkeypatch.setattr(check_module, "group_findings", group_spy)
    incident = root / "incidents" / "incident-00003.yaml"
    incident.write_text(incident.read_text("utf-8") + "# a comment\n", "utf-8")
    os.utime(incident, ns=(1, 1))
    check(root)
    assert seen == [] and groups == []
    seen.clear()
    actor = root / "actors" / "actor-00001.yaml"
    actor.write_text(actor.read_text("utf-8").replace("id: actor-00001", "id: actor-00001b"), "utf-8")
    os.utime(actor, ns=(2, 2))
    report = check(root)
    assert "actors/actor-00001.yaml" in seen
    assert 1 < len(seen) < 30  # the records that name actor-00001, not all ~70
    assert {d.code for d in report.diagnostics} >= {"KB201", "KB204"}
    assert set(groups) == {"lineage", "relays", "family", "parent"}  # an id changed: every group


def test_a_touched_file_still_sees_a_record_it_names_change_in_the_same_run(synthetic: Path,
                                                                          tmp_path: Path) -> None:
    """A comment added to an incident (its facts unchanged) while an actor it names changes
    id: the incident's references to the old id are reported, as a cold run reports them.
    (The touched file's previous findings were once reused without looking at its lookups.)"""
    root = tmp_path / "kb"
    shutil.copytree(synthetic, root)
    check(root)
    incident = root / "incidents" / "incident-00008.yaml"
    text = incident.read_text("utf-8")
    named = text.split("role: accused")[0].rsplit("actor: ", 1)[1].split(",")[0]
    incident.write_text("# a comment\n" + text, "utf-8")
    os.utime(incident, ns=(1, 1))
    actor = root / "actors" / f"{named}.yaml"
    actor.write_text(actor.read_text("utf-8").replace(f"id: {named}", f"id: {named}-v1"), "utf-8")
    actor.rename(actor.with_name(f"{named}-v1.yaml"))
    warm, cold = check(root), check(root, use_cache=False)
    assert any(d.file == "incidents/incident-00008.yaml" and d.code == "KB204" for d in cold.diagnostics)
    _same(warm, cold)


def test_a_broken_file_deleted_or_mended_updates_the_records_that_name_it(synthetic: Path,
                                                                          tmp_path: Path) -> None:
    """While a model's file does not load, references to it are not reported (its own errors
    are the cause); once it is deleted they are, once it is mended they resolve again."""
    root = tmp_path / "kb"
    shutil.copytree(synthetic, root)
    model = root / "models" / "model-00001.yaml"
    text = model.read_text("utf-8")
    steps = [text + "oops: [unclosed\n", None, text, "id: model-00001\n", text]
    check(root)
    for i, step in enumerate(steps):
        if step is None:
            model.unlink()
        else:
            model.write_text(step, "utf-8")
            os.utime(model, ns=(i + 1, i + 1))
        _same(check(root), check(root, use_cache=False))


def test_an_edit_in_the_clock_tick_of_the_last_stamp_is_still_seen(synthetic: Path, tmp_path: Path) -> None:
    """A file written just before a run, then changed again without changing its size or its
    modification time (the same clock tick), is read again by the next run (git's racy case)."""
    root = tmp_path / "kb"
    shutil.copytree(synthetic, root)
    check(root)
    path = sorted((root / "incidents").glob("*.yaml"))[0]
    text = path.read_text("utf-8")
    assert "models: [model-" in text
    path.write_text(text.replace("models: [model-", "models: [mxdel-", 1), "utf-8")  # unknown model
    first = path.stat()
    check(root)  # stamps the file in the tick it was written in
    path.write_text(text, "utf-8")
    os.utime(path, ns=(first.st_atime_ns, first.st_mtime_ns))  # the same stamp as the run saw
    assert path.stat().st_size == first.st_size
    warm = check(root)
    _same(warm, check(root, use_cache=False))
    assert not [d for d in warm.diagnostics if d.file == path.relative_to(root).as_posix()]
