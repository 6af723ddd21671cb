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

from kb.analysis.stats import holm, mean
from kb.analysis.stylometry import char_ngrams
from kb.analysis.transcripts import Transcript

MIN_PROMPTS = 10
RECOMMENDED_BASELINES = 3


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
) -> dict[str, object]:
    """The test for one candidate; 'skipped' with a reason when the prompts do not line up."""
    s_by, c_by = suspect.by_prompt, candidate.by_prompt
    b_by = [b.by_prompt for b in baselines]
    common = set(s_by) & set(c_by)
    for b in b_by:
        common &= set(b)
    shared = sorted(common) if b_by else []
    if len(shared) < MIN_PROMPTS or not baselines:
        return {
            "skipped": {
                "code": "KB523",
                "reason": (
                    f"{len(shared)} prompt ids are shared by the suspect, "
                    f"{candidate.label} and every baseline; at least {MIN_PROMPTS} "
                    "are needed, with at least one baseline."
                ),
            }
        }
    k = len(baselines)
    diffs_obs: list[float] = []
    options: list[list[float]] = []
    sim_c: list[float] = []
    sim_b: list[float] = []
    wins = 0
    per_prompt = []
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
        per_prompt.append({"prompt_id": pid, "candidate": sims[0], "baselines_mean": (total - sims[0]) / k})
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
    return {
        "prompts": m,
        "baselines": [b.label for b in baselines],
        "statistic": t_obs,
        "mean_similarity_candidate": mean(sim_c),
        "mean_similarity_baselines": mean(sim_b),
        "win_rate": wins / m,
        "win_rate_by_chance": 1 / (k + 1),
        "p_value": p,
        "per_prompt": per_prompt,
    }


def analyse(
    suspect: Transcript,
    candidates: Sequence[Transcript],
    baselines: Sequence[Transcript],
    *,
    seed: int,
    permutations: int,
    alpha: float = 0.05,
    n: int = 3,
) -> dict[str, object]:
    results = {
        c.label: provenance_test(suspect, c, baselines, seed=seed, permutations=permutations, n=n)
        for c in candidates
    }
    tested = {lab: float(r["p_value"]) for lab, r in results.items() if "p_value" in r}  # type: ignore[arg-type]
    adjusted = holm(tested)
    for lab, r in results.items():
        if lab in adjusted:
            r["p_value_holm"] = adjusted[lab]
            r["verdict"] = (
                "consistent-with"
                if adjusted[lab] < alpha and float(r["statistic"]) > 0  # type: ignore[arg-type]
                else "not-distinguishable-from-baseline"
            )
    warnings = []
    if 0 < len(baselines) < RECOMMENDED_BASELINES:
        warnings.append(
            {
                "code": "KB524",
                "message": (
                    f"only {len(baselines)} baseline(s); with fewer than {RECOMMENDED_BASELINES} the "
                    "permutation test has little resolution and one odd baseline can decide the result"
                ),
            }
        )
    return {
        "similarity": f"cosine of character {n}-gram counts",
        "alpha": alpha,
        "permutations": permutations,
        "candidates": results,
        "warnings": warnings,
    }
