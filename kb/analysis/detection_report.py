"""Reports of the detection methods: typed results in, deterministic JSON and Markdown out.

The library hands over dataclasses; `to_data` turns them into plain JSON data at the edge
(keys sorted, floats to 6 significant digits so small p-values survive, file names rather than
machine paths). The envelope matches `kb evidence analyze` reports (inputs with SHA-256,
parameters, results, summary per candidate with a stance, warnings, caveats), so
`kb.analysis.attach` attaches either kind.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kb import __version__
from kb.analysis.report import summary_lines
from kb.diagnostics import printable

REPORT_FORMAT = 1
SIGNIFICANT = 6

CAVEATS_GENERAL = (
    "Every result is circumstantial: 'consistent with' means the data fit the hypothesis better than "
    "the stated null does; it never proves distillation or copying. 'Not detected' does not disprove "
    "it either: signals fade with further training, paraphrase and small samples.",
    "Provenance of the inputs: the report records the SHA-256 of each input file. It cannot show who "
    "collected the texts or answers, how, or that they were not edited before hashing.",
    "Several tests in one report are Holm-Bonferroni adjusted; read the adjusted p-values.",
)
CAVEATS = {
    "watermark": (
        "Only the key's owner can run this test: the green list is secret. A third party can check a "
        "published report only against a key the owner discloses (the report records the key file's "
        "SHA-256, which commits to the key without revealing it).",
        "The scheme is this package's keyed-hash green list (kb-green-hmac-sha256-v1), after "
        "Kirchenbauer et al. 2023; a vendor's production watermark uses its own construction and detector.",
        "Each distinct (context, token) pair is scored once, so repeated phrases cannot inflate the "
        "score; the p-value is the exact binomial tail under the null that the text was written "
        "without this key.",
        "Paraphrase, translation and heavy editing remove the watermark; short texts carry too few "
        "pairs for a small p-value.",
    ),
    "radioactivity": (
        "Only the teacher's key owner can run this test (Sander et al. 2024).",
        "A significant result is consistent with the suspect having been trained on text the "
        "teacher watermarked with this key; it does not say how much, when, or through whom "
        "(third-party datasets of the teacher's output carry the watermark too).",
        "Control models that never saw the teacher's watermarked output must stay non-significant; "
        "if one does not, the result is reported as inconclusive.",
        "Pairs that occur in a text's prompt are not scored: a model asked to continue watermarked "
        "text can copy the watermark without having been trained on it.",
        "Further training on other text weakens a learned watermark, so 'not detected' is weak "
        "evidence of absence.",
    ),
    "shared_errors": (
        "Shared correct answers are not evidence: every competent model shares them. Only the "
        "teacher's specific wrong answers, repeated by the suspect more often than by unrelated "
        "baselines, are counted.",
        "Common misconceptions (web text, shared benchmarks) make unrelated models share errors too; "
        "the baselines measure that rate, so they should be comparable in size and training data.",
        "The Fisher test pools the baselines' answers and treats probes as independent; probes that "
        "are near-duplicates of each other make it liberal.",
        "Answers are compared after normalisation (NFKC, case-folded, punctuation dropped, leading "
        "article dropped, whitespace collapsed); differently worded equal answers are not matched.",
    ),
    "fingerprint": (
        "Weight statistics of unrelated models of one architecture correlate too: the Pangu-team "
        "rebuttal reported 0.91 for deepseek-llm-7b vs llama2-7b against the 0.927 HonestAGI reported "
        "for Pangu Pro MoE vs Qwen-2.5 14B. The report therefore ranks each statistic among pairs "
        "of models assumed unrelated (the reference set), and never reads the number alone.",
        "The empirical p-value can be no smaller than 1 / (1 + number of null pairs); with few "
        "references no result can be significant. References should share the architecture and "
        "be as close to the suspect in training practice as possible.",
        "Null pairs share models, so they are not independent; the p-value is a rank among them, "
        "not an exact probability.",
        "Weight cosine is defeated by permuting hidden units or re-initialising layers; the std "
        "profile is defeated by rescaling. Neither sees distillation from outputs, which leaves "
        "no trace in weights.",
    ),
}


@dataclass(frozen=True, slots=True)
class InputFile:
    role: str
    label: str
    file: str
    sha256: str
    bytes: int
    rows: int | None = None


@dataclass(frozen=True, slots=True)
class Warning:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Summary:
    methods: dict[str, str]

    @property
    def stance(self) -> str:
        """'supports' when a method is consistent with the candidate, else 'context'. Never 'confirmed'."""
        return "supports" if "consistent-with" in self.methods.values() else "context"


@dataclass(frozen=True, slots=True)
class Report:
    method: str
    command: str
    title: str
    evidence_kind: str
    inputs: tuple[InputFile, ...]
    parameters: Mapping[str, object]
    results: Mapping[str, object]
    summary: Mapping[str, Summary]
    warnings: tuple[Warning, ...] = ()


def _sig(value: float) -> float | str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "-inf" if value < 0 else "inf"
    r = float(f"{value:.{SIGNIFICANT}g}")
    return 0.0 if r == 0 else r


def to_data(obj: Any) -> Any:
    """Dataclasses (with their public properties), mappings and sequences as plain JSON data."""
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return obj
    if isinstance(obj, float):
        return _sig(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        data = {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.repr}
        for name, member in vars(type(obj)).items():
            if isinstance(member, property) and not name.startswith("_"):
                data[name] = to_data(getattr(obj, name))
        return data
    if isinstance(obj, Mapping):
        return {str(k): to_data(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_data(v) for v in obj]
    raise TypeError(f"cannot put {type(obj).__name__} into a report")


def report_data(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = {
        "report_format": REPORT_FORMAT,
        "tool": {"name": "distillation-kb", "command": report.command, "version": __version__},
        "method": report.method,
        "title": report.title,
        "evidence_kind": report.evidence_kind,
        "inputs": to_data(report.inputs),
        "parameters": to_data(report.parameters),
        "results": to_data(report.results),
        "summary": {
            lab: {"methods": dict(s.methods), "stance": s.stance} for lab, s in report.summary.items()
        },
        "warnings": to_data(report.warnings),
        "caveats": {"general": list(CAVEATS_GENERAL), report.method: list(CAVEATS[report.method])},
    }
    return data


def to_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------
# Markdown


def cell(text: object) -> str:
    return printable(str(text)).replace("|", "\\|")


def _p(value: object, log10: object = None) -> str:
    if isinstance(value, float) and value == 0.0 and isinstance(log10, float):
        return f"10^{log10:.1f}"
    if isinstance(value, float):
        return f"{value:.3g}"
    return "-" if value is None else str(value)


def to_markdown(data: Mapping[str, Any]) -> str:
    method = data["method"]
    lines = [
        f"# {data['title']} report",
        "",
        f"Produced by `{data['tool']['command']}` (distillation-kb {data['tool']['version']}), "
        f"report format {data['report_format']}.",
        "",
        '> Circumstantial evidence. Every result reads "consistent with" or "not detected / not '
        'distinguishable"; none proves or disproves distillation. See the caveats at the end.',
        "",
        "## Summary",
        "",
    ]
    lines += summary_lines(data["summary"], data["warnings"], cell)
    lines += _RENDER[method](data["results"])
    lines += [
        "## Inputs",
        "",
        "| role | label | file | rows | bytes | SHA-256 |",
        "|---|---|---|---|---|---|",
    ]
    for i in data["inputs"]:
        rows = "-" if i["rows"] is None else i["rows"]
        lines.append(
            f"| {i['role']} | {cell(i['label'])} | {cell(i['file'])} | {rows} | {i['bytes']} | "
            f"`{i['sha256']}` |"
        )
    lines += ["", "## Parameters", ""]
    lines += [f"- `{k}`: {cell(v)}" for k, v in sorted(data["parameters"].items())]
    lines += ["", "## Caveats", ""]
    for section, items in data["caveats"].items():
        lines += [f"### {section.replace('_', ' ')}", ""]
        lines += [f"- {c}" for c in items]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _score_row(label: str, role: str, s: Mapping[str, Any], p_holm: object, verdict: str) -> str:
    return (
        f"| {cell(label)} | {role} | {s['tokens']} | {s['scored']} | {s['repeated']} | {s['green']} | "
        f"{s['green_share']:.4f} | {s['z']:.2f} | {_p(s['p_value'], s['log10_p'])} | {_p(p_holm)} | "
        f"{cell(verdict)} |"
    )


_SCORE_HEAD = (
    "| corpus | role | tokens | distinct pairs scored | repeats not scored | green | green share | z "
    "| p | p (Holm) | verdict |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
)


def _md_watermark(results: Mapping[str, Any]) -> list[str]:
    lines = [
        "## Watermark detection",
        "",
        f"Green-list fraction gamma = {results['gamma']}, context width {results['context_width']}, "
        f"tokenizer `{results['tokenizer']}`. Each distinct (context, token) pair is scored once per "
        "corpus; p is the exact binomial tail.",
        "",
        *_SCORE_HEAD,
    ]
    for c in results["corpora"]:
        lines.append(_score_row(c["label"], c["role"], c["score"], c["p_value_holm"], c["verdict"]))
    lines.append("")
    for c in results["corpora"]:
        if not c["per_text"]:
            continue
        lines += [
            f"### Per text: {cell(c['label'])}",
            "",
            "| id | line | pairs | green | z | p | p (Holm, within corpus) |",
            "|---|---|---|---|---|---|---|",
        ]
        for t in c["per_text"]:
            s = t["score"]
            lines.append(
                f"| {cell(t['id'])} | {t['line']} | {s['scored']} | {s['green']} | {s['z']:.2f} | "
                f"{_p(s['p_value'], s['log10_p'])} | {_p(t['p_value_holm'])} |"
            )
        lines.append("")
    return lines


def _md_radioactivity(results: Mapping[str, Any]) -> list[str]:
    lines = [
        "## Radioactivity",
        "",
        f"The suspect's and the controls' outputs scored with the teacher's key (gamma = {results['gamma']}, "
        f"context width {results['context_width']}, tokenizer `{results['tokenizer']}`). Each distinct "
        "(context, token) pair is scored once across a model's whole corpus; pairs found in the prompts "
        "are not scored.",
        "",
        *_SCORE_HEAD,
    ]
    for c in results["corpora"]:
        lines.append(_score_row(c["label"], c["role"], c["score"], c["p_value_holm"], c["verdict"]))
    lines.append("")
    return lines


def _md_shared_errors(results: Mapping[str, Any]) -> list[str]:
    lines = [
        "## Shared errors",
        "",
        "Of the probes the teacher answers wrongly: how often a model is also wrong with the *same* "
        "answer (rate among the probes where it is wrong too, Wilson 95% interval). Shared correct "
        "answers are listed for context only; they are not evidence.",
        "",
    ]
    for t in results["teachers"]:
        lines += [
            f"### Teacher {cell(t['teacher'])}",
            "",
            f"{t['teacher_wrong']} of {t['probes']} probes answered wrongly by the teacher.",
            "",
            "| model | role | answered | correct | also wrong | same wrong answer | rate (95% CI) "
            "| shared correct (not evidence) |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for m in t["models"]:
            r = m["same_wrong"]
            lines.append(
                f"| {cell(m['label'])} | {m['role']} | {m['answered']} | {m['correct']} | "
                f"{m['also_wrong']} | {r['count']} | {r['rate'] * 100:.1f}% ({r['ci95'][0] * 100:.1f}-"
                f"{r['ci95'][1] * 100:.1f}%) | {m['shared_correct']} |"
            )
        b = t["baselines_pooled"]
        lines += [
            "",
            f"Baselines pooled: {b['count']}/{b['n']} ({b['rate'] * 100:.1f}%). "
            + (
                f"One-sided Fisher exact p = {_p(t['fisher_p_one_sided'])}, Holm-adjusted "
                f"{_p(t['p_value_holm'])}; verdict: **{t['verdict']}**."
                if t["reason"] is None
                else f"Not tested: {cell(t['reason'])}"
            ),
            "",
        ]
    return lines


def _md_fingerprint(results: Mapping[str, Any]) -> list[str]:
    labels = results["models"]
    lines = [
        "## Weight fingerprint",
        "",
        f"{len(results['tensors'])} tensors compared (pattern `{cell(results['pattern'])}`). Each "
        "statistic for (suspect, candidate) is ranked among the pairs assumed unrelated "
        f"({results['null_pairs']} pairs; the smallest reachable p is {results['min_p']:.3g}).",
        "",
        "| candidate | statistic | observed | null mean | null max | null pairs >= observed | p | p (Holm) "
        "| verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for c in results["candidates"]:
        for t in c["tests"]:
            lines.append(
                f"| {cell(c['candidate'])} | {t['statistic'].replace('_', ' ')} | {t['observed']:.4f} | "
                f"{t['null_mean']:.4f} | {t['null_max']:.4f} | {t['null_at_least_observed']} | "
                f"{_p(t['p_value'])} | {_p(t['p_value_holm'])} | {t['verdict']} |"
            )
    lines.append("")
    for stat, matrix in sorted(results["pairs"].items()):
        lines += [
            f"### {stat.replace('_', ' ')} between every pair",
            "",
            "| | " + " | ".join(cell(lab) for lab in labels) + " |",
            "|---|" + "---|" * len(labels),
        ]
        for lab, row in zip(labels, matrix, strict=True):
            lines.append(f"| {cell(lab)} | " + " | ".join(f"{v:.3f}" for v in row) + " |")
        lines.append("")
    return lines


_RENDER = {
    "watermark": _md_watermark,
    "radioactivity": _md_radioactivity,
    "shared_errors": _md_shared_errors,
    "fingerprint": _md_fingerprint,
}


def input_rows(items: Sequence[InputFile]) -> tuple[InputFile, ...]:
    return tuple(items)
