"""Power on the simulation: radioactivity finds a student that trained on >= 10% watermarked text."""

from __future__ import annotations

import pytest

from kb.analysis.simulate import radioactivity_trial

SMALL = {"train_tokens": 40_000, "output_tokens": 10_000, "vocab_size": 3000}


@pytest.mark.parametrize("seed", range(4))
def test_a_student_with_ten_percent_watermarked_training_text_is_detected(seed: int) -> None:
    r = radioactivity_trial(0.10, seed, **SMALL)
    assert r.student_log10_p < -3  # p < 1e-3
    assert r.independent_log10_p > -3


def test_a_student_without_watermarked_training_text_is_not_detected() -> None:
    r = radioactivity_trial(0.0, 0, **SMALL)
    assert r.student_log10_p > -3
