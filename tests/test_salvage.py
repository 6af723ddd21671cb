"""kb.loading.salvage: what can be read from a record that fails type-checking."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


JUNK = [None, 0, -1, 3.5, True, [], {}, ["x"], {"a": 1}, "TODO", "", "Bad Id", "2026-13-45",
        "javascript:x", [None], [{}]]


def _paths(node: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*path, i))
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(JUNK)), min_size=1, max_size=6))
def test_validating_a_record_with_junk_anywhere_never_raises(small_kb: Path,
                                                            edits: list[tuple[int, object]]) -> None:
    """Salvage and the rules that read salvaged records survive any wrong value anywhere."""
    import copy

    import yaml

    from kb.validation.check import check

    path = small_kb / "incidents" / "2026-02-23-anthropic-claude-distillation.yaml"
    original = path.read_text("utf-8")
    data = yaml.safe_load(original)
    for pick, value in edits:
        paths = _paths(data)
        target = paths[pick % len(paths)]
        node = data
        for seg in target[:-1]:
            node = node[seg]
        node[target[-1]] = copy.deepcopy(value)
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    try:
        report = check(small_kb, use_cache=False)
        records = sum(1 for p in small_kb.glob("*/*.yaml") if p.parent.name != "schemas")
        assert report.files == records  # every record file, the broken one included
    finally:
        path.write_text(original, "utf-8")
