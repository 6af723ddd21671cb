"""Who a claim accuses: the one rule, used by validation (right of reply), the graph's
statistics and the evidence score."""

from __future__ import annotations


def accused_party(subject: str, subject_kind: str | None, developer: str | None,
                  claimant: str) -> str | None:
    """The actor a claim about ``subject`` accuses: the subject itself when it is an actor, the
    developer when it is a model; none for other subjects or when that actor is the claimant
    (a party describing its own model accuses no one)."""
    party = subject if subject_kind == "actor" else developer if subject_kind == "model" else None
    return None if party is None or party == claimant else party
