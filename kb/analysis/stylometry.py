"""Stylometric similarity of the suspect's text to candidate and baseline references.

Two feature sets (function-word frequencies and character n-gram frequencies), each compared
with Burrows' Delta and Cosine Delta (Evert et al. 2017), plus normalised compression distance
(zlib). Uncertainty comes from a seeded bootstrap over the suspect's responses; references
are fixed. Pure Python.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.analysis.stats import mean, percentile, stdev
from kb.analysis.transcripts import Transcript, is_cjk

MIN_REFERENCES = 3
MIN_WORDS = 1500

#: English function words without personal pronouns (Hoover: dropping pronouns helps Delta).
FUNCTION_WORDS_EN = tuple(
    """
a about above after again against all also although an and any are as at be because been before
being below between both but by can could did do does doing down during each either every few for
from further had has have having here how however if in into is just less many may might more
moreover most much must nor not now of off often on once only or other otherwise over own per
rather same should since so some such than that the then there therefore these this those though
through thus to too under until up upon very was were what when where whether which while who
whom why will with within without would yet
""".split()
)
#: Common Chinese function characters (particles, prepositions, conjunctions).
FUNCTION_WORDS_ZH = tuple(
    "的 了 是 在 和 也 就 都 而 及 与 着 或 但 被 把 等 之 这 那 "
    "其 所 以 于 为 对 从 并 且 则 因 由 如".split()
)
FUNCTION_WORDS = FUNCTION_WORDS_EN + FUNCTION_WORDS_ZH

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    """Lower-case ASCII words, plus every CJK character as a word of its own."""
    out: list[str] = []
    for chunk in re.split(r"([^\x00-\x7f])", text.lower()):
        if len(chunk) == 1 and is_cjk(chunk):
            out.append(chunk)
        else:
            out.extend(_WORD.findall(chunk))
    return out


def char_ngrams(text: str, n: int) -> Counter[str]:
    norm = " ".join(text.lower().split())
    return Counter(norm[i : i + n] for i in range(len(norm) - n + 1))


# ---------------------------------------------------------------------------------------------
# Per-response feature counts, so that bootstrap resamples are cheap sums


@dataclass(frozen=True, slots=True)
class Counts:
    """Sparse feature counts of one response and the total they are relative to."""

    features: dict[int, int]
    total: int


def _profile(items: Sequence[Counts], size: int) -> list[float]:
    vec = [0.0] * size
    total = 0
    for c in items:
        total += c.total
        for i, k in c.features.items():
            vec[i] += k
    return [v / total for v in vec] if total else vec


class FeatureSet:
    """A named list of features and how to count them in one response."""

    def __init__(self, name: str, features: Sequence[str], kind: str, n: int = 3):
        self.name = name
        self.features = list(features)
        self.index = {f: i for i, f in enumerate(self.features)}
        self.kind = kind
        self.n = n

    def count(self, text: str) -> Counts:
        if self.kind == "words":
            toks = words(text)
            c = Counter(t for t in toks if t in self.index)
            return Counts({self.index[t]: k for t, k in c.items()}, len(toks))
        grams = char_ngrams(text, self.n)
        return Counts({self.index[g]: k for g, k in grams.items() if g in self.index}, sum(grams.values()))


def function_word_set() -> FeatureSet:
    return FeatureSet("function-words", FUNCTION_WORDS, "words")


def ngram_set(texts: Sequence[str], n: int, top: int) -> FeatureSet:
    """The ``top`` most frequent character n-grams over all texts (ties broken by the n-gram)."""
    total: Counter[str] = Counter()
    for t in texts:
        total.update(char_ngrams(t, n))
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return FeatureSet(f"char-{n}-grams", [g for g, _ in ranked], "ngrams", n)


# ---------------------------------------------------------------------------------------------
# Distances


def zscores(refs: dict[str, list[float]]) -> tuple[list[float], list[float], list[int]]:
    """Mean and standard deviation of each feature across references; features with sd 0 dropped."""
    size = len(next(iter(refs.values())))
    mu, sd, keep = [], [], []
    for i in range(size):
        col = [v[i] for v in refs.values()]
        s = stdev(col)
        if s > 0:
            keep.append(i)
            mu.append(mean(col))
            sd.append(s)
    return mu, sd, keep


def _z(vec: list[float], mu: list[float], sd: list[float], keep: list[int]) -> list[float]:
    return [(vec[i] - m) / s for i, m, s in zip(keep, mu, sd, strict=True)]


def burrows_delta(a: list[float], b: list[float]) -> float:
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a) if a else 0.0


def cosine_delta(a: list[float], b: list[float]) -> float:
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    if na == 0 or nb == 0:
        return 1.0
    return 1.0 - sum(x * y for x, y in zip(a, b, strict=True)) / (na * nb)


def _compressed(data: bytes) -> int:
    return len(zlib.compress(data, 9))


def ncd(x: bytes, y: bytes, cx: int | None = None, cy: int | None = None) -> float:
    """Normalised compression distance with zlib (0 identical ... about 1 unrelated)."""
    cx = _compressed(x) if cx is None else cx
    cy = _compressed(y) if cy is None else cy
    return (_compressed(x + y) - min(cx, cy)) / max(cx, cy)


def _joined(texts: Sequence[str], cap: int) -> bytes:
    out = bytearray()
    for t in texts:
        b = t.encode("utf-8") + b"\n"
        if len(out) + len(b) > cap:
            out += b[: cap - len(out)]
            break
        out += b
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Formatting habits (descriptive only)

_FORMATTING = {
    "em_dash": re.compile("\u2014"),
    "markdown_header": re.compile(r"(?m)^[ \t]*#{1,6} "),
    "bullet": re.compile(r"(?m)^[ \t]*(?:[-*+]|[0-9]+\.) "),
    "bold": re.compile(r"\*\*[^*\n]+\*\*"),
    "exclamation": re.compile("[!\uff01]"),
    "emoji": re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]"),
}


def formatting(t: Transcript) -> dict[str, float]:
    """Per-1,000-word rates of formatting habits and the mean response length in words.

    Descriptive: formatting persists even when markdown is suppressed and differs a lot between
    vendors, but wrappers and system prompts change it too, so no verdict is drawn from it.
    """
    texts = [e.response for e in t.exchanges]
    n_words = sum(len(words(x)) for x in texts)
    out = {
        name: sum(len(rx.findall(x)) for x in texts) * 1000 / n_words if n_words else 0.0
        for name, rx in _FORMATTING.items()
    }
    out["mean_words_per_response"] = n_words / len(texts) if texts else 0.0
    return out


# ---------------------------------------------------------------------------------------------
# The analysis


@dataclass(frozen=True, slots=True)
class Distance:
    role: str
    distance: float
    ci95: tuple[float, float]
    bootstrap_nearest_share: float


@dataclass(frozen=True, slots=True)
class Margin:
    margin: float
    ci95: tuple[float, float]
    relative: float


@dataclass(frozen=True, slots=True)
class Ranking:
    """One distance's ranking of the references, with bootstrap support and the verdict."""

    distances: dict[str, Distance]
    ranking: tuple[str, ...]
    nearest: str
    verdict: str
    margin_nearest_vs_second: float | None = None
    closest_candidate: str | None = None
    candidate_vs_baseline_margin: Margin | None = None
    closest_candidate_nearest_share: float | None = None

    def to_data(self) -> dict[str, object]:
        data: dict[str, object] = {
            "distances": {
                lab: {
                    "role": d.role,
                    "distance": d.distance,
                    "ci95": list(d.ci95),
                    "bootstrap_nearest_share": d.bootstrap_nearest_share,
                }
                for lab, d in self.distances.items()
            },
            "ranking": list(self.ranking),
            "nearest": self.nearest,
            "verdict": self.verdict,
        }
        if self.margin_nearest_vs_second is not None:
            data["margin_nearest_vs_second"] = self.margin_nearest_vs_second
        if self.candidate_vs_baseline_margin is not None:
            m = self.candidate_vs_baseline_margin
            data["closest_candidate"] = self.closest_candidate
            data["candidate_vs_baseline_margin"] = {
                "margin": m.margin,
                "ci95": list(m.ci95),
                "relative": m.relative,
            }
            data["closest_candidate_nearest_share"] = self.closest_candidate_nearest_share
        return data


@dataclass(frozen=True, slots=True)
class Refused:
    """Delta was not computed (KB521), and why."""

    code: str
    reason: str


@dataclass(frozen=True, slots=True)
class StylometryResult:
    words: dict[str, int]
    references: int
    formatting_per_1000_words: dict[str, dict[str, float]]
    delta: dict[str, tuple[int, Ranking]]
    """'feature-set/metric' -> (features kept, ranking)."""
    refused: Refused | None
    ncd: Ranking
    ncd_max_bytes: int

    def to_data(self) -> dict[str, object]:
        """The JSON shape of the report (unchanged since report format 1)."""
        delta: dict[str, object] = {
            name: {"features": features, **ranking.to_data()}
            for name, (features, ranking) in self.delta.items()
        }
        if self.refused is not None:
            delta["refused"] = {"code": self.refused.code, "reason": self.refused.reason}
        return {
            "words": dict(self.words),
            "references": self.references,
            "formatting_per_1000_words": {lab: dict(f) for lab, f in self.formatting_per_1000_words.items()},
            "delta": delta,
            "ncd": {
                "compressor": "zlib level 9",
                "max_bytes_per_side": self.ncd_max_bytes,
                **self.ncd.to_data(),
            },
        }


def _summarise(
    label_role: Mapping[str, str],
    full: dict[str, float],
    boots: dict[str, list[float]],
    b: int,
    min_relative_margin: float,
) -> Ranking:
    """Ranking, bootstrap shares, intervals and the candidate-vs-baseline margin.

    The verdict is 'consistent-with' only when a candidate is the nearest reference, its margin
    over the nearest baseline stays positive across the bootstrap (2.5th percentile > 0), and
    that margin is at least ``min_relative_margin`` of the distance to the nearest baseline: a
    tiny but stable difference is shared register, not attribution (Hoover: correct
    attributions come with large margins).
    """
    nearest_counts: Counter[str] = Counter()
    margins: list[float] = []
    labels = sorted(full)
    for i in range(b):
        dist = {lab: boots[lab][i] for lab in labels}
        nearest_counts[min(labels, key=lambda lab: (dist[lab], lab))] += 1
        cands = [dist[lab] for lab in labels if label_role[lab] == "candidate"]
        bases = [dist[lab] for lab in labels if label_role[lab] == "baseline"]
        if cands and bases:
            margins.append(min(bases) - min(cands))
    ranking = sorted(labels, key=lambda lab: (full[lab], lab))
    distances = {
        lab: Distance(
            label_role[lab],
            full[lab],
            (percentile(boots[lab], 2.5), percentile(boots[lab], 97.5)),
            nearest_counts[lab] / b,
        )
        for lab in labels
    }
    second = full[ranking[1]] - full[ranking[0]] if len(ranking) > 1 else None
    cand_labels = [lab for lab in labels if label_role[lab] == "candidate"]
    base_labels = [lab for lab in labels if label_role[lab] == "baseline"]
    if not (cand_labels and base_labels):
        return Ranking(distances, tuple(ranking), ranking[0], "no-comparison", second)
    best_c = min(cand_labels, key=lambda lab: (full[lab], lab))
    nearest_base = min(full[lab] for lab in base_labels)
    margin = nearest_base - full[best_c]
    relative = margin / nearest_base if nearest_base > 0 else 0.0
    lo, hi = percentile(margins, 2.5), percentile(margins, 97.5)
    if label_role[ranking[0]] == "candidate" and lo > 0 and relative >= min_relative_margin:
        verdict = "consistent-with"
    elif label_role[ranking[0]] == "baseline" and hi < 0:
        verdict = "closer-to-a-baseline"
    else:
        verdict = "not-distinguishable-from-baseline"
    return Ranking(
        distances,
        tuple(ranking),
        ranking[0],
        verdict,
        second,
        best_c,
        Margin(margin, (lo, hi), relative),
        nearest_counts[best_c] / b,
    )


def analyse(
    suspect: Transcript,
    references: Sequence[Transcript],
    *,
    seed: int,
    bootstrap: int,
    ngram: int = 3,
    top_ngrams: int = 300,
    ncd_max_bytes: int = 12000,
    min_relative_margin: float = 0.10,
) -> StylometryResult:
    """Delta (two feature sets) and NCD of the suspect against every reference."""
    rng = random.Random(seed)
    role = {r.label: r.role for r in references}
    s_texts = [e.response for e in suspect.exchanges]
    word_counts = {t.label: sum(len(words(e.response)) for e in t.exchanges) for t in (suspect, *references)}
    n = len(s_texts)
    picks = [[rng.randrange(n) for _ in range(n)] for _ in range(bootstrap)]

    feature_sets = [function_word_set()]
    all_texts = s_texts + [e.response for r in references for e in r.exchanges]
    feature_sets.append(ngram_set(all_texts, ngram, top_ngrams))
    delta: dict[str, tuple[int, Ranking]] = {}
    refused = None
    if len(references) < MIN_REFERENCES:
        refused = Refused(
            "KB521",
            f"Delta needs at least {MIN_REFERENCES} reference transcripts (candidates plus "
            f"baselines); {len(references)} given. Delta standardises each feature across "
            "the references: with two, every z-score is +1 or -1 and distances collapse to "
            "0 or 2; with one, the standard deviation is undefined.",
        )
    else:
        for fs in feature_sets:
            s_counts = [fs.count(t) for t in s_texts]
            refs = {
                r.label: _profile([fs.count(e.response) for e in r.exchanges], len(fs.features))
                for r in references
            }
            mu, sd, keep = zscores(refs)
            zref = {lab: _z(v, mu, sd, keep) for lab, v in refs.items()}
            zs = _z(_profile(s_counts, len(fs.features)), mu, sd, keep)
            zboot = [
                _z(_profile([s_counts[i] for i in pick], len(fs.features)), mu, sd, keep) for pick in picks
            ]
            for metric, fn in (("burrows", burrows_delta), ("cosine", cosine_delta)):
                full = {lab: fn(zs, z) for lab, z in zref.items()}
                boots = {lab: [fn(zb, z) for zb in zboot] for lab, z in zref.items()}
                delta[f"{fs.name}/{metric}"] = (
                    len(keep),
                    _summarise(role, full, boots, bootstrap, min_relative_margin),
                )

    ref_bytes = {r.label: _joined([e.response for e in r.exchanges], ncd_max_bytes) for r in references}
    ref_c = {lab: _compressed(b) for lab, b in ref_bytes.items()}
    # the point estimate uses the suspect's responses in a seeded shuffled order, like the resamples,
    # so that a file sorted like a reference's (same prompts, same order) is not favoured
    order = list(range(n))
    random.Random(f"{seed}:ncd").shuffle(order)
    s_bytes = _joined([s_texts[i] for i in order], ncd_max_bytes)
    full = {lab: ncd(s_bytes, b, None, ref_c[lab]) for lab, b in ref_bytes.items()}
    ncd_boots: dict[str, list[float]] = {lab: [] for lab in ref_bytes}
    for pick in picks:
        sb = _joined([s_texts[i] for i in pick], ncd_max_bytes)
        cs = _compressed(sb)
        for lab, b in ref_bytes.items():
            ncd_boots[lab].append(ncd(sb, b, cs, ref_c[lab]))
    return StylometryResult(
        words=word_counts,
        references=len(references),
        formatting_per_1000_words={t.label: formatting(t) for t in (suspect, *references)},
        delta=delta,
        refused=refused,
        ncd=_summarise(role, full, ncd_boots, bootstrap, min_relative_margin),
        ncd_max_bytes=ncd_max_bytes,
    )
