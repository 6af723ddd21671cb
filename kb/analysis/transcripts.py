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
OPTIONAL = ("prompt_id", "lang", "collected_at", "system_prompt")
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
    system_prompt: str | None = None
    """The system prompt used when collecting, if any (a confounder for self-identification)."""


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
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x2A6DF
        or 0xF900 <= o <= 0xFAFF
        or 0x3040 <= o <= 0x30FF
        or 0xAC00 <= o <= 0xD7AF
    )


def guess_lang(text: str) -> str:
    """'zh' when at least a fifth of the letters are CJK, else 'en'. A rough split for reporting."""
    return "zh" if cjk_share(text) >= 0.2 else "en"


class _Reader:
    """State while reading one file: diagnostics, prompt ids seen, the first model named."""

    def __init__(self, shown: str):
        self.shown = shown
        self.diags: list[Diagnostic] = []
        self.seen_ids: dict[str, int] = {}
        self.first_model: tuple[str, int] | None = None

    def err(self, code: str, message: str, line: int = 0, *, hint: str | None = None,
            value: str | None = None, severity: Literal["error", "warning"] = "error",
            related: tuple[str, ...] = ()) -> None:
        self.diags.append(Diagnostic(self.shown, code, message, line=line, column=1 if line else 0,
                                     hint=hint, value=value, severity=severity, related=related))

    def fields_ok(self, obj: dict[str, object], number: int) -> bool:
        ok = True
        for key in REQUIRED:
            if key not in obj:
                self.err("KB504", f"missing field '{key}'", number,
                         hint="each exchange needs model, prompt and response")
                ok = False
            elif not isinstance(obj[key], str):
                self.err("KB505", f"field '{key}' must be a string, not {type(obj[key]).__name__}", number)
                ok = False
        for key in OPTIONAL:
            value = obj.get(key)
            integer_id = key == "prompt_id" and isinstance(value, int) and not isinstance(value, bool)
            if value is None or integer_id:
                continue
            if not isinstance(value, str):
                self.err("KB505", f"field '{key}' must be a string, not {type(value).__name__}", number)
                ok = False
        for key in sorted(set(obj) - set(REQUIRED) - set(OPTIONAL)):
            self.err("KB508", f"unknown field '{key}' ignored", number, severity="warning", value=key)
        return ok

    def exchange(self, raw: str, number: int) -> Exchange | None:
        """One line as an exchange, or None (with diagnostics) when it cannot be used."""
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            self.err("KB502", f"not valid JSON: {exc.msg} (column {exc.colno})", number,
                     hint="one JSON object per line")
            return None
        if not isinstance(obj, dict):
            self.err("KB503", f"expected a JSON object, found {type(obj).__name__}", number)
            return None
        if not self.fields_ok(obj, number):
            return None
        if not obj["response"].strip():
            self.err("KB506", "empty response", number, hint="drop the exchange or re-collect it")
            return None
        pid = None if obj.get("prompt_id") is None else str(obj["prompt_id"])
        if pid is not None:
            if pid in self.seen_ids:
                self.err("KB507", f"duplicate prompt_id '{pid}'", number, value=pid,
                         related=(f"{self.shown}:{self.seen_ids[pid]}",))
                return None
            self.seen_ids[pid] = number
        lang = obj.get("lang")
        if lang is not None and lang.split("-")[0].lower() not in KNOWN_LANGS:
            self.err("KB512", f"language tag '{lang}' is not en or zh; no per-language breakdown for it",
                     number, severity="warning", value=lang)
        model = obj["model"]
        if self.first_model is None:
            self.first_model = (model, number)
        elif model != self.first_model[0]:
            self.err("KB511", f"model '{model}' differs from '{self.first_model[0]}' on line "
                     f"{self.first_model[1]}", number, severity="warning",
                     related=(f"{self.shown}:{self.first_model[1]}",))
        return Exchange(model=model, prompt=obj["prompt"], response=obj["response"], line=number,
                        prompt_id=pid,
                        lang=(lang.split("-")[0].lower() if lang else guess_lang(obj["response"])),
                        collected_at=obj.get("collected_at"), system_prompt=obj.get("system_prompt"))


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
    reader = _Reader(display or path.as_posix())
    try:
        size = path.stat().st_size
        if size > max_bytes:
            reader.err("KB501", f"transcript is {size} bytes, over the cap of {max_bytes} bytes; not read",
                       hint="split or sample the file, or raise --max-bytes")
            return Loaded(None, reader.diags)
        data = path.read_bytes()
    except OSError as exc:
        reader.err("KB509", f"cannot read the transcript: {exc.strerror or exc}")
        return Loaded(None, reader.diags)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reader.err("KB509", f"not UTF-8 (byte 0x{data[exc.start]:02x})", line,
                   hint="re-save the file as UTF-8")
        return Loaded(None, reader.diags)
    exchanges = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            exchange = reader.exchange(raw, number)
            if exchange is not None:
                exchanges.append(exchange)
    if not exchanges and not any(d.severity == "error" for d in reader.diags):
        reader.err("KB510", "the file holds no exchanges")
    transcript = Transcript(role=role, label=label, path=path, sha256=hashlib.sha256(data).hexdigest(),
                            size=size, exchanges=tuple(exchanges), own_vendor=own_vendor)
    return Loaded(transcript, reader.diags)
