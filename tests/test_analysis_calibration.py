"""Under the null every method's p-values are (at worst conservatively) uniform: at alpha 0.05
the false-positive rate over 200 seeded null runs stays at or below 0.07."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kb.analysis import shared_errors
from kb.analysis.jsonl import Row, Table
from kb.analysis.simulate import base_model, corpus, fit_bigram, probe_answers, probes, random_scheme
from kb.analysis.tokenizer import WordTokenizer
from kb.analysis.watermark import Scorer

NULLS = 200
ALPHA = 0.05
MAX_FPR = 0.07


def _fpr(pvalues: list[float]) -> float:
    assert len(pvalues) >= NULLS
    return sum(p <= ALPHA for p in pvalues) / len(pvalues)


def test_watermark_test_on_unwatermarked_text_with_random_keys() -> None:
    rng = random.Random("calibration:watermark")
    base = base_model(rng, 800, 30)
    texts = corpus(base, rng, 40, 60)
    pvalues = []
    for i in range(NULLS):
        scorer = Scorer(random_scheme(rng), WordTokenizer())
        pvalues.append(scorer.score([texts[i % len(texts)]]).p_value)
    fpr = _fpr(pvalues)
    assert fpr <= MAX_FPR
    assert fpr > 0.0  # not degenerate: some nulls do reach alpha (p-values are not all 1)


def test_watermark_test_on_repetitive_text_stays_calibrated() -> None:
    """Repeating a text 20 times would multiply the evidence if repeats were scored."""
    rng = random.Random("calibration:repetitive")
    base = base_model(rng, 800, 30)
    texts = [t + (" " + t) * 19 for t in corpus(base, rng, 20, 40)]
    pvalues = [
        Scorer(random_scheme(rng), WordTokenizer()).score([texts[i % 20]]).p_value for i in range(NULLS)
    ]
    assert _fpr(pvalues) <= MAX_FPR


def test_radioactivity_of_an_independent_model() -> None:
    """An n-gram model fitted on unwatermarked text, scored with random keys (de-duplicated corpus)."""
    rng = random.Random("calibration:radioactivity")
    base = base_model(rng, 1000, 30)
    independent = fit_bigram(corpus(base, rng, 100, 100), base.vocab)
    outputs = corpus(independent, rng, 60, 50)
    pvalues = []
    for i in range(NULLS):
        scorer = Scorer(random_scheme(rng), WordTokenizer())
        pvalues.append(scorer.score(outputs[(i % 6) * 10 : (i % 6) * 10 + 10], forget=True).p_value)
    assert _fpr(pvalues) <= MAX_FPR


def _table(answers: dict[str, str]) -> Table:
    rows = tuple(Row(i + 1, pid, {"answer": a}) for i, (pid, a) in enumerate(sorted(answers.items())))
    return Table(path=Path("x.jsonl"), display="x.jsonl", sha256="0" * 64, size=0, rows=rows)


def test_shared_errors_of_an_independent_suspect() -> None:
    pvalues = []
    for i in range(NULLS):
        rng = random.Random(f"calibration:shared:{i}")
        pset = probes(rng, n=120)
        probe_table = Table(
            path=Path("p.jsonl"),
            display="p.jsonl",
            sha256="0" * 64,
            size=0,
            rows=tuple(Row(j + 1, p.id, {"answer": p.answer}) for j, p in enumerate(pset)),
        )
        teacher = probe_answers(pset, rng, accuracy=0.7)
        suspect = probe_answers(pset, rng, accuracy=rng.uniform(0.5, 0.8))
        bases = [probe_answers(pset, rng, accuracy=rng.uniform(0.5, 0.8)) for _ in range(3)]
        (test,) = shared_errors.analyse(
            probe_table,
            [("t", _table(teacher))],
            ("s", _table(suspect)),
            [(f"b{j}", _table(b)) for j, b in enumerate(bases)],
            alpha=ALPHA,
        )
        assert test.fisher_p_one_sided is not None
        pvalues.append(test.fisher_p_one_sided)
    assert _fpr(pvalues) <= MAX_FPR


def test_weight_fingerprint_of_unrelated_models() -> None:
    pytest.importorskip("numpy")
    from kb.analysis import fingerprint as fp
    from kb.analysis.simulate_weights import fresh

    labels = ["s", "c", *(f"r{i}" for i in range(8))]
    roles = ["suspect", "candidate", *["reference"] * 8]
    pvalues: dict[str, list[float]] = {s: [] for s in fp.STATISTICS}
    for trial in range(NULLS):
        models = [fresh(trial, lab, layers=4, width=6) for lab in labels]
        names = sorted(n for n in models[0] if n.endswith("_proj.weight"))
        matrices = fp.pair_statistics(fp.measure_arrays(labels, models, names))
        (cand,) = fp.compare(matrices, roles, labels, alpha=ALPHA)
        for t in cand.tests:
            pvalues[t.statistic].append(t.p_value)
    for stat, ps in pvalues.items():
        assert _fpr(ps) <= MAX_FPR, stat
