"""Fetching a page with a real HTTP client (httpx), within strict limits.

Redirects are followed by hand so that every hop is checked like the first URL (http(s)
only, no credentials), loops are recognised, and the chain is recorded. A total deadline
bounds slow servers that trickle bytes; a size cap bounds large ones. Both ``capture`` and
``linkcheck`` use :func:`fetch`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

from kb import __version__
from kb.evidence.errors import EvidenceError
from kb.evidence.urls import check_fetchable, redact

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = f"distillation-kb/{__version__} (evidence capture)"


def tool_version() -> str:
    import warcio  # type: ignore[import-untyped]

    warcio_version = getattr(warcio, "__version__", None)
    if warcio_version is None:
        from importlib.metadata import version

        warcio_version = version("warcio")
    return f"kb {__version__}; httpx {httpx.__version__}; warcio {warcio_version}"


@dataclass(frozen=True, slots=True)
class Limits:
    timeout: float = 20.0
    """Seconds for the whole fetch, redirects included."""
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5


DEFAULT_LIMITS = Limits()
LINKCHECK_LIMITS = Limits(timeout=15.0)


class FetchError(Exception):
    """A fetch that produced no usable response; ``kind`` says why."""

    def __init__(self, kind: str, message: str, *, url: str = "",
                 redirects: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.kind = kind
        """'timeout', 'redirect-loop', 'too-many-redirects', 'refused-redirect', 'too-large',
        'network'."""
        self.url = url
        self.redirects = redirects


@dataclass(slots=True)
class Fetched:
    url: str
    final_url: str
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    content_type: str
    body: bytes | None
    """None when the body was not asked for."""
    redirects: tuple[str, ...] = field(default=())
    """The URLs that answered with a redirect, in order (the first is ``url``)."""


def _read_capped(response: httpx.Response, limits: Limits, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError("too-large", f"the response declares {int(declared):,} bytes, over the "
                         f"{limits.max_bytes:,}-byte cap")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError("too-large", f"the response is over the {limits.max_bytes:,}-byte cap")
        if time.monotonic() > deadline:
            raise FetchError("timeout", f"no complete response within {limits.timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _redirect_target(response: httpx.Response, current: str, seen: set[str], chain: list[str],
                     limits: Limits, deadline: float) -> str | None:
    """Where a redirect response leads, checked like the first URL; None if not a redirect."""
    location = response.headers.get("location")
    if response.status_code not in REDIRECT_CODES or not location:
        return None
    target: str = urljoin(current, location)
    hops = tuple(chain)
    try:
        check_fetchable(target)
    except EvidenceError as exc:
        raise FetchError("refused-redirect", f"redirect refused: {exc}", url=current,
                         redirects=hops) from None
    if target in seen:
        raise FetchError("redirect-loop", f"redirect loop back to {redact(target)}", url=current,
                         redirects=hops)
    if len(chain) >= limits.max_redirects:
        raise FetchError("too-many-redirects", f"more than {limits.max_redirects} redirects",
                         url=current, redirects=hops)
    if time.monotonic() > deadline:
        raise FetchError("timeout", f"no final response within {limits.timeout:g} s",
                         url=current, redirects=hops)
    return target


def _body(response: httpx.Response, limits: Limits, deadline: float, current: str,
          chain: list[str]) -> bytes:
    try:
        return _read_capped(response, limits, deadline)
    except httpx.TimeoutException:
        raise FetchError("timeout", f"the body did not arrive within {limits.timeout:g} s",
                         url=current, redirects=tuple(chain)) from None
    except httpx.HTTPError as exc:
        raise FetchError("network", f"{type(exc).__name__} while reading the body",
                         url=current, redirects=tuple(chain)) from None


def fetch(url: str, limits: Limits = DEFAULT_LIMITS, *, want_body: bool = True,
          client: httpx.Client | None = None) -> Fetched:
    """GET ``url``, following up to ``limits.max_redirects`` checked redirects.

    Returns the final response whatever its status. Raises :class:`EvidenceError` (KB401) for
    a URL that may not be fetched, and :class:`FetchError` when there is no response to give.
    """
    check_fetchable(url)
    own = client is None
    http = client or httpx.Client(
        follow_redirects=False, timeout=httpx.Timeout(limits.timeout),
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}, trust_env=False)
    deadline = time.monotonic() + limits.timeout
    current = url
    seen = {url}
    chain: list[str] = []
    try:
        while True:
            try:
                response = http.send(http.build_request("GET", current), stream=True)
            except httpx.TimeoutException:
                raise FetchError("timeout", f"no response within {limits.timeout:g} s",
                                 url=current, redirects=tuple(chain)) from None
            except httpx.HTTPError as exc:
                raise FetchError("network", f"{type(exc).__name__}: {redact(str(exc))}",
                                 url=current, redirects=tuple(chain)) from None
            try:
                target = _redirect_target(response, current, seen, chain, limits, deadline)
                if target is not None:
                    chain.append(current)
                    seen.add(target)
                    current = target
                    continue
                body = _body(response, limits, deadline, current, chain) if want_body else None
                return Fetched(
                    url=url, final_url=current, status=response.status_code,
                    reason=response.reason_phrase, http_version=response.http_version,
                    headers=list(response.headers.multi_items()),
                    content_type=response.headers.get("content-type", ""), body=body,
                    redirects=tuple(chain))
            finally:
                response.close()
    finally:
        if own:
            http.close()
