"""A third-party validator (check-jsonschema) with the generated schemas agrees with `kb validate`
on every record and on every schema-level error case.

"Schema-level" means a KB1xx diagnostic (a record's fields: unknown or missing field, wrong type,
value outside a vocabulary, id/date/URL shape, length). Where they differ, it is listed here
and in docs/contributing.md, and tested, so the difference cannot grow silently:

* kb-only checks, which JSON Schema cannot express: calendar validity ('2026-02-30') and the
  date range (1950 to today), URL credentials, bidirectional control, control and invisible
  characters (in text and in URLs), host names beyond ASCII, infinite figures (`.inf`), and
  integers written as 1.0 (JSON Schema counts 1.0 as an integer). (That an unreviewed source
  says where it was seen cited is a validation rule, KB111, not a field check.)
* Reading YAML: kb reads the YAML 1.2 core schema; check-jsonschema reads with ruamel.yaml,
  which also takes `1_000` and `0b101` for numbers and refuses a plain `=`. `kb fmt` quotes
  all of these, so after formatting both read the same text. (Unquoted dates and `NO` are
  read as text by both: check-jsonschema keeps timestamps as strings.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.loading import build_record, discover
from kb.records import KINDS
from kb.workflow.fmt import format_source
from kb.yamlio.reader import parse_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "small_kb"
REPO = Path(__file__).resolve().parent.parent
ACTOR = (FIXTURES / "actors" / "anthropic.yaml").read_text()
INCIDENT = (FIXTURES / "incidents" / "2026-02-23-anthropic-claude-distillation.yaml").read_text()
SOURCE = (FIXTURES / "sources" / "anthropic-2026-02-23-detecting-and-preventing-distillation-attacks.yaml"
          ).read_text()

AGREE, KB_ONLY, READER = "agree", "kb-only", "reader"


@dataclass(frozen=True)
class Case:
    name: str
    folder: str
    text: str
    expect: str
    kb_rejects: bool = True


def actor(old: str, new: str) -> str:
    assert old in ACTOR, old
    return ACTOR.replace(old, new, 1)


def source(old: str, new: str) -> str:
    assert old in SOURCE, old
    return SOURCE.replace(old, new, 1)


def incident(old: str, new: str) -> str:
    assert old in INCIDENT, old
    return INCIDENT.replace(old, new, 1)


CASES = [
    Case("valid-actor", "actors", ACTOR, AGREE, kb_rejects=False),
    Case("valid-incident", "incidents", INCIDENT, AGREE, kb_rejects=False),
    Case("unknown-field", "actors", actor("name: Anthropic", "name: Anthropic\nnmae: x"), AGREE),
    Case("missing-required", "actors", actor("name: Anthropic\n", ""), AGREE),
    Case("not-in-vocabulary", "actors", actor("kind: company", "kind: firm"), AGREE),
    Case("bad-id", "actors", actor("id: anthropic", "id: Anthropic_AI"), AGREE),
    Case("date-shape", "actors", actor("sources_reviewed_up_to: '2026-11-29'",
                                       "sources_reviewed_up_to: Nov 2026"), AGREE),
    Case("url-scheme", "actors", actor("summary:", "website: ftp://example.org/\nsummary:"), AGREE),
    Case("number-for-text", "actors", actor("name: Anthropic", "name: 42"), AGREE),
    Case("text-for-list", "actors", actor("jurisdiction: ['US']", "jurisdiction: US"), AGREE),
    Case("empty-text", "actors", actor("name: Anthropic", "name: ''"), AGREE),
    Case("text-too-long", "actors", actor("name: Anthropic", "name: " + "a" * 2001), AGREE),
    Case("wikidata-shape", "actors", actor("summary:", "wikidata: Q0\nsummary:"), AGREE),
    Case("valid-source", "sources", SOURCE, AGREE, kb_rejects=False),
    Case("text-for-boolean", "sources", source("first_hand: true", "first_hand: 'yes'"), AGREE),
    Case("reliability", "sources", source("reliability: B", "reliability: G"), AGREE),
    Case("language-tag", "sources", source("kind:", "language: English\nkind:"), AGREE),
    Case("min-items", "incidents", incident("    evidence: [e1]\n", "    evidence: []\n"), AGREE),
    Case("negative-count", "incidents", incident("    value: 24000", "    value: -1"), AGREE),
    Case("yes-is-text", "sources", source("first_hand: true", "first_hand: yes"), AGREE),
    Case("unquoted-date", "actors", actor("'2026-11-29'", "2026-11-29"), AGREE, kb_rejects=False),
    Case("unquoted-NO", "actors", actor("['US']", "[NO]"), AGREE, kb_rejects=False),
    Case("calendar-date", "actors", actor("'2026-11-29'", "'2026-02-30'"), KB_ONLY),
    Case("url-credentials", "actors",
         actor("summary:", "website: https://user:secret@example.org/\nsummary:"), KB_ONLY),
    Case("bidi-control", "actors", actor("name: Anthropic", "name: \"Anth\\u202eropic\""), KB_ONLY),
    Case("future-date", "actors", actor("'2026-11-29'", "'2099-11-29'"), KB_ONLY),
    Case("control-character", "actors", actor("name: Anthropic", "name: \"Anthropic\\e]0;x\\a\""),
         KB_ONLY),
    Case("invisible-character", "actors", actor("name: Anthropic", "name: \"Anthro\\u200bpic\""),
         KB_ONLY),
    Case("url-invisible-character", "actors",
         actor("summary:", "website: \"https://example.org/\\u202eexe\"\nsummary:"), KB_ONLY),
    Case("url-host-not-ascii", "actors",
         actor("summary:", "website: \"https://\\u0430nthropic.com/\"\nsummary:"), KB_ONLY),
    Case("mixed-script-word", "actors", actor("name: Anthropic", "name: \"Anthr\\u043epic\""),
         KB_ONLY),
    Case("non-finite-figure", "incidents", incident("    value: 24000", "    value: .inf"), KB_ONLY),
    Case("url-quote", "actors", actor("summary:", "website: 'https://example.org/\"a'\nsummary:"),
         AGREE),
    Case("unknown-jurisdiction", "actors", actor("['US']", "['USA']"), AGREE),
    Case("float-for-integer", "incidents",
         incident("crosswalk:\n", "crosswalk:\n  aiid: [1.0]\n"), KB_ONLY),
    Case("underscore-number", "actors", actor("name: Anthropic", "name: 1_000"), READER,
         kb_rejects=False),
    Case("binary-number", "actors", actor("name: Anthropic", "name: 0b101"), READER, kb_rejects=False),
    Case("equals-sign", "actors", actor("name: Anthropic", "name: ="), READER, kb_rejects=False),
]


def kb_rejects(text: str, folder: str) -> bool:
    """Whether kb finds a problem with the YAML or the record's fields (KB0xx/KB1xx)."""
    doc = build_record(parse_text(text, "x.yaml"), folder)
    return bool(doc.diagnostics)


def check_jsonschema(files: dict[Path, str]) -> dict[Path, bool]:
    """Run check-jsonschema once per schema; map each file to whether it was rejected."""
    rejected: dict[Path, bool] = {}
    by_schema: dict[str, list[Path]] = {}
    for path, folder in files.items():
        by_schema.setdefault(KINDS[folder].kind_name, []).append(path)
    for kind, paths in by_schema.items():
        done = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--schemafile",
             str(REPO / "schemas" / f"{kind}.schema.json"), "-o", "json", *map(str, paths)],
            capture_output=True, text=True, check=False, timeout=300)
        assert done.returncode in (0, 1), done.stderr
        report = json.loads(done.stdout)
        bad = {Path(e["filename"]).resolve() for e in report.get("errors", [])}
        bad |= {Path(e["filename"]).resolve() for e in report.get("parse_errors", [])}
        for path in paths:
            rejected[path] = path.resolve() in bad
    return rejected


@pytest.fixture(scope="module")
def case_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bool, bool, bool]]:
    """case name -> (kb rejects, check-jsonschema rejects, check-jsonschema rejects after kb fmt)."""
    base = tmp_path_factory.mktemp("cases")
    files: dict[Path, str] = {}
    formatted: dict[Path, str] = {}
    for case in CASES:
        path = base / "raw" / case.folder / f"{case.name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case.text, encoding="utf-8")
        files[path] = case.folder
        out = format_source(case.text, f"{case.folder}/{case.name}.yaml", KINDS[case.folder])
        fpath = base / "fmt" / case.folder / f"{case.name}.yaml"
        fpath.parent.mkdir(parents=True, exist_ok=True)
        fpath.write_text(out.text if out.text is not None else case.text, encoding="utf-8")
        formatted[fpath] = case.folder
    raw = check_jsonschema(files)
    fmt = check_jsonschema(formatted)
    return {
        case.name: (kb_rejects(case.text, case.folder),
                    raw[base / "raw" / case.folder / f"{case.name}.yaml"],
                    fmt[base / "fmt" / case.folder / f"{case.name}.yaml"])
        for case in CASES
    }


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, case_results: dict[str, tuple[bool, bool, bool]]) -> None:
    kb, cj, cj_after_fmt = case_results[case.name]
    assert kb == case.kb_rejects
    if case.expect == AGREE:
        assert cj == kb
        assert cj_after_fmt == kb
    elif case.expect == KB_ONLY:
        assert kb and not cj, "documented as a check only kb makes"
    else:  # READER: the two read the unquoted text differently; kb fmt quotes it
        assert cj != kb
        assert cj_after_fmt == kb


def _records() -> list[tuple[str, str]]:
    return list(discover(REPO))


@pytest.fixture(scope="module")
def record_results() -> dict[Path, bool]:
    return check_jsonschema({REPO / file: folder for file, folder in _records()})


@pytest.mark.parametrize(("file", "folder"), _records(), ids=[f for f, _ in _records()])
def test_every_record(file: str, folder: str, record_results: dict[Path, bool]) -> None:
    """Each record of the repository: check-jsonschema and kb's field checks give one verdict."""
    text = (REPO / file).read_text(encoding="utf-8")
    assert record_results[REPO / file] == kb_rejects(text, folder)
