"""Pausing Python's cyclic garbage collector around bulk steps that make no reference cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk step that makes no reference cycles.

    Loading 10,000 record files or building the graph allocates millions of short-lived dicts
    and models that reference counting frees; the collector's full passes over the growing heap
    cost more than the work itself (measured: validate's load step 8.8 s -> 7.6 s at 10,000
    incidents; a graph export's CPU time halves). Restores the previous state.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
