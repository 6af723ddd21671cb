"""Reading and validating the JSONL inputs of the detection methods (texts, probes, answers).

One JSON object per line; each file is described by a `Schema` (required and optional fields
with their types). Every problem comes back as a diagnostic with file:line:col and a KB50x
code, the same codes as transcripts; nothing is printed and reading never stops at the first
bad line.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from kb.diagnostics import Diagnostic

MAX_BYTES = 64 * 1024 * 1024

FieldType = Literal["str", "id", "str-or-list"]


@dataclass(frozen=True, slots=True)
class Schema:
    what: str
    """What one line is, for messages ('text', 'probe', 'answer')."""
    required: dict[str, FieldType]
    optional: dict[str, FieldType] = field(default_factory=dict)
    nonempty: tuple[str, ...] = ()
    """Fields that must hold something other than whitespace (KB506)."""


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    id: str
    values: dict[str, str | tuple[str, ...]]

    def text(self, name: str) -> str:
        value = self.values.get(name, "")
        assert isinstance(value, str)
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.values.get(name, ())
        return (value,) if isinstance(value, str) else value


@dataclass(frozen=True, slots=True)
class Table:
    """One validated file: its rows in file order, its SHA-256 and size."""

    path: Path
    display: str
    sha256: str
    size: int
    rows: tuple[Row, ...]

    @property
    def name(self) -> str:
        return self.path.name

    def by_id(self) -> dict[str, Row]:
        return {r.id: r for r in self.rows}


@dataclass(slots=True)
class Read:
    table: Table | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.table is not None and not any(d.severity == "error" for d in self.diagnostics)


def _type_ok(kind: FieldType, value: object) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "id":
        return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
    return isinstance(value, str) or (
        isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)
    )


_TYPE_WORDS = {
    "str": "a string",
    "id": "a string or an integer",
    "str-or-list": "a string or a list of strings",
}


class _Err(Protocol):
    def __call__(
        self,
        code: str,
        message: str,
        line: int = 0,
        *,
        hint: str | None = None,
        severity: Literal["error", "warning"] = "error",
        value: str | None = None,
        related: tuple[str, ...] = (),
    ) -> None: ...


def _row(obj: dict[str, object], number: int, schema: Schema, err: _Err) -> Row | None:
    """One object as a row, or None after reporting what is wrong with it."""
    fields: dict[str, FieldType] = {"id": "id", **schema.required}
    known = set(fields) | set(schema.optional)
    ok = True
    for key, kind in fields.items():
        if key not in obj:
            err(
                "KB504",
                f"missing field '{key}'",
                number,
                hint=f"each {schema.what} needs {', '.join(fields)}",
            )
            ok = False
        elif not _type_ok(kind, obj[key]):
            err("KB505", f"field '{key}' must be {_TYPE_WORDS[kind]}, not {type(obj[key]).__name__}", number)
            ok = False
    for key, kind in schema.optional.items():
        if obj.get(key) is not None and not _type_ok(kind, obj[key]):
            err("KB505", f"field '{key}' must be {_TYPE_WORDS[kind]}, not {type(obj[key]).__name__}", number)
            ok = False
    for key in sorted(set(obj) - known):
        err(
            "KB508",
            f"unknown field '{key}' ignored",
            number,
            severity="warning",
            value=key,
            hint=f"known fields: {', '.join(sorted(known))}",
        )
    if not ok:
        return None
    for key in schema.nonempty:
        value = obj.get(key)
        texts = [value] if isinstance(value, str) else list(value) if isinstance(value, list) else []
        if not texts or any(not str(v).strip() for v in texts):
            err("KB506", f"empty '{key}'", number, hint=f"drop the {schema.what} or fill it in")
            ok = False
    if not ok:
        return None
    values: dict[str, str | tuple[str, ...]] = {}
    for key in (*schema.required, *schema.optional):
        v = obj.get(key)
        if isinstance(v, list):
            values[key] = tuple(str(x) for x in v)
        elif isinstance(v, str):
            values[key] = v
    return Row(line=number, id=str(obj["id"]), values=values)


def read_jsonl(path: Path, schema: Schema, *, display: str | None = None, max_bytes: int = MAX_BYTES) -> Read:
    """Read one JSONL file against `schema`; collect every problem."""
    shown = display or path.as_posix()
    diags: list[Diagnostic] = []

    def err(
        code: str,
        message: str,
        line: int = 0,
        *,
        hint: str | None = None,
        severity: Literal["error", "warning"] = "error",
        value: str | None = None,
        related: tuple[str, ...] = (),
    ) -> None:
        diags.append(
            Diagnostic(
                shown,
                code,
                message,
                line=line,
                column=1 if line else 0,
                hint=hint,
                severity=severity,
                value=value,
                related=related,
            )
        )

    try:
        size = path.stat().st_size
        if size > max_bytes:
            err(
                "KB501",
                f"file is {size} bytes, over the cap of {max_bytes} bytes; not read",
                hint="split or sample the file, or raise --max-bytes",
            )
            return Read(None, diags)
        data = path.read_bytes()
    except OSError as exc:
        err("KB509", f"cannot read the file: {exc.strerror or exc}")
        return Read(None, diags)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        err(
            "KB509",
            f"not UTF-8 (byte 0x{data[exc.start]:02x})",
            data[: exc.start].count(b"\n") + 1,
            hint="re-save the file as UTF-8",
        )
        return Read(None, diags)
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            diags.append(
                Diagnostic(
                    shown,
                    "KB502",
                    f"not valid JSON: {exc.msg}",
                    line=number,
                    column=exc.colno,
                    hint="one JSON object per line",
                )
            )
            continue
        if not isinstance(obj, dict):
            err("KB503", f"expected a JSON object, found {type(obj).__name__}", number)
            continue
        row = _row(obj, number, schema, err)
        if row is None:
            continue
        if row.id in seen:
            err(
                "KB507",
                f"duplicate id '{row.id}'",
                number,
                value=row.id,
                related=(f"{shown}:{seen[row.id]}",),
            )
            continue
        seen[row.id] = number
        rows.append(row)
    if not rows and not any(d.severity == "error" for d in diags):
        err("KB510", f"the file holds no {schema.what}s")
    return Read(
        Table(path=path, display=shown, sha256=hashlib.sha256(data).hexdigest(), size=size, rows=tuple(rows)),
        diags,
    )
