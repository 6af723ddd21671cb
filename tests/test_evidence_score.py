"""The evidence score: each component moves for its documented reason, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.evidence.score import ClaimScore, band, score_incident
from kb.loading import load
from kb.records import Incident
from kb.yamlio.editor import update
from tests.evidence_helpers import INCIDENT, INCIDENT_ID, source_file

REPO = Path(__file__).resolve().parent.parent
ANTHROPIC_POST = "anthropic-2026-02-23-detecting-and-preventing-distillation-attacks"
"""The source record of Anthropic's own post (e2 of the fixture incident)."""


def scores(root: Path, verified: frozenset[str] = frozenset()) -> dict[str, ClaimScore]:
    kb = load(root)
    incident = kb.records[INCIDENT_ID]
    assert isinstance(incident, Incident)
    return {s.claim: s for s in score_incident(kb, incident, verified)}


def points(score: ClaimScore) -> dict[str, int]:
    return {c.key: c.points for c in score.components}


def edit(root: Path, *changes: tuple[tuple[str, str], object]) -> None:
    """Set fields of the sources that evidence items cite: ``((eid, field), value)``."""
    for (eid, field), value in changes:
        update(root / source_file(root, eid), [((field,), value)], before=("note",))


def ev(eid: str, field: str) -> tuple[str, str]:
    return (eid, field)


def test_anthropic_incident_breakdown(small_kb: Path) -> None:
    s = scores(small_kb)["c-deepseek"]
    assert points(s) == {"reliability": 0, "kind": 1, "first_hand": 0, "corroboration": 0,
                         "contradiction": 0, "captured": 0, "archived": 0}
    assert (s.total, s.maximum, s.band, s.status) == (1, 14, "thin", "alleged")
    assert "e2" in s.components.reliability.reason and "not read" in s.components.reliability.reason
    assert "no response from the accused is recorded" not in s.flags
    assert "the claimant is a party to the dispute" in s.flags


def test_reading_the_primary_source_raises_reliability_kind_and_first_hand(small_kb: Path) -> None:
    edit(small_kb, (ev("e2", "reviewed"), True))
    s = scores(small_kb)["c-deepseek"]
    assert {k: points(s)[k] for k in ("reliability", "kind", "first_hand")} == \
        {"reliability": 4, "kind": 2, "first_hand": 1}


def test_second_hand_reports_of_the_claim_count_once_with_the_claimant(small_kb: Path) -> None:
    """e4 and e9 are news reports of Anthropic's statement: no independent origin."""
    s = scores(small_kb)["c-deepseek"]
    assert points(s)["corroboration"] == 0
    assert "e2+e4+e9" in s.components.corroboration.reason
    assert any(f.startswith("every supporting source traces back to the claimant") for f in s.flags)
    assert any("second-hand report" in f for f in s.flags)


def test_a_first_hand_report_is_an_independent_origin(small_kb: Path) -> None:
    edit(small_kb, (ev("e4", "first_hand"), True))
    assert points(scores(small_kb)["c-deepseek"])["corroboration"] == 1


def test_outlet_repeating_the_claimant_is_not_corroboration(small_kb: Path) -> None:
    edit(small_kb, (ev("e4", "first_hand"), True), (ev("e9", "first_hand"), True),
         (ev("e4", "relays"), [ANTHROPIC_POST]))
    s = scores(small_kb)["c-deepseek"]
    assert points(s)["corroboration"] == 1  # only e9 is left besides Anthropic's own post


def test_relayed_sources_add_no_independent_origin(small_kb: Path) -> None:
    for eid in ("e4", "e9"):
        edit(small_kb, (ev(eid, "first_hand"), True), (ev(eid, "relays"), [ANTHROPIC_POST]))
    s = scores(small_kb)["c-deepseek"]
    assert points(s)["corroboration"] == 0
    assert any(f.startswith("every supporting source traces back to the claimant") for f in s.flags)


def test_a_relays_chain_counts_once_with_its_origin(small_kb: Path) -> None:
    """e9 repeats e4, which repeats a first-hand outlet no claim cites: e4 and e9 are one origin."""
    cnn = "cnn-anthropic-chinese-ai-distillation-intl-hnk"
    update(small_kb / f"sources/{cnn}.yaml", [(("first_hand",), True)], before=("note",))
    edit(small_kb, (ev("e4", "relays"), [cnn]), (ev("e9", "relays"), ["blocknews-p-75077"]))
    s = scores(small_kb)["c-deepseek"]
    assert points(s)["corroboration"] == 1
    assert "(e4+e9)" in s.components.corroboration.reason


def test_a_source_by_the_claimant_is_its_own_whatever_the_publisher_string(small_kb: Path) -> None:
    edit(small_kb, (ev("e4", "first_hand"), True), (ev("e9", "first_hand"), True),
         (ev("e4", "by"), "anthropic"))
    s = scores(small_kb)["c-deepseek"]
    assert points(s)["corroboration"] == 1
    assert "e2+e4" in s.components.corroboration.reason


def test_a_relays_loop_does_not_hang_the_score(small_kb: Path) -> None:
    americanfocus = source_file(small_kb, "e9").removeprefix("sources/").removesuffix(".yaml")
    edit(small_kb, (ev("e4", "first_hand"), True), (ev("e9", "first_hand"), True),
         (ev("e4", "relays"), [americanfocus]), (ev("e9", "relays"), ["blocknews-p-75077"]))
    assert points(scores(small_kb)["c-deepseek"])["corroboration"] == 1


def test_denial_on_record_subtracts(small_kb: Path) -> None:
    update(small_kb / INCIDENT, [(("responses", {"party": "deepseek"}, "stance"), "denied")])
    all_scores = scores(small_kb)
    assert points(all_scores["c-deepseek"])["contradiction"] == -2
    assert points(all_scores["c-minimax"])["contradiction"] == 0  # a denial by someone else


def test_verified_capture_and_archive_add_points(small_kb: Path) -> None:
    sha = "ab" * 32
    edit(small_kb, (ev("e4", "sha256"), sha), (ev("e4", "archives"), ["https://web.archive.org/x"]))
    assert points(scores(small_kb, frozenset({sha}))["c-deepseek"])["captured"] == 1
    unverified = scores(small_kb)["c-deepseek"]
    assert points(unverified)["captured"] == 0
    assert "not verified: e4" in unverified.components.captured.reason
    assert points(unverified)["archived"] == 1


def test_score_never_changes_status(small_kb: Path) -> None:
    before = (small_kb / INCIDENT).read_bytes()
    kb = load(small_kb)
    incident = kb.records[INCIDENT_ID]
    assert isinstance(incident, Incident)
    for claim, s in zip(incident.claims, score_incident(kb, incident), strict=True):
        assert s.status == claim.status
    assert (small_kb / INCIDENT).read_bytes() == before


@pytest.mark.parametrize("total,label", [(0, "thin"), (3, "thin"), (4, "moderate"),
                                         (7, "moderate"), (8, "substantial"), (14, "substantial")])
def test_bands(total: int, label: str) -> None:
    assert band(total) == label


INCIDENTS = sorted((REPO / "incidents").glob("*.yaml"))


@pytest.mark.parametrize("path", INCIDENTS, ids=lambda p: p.stem)
def test_every_real_incident_scores_within_bounds(path: Path) -> None:
    kb = load(REPO)
    incident = kb.records.get(path.stem)
    if not isinstance(incident, Incident):
        pytest.skip("record does not load cleanly (kb validate reports it)")
    for s in score_incident(kb, incident):
        assert 0 <= s.total <= s.maximum
        assert sum(c.points for c in s.components) <= s.total or s.total == 0


def test_cli_prints_a_breakdown_for_the_anthropic_incident() -> None:
    result = CliRunner().invoke(app, ["evidence", "score", INCIDENT_ID, "--root", str(REPO)])
    assert result.exit_code == 0, result.stderr
    assert "c-deepseek: anthropic says deepseek extracted-outputs-from claude" in result.stdout
    assert "evidence score" in result.stdout and "source reliability" in result.stdout
    assert "never changes a claim's status" in result.stderr


def test_cli_unknown_incident_is_an_error(small_kb: Path) -> None:
    result = CliRunner().invoke(app, ["evidence", "score", INCIDENT_ID[:-2], "--root",
                                      str(small_kb)])
    assert result.exit_code == 2 and "KB402" in result.stderr and "did you mean" in result.stderr


def test_cli_json(small_kb: Path) -> None:
    import json

    result = CliRunner().invoke(app, ["evidence", "score", "--root", str(small_kb), "-f", "json"])
    data = json.loads(result.stdout)
    assert [s["claim"] for s in data[INCIDENT_ID]] == ["c-deepseek", "c-moonshot", "c-minimax"]


def test_rubric_page_states_the_points_the_code_uses() -> None:
    from kb.evidence.score import BANDS, RELIABILITY_POINTS

    page = (REPO / "docs/methodology/evidence-score.md").read_text("utf-8")
    grades = ", ".join(f"{g} {p}" for g, p in RELIABILITY_POINTS.items())
    assert grades in page
    assert "The maximum is **14**" in page
    for floor, label in BANDS:
        assert f"| {floor} " in page and label in page


def test_cli_scores_a_policy_claim() -> None:
    policy = "2026-04-23-ostp-nstm-4-adversarial-distillation-memo"
    result = CliRunner().invoke(app, ["evidence", "score", policy, "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(policy) and "evidence score" in result.stdout
