"""The report artefact: deterministic bytes, input hashes, parameters, version, caveats always."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from kb import __version__
from kb.analysis import report
from kb.analysis.transcripts import Transcript, load_transcript
from tests.transcripts_synth import write

FAST = report.Parameters(bootstrap=30, permutations=500)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write(tmp_path_factory.mktemp("synth"))


def _load(files: dict[str, Path], name: str, role: str, vendor: str | None = None) -> Transcript:
    loaded = load_transcript(files[name], role, name, own_vendor=vendor)  # type: ignore[arg-type]
    assert loaded.transcript is not None
    return loaded.transcript


def _build(
    files: dict[str, Path],
    suspect: str = "student",
    baselines: tuple[str, ...] = ("base-a", "base-b", "base-c"),
    params: report.Parameters = FAST,
) -> dict[str, object]:
    return report.build(
        _load(files, suspect, "suspect"),
        [_load(files, "teacher", "candidate", "anthropic"), _load(files, "other", "candidate")],
        [_load(files, b, "baseline") for b in baselines],
        params,
    )


@pytest.fixture(scope="module")
def built(files: dict[str, Path]) -> dict[str, dict[str, object]]:
    return {"student": _build(files), "independent": _build(files, "independent")}


def test_same_inputs_give_the_same_bytes(files: dict[str, Path], built: dict[str, dict[str, object]]) -> None:
    a, b = built["student"], _build(files)
    assert report.to_json(a) == report.to_json(b)
    assert report.to_markdown(a) == report.to_markdown(b)


def test_inputs_parameters_and_version_are_recorded(
    files: dict[str, Path], built: dict[str, dict[str, object]]
) -> None:
    r = built["student"]
    inputs = {i["label"]: i for i in r["inputs"]}  # type: ignore[union-attr]
    assert inputs["student"]["sha256"] == hashlib.sha256(files["student"].read_bytes()).hexdigest()
    assert inputs["student"]["file"] == "student.jsonl"  # the name, never a machine path
    assert inputs["teacher"]["own_vendor"] == "anthropic"
    assert r["parameters"] == {
        "seed": 20260223,
        "bootstrap": 30,
        "permutations": 500,
        "alpha": 0.05,  # type: ignore[comparison-overlap]
        "ngram": 3,
        "top_ngrams": 300,
        "ncd_max_bytes": 12000,
        "min_relative_margin": 0.1,
        "max_bytes": 64 * 1024 * 1024,
    }
    assert r["tool"] == {"name": "distillation-kb", "command": "kb evidence analyze", "version": __version__}
    text = report.to_json(r)
    assert json.loads(text) == r
    assert list(json.loads(text)) == sorted(json.loads(text))


def test_the_only_timestamps_come_from_the_inputs(built: dict[str, dict[str, object]]) -> None:
    text = report.to_json(built["student"])
    assert text.count("T00:00:00Z") == 2 * 6  # first/last collected_at of each of the 6 inputs
    assert "2026-01-01T00:00:00Z" in text


def test_caveats_appear_even_when_methods_are_refused(files: dict[str, Path]) -> None:
    r = _build(files, baselines=("base-a",))  # 3 references: Delta runs
    r2 = report.build(
        _load(files, "student", "suspect"), [_load(files, "teacher", "candidate")], [], FAST
    )  # 1 reference: Delta refused, no baselines
    for rep in (r, r2):
        caveats = rep["caveats"]
        assert set(caveats) == {"general", "self_identification", "stylometry", "paired_prompt_test"}  # type: ignore[arg-type]
        md = report.to_markdown(rep)
        assert "## Caveats" in md and "designed and validated for fine-tune derivation" in md
    assert [w["code"] for w in r2["warnings"]] == ["KB521", "KB523"]  # type: ignore[union-attr]
    assert r2["summary"]["teacher"]["stance"] == "context"  # type: ignore[index]


def test_wording_never_claims_proof(built: dict[str, dict[str, object]]) -> None:
    for r in built.values():
        text = (report.to_json(r) + report.to_markdown(r)).lower()
        for allowed in ("none proves or disproves", "does not disprove", "does not prove", "never proves"):
            text = text.replace(allowed, "")
        assert not re.search(r"\b(?:prove[sn]?|proof|confirm(?:s|ed)?)\b", text)


def test_worked_example_verdicts(built: dict[str, dict[str, object]]) -> None:
    distilled = built["student"]["summary"]
    assert distilled["teacher"]["stance"] == "supports"  # type: ignore[index]
    assert set(distilled["teacher"]["methods"].values()) == {"consistent-with"}  # type: ignore[index]
    assert distilled["other"]["stance"] == "context"  # type: ignore[index]
    independent = built["independent"]["summary"]
    assert independent["teacher"]["stance"] == "context"  # type: ignore[index]
    assert "consistent-with" not in independent["teacher"]["methods"].values()  # type: ignore[index]
