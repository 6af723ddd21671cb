"""The analysis artefact: run every method, then render deterministic JSON and Markdown.

Same inputs and parameters give the same bytes: keys are sorted, floats rounded, file names
(not machine paths) recorded, and the only timestamps are those found in the inputs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from kb import __version__
from kb.analysis import paired, selfid, stylometry
from kb.analysis.transcripts import Transcript

REPORT_FORMAT = 1
FLOAT_DIGITS = 6

CAVEATS_GENERAL = (
    "These analyses are circumstantial. 'Consistent with' means the data fit the hypothesis "
    "better than the baselines do; it never proves distillation. 'Not distinguishable' does not "
    "disprove it either: a distilled model can be post-trained until these signals fade.",
    "Web contamination: models trained on web text that contains other models' transcripts "
    "name those models and copy their phrasing without any targeted distillation.",
    "Convergent style: instruction tuning pushes many vendors towards the same polite, formal "
    "register, so stylistic closeness can be shared training practice rather than copying.",
    "Topic mismatch: if the suspect and the references answered different prompts, stylometry "
    "measures topic as much as style. Paired prompts (the same prompt ids for every model) "
    "remove most of this confound.",
    "Capture path: system prompts, wrappers, proxies or sampling settings used when the "
    "transcripts were collected change the text; the report cannot see them.",
    "Provenance of the inputs: the report records the SHA-256 of each transcript file. It cannot "
    "show who collected the transcripts, how, or that they were not edited before hashing.",
    "Synthetic or small samples: rates and distances from a few hundred responses have wide "
    "intervals; read the intervals, not the point estimates.",
)
CAVEATS_SELFID = (
    "Self-identification is weak evidence: published surveys found many models that name another "
    "vendor's model as themselves, which the authors attribute mostly to hallucination and web "
    "data, not reuse (Li et al. 2024, arXiv 2411.10683). The suspect's rate is therefore always "
    "shown next to the rate of unrelated baselines.",
    "The detector counts first-person frames only (I am / I'm / my name is / I was trained by / "
    "as an AI developed by / 我是 / 我叫 / 我由 ...). Negated ('I am not ChatGPT', 我不是), quoted, "
    "hypothetical ('if I were', 假如) mentions, names the prompt itself used, and role-play "
    "prompts are not counted. Paraphrased claims ('my creators in San Francisco') are missed.",
)
CAVEATS_STYLO = (
    "Burrows' Delta and Cosine Delta are reliable above about 1,500 words per text and stable "
    "only at 2,500-5,000 words (Burrows 2002; Eder); they need at least 3 references and are "
    "relative to the reference set chosen: adding or removing a reference changes every distance.",
    "Compression distance (zlib) compares at most max_bytes_per_side of each text; zlib sees "
    "only a 32 KB window, so longer texts would not be compared at all.",
    "Bootstrap intervals resample the suspect's responses only; the references are treated as "
    "fixed, so the intervals understate the total uncertainty. Resampling adds noise, so the "
    "resampled distances sit above a near-zero full-sample distance; read the share of resamples "
    "in which each reference is nearest and the margin interval, not the distance interval.",
    "A candidate is reported as 'consistent with' only when it is nearest, its margin over the "
    "nearest baseline stays positive in the bootstrap, and the margin is at least "
    "min_relative_margin of the distance to that baseline; small stable differences are common "
    "between unrelated models that share a register.",
)
CAVEATS_PAIRED = (
    "The paired-prompt test follows Nikolic et al. (NeurIPS 2025, arXiv 2502.00706), which was "
    "designed and validated for fine-tune derivation of open models; it is untested for "
    "black-box output distillation across model families.",
    "Similarity is surface-level (character 3-grams). Sampling temperature matters: greedy or "
    "low-temperature outputs are preferred; with high temperature every similarity drops.",
    "The null hypothesis is that the candidate is exchangeable with the baselines. Baselines "
    "that are themselves related to the candidate (same family, same distillation source) make "
    "the test conservative; baselines much weaker than the candidate can make it liberal.",
)


@dataclass(frozen=True, slots=True)
class Parameters:
    seed: int = 20260223
    bootstrap: int = 200
    permutations: int = 10000
    alpha: float = 0.05
    ngram: int = 3
    top_ngrams: int = 300
    ncd_max_bytes: int = 12000
    min_relative_margin: float = 0.10
    max_bytes: int = 64 * 1024 * 1024


def _round(value: object) -> object:
    if isinstance(value, float):
        r = round(value, FLOAT_DIGITS)
        return 0.0 if r == 0 else r
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_round(v) for v in value]
    return value


def _input(t: Transcript) -> dict[str, object]:
    langs: dict[str, int] = {}
    for e in t.exchanges:
        key = e.lang or "unknown"
        langs[key] = langs.get(key, 0) + 1
    stamps = sorted(e.collected_at for e in t.exchanges if e.collected_at)
    return {
        "role": t.role,
        "label": t.label,
        "file": t.name,
        "sha256": t.sha256,
        "bytes": t.size,
        "exchanges": len(t.exchanges),
        "models": t.models,
        "own_vendor": t.own_vendor,
        "languages": langs,
        "prompt_ids": len(t.by_prompt),
        "collected_at": {"first": stamps[0], "last": stamps[-1]} if stamps else None,
    }


def _candidate_summary(label: str, own_vendor: str | None, results: dict[str, object]) -> dict[str, str]:
    """Each method's verdict about one candidate."""
    out: dict[str, str] = {}
    sid = results["self_identification"]
    assert isinstance(sid, dict)
    comparisons = {c["vendor"]: c for c in sid["comparisons"]}
    if own_vendor and own_vendor in comparisons:
        out["self-identification"] = comparisons[own_vendor]["verdict"]
    elif own_vendor:
        out["self-identification"] = "not-tested"
    else:
        out["self-identification"] = "not-tested (candidate's vendor unknown)"
    sty = results["stylometry"]
    assert isinstance(sty, dict)
    methods = {k: v for k, v in sty["delta"].items() if k != "refused"}
    methods["ncd"] = sty["ncd"]
    for name, r in sorted(methods.items()):
        if r.get("closest_candidate") == label and r.get("verdict") == "consistent-with":
            out[f"stylometry {name}"] = "consistent-with"
        elif r.get("verdict") == "no-comparison":
            out[f"stylometry {name}"] = "not-tested"
        else:
            out[f"stylometry {name}"] = "not-distinguishable-from-baseline"
    if "refused" in sty["delta"]:
        out["stylometry delta"] = "refused (KB521)"
    pr = results["paired_prompt_test"]
    assert isinstance(pr, dict)
    cand = pr["candidates"].get(label, {})
    out["paired-prompt test"] = cand.get("verdict", "skipped (KB523)")
    return out


def overall_stance(summary: dict[str, str]) -> str:
    """'supports' when any method is consistent with the candidate, else 'context'. Never 'confirmed'."""
    return "supports" if "consistent-with" in summary.values() else "context"


def build(
    suspect: Transcript, candidates: Sequence[Transcript], baselines: Sequence[Transcript], params: Parameters
) -> dict[str, object]:
    """Run every method; return the report as plain data (rounded, JSON-ready)."""
    references = [*candidates, *baselines]
    warnings: list[dict[str, str]] = []
    results: dict[str, object] = {
        "self_identification": selfid.analyse(suspect, candidates, baselines, alpha=params.alpha).to_data(),
        "stylometry": stylometry.analyse(
            suspect,
            references,
            seed=params.seed,
            bootstrap=params.bootstrap,
            ngram=params.ngram,
            top_ngrams=params.top_ngrams,
            ncd_max_bytes=params.ncd_max_bytes,
            min_relative_margin=params.min_relative_margin,
        ).to_data(),
        "paired_prompt_test": paired.analyse(
            suspect,
            candidates,
            baselines,
            seed=params.seed,
            permutations=params.permutations,
            alpha=params.alpha,
            n=params.ngram,
        ).to_data(),
    }
    sty = results["stylometry"]
    assert isinstance(sty, dict)
    if "refused" in sty["delta"]:
        warnings.append({"code": "KB521", "message": sty["delta"]["refused"]["reason"]})
    for lab, n_words in sorted(sty["words"].items()):
        if n_words < stylometry.MIN_WORDS:
            warnings.append(
                {
                    "code": "KB522",
                    "message": (
                        f"{lab} has {n_words} words, below {stylometry.MIN_WORDS}; stylometric "
                        "distances only narrow the candidates at this size (5,000 words per side recommended)"
                    ),
                }
            )
    pr = results["paired_prompt_test"]
    assert isinstance(pr, dict)
    for _, r in sorted(pr["candidates"].items()):
        if "skipped" in r:
            warnings.append({"code": "KB523", "message": r["skipped"]["reason"]})
    warnings.extend(pr["warnings"])
    summary = {c.label: _candidate_summary(c.label, c.own_vendor, results) for c in candidates}
    report: dict[str, object] = {
        "report_format": REPORT_FORMAT,
        "tool": {"name": "distillation-kb", "command": "kb evidence analyze", "version": __version__},
        "inputs": [_input(t) for t in (suspect, *candidates, *baselines)],
        "parameters": asdict(params),
        "results": results,
        "summary": {lab: {"methods": s, "stance": overall_stance(s)} for lab, s in summary.items()},
        "warnings": warnings,
        "caveats": {
            "general": list(CAVEATS_GENERAL),
            "self_identification": list(CAVEATS_SELFID),
            "stylometry": list(CAVEATS_STYLO),
            "paired_prompt_test": list(CAVEATS_PAIRED),
        },
    }
    rounded = _round(report)
    assert isinstance(rounded, dict)
    return rounded


def to_json(report: dict[str, object]) -> str:
    return json.dumps(report, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# Markdown


def _md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _pct(r: dict[str, object]) -> str:
    ci = r["ci95"]
    assert isinstance(ci, list)
    return f"{r['count']}/{r['n']} ({float(r['rate']) * 100:.1f}%, {ci[0] * 100:.1f}-{ci[1] * 100:.1f}%)"  # type: ignore[arg-type]


def to_markdown(report: dict[str, object]) -> str:
    r: dict = report  # type: ignore[type-arg]
    lines = _md_summary(r) + _md_selfid(r) + _md_stylometry(r) + _md_paired(r) + _md_tail(r)
    return "\n".join(lines).rstrip() + "\n"


def _md_summary(r: dict) -> list[str]:  # type: ignore[type-arg]
    lines = [
        "# Transcript analysis report",
        "",
        f"Produced by `{r['tool']['command']}` (distillation-kb {r['tool']['version']}), "
        f"report format {r['report_format']}.",
        "",
        '> These are circumstantial, behavioural analyses. Every result reads "consistent with" '
        'or "not distinguishable from baseline"; none proves or disproves distillation. '
        "See the caveats at the end.",
        "",
        "## Summary",
        "",
    ]
    return lines + summary_lines(r["summary"], r["warnings"], _md)


def summary_lines(summary: Mapping[str, Any], warnings: Sequence[Mapping[str, Any]],
                  cell: Callable[[object], str]) -> list[str]:
    """Per candidate, each method's result as a table, then the warnings: the summary every
    analysis report opens with (transcripts and detection methods alike)."""
    lines: list[str] = []
    for lab, s in sorted(summary.items()):
        lines += [
            f"Candidate **{cell(lab)}** (stance if attached to a claim: `{s['stance']}`)",
            "",
            "| method | result |",
            "|---|---|",
        ]
        lines += [f"| {cell(m)} | {cell(v)} |" for m, v in sorted(s["methods"].items())]
        lines.append("")
    if warnings:
        lines += ["## Warnings", ""]
        lines += [f"- **{w['code']}** {cell(w['message'])}" for w in warnings]
        lines.append("")
    return lines


def _md_selfid(r: dict) -> list[str]:  # type: ignore[type-arg]
    sid = r["results"]["self_identification"]
    lines = [
        "## Self-identification",
        "",
        "First-person claims to be (or to be made by) a vendor's model, per transcript "
        "(count/responses, rate, Wilson 95% interval).",
        "",
        "| transcript | role | responses | claims | not counted |",
        "|---|---|---|---|---|",
    ]
    for p in sid["profiles"]:
        claims = "; ".join(f"{v}: {_pct(x)}" for v, x in sorted(p["by_vendor"].items())) or "none"
        nc = ", ".join(f"{k} {n}" for k, n in sorted(p["not_counted"].items()) if n) or "-"
        lines.append(f"| {_md(p['label'])} | {p['role']} | {p['responses']} | {_md(claims)} | {_md(nc)} |")
    lines += ["", "By language, prompt type (identity probes vs incidental prompts) and system prompt:", "",
              "| transcript | split | responses | claims |", "|---|---|---|---|"]
    for p in sid["profiles"]:
        for group in ("by_language", "by_prompt_class", "by_system_prompt"):
            for split, g in sorted(p[group].items()):
                claims = "; ".join(f"{v}: {_pct(x)}" for v, x in sorted(g["by_vendor"].items())) or "none"
                lines.append(f"| {_md(p['label'])} | {_md(split)} | {g['responses']} | {_md(claims)} |")
    lines.append("")
    for c in sid["comparisons"]:
        lines.append(
            f"- **{_md(c['vendor_name'])}**: {_md(c['statement'])} "
            f"(one-sided Fisher exact p = {c['fisher_p_one_sided']:.4g}; verdict: {c['verdict']})"
        )
    if not sid["comparisons"]:
        lines.append("- The suspect makes no first-person claim to another vendor's identity.")
    lines.append("")
    return lines


def _md_stylometry(r: dict) -> list[str]:  # type: ignore[type-arg]
    sty = r["results"]["stylometry"]
    lines = [
        "## Stylometry",
        "",
        "Words per transcript: " + ", ".join(f"{_md(k)} {v}" for k, v in sorted(sty["words"].items())) + ".",
        "",
    ]
    fmt = sty["formatting_per_1000_words"]
    cols = sorted(next(iter(fmt.values())))
    lines += ["Formatting habits per 1,000 words (descriptive; no verdict is drawn from them):", "",
              "| transcript | " + " | ".join(c.replace("_", " ") for c in cols) + " |",
              "|---|" + "---|" * len(cols)]
    for lab in [i["label"] for i in r["inputs"]]:
        lines.append(f"| {_md(lab)} | " + " | ".join(f"{fmt[lab][c]:.1f}" for c in cols) + " |")
    lines.append("")
    methods = [(k, v) for k, v in sorted(sty["delta"].items()) if k != "refused"]
    if "refused" in sty["delta"]:
        lines += [
            f"Delta refused ({sty['delta']['refused']['code']}): {_md(sty['delta']['refused']['reason'])}",
            "",
        ]
    methods.append(("ncd (zlib)", sty["ncd"]))
    for name, m in methods:
        lines += [
            f"### {name}",
            "",
            f"Verdict: **{m['verdict']}**; nearest: {_md(m['nearest'])}"
            + (
                f"; closest candidate {_md(m['closest_candidate'])}, margin over the nearest baseline "
                f"{m['candidate_vs_baseline_margin']['margin']:.4f} (95% bootstrap "
                f"{m['candidate_vs_baseline_margin']['ci95'][0]:.4f} to "
                f"{m['candidate_vs_baseline_margin']['ci95'][1]:.4f})"
                if "closest_candidate" in m
                else ""
            ),
            "",
            "| reference | role | distance | 95% bootstrap | nearest in resamples |",
            "|---|---|---|---|---|",
        ]
        for lab in m["ranking"]:
            d = m["distances"][lab]
            lines.append(
                f"| {_md(lab)} | {d['role']} | {d['distance']:.4f} | "
                f"{d['ci95'][0]:.4f}-{d['ci95'][1]:.4f} | {d['bootstrap_nearest_share'] * 100:.1f}% |"
            )
        lines.append("")
    return lines


def _md_paired(r: dict) -> list[str]:  # type: ignore[type-arg]
    pr = r["results"]["paired_prompt_test"]
    lines = [
        "## Paired-prompt provenance test",
        "",
        f"Similarity: {pr['similarity']}; {pr['permutations']} permutations; alpha {pr['alpha']}; "
        "p-values Holm-Bonferroni adjusted across candidates.",
        "",
        "The statistic is the mean, over prompts, of the suspect's similarity to the candidate minus "
        "its similarity to the closest baseline. The p-value tests whether the candidate is "
        "exchangeable with the baselines; the verdict also needs a positive statistic, so a "
        "candidate that is merely ranked above most baselines does not pass.",
        "",
        "| candidate | prompts | sim. to candidate | sim. to baselines (mean) | statistic | wins (chance) "
        "| p | p (Holm) | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for lab, c in sorted(pr["candidates"].items()):
        if "skipped" in c:
            lines.append(f"| {_md(lab)} | skipped: {_md(c['skipped']['reason'])} | | | | | | | |")
            continue
        lines.append(
            f"| {_md(lab)} | {c['prompts']} | {c['mean_similarity_candidate']:.4f} | "
            f"{c['mean_similarity_baselines']:.4f} | {c['statistic']:.4f} | {c['win_rate'] * 100:.1f}% "
            f"({c['win_rate_by_chance'] * 100:.1f}%) | {c['p_value']:.4g} | {c['p_value_holm']:.4g} | "
            f"{c['verdict']} |"
        )
    lines.append("")
    return lines


def _md_tail(r: dict) -> list[str]:  # type: ignore[type-arg]
    lines = ["## Inputs", "", "| role | label | file | exchanges | SHA-256 |", "|---|---|---|---|---|"]
    for i in r["inputs"]:
        lines.append(
            f"| {i['role']} | {_md(i['label'])} | {_md(i['file'])} | {i['exchanges']} | `{i['sha256']}` |"
        )
    lines += ["", "## Parameters", ""]
    lines += [f"- `{k}`: {v}" for k, v in sorted(r["parameters"].items())]
    lines += ["", "## Caveats", ""]
    for section in ("general", "self_identification", "stylometry", "paired_prompt_test"):
        lines += [f"### {section.replace('_', ' ')}", ""]
        lines += [f"- {c}" for c in r["caveats"][section]]
        lines.append("")
    return lines
