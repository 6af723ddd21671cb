"""Weight fingerprints on small generated checkpoints: lineage found only against references;
mismatched layers, shapes, NaN weights and unreadable files are diagnostics, not tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("safetensors")

from safetensors.numpy import save_file  # noqa: E402

from kb.analysis import fingerprint as fp  # noqa: E402
from kb.analysis.simulate_weights import finetuned, fresh  # noqa: E402


@pytest.fixture(scope="module")
def ckpts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("weights")
    teacher = fresh(1, "teacher", layers=6, width=16)
    models = {
        "teacher": teacher,
        "student": finetuned(teacher, 1, "student"),
        "independent": fresh(1, "independent", layers=6, width=16),
    }
    models |= {f"ref-{i}": fresh(1, f"ref-{i}", layers=6, width=16) for i in range(8)}
    out = {}
    for name, tensors in models.items():
        out[name] = root / f"{name}.safetensors"
        save_file(tensors, str(out[name]))
    return out


def _open(paths: dict[str, Path], suspect: str) -> list[fp.Checkpoint]:
    names = [suspect, "teacher", *(f"ref-{i}" for i in range(8))]
    roles = ["suspect", "candidate", *["reference"] * 8]
    return [fp.open_checkpoint(paths[n], r, n) for n, r in zip(names, roles, strict=True)]


def _tests(paths: dict[str, Path], suspect: str, chunk: int = fp.CHUNK_BYTES) -> fp.CandidateTest:
    cs = _open(paths, suspect)
    measured = fp.measure(cs, fp.select(cs, fp.DEFAULT_TENSORS), chunk)
    (test,) = fp.compare(
        fp.pair_statistics(measured), [c.role for c in cs], [c.label for c in cs], alpha=0.05
    )
    return test


def test_a_finetuned_student_is_consistent_with_its_parent(ckpts: dict[str, Path]) -> None:
    test = _tests(ckpts, "student")
    cosine = next(t for t in test.tests if t.statistic == "weight_cosine")
    assert cosine.observed > 0.9 and cosine.null_at_least_observed == 0
    assert cosine.verdict == "consistent-with"


def test_an_independent_model_is_not_distinguishable_from_the_references(ckpts: dict[str, Path]) -> None:
    assert {t.verdict for t in _tests(ckpts, "independent").tests} == {"not-distinguishable-from-references"}


def test_unrelated_models_std_profiles_correlate_too(ckpts: dict[str, Path]) -> None:
    """The rebuttal in the Pangu case: the raw correlation is high without any lineage."""
    corr = next(t for t in _tests(ckpts, "independent").tests if t.statistic == "std_profile_correlation")
    assert corr.null_mean > 0.5


def test_reading_in_small_chunks_gives_the_same_numbers(ckpts: dict[str, Path]) -> None:
    big, small = _tests(ckpts, "student"), _tests(ckpts, "student", chunk=64)
    assert [t.observed for t in big.tests] == pytest.approx([t.observed for t in small.tests], rel=1e-9)


def test_the_smallest_reachable_p_depends_on_the_reference_count() -> None:
    assert fp.min_p(["suspect", "candidate", "reference", "reference"]) == pytest.approx(1 / 6)


def _save(path: Path, tensors: dict[str, object]) -> Path:
    save_file(tensors, str(path))  # type: ignore[arg-type]
    return path


def test_mismatched_layer_names_are_an_error(ckpts: dict[str, Path], tmp_path: Path) -> None:
    other = fresh(2, "x", layers=5, width=16)
    cs = [
        fp.open_checkpoint(ckpts["teacher"], "suspect", "a"),
        fp.open_checkpoint(_save(tmp_path / "b.safetensors", other), "reference", "b"),
    ]
    with pytest.raises(fp.FingerprintError) as err:
        fp.select(cs, fp.DEFAULT_TENSORS)
    assert err.value.diagnostic.code == "KB562"
    assert "model.layers.5" in err.value.diagnostic.message


def test_mismatched_shapes_are_an_error(ckpts: dict[str, Path], tmp_path: Path) -> None:
    other = fresh(2, "x", layers=6, width=8)
    cs = [
        fp.open_checkpoint(ckpts["teacher"], "suspect", "a"),
        fp.open_checkpoint(_save(tmp_path / "b.safetensors", other), "reference", "b"),
    ]
    with pytest.raises(fp.FingerprintError) as err:
        fp.select(cs, fp.DEFAULT_TENSORS)
    assert err.value.diagnostic.code == "KB563"


def test_nan_weights_are_an_error_naming_the_tensor(ckpts: dict[str, Path], tmp_path: Path) -> None:
    bad = fresh(1, "teacher", layers=6, width=16)
    bad["model.layers.3.self_attn.k_proj.weight"][2, 2] = np.nan
    cs = [
        fp.open_checkpoint(ckpts["teacher"], "suspect", "a"),
        fp.open_checkpoint(_save(tmp_path / "nan.safetensors", bad), "candidate", "nan"),
    ]
    with pytest.raises(fp.FingerprintError) as err:
        fp.measure(cs, fp.select(cs, fp.DEFAULT_TENSORS))
    d = err.value.diagnostic
    assert (d.code, d.file) == ("KB564", cs[1].display)
    assert "model.layers.3.self_attn.k_proj.weight" in d.message


def test_a_file_that_is_not_safetensors_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "model.safetensors"
    bad.write_bytes(b"PK\x03\x04 not a checkpoint")
    with pytest.raises(fp.FingerprintError) as err:
        fp.open_checkpoint(bad, "suspect", "s")
    assert err.value.diagnostic.code == "KB561"


def test_a_pattern_matching_nothing_is_an_error(ckpts: dict[str, Path]) -> None:
    cs = _open(ckpts, "student")
    with pytest.raises(fp.FingerprintError) as err:
        fp.select(cs, r"c_attn")
    assert err.value.diagnostic.code == "KB565"
