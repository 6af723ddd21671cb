"""Validation: the three layers (YAML, record, whole KB), reported together and sorted.

`check` is the one entry point: `kb validate`, the site build, benchmarks and tests all call it.
It works over small per-file facts (`facts`), never full records, which is what keeps it fast:

- `local`: rules on one record; `placeholders`: TODOs a scaffold left;
- `facts`, `refs`, `rules`: the rules across records over those facts;
- `graph_rules`: the KB3xx checks that follow several edges (no networkx);
- `cache`: per-file results kept outside the repository between runs;
- `incremental`: which rules across records to re-run after files changed;
- `report`: the result, with positions filled in.
"""

from kb.validation.check import check
from kb.validation.report import Report

__all__ = ["Report", "check"]
