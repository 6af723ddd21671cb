"""A transparent evidence score per claim: additive points with the reason for each.

The score describes the *evidence recorded* for a claim, not the likelihood that the claim is
true, and it never changes a claim's status (editors set the status). The rubric is documented
for readers in docs/methodology/evidence-score.md; the numbers here are the single source.

Only sources cited with stance ``supports`` earn points; sources with stance ``disputes`` and
denials by the accused take points away. Sources the editors did not read (``reviewed:
false``) count as origins for corroboration but earn no points for reliability, kind or
first-hand standing.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import asdict, dataclass
from typing import Any

from kb.loading import KnowledgeBase
from kb.records import Actor, Incident
from kb.records.evidence import Evidence
from kb.records.incident import Claim
from kb.records.vocab import EvidenceKind, Reliability, ResponseStance, Stance
from kb.validation.rules import accused_parties, normalise_url

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
    components: tuple[Component, ...]
    flags: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def band(total: int) -> str:
    return next(label for floor, label in BANDS if total >= floor)


def _origin(item: Evidence) -> str:
    return normalise_url(str(item.via or item.url))


#: Kinds that usually report what someone else said.
_REPORTING_KINDS = frozenset({EvidenceKind.NEWS, EvidenceKind.ANALYSIS, EvidenceKind.SOCIAL_POST})


def _origin_publisher(item: Evidence) -> str:
    return str(item.via_publisher if item.via and item.via_publisher else item.publisher).lower()


def _names(kb: KnowledgeBase, actor_id: str) -> set[str]:
    actor = kb.records.get(actor_id)
    names = {actor_id.lower()}
    if isinstance(actor, Actor):
        names.add(actor.name.lower())
        names.update(a.lower() for a in getattr(actor, "aliases", []) or [])
    return names


def _best(items: list[Evidence], points: dict[object, int], attr: str) -> Evidence | None:
    return max(items, key=lambda e: (points[getattr(e, attr)], -items.index(e)), default=None)


def _label(item: Evidence) -> str:
    return f"{item.id} ({item.publisher}, {item.reliability}, {item.kind})"


def _corroboration(supporting: list[Evidence],
                   claimant_names: set[str]) -> tuple[Component, list[list[Evidence]]]:
    """Group sources by origin; points for each origin besides the claimant's own."""
    groups: dict[str, list[Evidence]] = {}
    own_urls = {normalise_url(str(e.url)): e for e in supporting}
    for e in supporting:
        origin = _origin(e)
        # A source that repeats another cited source joins that source's origin.
        root = own_urls.get(origin)
        key = _origin(root) if root is not None and root is not e else origin
        groups.setdefault(key, []).append(e)
    claimant_own = {k for k, members in groups.items()
                    if any(_origin_publisher(m) in claimant_names for m in members)}
    others = [members for k, members in groups.items() if k not in claimant_own]
    described = "; ".join("+".join(m.id for m in members) for members in others)
    own = "; ".join("+".join(m.id for m in groups[k]) for k in claimant_own)
    return Component(
        "corroboration", "independent origins", min(MAX_CORROBORATION, len(others)),
        MAX_CORROBORATION,
        f"{len(others)} origin{'s' * (len(others) != 1)} besides the claimant's own statement"
        f" ({described or 'none'})" + (f"; the claimant's own: {own}" if own else "")
        + "; sources repeating one original (`via`) count once",
        tuple(m.id for members in others for m in members)), others


def score_claim(kb: KnowledgeBase, incident: Incident, claim: Claim,
                verified: Set[str] = frozenset()) -> ClaimScore:
    """Score one claim of ``incident``; ``verified`` holds hashes of intact captures."""
    items = {e.id: e for e in incident.evidence}
    supporting = [items[r.ref] for r in claim.evidence
                  if r.stance == Stance.SUPPORTS and r.ref in items]
    disputing = [items[r.ref] for r in claim.evidence
                 if r.stance == Stance.DISPUTES and r.ref in items]
    reviewed = [e for e in supporting if e.reviewed]
    unreviewed = [e for e in supporting if not e.reviewed]
    components: list[Component] = []

    best = _best(reviewed, RELIABILITY_POINTS, "reliability")  # type: ignore[arg-type]
    not_read = f"; not counted, not read by the editors: {', '.join(e.id for e in unreviewed)}" \
        if unreviewed else ""
    components.append(Component(
        "reliability", "source reliability", RELIABILITY_POINTS[best.reliability] if best else 0, 5,
        (f"best reviewed supporting source: {_label(best)}" if best
         else "no reviewed supporting source") + not_read, (best.id,) if best else ()))

    best_kind = _best(reviewed, KIND_POINTS, "kind")  # type: ignore[arg-type]
    components.append(Component(
        "kind", "source kind", KIND_POINTS[best_kind.kind] if best_kind else 0, 3,
        f"{best_kind.id}: {best_kind.kind}" if best_kind else "no reviewed supporting source",
        (best_kind.id,) if best_kind else ()))

    first = [e for e in reviewed if e.first_hand]
    unread_first = [e for e in unreviewed if e.first_hand]
    components.append(Component(
        "first_hand", "first-hand source", 1 if first else 0, 1,
        f"{first[0].id} is first-hand" if first else "no reviewed first-hand source" + (
            f" ({', '.join(e.id for e in unread_first)} is first-hand but was not read)"
            if unread_first else ""), (first[0].id,) if first else ()))

    corroboration, others = _corroboration(supporting, _names(kb, claim.claimant))
    components.append(corroboration)
    secondary_only = bool(others) and all(
        m.kind in _REPORTING_KINDS and not m.first_hand for members in others for m in members)

    accused = set(accused_parties(kb, claim))
    denials = [r for r in incident.responses
               if r.party in accused and r.stance in DENYING_STANCES
               and (not r.claims or claim.id in r.claims)]
    against = max(MIN_CONTRADICTION,
                  DENIAL_POINTS * len(denials) + DISPUTING_SOURCE_POINTS * len(disputing))
    said = [f"{r.party} {r.stance}" for r in incident.responses
            if r.party in accused and (not r.claims or claim.id in r.claims)]
    components.append(Component(
        "contradiction", "denials and disputing sources", against, 0,
        (f"{len(denials)} denial{'s' * (len(denials) != 1)}, {len(disputing)} disputing "
         f"source{'s' * (len(disputing) != 1)}") + (f"; responses: {', '.join(said)}" if said
                                                    else "; no response recorded"),
        tuple(e.id for e in disputing)))

    captured = [e for e in supporting if e.sha256 and e.sha256 in verified]
    unverified = [e for e in supporting if e.sha256 and e.sha256 not in verified]
    components.append(Component(
        "captured", "captured and hash-verified", 1 if captured else 0, 1,
        (f"{', '.join(e.id for e in captured)} captured, hash verified" if captured
         else "no supporting source captured") +
        (f"; capture not verified: {', '.join(e.id for e in unverified)}" if unverified else ""),
        tuple(e.id for e in captured)))

    archived = [e for e in supporting if e.archives]
    components.append(Component(
        "archived", "archived copy", 1 if archived else 0, 1,
        f"{', '.join(e.id for e in archived)} archived" if archived
        else "no supporting source has an archive URL", tuple(e.id for e in archived)))

    total = max(0, sum(c.points for c in components))
    maximum = sum(c.maximum for c in components)

    flags: list[str] = []
    if supporting and not others:
        flags.append("every supporting source traces back to the claimant")
    if secondary_only:
        flags.append("the other origins are news or commentary: check whether they reported "
                     "independently or only repeat the claimant (if so, set `via`)")
    if unreviewed:
        flags.append(f"{len(unreviewed)} supporting source{'s' * (len(unreviewed) != 1)} "
                     "not read by the editors")
    if accused and not said:
        flags.append("no response from the accused is recorded")
    roles = {i.role for i in incident.actors if i.actor == claim.claimant}
    if roles & {"accuser", "target"}:
        flags.append("the claimant is a party to the dispute")

    return ClaimScore(
        incident.id, claim.id, claim.claimant, claim.subject, str(claim.predicate), claim.object,
        str(claim.status), total, maximum, band(total), tuple(components), tuple(flags))


def score_incident(kb: KnowledgeBase, incident: Incident,
                   verified: Set[str] = frozenset()) -> list[ClaimScore]:
    """Scores of every claim of ``incident``, in ledger order."""
    return [score_claim(kb, incident, claim, verified) for claim in incident.claims]
