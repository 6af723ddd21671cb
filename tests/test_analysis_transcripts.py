"""Transcript input validation: line-numbered diagnostics under stable KB5xx codes."""

from __future__ import annotations

import json
from pathlib import Path

from kb.analysis.transcripts import guess_lang, load_transcript


def _write(tmp_path: Path, lines: list[str], name: str = "t.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(**kw: object) -> str:
    base = {"model": "m", "prompt": "hi", "response": "hello"}
    base.update(kw)
    return json.dumps({k: v for k, v in base.items() if v is not None}, ensure_ascii=False)


def _codes(loaded) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    return [(d.code, d.line) for d in loaded.diagnostics]


def test_valid_file_loads_with_hash_and_prompt_ids(tmp_path: Path) -> None:
    path = _write(tmp_path, [_row(prompt_id="p1"), _row(prompt_id=2, response="你好，我是一个助手")])
    loaded = load_transcript(path, "suspect", "s")
    assert loaded.ok and loaded.diagnostics == []
    t = loaded.transcript
    assert t is not None
    assert len(t.exchanges) == 2 and sorted(t.by_prompt) == ["2", "p1"]
    assert [e.lang for e in t.exchanges] == ["en", "zh"]
    assert len(t.sha256) == 64


def test_each_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            _row(prompt_id="p1"),  # 1 ok
            '{"model": "m", "prompt": "hi", ',  # 2 bad JSON
            '["m", "hi", "hello"]',  # 3 not an object
            _row(response=None),  # 4 missing response
            _row(response=42),  # 5 wrong type
            _row(response="   "),  # 6 empty response
            _row(prompt_id="p1"),  # 7 duplicate id
            _row(respone="typo", prompt_id="p3"),  # 8 unknown field (warning)
            _row(model="other", prompt_id="p4"),  # 9 second model (warning)
            _row(lang="chinese", prompt_id="p5"),  # 10 unknown language (warning)
        ],
    )
    loaded = load_transcript(path, "suspect", "s")
    assert _codes(loaded) == [
        ("KB502", 2),
        ("KB503", 3),
        ("KB504", 4),
        ("KB505", 5),
        ("KB506", 6),
        ("KB507", 7),
        ("KB508", 8),
        ("KB511", 9),
        ("KB512", 10),
    ]
    assert not loaded.ok
    dup = next(d for d in loaded.diagnostics if d.code == "KB507")
    assert dup.related == (f"{path.as_posix()}:1",)
    assert dup.as_text().startswith(f"{path.as_posix()}:7:1: error KB507")


def test_warnings_alone_do_not_block(tmp_path: Path) -> None:
    loaded = load_transcript(_write(tmp_path, [_row(extra=1)]), "baseline", "b")
    assert [d.severity for d in loaded.diagnostics] == ["warning"]
    assert loaded.ok


def test_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    path = _write(tmp_path, [_row()] * 50)
    loaded = load_transcript(path, "suspect", "s", max_bytes=100)
    assert _codes(loaded) == [("KB501", 0)] and loaded.transcript is None


def test_not_utf8_and_empty_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(_row().encode() + b"\n\xff\xfe\n")
    assert _codes(load_transcript(bad, "suspect", "s")) == [("KB509", 2)]
    empty = _write(tmp_path, ["", "  "], "empty.jsonl")
    assert _codes(load_transcript(empty, "suspect", "s")) == [("KB510", 0)]
    assert _codes(load_transcript(tmp_path / "missing.jsonl", "suspect", "s"))[0][0] == "KB509"


def test_language_guess_follows_the_script() -> None:
    assert guess_lang("I am a helpful assistant.") == "en"
    assert guess_lang("我是一个乐于助人的助手。") == "zh"
    assert guess_lang("我是Claude，由Anthropic开发。") == "zh"
