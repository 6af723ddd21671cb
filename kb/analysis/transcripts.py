"""Reading and validating JSONL transcripts: one exchange (prompt, response) per line.

Each file stands for one model in one role: the suspected student, a candidate teacher, or an
unrelated baseline. Problems come back as diagnostics with file:line; nothing is printed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kb.diagnostics import Diagnostic

#: Transcript files above this size are refused unread (KB501).
MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024

Role = Literal["suspect", "candidate", "baseline"]
REQUIRED = ("model", "prompt", "response")
OPTIONAL = ("prompt_id", "lang", "collected_at")
KNOWN_LANGS = ("en", "zh")


@dataclass(frozen=True, slots=True)
class Exchange:
    model: str
    prompt: str
    response: str
    line: int
    prompt_id: str | None = None
    lang: str | None = None
    """The `lang` given in the file, else guessed from the script of the response."""
    collected_at: str | None = None


@dataclass(frozen=True, slots=True)
class Transcript:
    role: Role
    label: str
    path: Path
    sha256: str
    size: int
    exchanges: tuple[Exchange, ...]
    own_vendor: str | None = None
    """The vendor whose model this is, when known; its own name is not a foreign self-claim."""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def models(self) -> list[str]:
        return sorted({e.model for e in self.exchanges})

    @property
    def by_prompt(self) -> dict[str, Exchange]:
        return {e.prompt_id: e for e in self.exchanges if e.prompt_id is not None}


@dataclass(slots=True)
class Loaded:
    transcript: Transcript | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.transcript is not None and not any(d.severity == "error" for d in self.diagnostics)


def cjk_share(text: str) -> float:
    """Share of letters that are CJK ideographs (or kana/hangul), 0..1."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if is_cjk(c)) / len(letters)


def is_cjk(char: str) -> bool:
    o = ord(char)
    return (
        0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2A6DF
        or 0xF900 <= o <= 0xFAFF or 0x3040 <= o <= 0x30FF or 0xAC00 <= o <= 0xD7AF
    )


def guess_lang(text: str) -> str:
    """'zh' when at least a fifth of the letters are CJK, else 'en'. A rough split for reporting."""
    return "zh" if cjk_share(text) >= 0.2 else "en"


def load_transcript(
    path: Path,
    role: Role,
    label: str,
    *,
    display: str | None = None,
    max_bytes: int = MAX_TRANSCRIPT_BYTES,
    own_vendor: str | None = None,
) -> Loaded:
    """Read one JSONL transcript; collect every problem instead of stopping at the first."""
    shown = display or path.as_posix()
    diags: list[Diagnostic] = []

    def err(code: str, message: str, line: int = 0, *, hint: str | None = None,
            value: str | None = None, severity: Literal["error", "warning"] = "error",
            related: tuple[str, ...] = ()) -> None:
        diags.append(Diagnostic(shown, code, message, line=line, column=1 if line else 0, hint=hint,
                                value=value, severity=severity, related=related))

    try:
        size = path.stat().st_size
    except OSError as exc:
        err("KB509", f"cannot read the transcript: {exc.strerror or exc}")
        return Loaded(None, diags)
    if size > max_bytes:
        err("KB501", f"transcript is {size} bytes, over the cap of {max_bytes} bytes; not read",
            hint="split or sample the file, or raise --max-bytes")
        return Loaded(None, diags)
    try:
        data = path.read_bytes()
    except OSError as exc:
        err("KB509", f"cannot read the transcript: {exc.strerror or exc}")
        return Loaded(None, diags)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        err("KB509", f"not UTF-8 (byte 0x{data[exc.start]:02x})", line, hint="re-save the file as UTF-8")
        return Loaded(None, diags)

    exchanges: list[Exchange] = []
    seen_ids: dict[str, int] = {}
    first_model: tuple[str, int] | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            err("KB502", f"not valid JSON: {exc.msg} (column {exc.colno})", number,
                hint="one JSON object per line")
            continue
        if not isinstance(obj, dict):
            err("KB503", f"expected a JSON object, found {type(obj).__name__}", number)
            continue
        bad = False
        for key in REQUIRED:
            if key not in obj:
                err("KB504", f"missing field '{key}'", number,
                    hint="each exchange needs model, prompt and response")
                bad = True
            elif not isinstance(obj[key], str):
                err("KB505", f"field '{key}' must be a string, not {type(obj[key]).__name__}", number)
                bad = True
        for key in OPTIONAL:
            value = obj.get(key)
            if value is None:
                continue
            if key == "prompt_id" and isinstance(value, int) and not isinstance(value, bool):
                continue
            if not isinstance(value, str):
                err("KB505", f"field '{key}' must be a string, not {type(value).__name__}", number)
                bad = True
        for key in sorted(set(obj) - set(REQUIRED) - set(OPTIONAL)):
            err("KB508", f"unknown field '{key}' ignored", number, severity="warning", value=key)
        if bad:
            continue
        if not obj["response"].strip():
            err("KB506", "empty response", number, hint="drop the exchange or re-collect it")
            continue
        pid = obj.get("prompt_id")
        pid = None if pid is None else str(pid)
        if pid is not None:
            if pid in seen_ids:
                err("KB507", f"duplicate prompt_id '{pid}'", number, value=pid,
                    related=(f"{shown}:{seen_ids[pid]}",))
                continue
            seen_ids[pid] = number
        lang = obj.get("lang")
        if lang is not None and lang.split("-")[0].lower() not in KNOWN_LANGS:
            err("KB512", f"language tag '{lang}' is not en or zh; no per-language breakdown for it",
                number, severity="warning", value=lang)
        model = obj["model"]
        if first_model is None:
            first_model = (model, number)
        elif model != first_model[0]:
            err("KB511", f"model '{model}' differs from '{first_model[0]}' on line {first_model[1]}",
                number, severity="warning", related=(f"{shown}:{first_model[1]}",))
        exchanges.append(Exchange(
            model=model, prompt=obj["prompt"], response=obj["response"], line=number,
            prompt_id=pid,
            lang=(lang.split("-")[0].lower() if lang else guess_lang(obj["response"])),
            collected_at=obj.get("collected_at"),
        ))
    if not exchanges and not any(d.severity == "error" for d in diags):
        err("KB510", "the file holds no exchanges")
    transcript = Transcript(
        role=role, label=label, path=path, sha256=hashlib.sha256(data).hexdigest(), size=size,
        exchanges=tuple(exchanges), own_vendor=own_vendor,
    )
    return Loaded(transcript, diags)
