"""Mermaid diagrams (kb.site.diagram): claims as boxes saying who claims and how sure, never
overlapping labels, not-supported claims dashed and grey."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from kb.loading import load
from kb.records import Incident, Model
from kb.site.claimstyle import GREY, NOT_SUPPORTED, not_supported
from kb.site.context import build_context
from kb.site.diagram import incident_diagram, model_diagram

INCIDENT = "2026-02-23-anthropic-claude-distillation"


def _diagrams(root: Path) -> tuple[str, str]:
    ctx = build_context(load(root), None)
    incident, model = ctx.by_id[INCIDENT], ctx.by_id["claude"]
    assert isinstance(incident, Incident) and isinstance(model, Model)
    return incident_diagram(ctx, incident), model_diagram(ctx, model)


def _with_status(root: Path, claim: str, status: str) -> Path:
    path = root / "incidents" / f"{INCIDENT}.yaml"
    text = path.read_text("utf-8")
    head, _, rest = text.partition(f"  - id: {claim}\n")
    path.write_text(head + f"  - id: {claim}\n" + rest.replace("status: alleged", f"status: {status}", 1),
                    "utf-8")
    return root


def test_every_claim_is_a_box_that_names_its_claimant_and_status(small_kb: Path) -> None:
    for diagram in _diagrams(small_kb):
        boxes = re.findall(r'^  c\d+\["(.*)"\]:::(claim|unsupported)$', diagram, re.M)

        assert len(boxes) == 3
        assert all("alleged#44; claimed by Anthropic" in text for text, _ in boxes)


def test_no_two_labelled_arrows_join_the_same_pair(small_kb: Path) -> None:
    for diagram in _diagrams(small_kb):
        direct = re.findall(r"^  (n\d+) -->\|.*\| (n\d+)$", diagram, re.M)

        assert direct and max(Counter(direct).values()) == 1


@pytest.mark.parametrize("status", sorted(NOT_SUPPORTED))
def test_a_not_supported_claim_is_dashed_grey_and_says_its_status(small_kb: Path, status: str) -> None:
    for diagram in _diagrams(_with_status(small_kb, "c-moonshot", status)):
        weak = re.search(r'^  (c\d+)\["(.*)"\]:::unsupported$', diagram, re.M)

        assert weak is not None and f"{status}#44; claimed by Anthropic" in weak.group(2)
        box = weak.group(1)
        assert re.search(rf"^  n\d+ -\.- {box} -\.-> n\d+$", diagram, re.M)
        links = [line for line in diagram.splitlines() if line.startswith("  n") and "-" in line]
        index = next(i for i, line in enumerate(links) if f" {box} " in line) * 2
        assert f"linkStyle {index},{index + 1} stroke:{GREY}," in diagram
        assert "stroke-dasharray" in diagram
        assert diagram.count(":::unsupported") == 1


def test_not_supported_means_unsubstantiated_refuted_or_retracted() -> None:
    assert {s for s in ("alleged", "disputed", "denied", "corroborated", "confirmed", "refuted",
                        "retracted", "self-declared", "unsubstantiated") if not_supported(s)} == {
        "unsubstantiated", "refuted", "retracted"}
