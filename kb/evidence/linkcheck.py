"""`kb evidence linkcheck`: is every cited page still there, and still the same?

Every evidence URL and archive URL in the knowledge base is fetched once (URLs are deduplicated
by their normalised form), concurrently across hosts but politely per host: one request at a
time per host, spaced by a minimum interval. Each link gets one class:

``ok``            2xx, no redirect, and (if captured) the same content
``redirected``    2xx after one or more redirects
``changed``       2xx, but the content's SHA-256 differs from the recorded capture
``gone``          404 or 410
``blocked``       401, 403, 407, 429 or 451 (often bot protection, not a dead page)
``server-error``  5xx
``timeout``       no complete answer within the timeout
``unreachable``   connection failed, redirect loop or too many redirects, refused redirect,
                  other 4xx

Network problems are facts about the moment of the check, not about the record, so this never
runs in the pull-request gate; a scheduled job runs it and reports.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

import httpx

from kb.evidence.errors import EvidenceError
from kb.evidence.fetch import LINKCHECK_LIMITS, USER_AGENT, FetchError, Limits, fetch
from kb.evidence.store import sha256_bytes
from kb.evidence.urls import redact
from kb.loading import KnowledgeBase
from kb.validation.rules import normalise_url

CLASSES = ("ok", "redirected", "changed", "gone", "blocked", "server-error", "timeout",
           "unreachable")
#: Classes that mean the citation needs attention now (the others may be transient).
BROKEN = frozenset({"changed", "gone", "unreachable"})
_BLOCKED = frozenset({401, 403, 407, 429, 451})


@dataclass(slots=True)
class Link:
    """One URL to check, and everywhere it is cited."""

    url: str
    role: str
    """'source' (an evidence item's url) or 'archive' (one of its archives)."""
    cited_by: list[str] = field(default_factory=list)
    """'<record id>#<evidence id>' for each citing evidence item."""
    expected_sha256: list[str] = field(default_factory=list)
    """Hashes of captures of this URL recorded in the citing items."""


@dataclass(slots=True)
class LinkResult:
    url: str
    role: str
    status: str
    """One of :data:`CLASSES`."""
    http_status: int | None
    final_url: str | None
    detail: str
    cited_by: list[str]
    expected_sha256: list[str]
    found_sha256: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class LinkReport:
    checked_at: str
    results: list[LinkResult]

    def summary(self) -> dict[str, int]:
        counts = Counter(r.status for r in self.results)
        return {c: counts.get(c, 0) for c in CLASSES}

    @property
    def broken(self) -> list[LinkResult]:
        return [r for r in self.results if r.status in BROKEN]

    def as_dict(self) -> dict[str, object]:
        return {"checked_at": self.checked_at, "summary": self.summary(),
                "links": [r.as_dict() for r in self.results]}


def collect_links(kb: KnowledgeBase) -> list[Link]:
    """Every source and archive URL of the KB, once each, in a stable order, with the evidence
    items (``record#e1``) citing it."""
    links: dict[str, Link] = {}
    cited_by: dict[str, list[str]] = {}
    for record in sorted(kb.records.values(), key=lambda r: r.id):
        for item in getattr(record, "evidence", []):
            cited_by.setdefault(item.source, []).append(f"{record.id}#{item.id}")
    for source in kb.sources:
        where = cited_by.get(source.id, [])
        for role, url in [("source", str(source.url)), *(("archive", str(a)) for a in source.archives)]:
            link = links.setdefault(normalise_url(url), Link(url, role))
            link.cited_by.extend(w for w in where if w not in link.cited_by)
            if role == "source" and source.sha256 and source.sha256 not in link.expected_sha256:
                link.expected_sha256.append(source.sha256)
    for link in links.values():
        link.cited_by.sort()
    return list(links.values())


class HostLimiter:
    """One request at a time per host, each start at least ``interval`` after the last."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    def lock_for(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def wait_turn(self, host: str) -> None:
        """Call with ``lock_for(host)`` held: sleeps until the host may be asked again."""
        last = self._last.get(host)
        if last is not None:
            delay = last + self.interval - self.clock()
            if delay > 0:
                self.sleep(delay)
        self._last[host] = self.clock()


def classify(link: Link, status: int, final_url: str, body: bytes | None,
             redirected: bool) -> tuple[str, str, str | None]:
    """(class, detail, content hash) for a response."""
    if status in (404, 410):
        return "gone", f"HTTP {status}", None
    if status in _BLOCKED:
        return "blocked", f"HTTP {status}", None
    if status >= 500:
        return "server-error", f"HTTP {status}", None
    if not 200 <= status < 300:
        return "unreachable", f"HTTP {status}", None
    found = sha256_bytes(body) if body is not None else None
    if found is not None and link.expected_sha256 and found not in link.expected_sha256:
        return "changed", f"content differs from the capture ({link.expected_sha256[-1][:12]}...)", found
    if redirected:
        return "redirected", f"now at {redact(final_url)}", found
    return "ok", f"HTTP {status}", found


def check_link(link: Link, limits: Limits, limiter: HostLimiter,
               client: httpx.Client | None = None) -> LinkResult:
    host = (urlsplit(link.url).hostname or "").lower()

    def result(status: str, detail: str, http_status: int | None = None,
               final_url: str | None = None, found: str | None = None) -> LinkResult:
        return LinkResult(redact(link.url), link.role, status, http_status, final_url, detail,
                          list(link.cited_by), list(link.expected_sha256), found)

    with limiter.lock_for(host):
        limiter.wait_turn(host)
        try:
            got = fetch(link.url, limits, want_body=bool(link.expected_sha256), client=client)
        except EvidenceError as exc:
            return result("unreachable", f"not checked: {exc}")
        except FetchError as exc:
            if exc.kind == "timeout":
                return result("timeout", str(exc))
            if exc.kind == "too-large" and link.expected_sha256:
                return result("changed", f"content now larger than the cap ({exc})")
            return result("unreachable", str(exc))
    status, detail, found = classify(link, got.status, got.final_url, got.body,
                                     bool(got.redirects))
    return result(status, detail, got.status, redact(got.final_url), found)


def _interleave_hosts(links: list[Link]) -> list[Link]:
    """Round-robin over hosts, so that workers are not all queued behind one host."""
    by_host: dict[str, list[Link]] = {}
    for link in links:
        by_host.setdefault((urlsplit(link.url).hostname or "").lower(), []).append(link)
    queues = list(by_host.values())
    out: list[Link] = []
    for i in range(max((len(q) for q in queues), default=0)):
        out.extend(q[i] for q in queues if i < len(q))
    return out


def linkcheck(links: Iterable[Link], *, limits: Limits = LINKCHECK_LIMITS,
              per_host_interval: float = 1.0, workers: int = 8,
              now: dt.datetime | None = None) -> LinkReport:
    """Check ``links`` concurrently (``workers`` threads), politely per host."""
    todo = _interleave_hosts(list(links))
    limiter = HostLimiter(per_host_interval)
    checked_at = (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with httpx.Client(follow_redirects=False, timeout=httpx.Timeout(limits.timeout),
                      headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
                      trust_env=False,
                      limits=httpx.Limits(max_connections=max(1, workers))) as client, \
            ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(lambda link: check_link(link, limits, limiter, client), todo))
    return LinkReport(checked_at, results)
