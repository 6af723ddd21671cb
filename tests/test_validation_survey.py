"""kb.validation.survey: the file list and stamps found in a forked child are the ones found
here, and a child that fails leaves the work to this process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kb.validation import survey as survey_module
from kb.validation.survey import survey, survey_aside

SMALL_KB = Path(__file__).resolve().parent / "fixtures" / "small_kb"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the forks; other tests' threads (servers) would otherwise keep the survey here."""
    made: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        made.append(1)
        return real_fork()
    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(survey_module.threading, "active_count", lambda: 1)
    return made


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    (root / "actors" / "outside.yaml").symlink_to(tmp_path / "elsewhere.yaml")  # refused: KB014
    (root / "models" / "folder.yaml").mkdir()  # refused: not a regular file
    return root


def test_a_forked_survey_finds_what_one_here_finds(kb: Path, forks: list[int]) -> None:
    here = survey(kb)
    aside = survey_aside(kb, worth_it=True)()
    assert forks == [1]
    assert aside.pairs == here.pairs and len(here.pairs) > 10
    assert aside.refused == here.refused and {d.code for d in here.refused} == {"KB014"}
    assert aside.stamps == here.stamps and len(here.stamps) == 2 * len(here.pairs)


def test_a_failed_child_leaves_the_survey_to_this_process(kb: Path, monkeypatch: pytest.MonkeyPatch,
                                                           forks: list[int]) -> None:
    parent = os.getpid()
    real = survey_module.survey

    def fails_in_the_child(root: Path) -> survey_module.Survey:
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(root)

    monkeypatch.setattr(survey_module, "survey", fails_in_the_child)
    assert survey_aside(kb, worth_it=True)() == real(kb)
    assert forks == [1]


def test_no_fork_while_other_threads_run(kb: Path, forks: list[int],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(survey_module.threading, "active_count", lambda: 2)
    assert survey_aside(kb, worth_it=True)() == survey(kb)
    assert forks == []


def test_a_survey_not_worth_a_fork_runs_when_collected(kb: Path) -> None:
    collect = survey_aside(kb, worth_it=False)
    (kb / "actors" / "late.yaml").write_text("id: late\n", "utf-8")  # made before collecting
    assert ("actors/late.yaml", "actors") in collect().pairs
