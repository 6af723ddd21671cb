"""Where each record kind points at other records, and at its own local ids.

One table per kind keeps every reference rule (resolution, kind checks, renames) in one place.
"""

from __future__ import annotations

from collections.abc import Iterator

from kb.diagnostics import FieldPath
from kb.records import Actor, Dataset, Incident, Model, Policy, Record, Source

ACTOR = ("actor",)
MODEL = ("model",)
DATASET = ("dataset",)
PARTY = ("actor", "model")
CLAIM_PARTY = ("actor", "model", "dataset")
SOURCE_OF_DATA = ("actor", "model", "dataset")
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
        yield from _claim_refs(record)
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
        yield from _claim_refs(record)
    elif isinstance(record, Actor):
        if record.parent:
            yield ("parent",), record.parent, ACTOR
        for i, aff in enumerate(record.affiliations):
            yield ("affiliations", i, "actor"), aff.actor, ACTOR
    elif isinstance(record, Model):
        yield ("developer",), record.developer, ACTOR
        if record.family:
            yield ("family",), record.family, MODEL
        for i, parent in enumerate(record.derived_from):
            yield ("derived_from", i, "model"), parent.model, MODEL
        for i, ds in enumerate(record.trained_on):
            yield ("trained_on", i, "dataset"), ds.dataset, DATASET
    elif isinstance(record, Dataset):
        if record.creator:
            yield ("creator",), record.creator, ACTOR
        for i, g in enumerate(record.generated_by):
            yield ("generated_by", i, "model"), g.model, MODEL
        for i, c in enumerate(record.collected_from):
            yield ("collected_from", i, "source"), c.source, SOURCE_OF_DATA
    elif isinstance(record, Source):
        if record.by:
            yield ("by",), record.by, ACTOR
        for i, src in enumerate(record.relays):
            yield ("relays", i), src, SOURCE
        for i, src in enumerate(record.cited_in):
            yield ("cited_in", i), src, SOURCE
    for i, item in enumerate(getattr(record, "evidence", ())):
        yield ("evidence", i, "source"), item.source, SOURCE


def _claim_refs(record: Incident | Policy) -> Iterator[tuple[FieldPath, str, tuple[str, ...]]]:
    for i, c in enumerate(record.claims):
        yield ("claims", i, "claimant"), c.claimant, ACTOR
        yield ("claims", i, "subject"), c.subject, CLAIM_PARTY
        yield ("claims", i, "object"), c.object, CLAIM_PARTY
    for i, r in enumerate(record.responses):
        yield ("responses", i, "party"), r.party, ACTOR
    for i, cm in enumerate(record.commentary):
        yield ("commentary", i, "party"), cm.party, ACTOR


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


def _claims_events(record: Incident | Policy) -> Iterator[tuple[FieldPath, str]]:
    """Evidence references in claims (with their figures and history) and events."""
    for ci, claim in enumerate(record.claims):
        for k, eref in enumerate(claim.evidence):
            yield ("claims", ci, "evidence", k, "ref"), eref.ref
        for fi, fig in enumerate(claim.figures):
            for k, ref in enumerate(fig.evidence):
                yield ("claims", ci, "figures", fi, "evidence", k), ref
        for hi, change in enumerate(claim.history):
            for k, ref in enumerate(change.evidence):
                yield ("claims", ci, "history", hi, "evidence", k), ref
    for ei, ev in enumerate(record.events):
        for k, ref in enumerate(ev.evidence):
            yield ("events", ei, "evidence", k), ref


def _lists(record: Record, field: str) -> Iterator[tuple[FieldPath, str]]:
    """Evidence references of a list of items that each carry `evidence: [ids]`."""
    for i, item in enumerate(getattr(record, field)):
        for k, ref in enumerate(item.evidence):
            yield (field, i, "evidence", k), ref


def evidence_refs(record: Record) -> Iterator[tuple[FieldPath, str]]:
    """Yield (field path, evidence id) for every reference to the record's own evidence."""
    if isinstance(record, Incident | Policy):
        yield from _figures_responses_disagreements(record)
        yield from _claims_events(record)
        yield from _lists(record, "commentary")
        yield from _lists(record, "negative_findings")
    if isinstance(record, Incident):
        yield from _lists(record, "detection_methods")
    elif isinstance(record, Model):
        yield from _lists(record, "derived_from")
        yield from _lists(record, "trained_on")
    elif isinstance(record, Actor):
        yield from _lists(record, "affiliations")
    elif isinstance(record, Dataset):
        yield from _lists(record, "generated_by")
        yield from _lists(record, "collected_from")
        yield from _lists(record, "figures")
