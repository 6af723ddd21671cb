"""Codes for KB3xx: the lineage and actor graph (checks across several edges)."""

from __future__ import annotations

from kb.codes.code import Code

CODES: tuple[Code, ...] = (
    Code("KB301", "claimed lineage loops", "warning",
         "Following lineage (declared `derived_from` and claims such as distilled-from, "
         "trained-on-outputs-of, extracted-outputs-from) leads back to where it started, and at "
         "least one step is a claim. Both claims cannot be true, but two parties may accuse each "
         "other, so this is a warning; a loop of declared lineage alone is KB210.",
         "claim a: x distilled-from y; claim b: y distilled-from x",
         "Check that each claim's subject derives from its object (not the other way round); "
         "record a refuted claim as `refuted`."),
    Code("KB302", "teacher released after the student, through undated models", "error",
         "A model derives, through one or more models that have no release date, from a model "
         "released after it. The one-step case is KB209.",
         "a (2023) distilled-from b (no date), b fine-tuned-from c (2025)",
         "Check the release dates against the sources, or add the missing dates in between."),
    Code("KB303", "record refers to itself", "error",
         "A record is its own parent organisation, related incident or successor. (A model "
         "derived from itself is KB210; a claim about itself is KB214.)",
         "id: google\nparent: google", "Remove the entry, or name the other record meant."),
    Code("KB304", "parent organisations loop", "error",
         "Following `parent` from actor to actor leads back to the start.",
         "a: {parent: b}; b: {parent: a}", "Remove the wrong `parent`."),
    Code("KB305", "lineage claim within one organisation", "warning",
         "A lineage claim that is not self-declared has a subject and object that belong to the "
         "same organisation (the same actor, its models, or its subsidiaries). A lab's lineage of "
         "its own models is self-declared; an accusation names another party.",
         "subject: deepseek-r1, predicate: distilled-from, object: deepseek-v3, status: alleged",
         "Check the subject and object; use status `self-declared` for a lab's own lineage."),
    Code("KB306", "actor or model mentioned by no other record", "warning",
         "No incident, policy, model or actor refers to this actor or model, so it is cut off "
         "from the graph and its page has nothing to show. References in a record that fails "
         "type-checking count; while a record file cannot be read at all (a YAML error), the "
         "warning is held back, since the mention may be in that file.",
         "actors/example-lab.yaml (referenced nowhere)",
         "Link it from the incident, policy or model it belongs to, or remove it."),
)
