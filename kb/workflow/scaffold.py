"""`kb new`: collision-free ids and commented record templates.

Ids need no coordination: incidents and policies are the date they became public plus a slug
of the title (two contributors adding different incidents on the same day get different
slugs); actors and models are a slug of their name. Every value the contributor must supply
is a placeholder starting with TODO, which fails `kb validate` (KB601 for free text, a type
error elsewhere) until it is filled in, so a half-filled scaffold cannot be merged.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from kb.errors import KbError
from kb.fileio import create_new
from kb.records import KINDS
from kb.records.types import check_date, id_problem
from kb.records.vocab import (
    ActorKind,
    ClaimStatus,
    IncidentKind,
    ModelAccess,
    PolicyKind,
    PolicyStatus,
    Predicate,
    ResponseStance,
    Role,
    Stance,
    Vocabulary,
)
from kb.validation.placeholders import PLACEHOLDER
from kb.yamlio.format import scalar

MAX_SLUG = 60
DATED = ("incident", "policy")
FOLDER = {cls.kind_name: folder for folder, cls in KINDS.items()}


class ScaffoldError(KbError):
    """Bad input to `kb new`; nothing was written."""


def _refuse(code: str, message: str, hint: str | None = None) -> ScaffoldError:
    """Every refusal of `kb new` is about its arguments (a usage error)."""
    return ScaffoldError.of(code, message, hint=hint, usage=True)


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """ASCII, lowercase, hyphen-separated; accents are dropped ('Zürich' -> 'zurich')."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


def make_id(kind: str, title: str, date: str | None) -> str:
    slug = slugify(title)
    if not slug:
        raise _refuse("KB606", f"cannot make an id from the title {title!r}: it has no ASCII "
                      "letters or digits", "pass --id with a lowercase ASCII id (e.g. --id acme-ai)")
    return f"{date}-{slug}" if kind in DATED and date else slug


def existing_ids(root: Path) -> dict[str, Path]:
    """Every record id in use (by file name) across all kinds; ids are unique KB-wide."""
    found: dict[str, Path] = {}
    for folder in KINDS:
        base = root / folder
        if base.is_dir():
            for path in base.glob("*.y*ml"):
                found.setdefault(path.stem, path)
    return found


def former_id_holder(root: Path, record_id: str) -> str | None:
    """The record that lists ``record_id`` among its former ids, if any (from the cached
    per-file facts that `kb validate` keeps)."""
    from kb.validation.check import check_files

    for result in check_files(root):
        if result.facts is not None and record_id in result.facts.former_ids:
            return result.facts.id
    return None


def _choices(vocab: type[Vocabulary]) -> str:
    return " | ".join(m.value for m in vocab)


def _comment_wrap(prefix: str, text: str, indent: str = "", width: int = 96) -> list[str]:
    """A long comment, wrapped at word boundaries."""
    lines: list[str] = []
    line = f"{indent}# {prefix}"
    for word in text.split(" "):
        if len(line) + 1 + len(word) > width and line.strip() != "#":
            lines.append(line)
            line = f"{indent}#   {word}"
        else:
            line = f"{line} {word}" if not line.endswith(" ") else line + word
    lines.append(line)
    return lines


def _head(kind: str, record_id: str, what: str = "kb validate lists the ones left") -> list[str]:
    return [
        f"# yaml-language-server: $schema=../schemas/{kind}.schema.json",
        f"# New {kind}, written by `kb new {kind}`. Replace every {PLACEHOLDER} ({what})",
        "# and delete the optional parts you do not need. Then run: kb fmt <this file>, and",
        "# kb validate --changed.",
        "# Guide: CONTRIBUTING.md. Allowed values: docs/reference/vocabularies.md.",
        f"id: {record_id}",
    ]


def _title_line(key: str, title: str | None) -> str:
    return f"{key}: {scalar(title)}" if title else f"{key}: {PLACEHOLDER}"


def _evidence(date_hint: str) -> list[str]:
    return [
        "evidence:",
        "  # The sources this record cites. Each is a record in sources/, described once for the",
        f"  # whole KB: find it there, or add it: kb new source --url URL --title TITLE --date '{date_hint}'",
        "  - id: e1",
        f"    source: {PLACEHOLDER}",
    ]


def incident_template(record_id: str, title: str | None, date: str) -> str:
    lines = [
        *_head("incident", record_id),
        _title_line("title", title),
        *_comment_wrap("kind:", _choices(IncidentKind)),
        f"kind: {PLACEHOLDER}",
        f"date: '{date}'",
        "summary: |",
        f"  {PLACEHOLDER}: two to four sentences in your own words. Attribute every claim to",
        "  the party making it (\"X says that ...\") and say what is not known.",
        "tags: []",
        "actors:",
        "  # One entry per party; the actor id is a file name in actors/ (kb new actor adds one).",
        *_comment_wrap("role:", _choices(Role), "  "),
        f"  - actor: {PLACEHOLDER}",
        "    role: accuser",
        f"  - actor: {PLACEHOLDER}",
        "    role: accused",
        "claims:",
        "  # One claim per assertion: the claimant says subject -predicate-> object.",
        *_comment_wrap("predicate:", _choices(Predicate), "  "),
        *_comment_wrap("status:", _choices(ClaimStatus), "  "),
        "  - id: c1",
        f"    claimant: {PLACEHOLDER}",
        f"    subject: {PLACEHOLDER}",
        f"    predicate: {PLACEHOLDER}",
        f"    object: {PLACEHOLDER}",
        "    status: alleged",
        f"    stated_on: '{date}'",
        "    statement: >-",
        f"      {PLACEHOLDER}: the claim in your words, attributed to the claimant.",
        "    evidence:",
        *_comment_wrap("stance:", _choices(Stance), "      "),
        "      - ref: e1",
        "        stance: supports",
        "responses:",
        "  # The right of reply: one entry per accused party, even when none was found.",
        *_comment_wrap("stance:", _choices(ResponseStance), "  "),
        f"  - party: {PLACEHOLDER}",
        "    stance: no-response-found",
        f"    date: '{_today()}'",
        "    summary: >-",
        f"      {PLACEHOLDER}: what the party said, or where you looked and found no response.",
        "    evidence: [e1]",
        *_evidence(date),
    ]
    return "\n".join(lines) + "\n"


def policy_template(record_id: str, title: str | None, date: str) -> str:
    lines = [
        *_head("policy", record_id),
        _title_line("title", title),
        *_comment_wrap("kind:", _choices(PolicyKind)),
        f"kind: {PLACEHOLDER}",
        "# An ISO 3166-1 alpha-2 code, quoted ('US', 'CN'), or 'international'.",
        f"jurisdiction: {PLACEHOLDER}",
        "# Actor ids of who issued it (files in actors/).",
        f"issued_by: [{PLACEHOLDER}]",
        f"date: '{date}'",
        *_comment_wrap("status:", _choices(PolicyStatus)),
        f"status: {PLACEHOLDER}",
        "summary: >-",
        f"  {PLACEHOLDER}: what the instrument does, in two or three sentences.",
        "# Incident ids this policy responds to, if any.",
        "prompted_by: []",
        "tags: []",
        *_evidence(date),
    ]
    return "\n".join(lines) + "\n"


def actor_template(record_id: str, name: str | None) -> str:
    lines = [
        *_head("actor", record_id),
        _title_line("name", name),
        *_comment_wrap("kind:", _choices(ActorKind)),
        f"kind: {PLACEHOLDER}",
        "# ISO 3166-1 alpha-2 codes, quoted: ['CN'], ['US'] (other tools read an unquoted NO",
        "# as false).",
        f"jurisdiction: ['{PLACEHOLDER}']",
        "# website: https://example.org/",
        "# wikidata: Q95",
        "summary: >-",
        f"  {PLACEHOLDER}: one sentence saying who this is.",
    ]
    return "\n".join(lines) + "\n"


def model_template(record_id: str, name: str | None) -> str:
    lines = [
        *_head("model", record_id),
        _title_line("name", name),
        "# The developer's actor id (a file name in actors/).",
        f"developer: {PLACEHOLDER}",
        "# family: claude  # the family model's id, when this model is one version of a family",
        "# released: 'YYYY-MM-DD'",
        *_comment_wrap("access:", _choices(ModelAccess)),
        f"access: {PLACEHOLDER}",
        "summary: >-",
        f"  {PLACEHOLDER}: one sentence saying what this model is.",
    ]
    return "\n".join(lines) + "\n"


def dataset_template(record_id: str, name: str | None, date: str) -> str:
    lines = [
        *_head("dataset", record_id),
        _title_line("name", name),
        "# The actor id of who assembled or published it, if the sources say (else delete).",
        f"creator: {PLACEHOLDER}",
        "# released: 'YYYY-MM-DD'",
        "summary: >-",
        f"  {PLACEHOLDER}: what the dataset holds and how it was made, in the sources' terms.",
        "# Its size as the sources state it: - {name: ..., value: ..., unit: ..., evidence: [e1]}",
        "figures: []",
        "# Lineage: the models whose outputs it holds, and where it was gathered (an actor, model or",
        "# dataset id). A model that was trained on it lists it under its own `trained_on`.",
        "generated_by: []  # - {model: <model id>, evidence: [e1]}",
        "collected_from: []  # - {source: <actor, model or dataset id>, evidence: [e1]}",
        *_evidence(date),
    ]
    return "\n".join(lines) + "\n"


def _today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def render(kind: str, record_id: str, title: str | None, date: str) -> str:
    if kind == "incident":
        return incident_template(record_id, title, date)
    if kind == "policy":
        return policy_template(record_id, title, date)
    if kind == "actor":
        return actor_template(record_id, title)
    if kind == "model":
        return model_template(record_id, title)
    if kind == "dataset":
        return dataset_template(record_id, title, date)
    raise _refuse("KB610", f"unknown kind {kind!r}", f"use one of {', '.join(FOLDER)}")


def scaffold(root: Path, kind: str, *, title: str | None = None, date: str | None = None,
             record_id: str | None = None) -> Path:
    """Write a new record file from its template and return its path. Writes nothing on error."""
    if kind not in FOLDER:
        raise _refuse("KB610", f"unknown kind {kind!r}", f"use one of {', '.join(FOLDER)}")
    if title is not None and (not title.strip() or "\n" in title):
        raise _refuse("KB610", "the title must be one non-empty line")
    if date is not None:
        try:
            check_date(date)
        except ValueError:
            raise _refuse("KB609", f"{date!r} is not a date",
                          "write YYYY-MM-DD, YYYY-MM or YYYY") from None
    day = date or _today()
    if record_id is None:
        if not title:
            raise _refuse("KB610", f"give a --title (or an --id) for the new {kind}")
        record_id = make_id(kind, title, day)
    problem = id_problem(record_id)
    if problem:
        raise _refuse("KB606", problem.split(": ", 1)[0], problem.split(": ", 1)[-1])
    taken = existing_ids(root)
    if record_id in taken:
        used = taken[record_id].relative_to(root).as_posix()
        raise _refuse("KB607", f"the id {record_id!r} is already used by {used}",
                      "pick another --title or --id")
    holder = former_id_holder(root, record_id)
    if holder is not None:
        raise _refuse("KB607", f"{record_id!r} is a former id of '{holder}' (old links redirect "
                      "there)", "pick another --title or --id")
    path = root / FOLDER[kind] / f"{record_id}.yaml"
    create_exclusive(path, render(kind, record_id, title, day))
    return path


def create_exclusive(path: Path, text: str) -> None:
    """Write a new record file atomically; a name taken meanwhile is refused (KB607)."""
    try:
        create_new(path, text)
    except FileExistsError:
        raise _refuse("KB607", f"{path.name} already exists", "pick another --title or --id") from None
