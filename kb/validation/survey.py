"""Which record files there are and their stamps, found in a second process while this one
loads the validate cache.

A warm `kb validate` at 10,000 incidents (68,000 files) spends about as long listing and
stating the files (a quarter of a second) as loading its cache (a sixth): the two do not
depend on each other, so a forked child does the first while this process does the second.
Where forking is not possible or not safe (no `os.fork`, other threads running, a small
knowledge base with no cache to load) the survey runs here, when it is collected.
"""

from __future__ import annotations

import os
import pickle
import threading
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from kb.diagnostics import Diagnostic
from kb.loading import scan
from kb.loading.parallel import Pairs
from kb.validation.cache import Stamps, stamps_of


class Survey(NamedTuple):
    pairs: Pairs
    """(file, folder) of every record file, in file order."""
    refused: list[Diagnostic]
    """What `scan` refused (links out of the knowledge base, entries that are not files)."""
    stamps: Stamps
    """The stamp of every file in ``pairs``, in order."""


def survey(root: Path) -> Survey:
    pairs, refused = scan(root)
    return Survey(pairs, refused, stamps_of(root, pairs))


def survey_aside(root: Path, *, worth_it: bool) -> Callable[[], Survey]:
    """Start the survey of ``root`` in a forked child when ``worth_it``; the returned function
    waits for it (or runs it here) and returns it."""
    if not worth_it or not hasattr(os, "fork") or threading.active_count() > 1:
        return lambda: survey(root)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return lambda: survey(root)
    if pid == 0:  # the child: survey, send, and never return into the caller's code
        code = 1
        try:
            os.close(read_end)
            found = survey(root)
            data = pickle.dumps((found.pairs, found.refused, found.stamps.tobytes()),
                                protocol=pickle.HIGHEST_PROTOCOL)
            with open(write_end, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def collect() -> Survey:
        with open(read_end, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(pid, 0)
        if status == 0 and data:
            try:
                pairs, refused, raw = pickle.loads(data)
                stamps: Stamps = array("q")
                stamps.frombytes(raw)
            except (pickle.UnpicklingError, EOFError, TypeError, ValueError):
                pass
            else:
                return Survey(pairs, refused, stamps)
        return survey(root)  # the child failed: do it here
    return collect
