"""Paired-prompt provenance test, after Nikolic et al. (NeurIPS 2025, arXiv 2502.00706).

When the suspect, a candidate parent and unrelated baselines answered the *same prompts*, ask:
is the suspect's answer to each prompt more similar to the candidate's than to the baselines'?

Statistic: T = mean over prompts of [sim(S, C) - max_j sim(S, B_j)], with sim the cosine
similarity of character 3-gram counts (works for Chinese and English alike). Against the
*closest* baseline on each prompt, not their mean: a candidate that merely shares the suspect's
register better than an average baseline does not pass; it has to beat every baseline.
Null hypothesis: the candidate is exchangeable with the baselines (it is just another unrelated
model). Permutation test: per prompt, pick uniformly which of the k+1 models plays the
candidate; p = (1 + #{T_perm >= T_obs}) / (1 + N). Holm-Bonferroni across candidates.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kb.analysis.stats import holm, mean
from kb.analysis.stylometry import char_ngrams
from kb.analysis.transcripts import Transcript

MIN_PROMPTS = 10
RECOMMENDED_BASELINES = 3


@dataclass(frozen=True, slots=True)
class PromptSimilarity:
    prompt_id: str
    candidate: float
    baselines_mean: float


@dataclass(frozen=True, slots=True)
class Skipped:
    """The test could not run for this candidate (KB523), and why."""

    code: str
    reason: str

    def to_data(self) -> dict[str, object]:
        return {"skipped": {"code": self.code, "reason": self.reason}}


@dataclass(frozen=True, slots=True)
class ProvenanceTest:
    prompts: int
    baselines: tuple[str, ...]
    statistic: float
    mean_similarity_candidate: float
    mean_similarity_baselines: float
    win_rate: float
    win_rate_by_chance: float
    p_value: float
    per_prompt: tuple[PromptSimilarity, ...]
    p_value_holm: float | None = None
    verdict: str | None = None

    def to_data(self) -> dict[str, object]:
        data: dict[str, object] = {
            "prompts": self.prompts,
            "baselines": list(self.baselines),
            "statistic": self.statistic,
            "mean_similarity_candidate": self.mean_similarity_candidate,
            "mean_similarity_baselines": self.mean_similarity_baselines,
            "win_rate": self.win_rate,
            "win_rate_by_chance": self.win_rate_by_chance,
            "p_value": self.p_value,
            "per_prompt": [
                {"prompt_id": x.prompt_id, "candidate": x.candidate, "baselines_mean": x.baselines_mean}
                for x in self.per_prompt
            ],
        }
        if self.p_value_holm is not None:
            data["p_value_holm"] = self.p_value_holm
            data["verdict"] = self.verdict
        return data


@dataclass(frozen=True, slots=True)
class Note:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class PairedResult:
    similarity: str
    alpha: float
    permutations: int
    candidates: dict[str, ProvenanceTest | Skipped]
    warnings: tuple[Note, ...]

    def to_data(self) -> dict[str, object]:
        """The JSON shape of the report (unchanged since report format 1)."""
        return {
            "similarity": self.similarity,
            "alpha": self.alpha,
            "permutations": self.permutations,
            "candidates": {lab: r.to_data() for lab, r in self.candidates.items()},
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
        }


def similarity(a: str, b: str, n: int = 3) -> float:
    """Cosine similarity of character n-gram counts (0..1)."""
    ca, cb = char_ngrams(a, n), char_ngrams(b, n)
    return _cosine(ca, cb)


def _cosine(ca: Counter[str], cb: Counter[str]) -> float:
    if not ca or not cb:
        return 0.0
    if len(ca) > len(cb):
        ca, cb = cb, ca
    dot = sum(k * cb.get(g, 0) for g, k in ca.items())
    na = math.sqrt(sum(k * k for k in ca.values()))
    nb = math.sqrt(sum(k * k for k in cb.values()))
    return dot / (na * nb)


def provenance_test(
    suspect: Transcript,
    candidate: Transcript,
    baselines: Sequence[Transcript],
    *,
    seed: int,
    permutations: int,
    n: int = 3,
) -> ProvenanceTest | Skipped:
    """The test for one candidate; Skipped with a reason when the prompts do not line up."""
    s_by, c_by = suspect.by_prompt, candidate.by_prompt
    b_by = [b.by_prompt for b in baselines]
    common = set(s_by) & set(c_by)
    for b in b_by:
        common &= set(b)
    shared = sorted(common) if b_by else []
    if len(shared) < MIN_PROMPTS or not baselines:
        return Skipped(
            "KB523",
            f"{len(shared)} prompt ids are shared by the suspect, {candidate.label} and every baseline; "
            f"at least {MIN_PROMPTS} are needed, with at least one baseline.",
        )
    k = len(baselines)
    diffs_obs: list[float] = []
    options: list[list[float]] = []
    sim_c: list[float] = []
    sim_b: list[float] = []
    wins = 0
    per_prompt: list[PromptSimilarity] = []
    for pid in shared:
        s = char_ngrams(s_by[pid].response, n)
        sims = [_cosine(s, char_ngrams(c_by[pid].response, n))]
        sims += [_cosine(s, char_ngrams(b[pid].response, n)) for b in b_by]
        total = sum(sims)
        options.append([x - max(sims[:i] + sims[i + 1 :]) for i, x in enumerate(sims)])
        diffs_obs.append(options[-1][0])
        sim_c.append(sims[0])
        sim_b.append((total - sims[0]) / k)
        if sims[0] > max(sims[1:]):
            wins += 1
        per_prompt.append(PromptSimilarity(pid, sims[0], (total - sims[0]) / k))
    t_obs = mean(diffs_obs)
    rng = random.Random(f"{seed}:{candidate.label}")
    exceed = 0
    m = len(options)
    # tolerance: treat ties within float noise as ties, so p never depends on summation order
    eps = 1e-12
    choices = range(k + 1)
    threshold = (t_obs - eps) * m
    getitem = list.__getitem__
    for _ in range(permutations):
        # per prompt, which of the k+1 models plays the candidate (map/sum run in C: fast)
        if sum(map(getitem, options, rng.choices(choices, k=m))) >= threshold:
            exceed += 1
    p = (1 + exceed) / (1 + permutations)
    return ProvenanceTest(
        prompts=m,
        baselines=tuple(b.label for b in baselines),
        statistic=t_obs,
        mean_similarity_candidate=mean(sim_c),
        mean_similarity_baselines=mean(sim_b),
        win_rate=wins / m,
        win_rate_by_chance=1 / (k + 1),
        p_value=p,
        per_prompt=tuple(per_prompt),
    )


def analyse(
    suspect: Transcript,
    candidates: Sequence[Transcript],
    baselines: Sequence[Transcript],
    *,
    seed: int,
    permutations: int,
    alpha: float = 0.05,
    n: int = 3,
) -> PairedResult:
    results = {
        c.label: provenance_test(suspect, c, baselines, seed=seed, permutations=permutations, n=n)
        for c in candidates
    }
    adjusted = holm({lab: r.p_value for lab, r in results.items() if isinstance(r, ProvenanceTest)})
    final: dict[str, ProvenanceTest | Skipped] = {}
    for lab, r in results.items():
        final[lab] = r
        if isinstance(r, ProvenanceTest) and lab in adjusted:
            verdict = (
                "consistent-with"
                if adjusted[lab] < alpha and r.statistic > 0
                else "not-distinguishable-from-baseline"
            )
            final[lab] = replace(r, p_value_holm=adjusted[lab], verdict=verdict)
    warnings = []
    if 0 < len(baselines) < RECOMMENDED_BASELINES:
        warnings.append(
            Note(
                "KB524",
                f"only {len(baselines)} baseline(s); with fewer than {RECOMMENDED_BASELINES} the "
                "permutation test has little resolution and one odd baseline can decide the result",
            )
        )
    return PairedResult(f"cosine of character {n}-gram counts", alpha, permutations, final, tuple(warnings))
