"""A transparent evidence score per claim: additive points with the reason for each.

The score describes the *evidence recorded* for a claim, not the likelihood that the claim is
true, and it never changes a claim's status (editors set the status). The rubric is documented
for readers in docs/methodology/evidence-score.md; the numbers here are the single source.

Only sources cited with stance ``supports`` earn points; sources with stance ``disputes`` and
denials by the accused take points away. Sources the editors did not read (``reviewed:
false``) count as origins for corroboration but earn no points for reliability, kind or
first-hand standing.

Each component is one function below, returning a :class:`Component`; :func:`score_claim`
collects them into a :class:`Breakdown`. Independence (the corroboration component) is read
from the source records: a source that ``relays`` another counts once, with the origin at the
end of its chain; an origin whose source is ``by`` the claimant is the claimant's own; and a
second-hand report (news, analysis or a social post not marked ``first_hand``) is a report of
the claim, so it counts once with the claimant's own statement, not as an independent origin.

The same functions score the claims of incidents and of policies (:func:`score_record`).
Site use::

    from kb.evidence.score import score_claim, score_record
    from kb.evidence.strength import strongest_sources
    s = score_claim(kb, record, claim, verified)    # record: Incident or Policy
    s.total, s.maximum, s.band, s.components (each: label, points, maximum, reason), s.flags
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

from kb.loading import KnowledgeBase
from kb.records import Incident, Policy, Source
from kb.records.incident import Claim, Response
from kb.records.phrases import response_phrase
from kb.records.vocab import EvidenceKind, Reliability, ResponseStance, Stance
from kb.validation.rules import accused_parties

RELIABILITY_POINTS = {Reliability.A: 5, Reliability.B: 4, Reliability.C: 3, Reliability.D: 2,
                      Reliability.E: 1, Reliability.F: 0}
KIND_POINTS = {
    EvidenceKind.COURT_FILING: 3, EvidenceKind.GOVERNMENT_DOCUMENT: 3,
    EvidenceKind.TECHNICAL_REPORT: 2, EvidenceKind.PAPER: 2, EvidenceKind.DATASET: 2,
    EvidenceKind.PRIMARY_STATEMENT: 2, EvidenceKind.TRANSCRIPT_ANALYSIS: 1,
    EvidenceKind.NEWS: 1, EvidenceKind.ANALYSIS: 1, EvidenceKind.SOCIAL_POST: 0,
}
MAX_CORROBORATION = 3
DENIAL_POINTS = -2
DISPUTING_SOURCE_POINTS = -1
MIN_CONTRADICTION = -4
DENYING_STANCES = frozenset({ResponseStance.DENIED, ResponseStance.DISPUTED})
BANDS = ((8, "substantial"), (4, "moderate"), (0, "thin"))
"""(minimum total, label), highest first."""


@dataclass(frozen=True, slots=True)
class Component:
    key: str
    label: str
    points: int
    maximum: int
    """Most points this component can add (0 for components that only subtract)."""
    reason: str
    evidence: tuple[str, ...] = ()
    """Evidence ids the points rest on."""


class Breakdown(NamedTuple):
    """The score's components, one per rule of the rubric (docs/methodology/evidence-score.md)."""

    reliability: Component
    kind: Component
    first_hand: Component
    corroboration: Component
    contradiction: Component
    captured: Component
    archived: Component


@dataclass(frozen=True, slots=True)
class Cited:
    """A source a claim cites, under the evidence id the record gives it."""

    id: str
    source: Source

    @property
    def label(self) -> str:
        s = self.source
        return f"{self.id} ({s.publisher}, {s.reliability}, {s.kind})"


@dataclass(frozen=True, slots=True)
class ClaimScore:
    incident: str
    claim: str
    claimant: str
    subject: str
    predicate: str
    object: str
    status: str
    """The claim's status as the editors recorded it; the score never changes it."""
    total: int
    maximum: int
    band: str
    components: Breakdown
    flags: tuple[str, ...]
    record_kind: str = "incident"
    """'incident' or 'policy': the kind of the record ``incident`` names."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def band(total: int) -> str:
    return next(label for floor, label in BANDS if total >= floor)


#: Kinds that usually report what someone else said.
_REPORTING_KINDS = frozenset({EvidenceKind.NEWS, EvidenceKind.ANALYSIS, EvidenceKind.SOCIAL_POST})


def _ids(items: list[Cited]) -> tuple[str, ...]:
    return tuple(c.id for c in items)


def _best(items: list[Cited], points: dict[Any, int], attr: str) -> Cited | None:
    return max(items, key=lambda c: (points[getattr(c.source, attr)], -items.index(c)), default=None)


def reliability_component(reviewed: list[Cited], unreviewed: list[Cited]) -> Component:
    """The best Admiralty grade among supporting sources the editors read."""
    best = _best(reviewed, RELIABILITY_POINTS, "reliability")
    not_read = f"; not counted, not read by the editors: {', '.join(_ids(unreviewed))}" \
        if unreviewed else ""
    return Component(
        "reliability", "source reliability",
        RELIABILITY_POINTS[best.source.reliability] if best else 0, 5,
        (f"best reviewed supporting source: {best.label}" if best
         else "no reviewed supporting source") + not_read, (best.id,) if best else ())


def kind_component(reviewed: list[Cited]) -> Component:
    """The best kind (court filing ... social post) among supporting sources the editors read."""
    best = _best(reviewed, KIND_POINTS, "kind")
    return Component(
        "kind", "source kind", KIND_POINTS[best.source.kind] if best else 0, 3,
        f"{best.id}: {best.source.kind}" if best else "no reviewed supporting source",
        (best.id,) if best else ())


def first_hand_component(reviewed: list[Cited], unreviewed: list[Cited]) -> Component:
    """1 when a supporting source the editors read is first-hand."""
    first = [c for c in reviewed if c.source.first_hand]
    unread = [c for c in unreviewed if c.source.first_hand]
    return Component(
        "first_hand", "first-hand source", 1 if first else 0, 1,
        f"{first[0].id} is first-hand" if first else "no reviewed first-hand source" + (
            f" ({', '.join(_ids(unread))} is first-hand but was not read)" if unread else ""),
        (first[0].id,) if first else ())


def origin(kb: KnowledgeBase, source: Source) -> Source:
    """The end of a source's `relays` chain: the source whose content it repeats, first entry
    first. A loop (which `kb validate` reports as KB224) has no end; its members share the one
    with the smallest id, so they still count once."""
    path = [source]
    current = source
    while current.relays:
        nxt = kb.records.get(current.relays[0])
        if not isinstance(nxt, Source):
            break
        ids = [s.id for s in path]
        if nxt.id in ids:
            return min(path[ids.index(nxt.id):], key=lambda s: s.id)
        path.append(nxt)
        current = nxt
    return current


def _is_own(kb: KnowledgeBase, source: Source, claimant: str) -> bool:
    """Whether the claimant published this source or anything in its relays chain."""
    seen: set[str] = set()
    todo = [source]
    while todo:
        s = todo.pop()
        if s.id in seen:
            continue
        seen.add(s.id)
        if s.by == claimant:
            return True
        todo += [r for r in (kb.records.get(i) for i in s.relays) if isinstance(r, Source)]
    return False


def is_report(source: Source) -> bool:
    """Whether a source is a second-hand report of what someone said (news, analysis or a
    social post not marked first-hand): it reports the claim, it does not support it."""
    return source.kind in _REPORTING_KINDS and not source.first_hand


def corroboration_component(kb: KnowledgeBase, supporting: list[Cited],
                            claimant: str) -> tuple[Component, list[list[Cited]]]:
    """Independent origins besides the claimant's own: sources grouped by the origin of their
    `relays` chain; a group is the claimant's own when a member or its chain is `by` it, or
    when its origin is a second-hand report of the claim (:func:`is_report`)."""
    groups: dict[str, list[Cited]] = {}
    origins: dict[str, Source] = {}
    for c in supporting:
        first = origin(kb, c.source)
        origins[first.id] = first
        groups.setdefault(first.id, []).append(c)
    own = {k for k, members in groups.items() if any(_is_own(kb, m.source, claimant) for m in members)}
    reports = {k for k in groups if k not in own and is_report(origins[k])}
    others = [members for k, members in groups.items() if k not in own and k not in reports]
    described = "; ".join("+".join(_ids(members)) for members in others)
    with_claimant = [k for k in groups if k in own or k in reports]
    own_text = "+".join(i for k in with_claimant for i in _ids(groups[k]))
    return Component(
        "corroboration", "independent origins", min(MAX_CORROBORATION, len(others)),
        MAX_CORROBORATION,
        f"{len(others)} origin{'s' * (len(others) != 1)} besides the claimant's own statement"
        f" ({described or 'none'})"
        + (f"; counted once with the claimant's statement (its own publications, sources relaying "
           f"them and second-hand reports of the claim): {own_text}" if own_text else "")
        + "; sources relaying one original (`relays`) count once",
        tuple(m.id for members in others for m in members)), others


Scored = Incident | Policy
"""A record with a claim ledger: an incident or a policy."""


def contradiction_component(kb: KnowledgeBase, incident: Scored, claim: Claim,
                            disputing: list[Cited]) -> Component:
    """Denials and disputes from the accused covering this claim, and disputing sources."""
    accused = set(accused_parties(kb, claim))
    denials = [r for r in incident.responses
               if r.party in accused and r.stance in DENYING_STANCES
               and (not r.claims or claim.id in r.claims)]
    against = max(MIN_CONTRADICTION,
                  DENIAL_POINTS * len(denials) + DISPUTING_SOURCE_POINTS * len(disputing))
    said = [response_phrase(r.stance, r.party, r.date) for r in _responses(incident, claim, accused)]
    return Component(
        "contradiction", "denials and disputing sources", against, 0,
        (f"{len(denials)} denial{'s' * (len(denials) != 1)}, {len(disputing)} disputing "
         f"source{'s' * (len(disputing) != 1)}") + (f"; responses: {', '.join(said)}" if said
                                                    else "; no response recorded"),
        _ids(disputing))


def captured_component(supporting: list[Cited], verified: Set[str]) -> Component:
    """1 when a supporting source's capture is in the store and intact."""
    captured = [c for c in supporting if c.source.sha256 and c.source.sha256 in verified]
    unverified = [c for c in supporting if c.source.sha256 and c.source.sha256 not in verified]
    return Component(
        "captured", "captured and hash-verified", 1 if captured else 0, 1,
        (f"{', '.join(_ids(captured))} captured, hash verified" if captured
         else "no supporting source captured") +
        (f"; capture not verified: {', '.join(_ids(unverified))}" if unverified else ""),
        _ids(captured))


def archived_component(supporting: list[Cited]) -> Component:
    """1 when a supporting source has an archived copy."""
    archived = [c for c in supporting if c.source.archives]
    return Component(
        "archived", "archived copy", 1 if archived else 0, 1,
        f"{', '.join(_ids(archived))} archived" if archived
        else "no supporting source has an archive URL", _ids(archived))


def _responses(incident: Scored, claim: Claim, accused: set[str]) -> list[Response]:
    return [r for r in incident.responses
            if r.party in accused and (not r.claims or claim.id in r.claims)]


def _flags(kb: KnowledgeBase, incident: Scored, claim: Claim, supporting: list[Cited],
           unreviewed: list[Cited], others: list[list[Cited]]) -> tuple[str, ...]:
    flags: list[str] = []
    if supporting and not others:
        flags.append("every supporting source traces back to the claimant (its own statement, "
                     "or reports of it)")
    reports = [c for c in supporting if is_report(origin(kb, c.source))]
    if reports:
        flags.append(f"{len(reports)} supporting source{'s' * (len(reports) != 1)} "
                     f"{'is a' if len(reports) == 1 else 'are'} second-hand report"
                     f"{'s' * (len(reports) != 1)} of the claim, counted with the claimant's "
                     "statement (mark a source `first_hand` if it reported what it found itself)")
    if unreviewed:
        flags.append(f"{len(unreviewed)} supporting source{'s' * (len(unreviewed) != 1)} "
                     "not read by the editors")
    accused = set(accused_parties(kb, claim))
    if accused and not _responses(incident, claim, accused):
        flags.append("no response from the accused is recorded")
    roles = {i.role for i in getattr(incident, "actors", ()) if i.actor == claim.claimant}
    if roles & {"accuser", "target"}:
        flags.append("the claimant is a party to the dispute")
    return tuple(flags)


def _cited(kb: KnowledgeBase, incident: Scored, claim: Claim, stance: Stance) -> list[Cited]:
    items = {e.id: e for e in incident.evidence}
    out: list[Cited] = []
    for ref in claim.evidence:
        item = items.get(ref.ref)
        source = kb.source_of(item) if item is not None and ref.stance == stance else None
        if source is not None:
            out.append(Cited(ref.ref, source))
    return out


def score_claim(kb: KnowledgeBase, incident: Scored, claim: Claim,
                verified: Set[str] = frozenset()) -> ClaimScore:
    """Score one claim of ``incident`` (an incident or a policy); ``verified`` holds hashes of
    intact captures."""
    supporting = _cited(kb, incident, claim, Stance.SUPPORTS)
    disputing = _cited(kb, incident, claim, Stance.DISPUTES)
    reviewed = [c for c in supporting if c.source.reviewed]
    unreviewed = [c for c in supporting if not c.source.reviewed]
    corroboration, others = corroboration_component(kb, supporting, claim.claimant)
    breakdown = Breakdown(
        reliability=reliability_component(reviewed, unreviewed),
        kind=kind_component(reviewed),
        first_hand=first_hand_component(reviewed, unreviewed),
        corroboration=corroboration,
        contradiction=contradiction_component(kb, incident, claim, disputing),
        captured=captured_component(supporting, verified),
        archived=archived_component(supporting),
    )
    total = max(0, sum(c.points for c in breakdown))
    maximum = sum(c.maximum for c in breakdown)
    return ClaimScore(
        incident.id, claim.id, claim.claimant, claim.subject, str(claim.predicate), claim.object,
        str(claim.status), total, maximum, band(total), breakdown,
        _flags(kb, incident, claim, supporting, unreviewed, others), incident.kind_name)


def score_record(kb: KnowledgeBase, record: Scored,
                 verified: Set[str] = frozenset()) -> list[ClaimScore]:
    """Scores of every claim of an incident or a policy, in ledger order."""
    return [score_claim(kb, record, claim, verified) for claim in record.claims]


def score_incident(kb: KnowledgeBase, incident: Scored,
                   verified: Set[str] = frozenset()) -> list[ClaimScore]:
    """Scores of every claim of ``incident`` (the name the site has always called)."""
    return score_record(kb, incident, verified)
