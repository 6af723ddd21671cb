"""Loops in a directed graph given as a successor function: the one cycle finder of the
package (declared lineage KB210, claimed lineage KB301, parent organisations KB304).

No networkx here: validation runs over small facts and must not import the graph layer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Successors = Callable[[str], Iterable[str]]


def components(nodes: Iterable[str], succ: Successors) -> list[list[str]]:
    """Strongly connected components (iterative Tarjan), each sorted, in a stable order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ(child))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                out.append(sorted(comp))
    return out


def route(succ: Successors, start: str, goal: str, allowed: set[str]) -> list[str]:
    """Shortest chain start -> ... -> goal through ``allowed`` nodes (breadth first).

    The caller knows that one exists (both lie in one component)."""
    prev: dict[str, str] = {start: start}
    queue = [start]
    for node in queue:
        if node == goal:
            break
        for nxt in succ(node):
            if nxt in allowed and nxt not in prev:
                prev[nxt] = node
                queue.append(nxt)
    chain = [goal]
    while chain[-1] != start:
        chain.append(prev[chain[-1]])
    return chain[::-1]


def loops(nodes: Iterable[str], succ: Successors) -> list[list[str]]:
    """One loop per component that has one, starting and ending at its smallest node:
    ``['a', 'b', 'a']``. A node that is its own successor is a loop of one step."""
    out: list[list[str]] = []
    for comp in components(nodes, succ):
        first = comp[0]
        if len(comp) == 1:
            if first in succ(first):
                out.append([first, first])
            continue
        members = set(comp)
        nxt = min(n for n in succ(first) if n in members)
        out.append([first, *route(succ, nxt, first, members)])
    return out
