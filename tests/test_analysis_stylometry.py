"""Stylometry: Delta and compression distance find the teacher of a distilled student, and do
not name a teacher for an independent model; Delta refuses with fewer than 3 references."""

from __future__ import annotations

import pytest

from kb.analysis import stylometry
from kb.analysis.transcripts import Transcript, load_transcript
from tests.transcripts_synth import write


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Transcript]:
    paths = write(tmp_path_factory.mktemp("synth"))
    roles = {"student": "suspect", "independent": "suspect", "teacher": "candidate", "other": "candidate"}
    out = {}
    for name, path in paths.items():
        loaded = load_transcript(path, roles.get(name, "baseline"), name)  # type: ignore[arg-type]
        assert loaded.ok and loaded.transcript is not None
        out[name] = loaded.transcript
    return out


def _refs(s: dict[str, Transcript]) -> list[Transcript]:
    return [s["teacher"], s["other"], s["base-a"], s["base-b"], s["base-c"]]


METHODS = ("function-words/burrows", "function-words/cosine", "char-3-grams/burrows", "char-3-grams/cosine")


def test_distilled_student_is_nearest_to_its_teacher(synth: dict[str, Transcript]) -> None:
    r = stylometry.analyse(synth["student"], _refs(synth), seed=1, bootstrap=60)
    for name in METHODS:
        _, m = r.delta[name]
        assert m.nearest == "teacher" and m.verdict == "consistent-with", name
        assert m.distances["teacher"].bootstrap_nearest_share == 1.0
        assert m.candidate_vs_baseline_margin is not None and m.candidate_vs_baseline_margin.ci95[0] > 0
    assert r.ncd.nearest == "teacher" and r.ncd.verdict == "consistent-with"


def test_independent_model_is_not_attributed(synth: dict[str, Transcript]) -> None:
    r = stylometry.analyse(synth["independent"], _refs(synth), seed=1, bootstrap=60)
    for name in (*METHODS, "ncd"):
        m = r.ncd if name == "ncd" else r.delta[name][1]
        assert m.verdict != "consistent-with", name


def test_delta_is_refused_below_three_references(synth: dict[str, Transcript]) -> None:
    r = stylometry.analyse(synth["student"], [synth["teacher"], synth["base-a"]], seed=1, bootstrap=20)
    assert r.refused is not None
    assert r.refused.code == "KB521" and "collapse to 0 or 2" in r.refused.reason
    assert r.delta == {}
    assert r.ncd.distances  # compression distance needs no standardisation and still runs


def test_two_references_would_make_delta_degenerate() -> None:
    """Why the refusal: with two references every z-score is +-1 and Cosine Delta is 0 or 2."""
    refs = {"a": [0.1, 0.5, 0.2], "b": [0.3, 0.1, 0.4]}
    mu, sd, keep = stylometry.zscores(refs)
    za = stylometry._z(refs["a"], mu, sd, keep)
    zb = stylometry._z(refs["b"], mu, sd, keep)
    assert {round(abs(x), 6) for x in za + zb} == {0.707107}  # +-1/sqrt(2): all equal magnitude
    test = stylometry._z([0.2, 0.3, 0.25], mu, sd, keep)
    # the two references are mirror images: the distances always sum to 2, whatever the text
    assert sum(stylometry.cosine_delta(test, z) for z in (za, zb)) == pytest.approx(2.0)
    assert stylometry.cosine_delta(za, za) == pytest.approx(0.0)
    assert stylometry.cosine_delta(za, zb) == pytest.approx(2.0)


def test_same_seed_same_numbers(synth: dict[str, Transcript]) -> None:
    a = stylometry.analyse(synth["student"], _refs(synth), seed=7, bootstrap=30)
    b = stylometry.analyse(synth["student"], _refs(synth), seed=7, bootstrap=30)
    c = stylometry.analyse(synth["student"], _refs(synth), seed=8, bootstrap=30)
    assert a == b
    assert a.ncd.distances != c.ncd.distances


def test_words_tokenise_cjk_characters_one_by_one() -> None:
    assert stylometry.words("The model 的 output，是Claude") == [
        "the",
        "model",
        "的",
        "output",
        "是",
        "claude",
    ]


def test_ncd_orders_similar_texts_first() -> None:
    x = b"the quick brown fox jumps over the lazy dog " * 20
    y = b"the quick brown fox jumps over the lazy cat " * 20
    z = b"lorem ipsum dolor sit amet consectetur adipiscing " * 20
    assert stylometry.ncd(x, y) < stylometry.ncd(x, z)


def test_formatting_rates_follow_each_models_habits(synth: dict[str, Transcript]) -> None:
    rates = {name: stylometry.formatting(synth[name]) for name in ("teacher", "student", "base-a", "base-b")}
    assert rates["base-a"]["bullet"] > 100 and rates["teacher"]["bullet"] == 0
    assert rates["base-b"]["markdown_header"] > 10 and rates["base-a"]["markdown_header"] == 0
    assert rates["teacher"]["em_dash"] > 10 and rates["base-a"]["em_dash"] == 0
    assert abs(rates["student"]["em_dash"] - rates["teacher"]["em_dash"]) < 5
