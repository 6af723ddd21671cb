"""`kb mv` and `kb withdraw`: change a record's identity or status without breaking links.

A rename moves the file, sets the new id, keeps the old one in `former_ids` (the site turns
former ids into redirects, so old URLs keep working) and rewrites every reference to it in
other records. A withdrawal keeps the record and its page, with a banner saying why.
Everything is planned and checked in memory first; nothing is written if any step fails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kb.diagnostics import suggest
from kb.errors import KbError
from kb.fileio import write_atomic
from kb.records import KINDS
from kb.records.base import Record
from kb.records.types import check_date, id_problem
from kb.validation.facts import Facts
from kb.workflow.fmt import field_order, format_source
from kb.yamlio.editor import Change, EditError, apply
from kb.yamlio.reader import parse_text


class RenameError(KbError):
    """The rename or withdrawal cannot be made; nothing was written."""


def _refuse(code: str, message: str, hint: str | None = None) -> RenameError:
    """The arguments ask for something that cannot be done (a usage error)."""
    return RenameError.of(code, message, hint=hint, usage=True)


def _cannot_edit(rel: str, message: str) -> RenameError:
    return RenameError.of("KB611", message, file=rel, line=1, column=1,
                          hint="fix the file (kb validate shows how), then run the command again")


@dataclass
class Plan:
    """New text per file (relative to the root); ``remove`` is deleted after the writes."""

    writes: dict[str, str] = field(default_factory=dict)
    remove: str | None = None
    references: int = 0
    unreadable: list[str] = field(default_factory=list)
    """Record files that could not be read: references in them were not rewritten."""


def _facts(root: Path) -> tuple[list[Facts], list[str]]:
    from kb.validation.check import check_files

    results = check_files(root, use_cache=True)
    return ([r.facts for r in results if r.facts is not None],
            [r.file for r in results if r.facts is None])


def _before(cls: type[Record], key: str) -> list[str]:
    """Keys that follow ``key`` in canonical order (a new key is inserted before them)."""
    order = field_order(cls)
    return order[order.index(key) + 1:]


def _edit(root: Path, rel: str, text: str, changes: list[Change], cls: type[Record] | None,
          new_key: str | None = None) -> str:
    try:
        return apply(text, changes, before=_before(cls, new_key) if cls and new_key else ())
    except EditError as exc:
        raise _cannot_edit(rel, f"cannot edit: {exc}") from None


def _keep_canonical(rel: str, original: str, edited: str, cls: type[Record]) -> str:
    """A file that was in `kb fmt` form stays in it after the edit (e.g. the indentation of a
    new `former_ids` list); other files get the edit only, never a reformat."""
    if format_source(original, rel, cls).changed:
        return edited
    formatted = format_source(edited, rel, cls)
    return formatted.text if formatted.text is not None else edited


def _read(root: Path, rel: str) -> str:
    try:
        return (root / rel).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _cannot_edit(rel, f"cannot read: {exc}") from None


def _check_id(value: str) -> None:
    problem = id_problem(value)
    if problem:
        raise _refuse("KB606", problem.split(": ", 1)[0], problem.split(": ", 1)[-1])


def plan_rename(root: Path, old: str, new: str) -> Plan:
    """Work out every file change for renaming record ``old`` to ``new``."""
    _check_id(new)
    if old == new:
        raise _refuse("KB610", "the old and new ids are the same")
    facts, unreadable = _facts(root)
    by_id = {f.id: f for f in facts}
    if old not in by_id:
        holders = [f.id for f in facts if old in f.former_ids]
        hint = (f"it is a former id of '{holders[0]}'" if holders
                else suggest(old, by_id) or "kb validate lists the records that do not load")
        raise _refuse("KB608", f"no record has the id {old!r}", hint)
    target = by_id[old]
    folder = target.file.split("/", 1)[0]
    new_rel = f"{folder}/{new}.yaml"
    if new in by_id or any((root / f / f"{new}.yaml").exists() for f in KINDS):
        raise _refuse("KB607", f"the id {new!r} is already used", "pick another")
    for f in facts:
        if new in f.former_ids and f.id != old:
            raise _refuse("KB607", f"{new!r} is a former id of '{f.id}' (old links redirect there)",
                          "pick another id")
    cls = KINDS[folder]
    plan = Plan(remove=target.file, unreadable=unreadable)
    original = _read(root, target.file)
    former = [i for i in target.former_ids if i != new]
    own_refs: list[Change] = [(path, new) for path, ref, _ in target.refs if ref == old]
    text = _edit(root, target.file, original, [(("id",), new), *own_refs], cls)
    text = _edit(root, target.file, text, [(("former_ids",), [*former, old])], cls, "former_ids")
    plan.writes[new_rel] = _keep_canonical(new_rel, original, text, cls)
    plan.references += len(own_refs)
    for f in facts:
        if f.id == old:
            continue
        changes: list[Change] = [(path, new) for path, ref, _kinds in f.refs if ref == old]
        if changes:
            kind = KINDS[f.file.split("/", 1)[0]]
            original = _read(root, f.file)
            plan.writes[f.file] = _keep_canonical(
                f.file, original, _edit(root, f.file, original, changes, kind), kind)
            plan.references += len(changes)
    return plan


def plan_withdraw(root: Path, record_id: str, reason: str, *, date: str | None = None,
                  superseded_by: str | None = None) -> Plan:
    """Mark a record withdrawn (and optionally superseded); its page stays, with a banner."""
    if not reason.strip():
        raise _refuse("KB610", "give the reason for the withdrawal (--reason); readers see it")
    day = date or dt.datetime.now(dt.UTC).date().isoformat()
    try:
        check_date(day)
    except ValueError:
        raise _refuse("KB609", f"{day!r} is not a date", "write YYYY-MM-DD") from None
    facts, _ = _facts(root)
    by_id = {f.id: f for f in facts}
    if record_id not in by_id:
        raise _refuse("KB608", f"no record has the id {record_id!r}",
                      suggest(record_id, by_id) or "kb validate lists the records that do not load")
    target = by_id[record_id]
    folder = target.file.split("/", 1)[0]
    cls = KINDS[folder]
    if superseded_by is not None:
        if superseded_by not in by_id:
            raise _refuse("KB608", f"no record has the id {superseded_by!r} (for --superseded-by)",
                          suggest(superseded_by, by_id))
        if by_id[superseded_by].kind != target.kind:
            raise _refuse("KB610", f"'{superseded_by}' is a {by_id[superseded_by].kind}, "
                          f"not a {target.kind}")
        if superseded_by == record_id:
            raise _refuse("KB610", "a record cannot supersede itself")
    original = text = _read(root, target.file)
    parsed = parse_text(text, target.file)
    if isinstance(parsed.data, dict) and parsed.data.get("withdrawn"):
        raise _refuse("KB610", f"{record_id!r} is already withdrawn")
    text = _edit(root, target.file, text, [(("withdrawn",), {"date": day, "reason": reason.strip()})],
                 cls, "withdrawn")
    if superseded_by is not None:
        text = _edit(root, target.file, text, [(("superseded_by",), superseded_by)], cls,
                     "superseded_by")
    return Plan(writes={target.file: _keep_canonical(target.file, original, text, cls)})


def execute(root: Path, plan: Plan) -> None:
    """Write the planned files (each atomically), then remove the old file of a rename."""
    for rel, text in plan.writes.items():
        write_atomic(root / rel, text)
    if plan.remove is not None and plan.remove not in plan.writes:
        (root / plan.remove).unlink()
