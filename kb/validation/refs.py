"""Where each record kind points at other records, and at its own local ids.

One table per kind keeps every reference rule (resolution, kind checks, renames) in one place.
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.diagnostics import FieldPath
from kb.records import Actor, Incident, Model, Policy, Record, Source

ACTOR = ("actor",)
MODEL = ("model",)
PARTY = ("actor", "model")
INCIDENT = ("incident",)
POLICY = ("policy",)
SOURCE = ("source",)


def record_refs(record: Record) -> Iterator[tuple[FieldPath, str, tuple[str, ...]]]:
    """Yield (field path, referenced id, allowed kinds) for every cross-record reference."""
    if record.superseded_by:
        yield ("superseded_by",), record.superseded_by, (record.kind_name,)
    if isinstance(record, Incident):
        for i, inv in enumerate(record.actors):
            yield ("actors", i, "actor"), inv.actor, ACTOR
        for i, m in enumerate(record.models):
            yield ("models", i), m, MODEL
        for i, c in enumerate(record.claims):
            yield ("claims", i, "claimant"), c.claimant, ACTOR
            yield ("claims", i, "subject"), c.subject, PARTY
            yield ("claims", i, "object"), c.object, PARTY
        for i, r in enumerate(record.responses):
            yield ("responses", i, "party"), r.party, ACTOR
        for i, d in enumerate(record.detection_methods):
            yield ("detection_methods", i, "claimed_by"), d.claimed_by, ACTOR
        for i, p in enumerate(record.policies):
            yield ("policies", i), p, POLICY
        for i, rel in enumerate(record.related):
            yield ("related", i), rel, INCIDENT
    elif isinstance(record, Policy):
        for i, a in enumerate(record.issued_by):
            yield ("issued_by", i), a, ACTOR
        for i, inc in enumerate(record.prompted_by):
            yield ("prompted_by", i), inc, INCIDENT
        for i, t in enumerate(record.targets):
            yield ("targets", i), t, PARTY
        for i, r in enumerate(record.responses):
            yield ("responses", i, "party"), r.party, ACTOR
    elif isinstance(record, Actor):
        if record.parent:
            yield ("parent",), record.parent, ACTOR
    elif isinstance(record, Model):
        yield ("developer",), record.developer, ACTOR
        for i, parent in enumerate(record.derived_from):
            yield ("derived_from", i, "model"), parent.model, MODEL
    elif isinstance(record, Source):
        if record.by:
            yield ("by",), record.by, ACTOR
        for i, src in enumerate(record.relays):
            yield ("relays", i), src, SOURCE
        for i, src in enumerate(record.cited_in):
            yield ("cited_in", i), src, SOURCE
    for i, item in enumerate(getattr(record, "evidence", ())):
        yield ("evidence", i, "source"), item.source, SOURCE


def _figures_responses_disagreements(record: Incident | Policy) -> Iterator[tuple[FieldPath, str]]:
    """Evidence references in the parts incidents and policies share."""
    for fi, fig in enumerate(record.figures):
        for k, ref in enumerate(fig.evidence):
            yield ("figures", fi, "evidence", k), ref
    for ri, resp in enumerate(record.responses):
        for k, ref in enumerate(resp.evidence):
            yield ("responses", ri, "evidence", k), ref
    for di, dis in enumerate(record.disagreements):
        for vi, val in enumerate(dis.values):
            for k, ref in enumerate(val.evidence):
                yield ("disagreements", di, "values", vi, "evidence", k), ref


def evidence_refs(record: Record) -> Iterator[tuple[FieldPath, str]]:
    """Yield (field path, evidence id) for every reference to the record's own evidence."""
    if isinstance(record, Incident | Policy):
        yield from _figures_responses_disagreements(record)
    if isinstance(record, Incident):
        for ci, claim in enumerate(record.claims):
            for k, eref in enumerate(claim.evidence):
                yield ("claims", ci, "evidence", k, "ref"), eref.ref
            for fi, fig in enumerate(claim.figures):
                for k, ref in enumerate(fig.evidence):
                    yield ("claims", ci, "figures", fi, "evidence", k), ref
        for di, det in enumerate(record.detection_methods):
            for k, ref in enumerate(det.evidence):
                yield ("detection_methods", di, "evidence", k), ref
    elif isinstance(record, Policy):
        for ei, ev in enumerate(record.events):
            for k, ref in enumerate(ev.evidence):
                yield ("events", ei, "evidence", k), ref
    elif isinstance(record, Model):
        for di, d in enumerate(record.derived_from):
            for k, ref in enumerate(d.evidence):
                yield ("derived_from", di, "evidence", k), ref
