"""Small statistics in pure Python: Wilson intervals, Fisher's exact test, Holm-Bonferroni,
percentiles. Deterministic; no numpy."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials (95% by default); (0, 0) for n == 0."""
    if n <= 0:
        return (0.0, 0.0)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def fisher_greater(k1: int, n1: int, k2: int, n2: int) -> float:
    """One-sided Fisher exact p-value that group 1's rate (k1/n1) exceeds group 2's (k2/n2)."""
    if n1 <= 0 or n2 <= 0:
        return 1.0
    total_k = k1 + k2
    total = n1 + n2
    log_denominator = _log_comb(total, total_k)
    p = 0.0
    for x in range(k1, min(n1, total_k) + 1):
        if total_k - x > n2:
            continue
        p += math.exp(_log_comb(n1, x) + _log_comb(n2, total_k - x) - log_denominator)
    return min(1.0, p)


def holm(pvalues: dict[str, float]) -> dict[str, float]:
    """Holm-Bonferroni adjusted p-values (step-down, monotone), keyed like the input."""
    ordered = sorted(pvalues.items(), key=lambda kv: (kv[1], kv[0]))
    m = len(ordered)
    adjusted: dict[str, float] = {}
    running = 0.0
    for i, (key, p) in enumerate(ordered):
        running = max(running, min(1.0, (m - i) * p))
        adjusted[key] = running
    return adjusted


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolation percentile (q in 0..100) of a non-empty sequence."""
    data = sorted(values)
    if not data:
        raise ValueError("percentile of an empty sequence")
    pos = (len(data) - 1) * q / 100
    lo = math.floor(pos)
    hi = math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def stdev(values: Sequence[float]) -> float:
    """Sample standard deviation (n - 1); 0 for fewer than two values."""
    n = len(values)
    if n < 2:
        return 0.0
    m = mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))


def binomial_sf_log10(k: int, n: int, p: float) -> float:
    """log10 of P(X >= k) for X ~ Binomial(n, p): exact, by summing terms in log space.

    Stays finite where the p-value itself underflows (strong watermarks give p far below 1e-300).
    Summation walks away from k towards the tail that is small, so the loop ends after about
    sqrt(n) terms in the worst case (k near the mean)."""
    if k <= 0:
        return 0.0
    if k > n:
        return -math.inf
    if p <= 0.0:
        return -math.inf
    if p >= 1.0:
        return 0.0
    lp, lq = math.log(p), math.log1p(-p)

    def log_term(x: int) -> float:
        return _log_comb(n, x) + x * lp + (n - x) * lq

    mean_ = n * p
    if k > mean_:
        # upper tail directly: terms decrease from k upwards
        total = 0.0
        first = log_term(k)
        x, lt = k, first
        while x <= n:
            total += math.exp(lt - first)
            if lt - first < -40:
                break
            lt += math.log((n - x) / (x + 1)) + lp - lq if x < n else -math.inf
            x += 1
        return min(0.0, (first + math.log(total)) / math.log(10))
    # lower tail P(X <= k - 1) is the smaller side: terms decrease from k - 1 downwards
    first = log_term(k - 1)
    total = 0.0
    x, lt = k - 1, first
    while x >= 0:
        total += math.exp(lt - first)
        if lt - first < -40:
            break
        lt += math.log(x / (n - x + 1)) + lq - lp if x > 0 else -math.inf
        x -= 1
    lower = math.exp(first) * total
    return math.log10(max(1.0 - lower, 1e-300)) if lower < 1.0 else -300.0


def binomial_sf(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p) (0.0 when it underflows; see binomial_sf_log10)."""
    return float(10.0 ** binomial_sf_log10(k, n, p))


@dataclass(frozen=True, slots=True)
class Rate:
    """k of n with its Wilson 95% interval (shared by every analysis that reports a rate)."""

    count: int
    n: int
    rate: float
    ci95: tuple[float, float]

    @classmethod
    def of(cls, k: int, n: int) -> Rate:
        return cls(k, n, k / n if n else 0.0, wilson(k, n))

    def to_data(self) -> dict[str, object]:
        return {"count": self.count, "n": self.n, "rate": self.rate, "ci95": list(self.ci95)}
