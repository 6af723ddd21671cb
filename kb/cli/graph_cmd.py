"""`kb graph ...`: lineage and actor graph queries and exports (issue 4).

Every query prints text for people (default) or ``--format json`` for tools. An unknown node
name is a usage error (exit 2) with "did you mean"; the graph is built from the records that
load, and a note on stderr says when some files did not.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kb.cli.common import (
    EXIT_OK,
    DataFormatOption,
    OutputFormat,
    RootOption,
    data_format,
    fail_usage,
    find_root,
)
from kb.diagnostics import printable, terminal_safe_json

if TYPE_CHECKING:
    import networkx as nx

    from kb.graph.queries import Step


def _say(text: str, *, err: bool = False) -> None:
    """Echo one line; record text in it cannot reach the terminal as control sequences."""
    typer.echo(printable(text), err=err)


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    cytoscape = "cytoscape"
    mermaid = "mermaid"
    dot = "dot"


StatusOption = Annotated[str | None, typer.Option(
    "--status", "-s", help="Only claims with these statuses or status classes, comma-separated "
    "(e.g. alleged,confirmed or established,not-supported); 'all' for every claim. By default "
    "claims the sources do not support (unsubstantiated, refuted, retracted) are left out.")]
AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", help="Only what was known by this date (YYYY, YYYY-MM or YYYY-MM-DD); claims "
    "show the status their history gives on that date.")]
ExactOption = Annotated[bool, typer.Option(
    "--exact", help="For a model family, leave out its members (by default they are included, "
    "each line saying 'via family ...').")]


def _statuses(raw: str | None) -> list[str] | None:
    """The statuses --status asks for (sorted), or None for the default."""
    if not raw:
        return None
    from kb.diagnostics import suggest
    from kb.graph.queries import ALL, statuses_for
    from kb.records.vocab import ClaimStatus, StatusClass

    known = [str(s) for s in ClaimStatus]
    known += [str(c) for c in StatusClass if str(c) not in known] + [ALL]
    wanted = [s.strip() for s in raw.split(",") if s.strip()]
    for s in wanted:
        if s not in known:
            fail_usage(f"unknown claim status '{s}'; "
                       + (suggest(s, known) or f"statuses are: {', '.join(known)}"))
    return sorted(statuses_for(wanted))


def _as_of(raw: str | None) -> str | None:
    if raw is None:
        return None
    from kb.records.types import parse_partial_date

    try:
        parse_partial_date(raw)
    except ValueError:
        fail_usage(f"--as-of '{raw}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return raw


def _graph(root: Path | None) -> nx.MultiDiGraph:
    from kb.graph.build import build_graph
    from kb.loading import load_kb

    kb = load_kb(find_root(root))
    broken = sum(doc.record is None for doc in kb.documents)
    if broken:
        _say(f"kb graph: note: {broken} record file{'s' * (broken != 1)} could not be loaded "
                   f"and {'is' if broken == 1 else 'are'} left out; run `kb validate`", err=True)
    return build_graph(kb)


def _resolve(graph: nx.MultiDiGraph, name: str) -> str:
    from kb.graph.queries import UnknownNode, resolve

    try:
        return resolve(graph, name)
    except UnknownNode as exc:
        fail_usage(str(exc))


def _json(data: Any) -> None:
    typer.echo(terminal_safe_json(json.dumps(data, indent=2, ensure_ascii=False)))


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    name = data.get("name", node)
    kind = data.get("kind", "?")
    return f"{node} ({kind})" if name == node else f"{name} ({node}, {kind})"


DATA_LINEAGE = ("trained-on", "generated-by", "collected-from")


def responses_text(s: Step) -> list[str]:
    """A claim's responses in words, each with its date ('no public response from deepseek
    found in the sources reviewed up to 29 November 2026'); undated ones as recorded."""
    from kb.records.phrases import response_phrase

    dated = []
    for entry in s.response_dates:
        date, _, rest = entry.partition(":")
        party, _, stance = rest.partition(":")
        dated.append(response_phrase(stance, party, date))
    return dated or [r.replace(":", " ") for r in s.responses]


def step_text(s: Step) -> str:
    """One edge as a sentence with what justifies it; a claim always with its claimant and its
    status in words ('unsubstantiated claim by X (not supported by the sources reviewed)')."""
    from kb.records.phrases import claim_label
    from kb.records.types import date_phrase, date_words

    if s.kind == "claim":
        n = s.evidence_count or 0
        extra = [f"{n} source{'s' * (n != 1)} cited"] if n else []
        if s.strongest_evidence:
            extra.append(f"strongest source read by the editors: {s.strongest_evidence}")
        replies = responses_text(s)
        if replies:
            extra.append("; ".join(replies))
        when = f" {date_phrase(s.date)}" if s.date else ""
        status = claim_label(s.status, s.claimant or "an unnamed claimant") if s.status else "claim"
        return (f"{s.source} {s.predicate} {s.target}: {status}{when} "
                f"[{s.key}]" + (f" ({'; '.join(extra)})" if extra else ""))
    if s.kind == "derived-from":
        return f"{s.source} derived-from {s.target} ({s.detail}): self-declared by {s.claimant}"
    if s.kind in DATA_LINEAGE:
        by = f": self-declared by {s.claimant}" if s.claimant else ": declared in the dataset record"
        return f"{s.source} {s.kind} {s.target}{by}"
    if s.kind == "affiliation":
        since = f", since {date_words(s.date)}" if s.date else ""
        return f"{s.source} {s.detail} {s.target}{since}"
    if s.kind == "member-of":
        return f"{s.source} is a member of the {s.target} family"
    if s.kind == "involved-in":
        return f"{s.source} {s.detail} in {s.target}"
    return f"{s.source} {s.kind} {s.target}"


def lineage(
    model: Annotated[str, typer.Argument(help="Model (or actor) id, name or alias.")],
    up: Annotated[bool, typer.Option(
        "--up/--down", help="Ancestors (--up) or descendants (--down).")] = False,
    status: StatusOption = None,
    as_of: AsOfOption = None,
    exact: ExactOption = False,
    fmt: DataFormatOption = OutputFormat.text,
    root: RootOption = None,
) -> None:
    """What a model is claimed or declared to derive from (--up), or who derives from it (--down).
    For a model family, its members' lineage is included unless --exact."""
    from kb.graph.queries import lineage as query

    statuses, date = _statuses(status), _as_of(as_of)
    graph = _graph(root)
    result = query(graph, _resolve(graph, model), up=up, statuses=statuses, as_of=date, exact=exact)
    if data_format(fmt) is OutputFormat.json:
        _json(asdict(result))
        raise typer.Exit(EXIT_OK)
    what = ("what it is claimed or declared to derive from" if up
            else "who is claimed or declared to derive from it")
    _say(f"{_label(graph, result.root)}: {'upward' if up else 'downward'} lineage, {what}")
    for e in result.entries:
        pad = "  " * e.depth
        if e.via_family:
            via = f"  via family {e.via_family}: {' -> '.join(e.path[:-1])}"
        else:
            via = f"  via {' -> '.join(e.path[:-1])}" if e.depth > 1 else ""
        _say(f"{pad}{_label(graph, e.node)}{via}")
        for s in e.steps:
            member = result.via_member(s)
            family = f"  (via family {result.root}: {member})" if member else ""
            _say(f"{pad}    {step_text(s)}{family}")
    filters = ", ".join(x for x in (f"statuses {status}" if statuses else "",
                                    f"as of {date}" if date else "") if x)
    _say(f"{len(result.entries)} found" + (f" ({filters})" if filters else ""), err=True)
    if statuses is None:
        everything = query(graph, result.root, up=up, statuses=_every(), as_of=date, exact=exact)
        _hidden_note([s for e in everything.entries for s in e.steps])


def _every() -> list[str]:
    from kb.graph.queries import ALL_STATUSES

    return sorted(ALL_STATUSES)


def _hidden_note(steps: list[Step]) -> None:
    """Say on stderr which claims the default left out (those among ``steps``, the answer with
    every status, that the sources do not support), and how to see them."""
    from kb.records.vocab import NOT_SUPPORTED_STATUSES

    left = sorted({s.key for s in steps if s.status in NOT_SUPPORTED_STATUSES})
    if left:
        _say(f"left out: {len(left)} claim{'s' * (len(left) != 1)} the sources reviewed do not "
             f"support ({', '.join(left)}); --status all shows {'them' if len(left) > 1 else 'it'}",
             err=True)


def implicated(
    node: Annotated[str, typer.Argument(help="Model, actor, incident or policy id, name or alias.")],
    status: StatusOption = None,
    as_of: AsOfOption = None,
    exact: ExactOption = False,
    fmt: DataFormatOption = OutputFormat.text,
    root: RootOption = None,
) -> None:
    """Every actor, model, incident and policy connected to a node, grouped by relation. For a
    model family, its members' connections are included unless --exact."""
    from kb.graph.queries import implicated as query

    statuses, date = _statuses(status), _as_of(as_of)
    graph = _graph(root)
    result = query(graph, _resolve(graph, node), statuses=statuses, as_of=date, exact=exact)
    if data_format(fmt) is OutputFormat.json:
        _json(asdict(result))
        raise typer.Exit(EXIT_OK)
    _say(f"Implicated with {_label(graph, result.node)}:")
    for group, members in result.groups.items():
        _say(f"  {group}")
        for m in members:
            _say(f"    {_label(graph, m.node)}")
            for s in m.steps:
                _say(f"        {step_text(s)}")
    count = len({m.node for ms in result.groups.values() for m in ms})
    _say(f"{count} connected record{'s' * (count != 1)} in {len(result.groups)} groups", err=True)
    if statuses is None:
        everything = query(graph, result.node, statuses=_every(), as_of=date, exact=exact)
        _hidden_note([s for ms in everything.groups.values() for m in ms for s in m.steps])


def path(
    a: Annotated[str, typer.Argument(help="From (id, name or alias).")],
    b: Annotated[str, typer.Argument(help="To (id, name or alias).")],
    status: StatusOption = None,
    as_of: AsOfOption = None,
    fmt: DataFormatOption = OutputFormat.text,
    root: RootOption = None,
) -> None:
    """The shortest chain of records and claims linking two nodes (direction ignored)."""
    from kb.graph.queries import path as query

    statuses, date = _statuses(status), _as_of(as_of)
    graph = _graph(root)
    start, goal = _resolve(graph, a), _resolve(graph, b)
    hops = query(graph, start, goal, statuses=statuses, as_of=date)
    if data_format(fmt) is OutputFormat.json:
        _json({"from": start, "to": goal, "hops": None if hops is None else [asdict(h) for h in hops]})
        raise typer.Exit(EXIT_OK)
    if statuses is None:
        shorter = query(graph, start, goal, statuses=_every(), as_of=date)
        if shorter is not None and (hops is None or len(shorter) < len(hops)):
            _hidden_note([s for h in shorter for s in h.steps])
    if hops is None:
        _say(f"no path between {start} and {goal}", err=True)
        raise typer.Exit(EXIT_OK)
    _say(_label(graph, start))
    for h in hops:
        for i, s in enumerate(h.steps):
            _say(f"  {'|' if i == 0 else ' '} {step_text(s)}")
        _say(_label(graph, h.target))
    _say(f"{len(hops)} step{'s' * (len(hops) != 1)}", err=True)


def contested(
    as_of: AsOfOption = None,
    fmt: DataFormatOption = OutputFormat.text,
    root: RootOption = None,
) -> None:
    """Claims in conflict: disputed, denied, refuted or retracted, or denied or disputed by a
    response or a source."""
    from kb.graph.queries import contested as query

    date = _as_of(as_of)
    graph = _graph(root)
    result = query(graph, as_of=date)
    if data_format(fmt) is OutputFormat.json:
        _json([asdict(c) for c in result])
        raise typer.Exit(EXIT_OK)
    for c in result:
        _say(f"{_label(graph, c.subject)} -> {_label(graph, c.object)}")
        for reason in c.reasons:
            _say(f"    contested: {reason}")
        for s in c.steps:
            _say(f"    {step_text(s)}")
    _say(f"{len(result)} contested pair{'s' * (len(result) != 1)}", err=True)


def stats(
    top: Annotated[int, typer.Option(help="How many leaders to list.", min=1)] = 10,
    status: StatusOption = None,
    as_of: AsOfOption = None,
    fmt: DataFormatOption = OutputFormat.text,
    root: RootOption = None,
) -> None:
    """Counts by kind and status; actors ranked by accusations against them (accusation
    predicates only, not observations or self-declared claims; unnamed groups apart); most-
    targeted models; degree leaders."""
    from kb.graph.queries import stats as query

    statuses, date = _statuses(status), _as_of(as_of)
    graph = _graph(root)
    result = query(graph, top=top, as_of=date, statuses=statuses)
    if data_format(fmt) is OutputFormat.json:
        _json(asdict(result))
        raise typer.Exit(EXIT_OK)

    def counts(title: str, items: dict[str, int]) -> None:
        _say(f"{title}: " + (", ".join(f"{k} {v}" for k, v in items.items()) or "none"))

    def leaders(title: str, items: list[tuple[str, int]]) -> None:
        _say(f"{title}:")
        for node, n in items:
            _say(f"  {n:>5}  {result.names.get(node, node)} ({node})")

    counts("nodes", result.nodes)
    counts("edges", result.edges)
    counts("claims by status", result.claims_by_status)
    counts("claims by predicate", result.claims_by_predicate)
    leaders("most-accused actors (accusations: claims with an accusation predicate against them)",
            result.most_accused)
    leaders("accused unnamed groups (accusations)", result.accused_groups)
    leaders("most-targeted models (claims)", result.most_targeted_models)
    leaders("in-degree leaders", result.in_degree)
    leaders("out-degree leaders", result.out_degree)


def export(
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="Export format.")] = ExportFormat.graphml,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (default: stdout).", dir_okay=False)] = None,
    max_edges: Annotated[int, typer.Option(
        help="Mermaid only: edges to draw before cutting off.", min=1)] = 80,
    as_of: AsOfOption = None,
    root: RootOption = None,
) -> None:
    """Export the graph: graphml, gexf (Gephi), json (node-link), cytoscape, mermaid or dot."""
    from kb.fileio import write_if_changed
    from kb.graph.export import export as render
    from kb.graph.queries import snapshot, view

    date = _as_of(as_of)
    graph = snapshot(view(_graph(root), None, date))
    text = render(graph, fmt.value, max_edges=max_edges)
    if output is None:
        typer.echo(text, nl=False)  # a file format with its own escaping, not lines for people
    else:
        changed = write_if_changed(output, text)
        _say(f"{'wrote' if changed else 'unchanged'} {output}", err=True)


def register(app: typer.Typer, groups: dict[str, typer.Typer]) -> None:
    """Add this module's commands to the main app (or to one of its groups)."""
    group = groups["graph"]
    for fn in (lineage, implicated, path, contested, stats, export):
        group.command(fn.__name__)(fn)
