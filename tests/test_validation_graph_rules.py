"""kb.validation.graph_rules: one case per KB3xx code, through `kb validate`'s engine."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kb.cli import app
from kb.validation.check import check
from tests.graph_helpers import actor, claim, incident, lineage_kb, model, no_response


def graph_diagnostics(root: Path) -> list[str]:
    return [d.as_text() for d in check(root, use_cache=False).diagnostics if d.code.startswith("KB3")]


def test_valid_lineage_kb_has_no_graph_diagnostics(tmp_path: Path) -> None:
    report = check(lineage_kb(tmp_path), use_cache=False)
    assert [d.as_text() for d in report.diagnostics] == []


def test_kb301_lineage_that_loops_through_claims(tmp_path: Path) -> None:
    actor(tmp_path, "lab-a")
    actor(tmp_path, "lab-b")
    model(tmp_path, "x", "lab-a")
    model(tmp_path, "y", "lab-b")
    incident(tmp_path, "2026-01-01-mutual", [("lab-a", "accuser"), ("lab-b", "accuser")],
             [claim("c1", "lab-b", "x", "distilled-from", "y"),
              claim("c2", "lab-a", "y", "distilled-from", "x")],
             responses=no_response("lab-a", "lab-b"))
    assert graph_diagnostics(tmp_path) == [
        "incidents/2026-01-01-mutual.yaml:23:17: warning KB301 claims[0].object: claimed lineage "
        "loops: x -> y -> x (first step: claim 2026-01-01-mutual#c1); two parties may accuse each "
        "other; check that each claim's subject and object are the right way round (subject "
        "derives from object)",
    ]


def test_kb301_ignores_refuted_claims(tmp_path: Path) -> None:
    actor(tmp_path, "lab-a")
    actor(tmp_path, "lab-b")
    model(tmp_path, "x", "lab-a")
    model(tmp_path, "y", "lab-b")
    incident(tmp_path, "2026-01-01-mutual", [("lab-a", "accuser"), ("lab-b", "accuser")],
             [claim("c1", "lab-b", "x", "distilled-from", "y", status="refuted"),
              claim("c2", "lab-a", "y", "distilled-from", "x")],
             responses=no_response("lab-a", "lab-b"))
    assert graph_diagnostics(tmp_path) == []


def test_kb302_teacher_released_later_through_an_undated_model(tmp_path: Path) -> None:
    for a in ("lab-a", "lab-b", "lab-c"):
        actor(tmp_path, a)
    model(tmp_path, "a", "lab-a", released="2023")
    model(tmp_path, "b", "lab-b", derived_from=[{"model": "c", "relation": "fine-tune"}])
    model(tmp_path, "c", "lab-c", released="2025-05")
    incident(tmp_path, "2026-01-01-claim", [("lab-c", "accuser")],
             [claim("c1", "lab-c", "a", "distilled-from", "b")], responses=no_response("lab-a"))
    assert graph_diagnostics(tmp_path) == [
        "incidents/2026-01-01-claim.yaml:19:17: error KB302 claims[0].object: 'a' (released 2023) "
        "derives through b (no release date) from 'c', released later (2025-05); check the release "
        "dates, or add the missing ones to the models in between",
    ]


def test_kb303_record_that_refers_to_itself(tmp_path: Path) -> None:
    lineage_kb(tmp_path)
    incident(tmp_path, "2026-02-01-again", [("lab-a", "accuser")],
             related=["2026-02-01-again", "2026-01-10-lab-a-accuses-lab-b"])
    assert graph_diagnostics(tmp_path) == [
        "incidents/2026-02-01-again.yaml:22:5: error KB303 related[0]: '2026-02-01-again' refers "
        "to itself; remove the entry, or name the other record meant",
    ]


def test_kb304_parent_organisations_that_loop(tmp_path: Path) -> None:
    lineage_kb(tmp_path)
    actor(tmp_path, "holding", parent="subsidiary")
    actor(tmp_path, "subsidiary", parent="holding")
    assert graph_diagnostics(tmp_path) == [
        "actors/holding.yaml:5:13: error KB304 parent: parent organisations loop: holding -> "
        "subsidiary -> holding; remove the wrong `parent`",
    ]


def test_kb305_accusation_within_one_organisation(tmp_path: Path) -> None:
    actor(tmp_path, "lab-a")
    actor(tmp_path, "lab-b")
    actor(tmp_path, "lab-a-research", parent="lab-a")
    model(tmp_path, "big", "lab-a")
    model(tmp_path, "small", "lab-a-research")
    incident(tmp_path, "2026-01-01-internal", [("lab-b", "accuser"), ("lab-a-research", "accused")],
             [claim("c1", "lab-b", "small", "distilled-from", "big")],
             responses=no_response("lab-a-research"))
    assert graph_diagnostics(tmp_path) == [
        "incidents/2026-01-01-internal.yaml:23:17: warning KB305 claims[0].object: claim 'c1' says "
        "'small' distilled-from 'big', but both belong to 'lab-a'; check the subject and object; "
        "a lab's own lineage is `self-declared`",
    ]


def test_kb306_actor_mentioned_by_no_record(tmp_path: Path) -> None:
    lineage_kb(tmp_path)
    actor(tmp_path, "lonely")
    assert graph_diagnostics(tmp_path) == [
        "actors/lonely.yaml:2:9: warning KB306 id: actor 'lonely' is not mentioned by any other "
        "record; link it from an incident, policy or model, or remove it",
    ]


def test_kb_validate_prints_graph_warnings_and_exits_0(tmp_path: Path) -> None:
    lineage_kb(tmp_path)
    actor(tmp_path, "lonely")
    result = CliRunner().invoke(app, ["validate", "--root", str(tmp_path), "--no-cache"])
    assert result.exit_code == 0
    assert "warning KB306" in result.stderr
    assert result.stdout == ""


def test_validation_does_not_import_networkx() -> None:
    """The graph checks run on validation facts so `kb validate` never pays for networkx."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import sys, kb.validation.check, kb.validation.graph_rules; "
                          "print('networkx' in sys.modules)"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
