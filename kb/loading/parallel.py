"""Run a per-file step over many record files on both cores.

A 2 KB record file costs about 1 ms to read; below a few hundred files starting worker
processes costs more than it saves, so small knowledge bases are read in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from kb.gctools import paused_gc
from kb.loading.discover import discover
from kb.loading.documents import Document, KnowledgeBase, load_file

PARALLEL_THRESHOLD = 400
MAIN_SHARE = 0.8
"""This process's share of the files, relative to a worker's: it also gathers the workers'
results and runs what comes after (the rules across records)."""
T = TypeVar("T")
Pairs = list[tuple[str, str]]


def _load_chunk(args: tuple[str, Pairs]) -> list[Document]:
    root = Path(args[0])
    with paused_gc():
        return [load_file(root, file, folder) for file, folder in args[1]]


def _split(n: int, workers: int) -> tuple[list[int], list[int]]:
    """Positions for this process and for the workers: spread through the list (folders differ
    in file size: incidents are ten times larger than sources), this process taking
    :data:`MAIN_SHARE` of a worker's share."""
    share = MAIN_SHARE / (MAIN_SHARE + workers - 1)
    mine: list[int] = []
    rest: list[int] = []
    owed = 0.0
    for i in range(n):
        owed += share
        if owed >= 1.0:
            owed -= 1.0
            mine.append(i)
        else:
            rest.append(i)
    return mine, rest


def parallel(fn: Callable[[tuple[str, Pairs]], list[T]], root: Path, pairs: Pairs, jobs: int) -> list[T]:
    """Run ``fn`` (one result per file, in order) over chunks of files on every core; this
    process takes a share itself. Results come back in the order of ``pairs``."""
    workers = jobs or (os.cpu_count() or 1)
    if workers <= 1 or len(pairs) < PARALLEL_THRESHOLD:
        return fn((str(root), pairs))
    mine_at, rest_at = _split(len(pairs), workers)
    rest = [pairs[i] for i in rest_at]
    size = max(50, len(rest) // ((workers - 1) * 4))
    chunks = [(str(root), rest[i:i + size]) for i in range(0, len(rest), size)]
    ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=ctx) as pool:
        futures = pool.map(fn, chunks)
        first = fn((str(root), [pairs[i] for i in mine_at]))
        others = [item for part in futures for item in part]
    out: list[T] = [None] * len(pairs)  # type: ignore[list-item]
    for i, item in zip(mine_at, first, strict=True):
        out[i] = item
    for i, item in zip(rest_at, others, strict=True):
        out[i] = item
    return out


def load_kb(root: Path, *, jobs: int = 0) -> KnowledgeBase:
    """Load every record in full (for the graph, the site and other consumers)."""
    pairs = list(discover(root))
    return KnowledgeBase(root, parallel(_load_chunk, root, pairs, jobs))


