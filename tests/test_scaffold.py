"""`kb new`: collision-free ids, commented templates whose placeholders fail validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.workflow.scaffold import ScaffoldError, make_id, scaffold, slugify

runner = CliRunner()


def new(root: Path, *args: str) -> object:
    return runner.invoke(app, ["new", *args, "--root", str(root)])


def validate(root: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", "--root", str(root), "--no-cache"])
    return result.exit_code, result.stderr


@pytest.mark.parametrize(("title", "slug"), [
    ("Anthropic alleges DeepSeek distilled Claude", "anthropic-alleges-deepseek-distilled-claude"),
    ("Zürich  --  Model!", "zurich-model"),
    ("a" * 70, "a" * 60),
    ("one two three " * 10, "one-two-three-one-two-three-one-two-three-one-two-three-one"),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_incident_and_policy_ids_start_with_the_date() -> None:
    assert make_id("incident", "Acme leak", "2026-03-01") == "2026-03-01-acme-leak"
    assert make_id("policy", "Acme Act", "2026-03") == "2026-03-acme-act"
    assert make_id("actor", "Acme AI", "2026-03-01") == "acme-ai"


@pytest.mark.parametrize("kind", ["incident", "policy", "actor", "model", "dataset"])
def test_new_record_fails_validation_until_filled_in(small_kb: Path, kind: str) -> None:
    result = new(small_kb, kind, "--title", f"Acme {kind}", "--date", "2026-03-01")
    assert result.exit_code == 0, result.stderr
    rel = result.stdout.strip()
    path = small_kb / rel
    text = path.read_text()
    assert text.startswith(f"# yaml-language-server: $schema=../schemas/{kind}.schema.json\n")
    assert "TODO" in text
    assert "kb validate --changed" in result.stderr
    code, out = validate(small_kb)
    assert code == 1
    assert rel in out


@pytest.mark.parametrize("kind", ["incident", "policy", "actor", "model"])
def test_one_validate_run_lists_every_placeholder_of_a_new_record(small_kb: Path, kind: str) -> None:
    """Every line of a fresh scaffold that holds a TODO value gets its diagnostic in the first
    run: placeholders in text fields (KB601) are not held back by type errors elsewhere."""
    rel = new(small_kb, kind, "--title", f"Acme {kind}", "--date", "2026-03-01").stdout.strip()
    lines = (small_kb / rel).read_text().splitlines()
    todo_lines = {n for n, line in enumerate(lines, 1)
                  if "TODO" in line.split(" #")[0] and not line.lstrip().startswith("#")}
    # a block scalar's TODO sits on the line after its key; the diagnostic names the key's line
    todo_lines = {n - 1 if lines[n - 2].rstrip().endswith(("|", ">-", ">")) else n for n in todo_lines}
    _code, out = validate(small_kb)
    reported = {int(line.split(":")[1]) for line in out.splitlines() if line.startswith(rel + ":")}
    assert todo_lines and todo_lines <= reported


def test_filled_in_actor_validates(small_kb: Path) -> None:
    """Once every TODO is replaced, the scaffold is a valid record (placeholders are the only
    problems it has)."""
    result = new(small_kb, "actor", "--title", "Acme AI")
    path = small_kb / result.stdout.strip()
    text = path.read_text()
    code, out = validate(small_kb)
    assert code == 1 and "KB104" in out  # kind: TODO is not an actor kind
    assert "KB125" in out  # jurisdiction: ['TODO'] is not a country or region code
    text = text.replace("kind: TODO", "kind: company").replace("['TODO']", "['US']")
    path.write_text(text)
    code, out = validate(small_kb)
    assert code == 1
    assert out.count("KB601") == 1  # summary
    text = text.replace("TODO: one sentence saying who this is.",
                                                        "A test company.")
    path.write_text(text)
    code, out = validate(small_kb)
    assert code == 0, out


def test_filled_in_dataset_validates(small_kb: Path) -> None:
    result = new(small_kb, "dataset", "--title", "Acme samples", "--date", "2026-03-01")
    path = small_kb / result.stdout.strip()
    text = path.read_text()
    for old, value in [("creator: TODO", "creator: deepseek"),
                       ("generated_by: []", "generated_by: [{model: claude, evidence: [e1]}]"),
                       ("source: TODO", "source: blocknews-p-75077"),
                       ("TODO: ", "Filled in: ")]:
        assert old in text, old
        text = text.replace(old, value, 1)
    path.write_text(text)
    code, out = validate(small_kb)
    assert code == 0, out


def test_filled_in_incident_validates(small_kb: Path) -> None:
    result = new(small_kb, "incident", "--title", "Acme test incident", "--date", "2026-03-01")
    path = small_kb / result.stdout.strip()
    text = path.read_text()
    for old, value in [("kind: TODO", "kind: allegation"),
                       ("  - actor: TODO\n    role: accuser", "  - actor: anthropic\n    role: accuser"),
                       ("  - actor: TODO\n    role: accused", "  - actor: deepseek\n    role: accused"),
                       ("claimant: TODO", "claimant: anthropic"), ("subject: TODO", "subject: deepseek"),
                       ("predicate: TODO", "predicate: distilled-from"), ("object: TODO", "object: claude"),
                       ("party: TODO", "party: deepseek"),
                       ("source: TODO", "source: blocknews-p-75077")]:
        assert old in text, old
        text = text.replace(old, value, 1)
    path.write_text(text)
    code, out = validate(small_kb)
    assert code == 1
    assert {line.split()[2] for line in out.splitlines() if " error " in line} == {"KB601"}
    text = text.replace("TODO: ", "Filled in: ")
    path.write_text(text)
    code, out = validate(small_kb)
    assert code == 0, out


def test_new_source_is_named_by_publisher_date_and_title_and_validates_once_filled(
        small_kb: Path) -> None:
    result = new(small_kb, "source", "--url", "https://example.org/2026/acme-story.html", "--title",
                 "Acme says: a story", "--publisher", "Example Times", "--date", "2026-03-01")
    assert result.exit_code == 0, result.stderr
    rel = result.stdout.strip()
    assert rel == "sources/example-times-2026-03-01-acme-says-a-story.yaml"
    path = small_kb / rel
    code, out = validate(small_kb)
    assert code == 1 and "KB104 kind" in out  # the TODO fails until it is filled in
    path.write_text(path.read_text().replace("kind: TODO", "kind: news"))
    code, out = validate(small_kb)
    assert code == 0 and "warning KB223" in out  # valid; cited by no record yet


def test_new_source_without_title_is_named_from_the_address(small_kb: Path) -> None:
    result = new(small_kb, "source", "--url", "https://news.example/world/big-story/?utm=x")
    assert result.stdout.strip() == "sources/news-example-big-story.yaml"
    assert "title: TODO" in (small_kb / result.stdout.strip()).read_text()


@pytest.mark.parametrize(("args", "code", "message"), [
    (["source", "--url", "https://BlockNews.com/?p=75077#top"], 2,
     "already has a source record: sources/blocknews-p-75077.yaml"),
    (["source", "--url", "javascript:alert(1)"], 2, "is not an http(s) URL"),
    (["source", "--title", "x"], 2, "kb new source needs --url"),
    (["incident", "--title", "x", "--url", "https://example.org/"], 2, "are for kb new source"),
])
def test_bad_source_input_writes_nothing(small_kb: Path, args: list[str], code: int,
                                         message: str) -> None:
    before = sorted(p.relative_to(small_kb) for p in small_kb.rglob("*"))
    result = new(small_kb, *args)
    assert result.exit_code == code and message in result.stderr
    assert sorted(p.relative_to(small_kb) for p in small_kb.rglob("*")) == before


@pytest.mark.parametrize(("args", "code", "message"), [
    (["incident", "--title", "!!!"], "KB606", "no ASCII letters or digits"),
    (["incident", "--title", "中文标题"], "KB606", "no ASCII letters or digits"),
    (["actor", "--title", "Anthropic"], "KB607", "already used by actors/anthropic.yaml"),
    (["model", "--id", "anthropic"], "KB607", "already used by actors/anthropic.yaml"),
    (["report", "--title", "x"], "KB610", "unknown kind 'report'"),
    (["incident", "--title", "x", "--date", "2026-02-30"], "KB609", "is not a date"),
    (["incident", "--title", "x", "--id", "Bad_Id"], "KB606", "is not a valid id"),
    (["incident"], "KB610", "give a --title"),
])
def test_bad_input_is_a_coded_usage_error_and_writes_nothing(small_kb: Path, args: list[str],
                                                             code: str, message: str) -> None:
    before = sorted(p.relative_to(small_kb) for p in small_kb.rglob("*"))
    result = new(small_kb, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kb: error {code} ") and message in result.stderr
    assert result.stdout == ""
    assert sorted(p.relative_to(small_kb) for p in small_kb.rglob("*")) == before


def test_refuses_a_former_id_of_another_record(small_kb: Path) -> None:
    assert runner.invoke(app, ["mv", "minimax", "minimax-ai", "--root", str(small_kb)]).exit_code == 0
    result = new(small_kb, "actor", "--title", "MiniMax")
    assert result.exit_code == 2
    assert "former id of 'minimax-ai'" in result.stderr
    assert not (small_kb / "actors" / "minimax.yaml").exists()


def test_refuses_to_overwrite(small_kb: Path) -> None:
    scaffold(small_kb, "model", title="Acme One")
    target = small_kb / "models" / "acme-one.yaml"
    target.write_text("edited\n")
    with pytest.raises(ScaffoldError):
        scaffold(small_kb, "model", title="Acme One")
    assert target.read_text() == "edited\n"


def test_same_day_different_titles_do_not_collide(small_kb: Path) -> None:
    a = scaffold(small_kb, "incident", title="First report", date="2026-03-01")
    b = scaffold(small_kb, "incident", title="Second report", date="2026-03-01")
    assert a != b and a.exists() and b.exists()
