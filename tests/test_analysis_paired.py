"""Paired-prompt provenance test: fires for the teacher of a distilled student, not for an
unrelated candidate or for an independent model; skips when prompts do not line up."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kb.analysis import paired
from kb.analysis.transcripts import Transcript, load_transcript
from tests.transcripts_synth import write


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Transcript]:
    out = {}
    for name, path in write(tmp_path_factory.mktemp("synth")).items():
        loaded = load_transcript(path, "baseline", name)
        assert loaded.transcript is not None
        out[name] = loaded.transcript
    return out


def _bases(s: dict[str, Transcript]) -> list[Transcript]:
    return [s["base-a"], s["base-b"], s["base-c"]]


def test_teacher_of_a_distilled_student_is_detected(synth: dict[str, Transcript]) -> None:
    r = paired.analyse(
        synth["student"], [synth["teacher"], synth["other"]], _bases(synth), seed=1, permutations=2000
    )
    teacher = r.candidates["teacher"]
    assert isinstance(teacher, paired.ProvenanceTest)
    assert teacher.verdict == "consistent-with"
    assert teacher.p_value == pytest.approx(1 / 2001)  # no permutation reached the observed statistic
    assert teacher.win_rate > 0.9 and teacher.statistic > 0


def test_unrelated_candidate_with_a_similar_register_does_not_pass(synth: dict[str, Transcript]) -> None:
    r = paired.analyse(
        synth["student"], [synth["teacher"], synth["other"]], _bases(synth), seed=1, permutations=2000
    )
    other = r.candidates["other"]
    assert isinstance(other, paired.ProvenanceTest)
    assert other.verdict == "not-distinguishable-from-baseline"
    assert other.statistic < 0


def test_independent_model_is_not_attributed_to_the_teacher(synth: dict[str, Transcript]) -> None:
    r = paired.analyse(synth["independent"], [synth["teacher"]], _bases(synth), seed=1, permutations=2000)
    assert getattr(r.candidates["teacher"], "verdict", None) == "not-distinguishable-from-baseline"


def test_limitation_closest_unrelated_model_passes_when_baselines_do_not_cover_it(
    synth: dict[str, Transcript],
) -> None:
    """A known limit, kept visible: the test measures *relative* closeness. base-b writes in a
    register nearer to the independent model than the other baselines do, so, tested as a
    'candidate' against them, it passes although it taught nothing. Baselines must cover the
    suspect's stylistic neighbourhood (the docs say so); the other unrelated models do not pass."""
    verdicts = {}
    for cand in ("base-a", "base-b", "base-c", "other"):
        rest = [synth[b] for b in ("base-a", "base-b", "base-c", "other") if b != cand]
        r = paired.analyse(synth["independent"], [synth[cand]], rest, seed=3, permutations=1000)
        verdicts[cand] = str(getattr(r.candidates[cand], "verdict", None))
    assert verdicts == {
        "base-a": "not-distinguishable-from-baseline",
        "base-b": "consistent-with",
        "base-c": "not-distinguishable-from-baseline",
        "other": "not-distinguishable-from-baseline",
    }


def test_skipped_without_shared_prompt_ids(synth: dict[str, Transcript]) -> None:
    renamed = replace(
        synth["teacher"],
        exchanges=tuple(replace(e, prompt_id=f"x{e.prompt_id}") for e in synth["teacher"].exchanges),
    )
    r = paired.analyse(synth["student"], [renamed], _bases(synth), seed=1, permutations=200)
    skipped = r.candidates["teacher"]
    assert isinstance(skipped, paired.Skipped)
    assert skipped.code == "KB523" and skipped.reason.startswith("0 prompt ids")


def test_few_baselines_warn(synth: dict[str, Transcript]) -> None:
    r = paired.analyse(synth["student"], [synth["teacher"]], [synth["base-a"]], seed=1, permutations=500)
    assert [w.code for w in r.warnings] == ["KB524"]
    assert getattr(r.candidates["teacher"], "verdict", None) == "consistent-with"


def test_similarity_works_for_chinese() -> None:
    a = "月球引力导致海水涨落，港口的水位随之变化。"
    assert paired.similarity(a, a) == pytest.approx(1.0)
    assert paired.similarity(a, "面粉和酵母在烤箱里变成面包。") < 0.1


def test_same_seed_same_p_value(synth: dict[str, Transcript]) -> None:
    runs = [
        paired.analyse(synth["independent"], [synth["teacher"]], _bases(synth), seed=5, permutations=500)
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
