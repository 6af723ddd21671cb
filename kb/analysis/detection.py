"""Watermark detection and radioactivity: corpus-level tests over the keyed scorer.

- `detect_watermark`: were these texts written by a model watermarked with this key
  (Kirchenbauer et al. 2023)? One test per corpus (each distinct pair scored once across the
  corpus); per-text scores as detail.
- `radioactivity`: does a suspect model's output carry a teacher's watermark, which it would
  inherit by training on the teacher's watermarked output (Sander et al. 2024)? The suspect's
  corpus is scored with the teacher's key, each distinct (context, token) pair once across the
  whole corpus, and reported next to the same test on control models that did not train on it.

Multiple tests in one report are Holm-Bonferroni adjusted. Results are dataclasses; the report
module turns them into JSON at the edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kb.analysis.jsonl import Schema, Table
from kb.analysis.stats import holm
from kb.analysis.watermark import MIN_SCORED, Score, Scorer, pairs
from kb.diagnostics import Diagnostic

TEXTS = Schema(
    "text", required={"text": "str"}, optional={"model": "str", "prompt": "str"}, nonempty=("text",)
)
RECOMMENDED_CONTROLS = 3

DETECTED = "consistent-with"
NOT_DETECTED = "not-detected"
INCONCLUSIVE = "inconclusive (a control is also significant)"


@dataclass(frozen=True, slots=True)
class TextScore:
    id: str
    line: int
    score: Score
    p_value_holm: float


@dataclass(frozen=True, slots=True)
class CorpusTest:
    role: str
    label: str
    texts: int
    score: Score
    p_value_holm: float
    verdict: str
    per_text: tuple[TextScore, ...] = ()


@dataclass(frozen=True, slots=True)
class Checked:
    """Diagnostics raised by the data (too-short texts, corpora too small to test)."""

    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")


def check_corpora(scorer: Scorer, tables: Sequence[Table]) -> Checked:
    """KB541 for texts with no scorable pair; KB542 for corpora with too few distinct pairs."""
    h = scorer.scheme.context_width
    diags: list[Diagnostic] = []
    for t in tables:
        distinct: set[str] = set()
        for row in t.rows:
            toks = scorer.tokenizer.tokens(row.text("text"))
            if len(toks) <= h:
                diags.append(
                    Diagnostic(
                        t.display,
                        "KB541",
                        f"text '{row.id}' has {len(toks)} token(s); with context width {h} "
                        f"it needs at least {h + 1} to score one pair, so it adds nothing",
                        line=row.line,
                        column=1,
                        severity="warning",
                        hint="drop it, or check the tokenizer matches the scheme",
                    )
                )
            elif len(distinct) < MIN_SCORED:
                distinct.update(pairs(toks, h))
        if len(distinct) < MIN_SCORED:
            diags.append(
                Diagnostic(
                    t.display,
                    "KB542",
                    f"the corpus has {len(distinct)} distinct (context, token) pair(s) to "
                    f"score; at least {MIN_SCORED} are needed for a test",
                    hint="supply more (or longer) texts",
                )
            )
    return Checked(tuple(diags))


def _verdict(p_holm: float, alpha: float) -> str:
    return DETECTED if p_holm < alpha else NOT_DETECTED


def detect_watermark(
    scorer: Scorer, corpora: Sequence[tuple[str, Table]], *, alpha: float, per_text: bool = True
) -> tuple[CorpusTest, ...]:
    """One test per corpus (Holm across corpora); per-text tests Holm-adjusted within each corpus."""
    scores = {label: scorer.score(r.text("text") for r in t.rows) for label, t in corpora}
    adjusted = holm({label: s.p_value for label, s in scores.items()})
    out = []
    for label, table in corpora:
        texts: tuple[TextScore, ...] = ()
        if per_text:
            each = [(r, scorer.score([r.text("text")])) for r in table.rows]
            adj = holm({r.id: s.p_value for r, s in each if s.scored})
            texts = tuple(TextScore(r.id, r.line, s, adj.get(r.id, 1.0)) for r, s in each)
        out.append(
            CorpusTest(
                "texts",
                label,
                len(table.rows),
                scores[label],
                adjusted[label],
                _verdict(adjusted[label], alpha),
                texts,
            )
        )
    return tuple(out)


def radioactivity(
    scorer: Scorer, suspect: tuple[str, Table], controls: Sequence[tuple[str, Table]], *, alpha: float
) -> tuple[CorpusTest, ...]:
    """The suspect and every control scored alike; Holm across all of them.

    Pairs that occur in a row's `prompt` are not scored for that corpus: a model asked to
    continue watermarked text can copy it, which is not evidence of training on it.
    The suspect is 'consistent-with' only when its adjusted p < alpha and no control's is: a
    control that fires means the test is not measuring training on the teacher's output."""
    scores: dict[str, Score] = {}
    for label, t in (suspect, *controls):
        prompts = [r.text("prompt") for r in t.rows if r.text("prompt")]
        scores[label] = scorer.score((r.text("text") for r in t.rows), exclude=prompts)
    adjusted = holm({label: s.p_value for label, s in scores.items()})
    controls_fire = any(adjusted[label] < alpha for label, _ in controls)
    out = []
    for role, (label, table) in [("suspect", suspect), *(("control", c) for c in controls)]:
        verdict = _verdict(adjusted[label], alpha)
        if role == "suspect" and verdict == DETECTED and controls_fire:
            verdict = INCONCLUSIVE
        out.append(CorpusTest(role, label, len(table.rows), scores[label], adjusted[label], verdict))
    return tuple(out)
