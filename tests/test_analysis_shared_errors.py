"""Shared errors: normalisation, what counts (same wrong answers only), id checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.analysis import shared_errors
from kb.analysis.jsonl import read_jsonl


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("The Bako.", "bako"),
        ("  BAKO ", "bako"),
        ("Ｂａｋｏ", "bako"),
        ("an apple pie", "apple pie"),
        ("Rome, Italy", "rome italy"),
        ("—", ""),
    ],
)
def test_answers_are_normalised_as_documented(raw: str, norm: str) -> None:
    assert shared_errors.normalise(raw) == norm


def _tables(tmp_path: Path, suspect: dict[str, str]) -> dict[str, object]:
    ids = [f"q{i}" for i in range(20)]
    probes = _write(tmp_path / "p.jsonl", [{"id": q, "answer": ["Right", "Correct"]} for q in ids])
    teacher = {q: ("Wrong" + q if i < 12 else "right") for i, q in enumerate(ids)}
    base = {q: ("Other" if i % 2 else "Right") for i, q in enumerate(ids)}
    out = {"probes": read_jsonl(probes, shared_errors.PROBES).table}
    for name, ans in (("teacher", teacher), ("suspect", suspect), ("base", base)):
        path = _write(tmp_path / f"{name}.jsonl", [{"id": q, "answer": a} for q, a in ans.items()])
        out[name] = read_jsonl(path, shared_errors.ANSWERS).table
    return out


def test_the_suspect_repeating_wrong_answers_is_counted(tmp_path: Path) -> None:
    ids = [f"q{i}" for i in range(20)]
    suspect = {q: ("WRONG" + q + "." if i < 12 else "Correct") for i, q in enumerate(ids)}
    t = _tables(tmp_path, suspect)
    (test,) = shared_errors.analyse(
        t["probes"],
        [("teacher", t["teacher"])],
        ("suspect", t["suspect"]),  # type: ignore[arg-type]
        [("base", t["base"])],
        alpha=0.05,
    )
    s, b = test.models
    assert test.teacher_wrong == 12
    assert (s.also_wrong, s.same_wrong.count) == (12, 12)
    assert (b.also_wrong, b.same_wrong.count) == (6, 0)
    assert test.verdict == "consistent-with"


def test_shared_correct_answers_are_not_evidence(tmp_path: Path) -> None:
    ids = [f"q{i}" for i in range(20)]
    suspect = dict.fromkeys(ids, "right")  # agrees with the teacher on every probe it gets right
    t = _tables(tmp_path, suspect)
    (test,) = shared_errors.analyse(
        t["probes"],
        [("teacher", t["teacher"])],
        ("suspect", t["suspect"]),  # type: ignore[arg-type]
        [("base", t["base"])],
        alpha=0.05,
    )
    assert test.models[0].shared_correct == 8
    assert test.models[0].same_wrong.count == 0
    assert test.verdict != "consistent-with"


def test_an_answer_id_missing_from_the_probes_is_an_error_with_its_line(tmp_path: Path) -> None:
    probes = _write(tmp_path / "p.jsonl", [{"id": "q1", "answer": "a"}, {"id": "q2", "answer": "b"}])
    answers = _write(tmp_path / "a.jsonl", [{"id": "q1", "answer": "a"}, {"id": "q22", "answer": "b"}])
    p = read_jsonl(probes, shared_errors.PROBES).table
    a = read_jsonl(answers, shared_errors.ANSWERS).table
    assert p is not None and a is not None
    diags = shared_errors.check_answers(p, a)
    assert [(d.code, d.line, d.severity) for d in diags] == [("KB551", 2, "error"), ("KB552", 0, "warning")]
    assert "did you mean 'q2'" in (diags[0].hint or "")


def test_few_teacher_errors_skip_the_test(tmp_path: Path) -> None:
    ids = [f"q{i}" for i in range(20)]
    t = _tables(tmp_path, dict.fromkeys(ids, "x"))
    few = {q: ("Wrong" if i < 3 else "right") for i, q in enumerate(ids)}
    path = _write(tmp_path / "few.jsonl", [{"id": q, "answer": a} for q, a in few.items()])
    teacher = read_jsonl(path, shared_errors.ANSWERS).table
    (test,) = shared_errors.analyse(
        t["probes"],
        [("teacher", teacher)],
        ("suspect", t["suspect"]),  # type: ignore[arg-type]
        [("base", t["base"])],
        alpha=0.05,
    )
    assert test.verdict == "not-tested" and test.fisher_p_one_sided is None
