"""Rules across records: small functions over an index of per-record facts, each yielding
diagnostics.

Most rules look at one record and what it refers to (``RecordRule``: a record's facts and the
index). Every lookup they make goes through an :class:`Index` method, which can note the
lookup's key: :mod:`kb.validation.incremental` re-runs a record's rules only when the record
changed or a key it looked up did. The few rules that follow whole chains (loops, lineage
through several models) run over the whole index, in groups re-run only when their inputs
change (:data:`kb.validation.graph_rules.GROUPS`).

Diagnostics carry a field path and no position; :func:`kb.validation.locate` finds line and
column afterwards, reading only the files that have problems. Rules about one record alone
live in :mod:`kb.validation.local`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import Any

from kb.codes import diagnostic
from kb.diagnostics import Diagnostic, FieldPath, suggest
from kb.loading import KnowledgeBase
from kb.records import Actor, Model
from kb.records.claim import Claim
from kb.records.parties import accused_party
from kb.records.types import date_bounds
from kb.records.vocab import LINEAGE_PREDICATES, ClaimStatus
from kb.validation.cycles import loops
from kb.validation.facts import Facts, normalise_url
from kb.validation.source_rules import SOURCE_RECORD_RULES, relays_acyclic

__all__ = ["RECORD_RULES", "RULES", "Index", "Key", "Mentions", "accused_parties", "finding", "normalise_url",
           "run_global"]

Key = str | tuple[str, str]
"""What a rule looked up: a record id (its facts, or an actor's parent), or (what, name) for the
other lookups (see :class:`Index`)."""

ANY_BROKEN: Key = ("broken", "")
"""Whether any record file failed to load at all (some rules stay silent then)."""

_NOT_A_MENTION = ("superseded_by",)


Counts = dict[str, int]


def mentions_of(row: Any) -> tuple[list[str], list[str]]:
    """The ids a record (its facts, or a cached row of them) names where a source is expected,
    and the ids it mentions (``superseded_by`` is not a mention); never its own id."""
    rid, refs = row[0], row[4]
    named = [ref for _, ref, kinds in refs if kinds == ("source",) and ref != rid]
    mentioned = [ref for path, ref, _ in refs if ref != rid and path[0] not in _NOT_A_MENTION]
    return named, mentioned


class Mentions:
    """How many records name each id as a source and mention each id: counted once over every
    record (a cold run), then kept up to date by adding and taking away the records that
    changed, so that a warm run need not read every record to answer `Index.cited` and
    `Index.mentioned`."""

    def __init__(self, named: Counts | None = None, mentioned: Counts | None = None) -> None:
        self.named: Counts = dict(named or {})
        self.mentioned: Counts = dict(mentioned or {})

    @classmethod
    def of(cls, rows: Iterable[Any]) -> Mentions:
        out = cls()
        for row in rows:
            out.add(row, 1)
        return out

    def add(self, row: Any, sign: int) -> None:
        """Count ``row``'s names and mentions in (``sign`` 1) or out (``sign`` -1)."""
        named, mentioned = mentions_of(row)
        for counts, ids in ((self.named, named), (self.mentioned, mentioned)):
            for rid in ids:
                left = counts.get(rid, 0) + sign
                if left:
                    counts[rid] = left
                else:
                    del counts[rid]

    def plain(self) -> tuple[Counts, Counts]:
        return self.named, self.mentioned


class Index:
    """Facts of every loaded record, plus the files that did not load, and the lookups rules
    make in them. With ``seen`` set to a set, every lookup adds its key there.

    ``facts`` may also be rows that ``make`` turns into :class:`Facts` (the cache's builtin
    tuples, field for field): then only the records a rule looks at are built, which is what
    keeps re-validating after an edit cheap; the lookups that scan every record read the rows.
    """

    def __init__(self, facts: Sequence[Facts], broken: set[str] | None = None, *,
                 make: Callable[[Any], Facts] | None = None, mentions: Mentions | None = None) -> None:
        self._rows = facts
        self._make = make
        self._given_mentions = mentions
        self._made: dict[int, Facts] = {}
        self.broken = broken if broken is not None else set()
        """File stems of record files that failed to load (their errors are reported there)."""
        self._first: dict[str, int] = {}
        for i, row in enumerate(facts):
            self._first.setdefault(row[0], i)
        self.seen: set[Key] | None = None

    def fact(self, row: int) -> Facts:
        """The facts of the record in row ``row`` (always the same object)."""
        if self._make is None:
            return self._rows[row]
        made = self._made.get(row)
        if made is None:
            made = self._made[row] = self._make(self._rows[row])
        return made

    @cached_property
    def facts(self) -> list[Facts]:
        """In file order."""
        return [self.fact(i) for i in range(len(self._rows))]

    @cached_property
    def by_id(self) -> dict[str, Facts]:
        """The first record with each id (in file order)."""
        return {rid: self.fact(i) for rid, i in self._first.items()}

    def _note(self, key: Key) -> None:
        if self.seen is not None:
            self.seen.add(key)

    def get(self, rid: str) -> Facts | None:
        """The (first) record with id ``rid``."""
        if self.seen is not None:
            self.seen.add(rid)
        row = self._first.get(rid)
        return None if row is None else self.fact(row)

    def is_broken(self, file_stem: str) -> bool:
        self._note(("broken", file_stem))
        return file_stem in self.broken

    def any_broken(self) -> bool:
        self._note(ANY_BROKEN)
        return bool(self.broken)

    def renamed_to(self, rid: str) -> str | None:
        """The record that names ``rid`` among its former ids (the last in file order)."""
        self._note(("alias", rid))
        return self._aliases.get(rid)

    def ids_of(self, kinds: tuple[str, ...]) -> list[str]:
        """Ids of every record of these kinds, in file order (for did-you-mean)."""
        for kind in kinds:
            self._note(("kind", kind))
        return [i for kind in kinds for i in self._by_kind.get(kind, ())]

    def first_with_url(self, key: str) -> Facts | None:
        """The first source record whose normalised URL is ``key``."""
        self._note(("url", key))
        row = self._first_url.get(key)
        return None if row is None else self.fact(row)

    def cited(self, rid: str) -> bool:
        """Whether another record names ``rid`` where a source is expected."""
        self._note(("named", rid))
        return rid in self.mentions.named

    def mentioned(self, rid: str) -> bool:
        """Whether another record mentions ``rid`` (``superseded_by`` is not a mention)."""
        self._note(("mentioned", rid))
        return rid in self.mentions.mentioned

    def parent(self, actor: str) -> str | None:
        """The parent organisation an actor record names (the last such record in file order)."""
        if self.seen is not None:
            self.seen.add(actor)
        return self._parents.get(actor)

    # The scans below read rows by position (id 0, kind 1, former_ids 3, refs 4, source 10).
    @cached_property
    def _aliases(self) -> dict[str, str]:
        return {old: r[0] for r in self._rows for old in r[3]}

    @cached_property
    def _by_kind(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in self._rows:
            out.setdefault(r[1], []).append(r[0])
        return out

    @cached_property
    def _first_url(self) -> dict[str, int]:
        first: dict[str, int] = {}
        for i, r in enumerate(self._rows):
            if r[10] is not None:
                first.setdefault(r[10][0], i)
        return first

    @cached_property
    def mentions(self) -> Mentions:
        """Counts of names and mentions: as given (kept up to date by the caller), else
        counted over every row."""
        return self._given_mentions if self._given_mentions is not None else Mentions.of(self._rows)

    @cached_property
    def _parents(self) -> dict[str, str]:
        return {r[0]: ref for r in self._rows if r[1] == "actor"
                for path, ref, _ in r[4] if path == ("parent",)}


RecordRule = Callable[[Index, Facts], Iterator[Diagnostic]]
Rule = Callable[[Index], Iterator[Diagnostic]]


def finding(f: Facts, code: str, message: str, path: FieldPath, value: str | None = None,
       hint: str | None = None, related: tuple[str, ...] = ()) -> Diagnostic:
    return diagnostic(f.file, code, message, path, value, hint, related)


def keys_of(f: Facts) -> Iterable[Key]:
    """Every key whose lookup result a record's facts take part in: when the facts of a file
    change, lookups of these keys may answer differently (:mod:`kb.validation.incremental`)."""
    yield f.id
    yield ("kind", f.kind)
    for old in f.former_ids:
        yield ("alias", old)
    if f.source is not None:
        yield ("url", f.source.key)
    named, mentioned = mentions_of(f)
    for ref in named:
        yield ("named", ref)
    for ref in mentioned:
        yield ("mentioned", ref)


def ids_match_files(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    folder, _, name = f.file.rpartition("/")
    file_stem = name.rsplit(".", 1)[0]
    if f.id != file_stem:
        yield finding(f, "KB201", f"id '{f.id}' does not match the file name '{file_stem}'", ("id",), f.id,
                      f"rename the file to {folder}/{f.id}.yaml or set id: {file_stem}")
    first = ix.get(f.id)
    if first is not None and first is not f:
        yield finding(f, "KB202", f"id '{f.id}' is already used by {first.file}", ("id",), f.id,
                      "ids are unique across all record kinds", (first.file,))
    for i, old in enumerate(f.former_ids):
        current = ix.get(old)
        if current is not None:
            yield finding(f, "KB202", f"former id '{old}' is the id of a current record",
                          ("former_ids", i), old, related=(current.file,))


def stem(file: str) -> str:
    """'actors/x.yaml' -> 'x' (cheaper than PurePosixPath on every file)."""
    return file.rpartition("/")[2].rsplit(".", 1)[0]


def either(kinds: tuple[str, ...]) -> str:
    """('actor', 'model', 'dataset') -> 'actor, model or dataset'."""
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _unknown_code(path: FieldPath, kinds: tuple[str, ...]) -> str:
    """KB220 for an evidence item's source, KB221 for a source's relays/cited_in, else KB204."""
    if kinds != ("source",):
        return "KB204"
    return "KB220" if path[0] == "evidence" else "KB221"


def record_references(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    for path, ref, kinds in f.refs:
        target = ix.get(ref)
        if target is None:
            if ix.is_broken(ref):
                continue  # the referenced file's own errors are the root cause
            renamed = ix.renamed_to(ref)
            if renamed is not None:
                hint = f"'{ref}' was renamed to '{renamed}'; use the new id"
            else:
                hint = suggest(ref, ix.ids_of(kinds)) or f"add {'/'.join(kinds)} record '{ref}' or fix the id"
            yield finding(f, _unknown_code(path, kinds), f"unknown {either(kinds)} '{ref}'", path,
                          ref, hint)
        elif target.kind not in kinds:
            yield finding(f, "KB213", f"'{ref}' is {_a(target.kind)}, but this field takes "
                          f"{either(kinds)}", path, ref)


def _accused(ix: Index, subject: str, claimant: str) -> list[str]:
    target = ix.get(subject)
    if target is None:
        return []
    party = accused_party(subject, target.kind, target.developer, claimant)
    if party is None:
        return []
    holder = ix.get(party)
    affiliates = [ref for path, ref, _ in holder.refs
                  if path[0] == "affiliations" and ix.get(ref) is not None] if holder else []
    return [party, *(a for a in affiliates if a not in (claimant, party))]


def accused_parties(kb: KnowledgeBase, claim: Claim) -> list[str]:
    """The actors a claim accuses: its subject, or the developer of a subject model, and the
    organisations that actor is affiliated with (operators affiliated with a lab: the lab too)."""
    subject = kb.records.get(claim.subject)
    party = accused_party(claim.subject, subject.kind_name if subject else None,
                          subject.developer if isinstance(subject, Model) else None, claim.claimant)
    if party is None:
        return []
    holder = kb.records.get(party)
    affiliates = [a.actor for a in holder.affiliations] if isinstance(holder, Actor) else []
    return [party, *(a for a in affiliates if a not in (claim.claimant, party))]


_NO_REPLY_NEEDED = frozenset({str(ClaimStatus.SELF_DECLARED), str(ClaimStatus.RETRACTED)})


def responses_recorded(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    """KB208: every party a claim accuses, and every actor a policy targets, has a response."""
    if f.kind == "policy":
        for path, ref, _ in f.refs:
            if path[0] != "targets":
                continue
            for party in _accused(ix, ref, ""):
                if not any(p == party for p, _ in f.responses):
                    yield finding(f, "KB208", f"the policy targets '{party}' but records no response "
                             f"from '{party}'", path, party,
                             f"add a response: - {{party: {party}, stance: no-response-found, "
                             "date: 'YYYY-MM-DD', summary: ...}")
    for c in f.claims:
        if c.status in _NO_REPLY_NEEDED:
            continue
        for party in _accused(ix, c.subject, c.claimant):
            if not any(p == party and (not scope or c.id in scope) for p, scope in f.responses):
                yield finding(f, "KB208", f"claim '{c.id}' accuses '{party}' but the {f.kind} records no "
                         f"response from '{party}'", ("claims", c.pos, "subject"), party,
                         f"add a response: - {{party: {party}, stance: no-response-found, "
                         "date: 'YYYY-MM-DD', summary: ...}")


def commentary_not_from_accused(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    """KB114: a party a claim of the record accuses answers in `responses`, not in `commentary`
    (commentary is never counted as the accused party's reply, so it would hide one)."""
    parties = [(path, ref) for path, ref, _ in f.refs if path[0] == "commentary"]
    if not parties:
        return
    accused: dict[str, str] = {}
    for c in f.claims:
        for party in _accused(ix, c.subject, c.claimant):
            accused.setdefault(party, c.id)
    for path, ref, _ in f.refs:
        if path[0] == "targets":
            accused.update(dict.fromkeys(_accused(ix, ref, ""), ""))
    for path, party in parties:
        if party in accused:
            what = f"claim '{accused[party]}' accuses" if accused[party] else "the policy targets"
            yield finding(f, "KB114", f"{what} '{party}', so its statement is a response, not "
                          "commentary", path, party,
                          "move the entry to `responses` and give it a stance")


def _student_before_teacher(ix: Index, student: str, teacher: str) -> str | None:
    s, t = ix.get(student), ix.get(teacher)
    if s and t and s.released and t.released and date_bounds(s.released)[1] < date_bounds(t.released)[0]:
        return (f"'{student}' (released {s.released}) cannot derive from '{teacher}', "
                f"released later ({t.released})")
    return None


_LINEAGE = frozenset(str(p) for p in LINEAGE_PREDICATES)


def lineage_dates(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    for c in f.claims:
        if c.predicate in _LINEAGE:
            problem = _student_before_teacher(ix, c.subject, c.object)
            if problem:
                yield finding(f, "KB209", problem, ("claims", c.pos, "object"), c.object,
                         "check both models' release dates against the sources")
    for i, parent in enumerate(f.derived_from):
        problem = _student_before_teacher(ix, f.id, parent)
        if problem:
            yield finding(f, "KB209", problem, ("derived_from", i, "model"), parent)


def lineage_acyclic(ix: Index) -> Iterator[Diagnostic]:
    """KB210: declared lineage (`derived_from`) that loops; reported at the loop's first model."""
    parents = {f.id: f.derived_from for f in ix.facts if f.kind == "model"}
    for loop in loops(sorted(parents), lambda n: parents.get(n, ())):
        if len(loop) > 2:  # a model derived from itself is KB214's one-edge case
            f = ix.by_id[loop[0]]
            idx = f.derived_from.index(loop[1])
            yield finding(f, "KB210", f"declared lineage loops: {' -> '.join(loop)}",
                          ("derived_from", idx, "model"), f.derived_from[idx],
                          "remove the wrong derived_from entry")


RECORD_RULES: tuple[RecordRule, ...] = (
    ids_match_files,
    record_references,
    responses_recorded,
    commentary_not_from_accused,
    lineage_dates,
)
"""The KB2xx rules that look at one record and what it refers to."""


def _all(rule: RecordRule) -> Rule:
    def run(ix: Index) -> Iterator[Diagnostic]:
        for f in ix.facts:
            yield from rule(ix, f)
    run.__name__ = rule.__name__
    return run


RULES: tuple[Rule, ...] = (*map(_all, RECORD_RULES), lineage_acyclic, *map(_all, SOURCE_RECORD_RULES),
                           relays_acyclic)


def run_global(ix: Index) -> list[Diagnostic]:
    """Every KB2xx rule across records, over the whole index (no incremental reuse)."""
    return [d for rule in RULES for d in rule(ix)]
