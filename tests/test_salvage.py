"""kb.loading.salvage: what can be read from a record that fails type-checking."""

from __future__ import annotations

from kb.loading.salvage import incomplete, salvage
from kb.records import Incident, Model


def test_keeps_every_field_that_type_checks_and_drops_the_rest() -> None:
    model = salvage(Model, {"id": "x-1", "name": "X", "developer": "Not An Id", "access": "api",
                            "summary": "TODO"})
    assert (model.id, model.name, model.summary) == ("x-1", "X", "TODO")
    assert model.developer is None  # required but unreadable
    assert incomplete(model)


def test_an_unreadable_list_item_keeps_the_index_of_the_items_after_it() -> None:
    """Diagnostics about claims[1] must still point at claims[1]."""
    claim = {"id": "c2", "claimant": "anthropic", "subject": "deepseek", "predicate": "distilled-from",
             "object": "claude", "status": "alleged", "stated_on": "2025-01-01",
             "statement": "Anthropic says so.", "evidence": [{"ref": "e1", "stance": "supports"}]}
    broken = {**claim, "id": "c1", "predicate": "TODO", "claimant": "Bad Id"}
    incident = salvage(Incident, {"id": "2025-01-01-x", "claims": [broken, claim],
                                  "models": ["??", "claude"]})
    assert [c.id for c in incident.claims] == ["c1", "c2"]
    assert incident.claims[0].claimant is None and incident.claims[0].subject == "deepseek"
    assert incident.models == [None, "claude"]
    assert not incomplete(incident.claims[1])
