"""Pydantic record types (the word 'models' is kept for AI models)."""

from kb.records.actor import Actor
from kb.records.base import KbModel, Record
from kb.records.claim import Claim
from kb.records.dataset import Dataset
from kb.records.evidence import Evidence
from kb.records.incident import Incident
from kb.records.model import Model
from kb.records.policy import Policy
from kb.records.source import Source

#: Record kinds by folder name, in the order the docs list them.
KINDS: dict[str, type[Record]] = {
    "incidents": Incident,
    "policies": Policy,
    "actors": Actor,
    "models": Model,
    "sources": Source,
    "datasets": Dataset,
}

__all__ = ["KINDS", "Actor", "Claim", "Dataset", "Evidence", "Incident", "KbModel", "Model", "Policy",
           "Record", "Source"]
