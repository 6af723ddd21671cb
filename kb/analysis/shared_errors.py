"""Shared errors: does the suspect repeat a teacher's *specific wrong answers* on a probe set?

A student trained on a teacher's outputs inherits its mistakes, not only its knowledge. On
probes with reference answers, take the probes the teacher gets wrong. Among those, count the
ones where a model is also wrong *with the same answer*. Conditioning on the model being wrong
too removes ability: a weak model is wrong more often, but only copying (or a misconception
every model shares, which the baselines measure) makes it wrong in the same way.

Test: one-sided Fisher exact test of the suspect's same-wrong-answer rate against the pooled
rate of the baseline models; Holm-Bonferroni across teachers. Shared *correct* answers are
counted and shown but are not evidence: every competent model shares them.

Answer normalisation (`normalise`): Unicode NFKC, case-folded, punctuation and symbols dropped,
a leading English article (a, an, the) dropped, whitespace collapsed. An answer that is empty
after normalisation is an abstention: neither right nor wrong.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from kb.analysis.jsonl import Schema, Table
from kb.analysis.stats import Rate, fisher_greater, holm
from kb.diagnostics import Diagnostic

PROBES = Schema(
    "probe", required={"answer": "str-or-list"}, optional={"question": "str"}, nonempty=("answer",)
)
ANSWERS = Schema("answer", required={"answer": "str"}, optional={"model": "str"})
MIN_TEACHER_ERRORS = 10
RECOMMENDED_BASELINES = 3

_ARTICLE = re.compile(r"^(?:a|an|the)\s+")


def normalise(answer: str) -> str:
    """The comparable form of an answer (see the module docstring)."""
    text = unicodedata.normalize("NFKC", answer).casefold()
    text = "".join(" " if unicodedata.category(c)[0] in "PSZC" else c for c in text)
    text = " ".join(text.split())
    return _ARTICLE.sub("", text)


@dataclass(frozen=True, slots=True)
class ModelResult:
    label: str
    role: str
    answered: int
    correct: int
    abstained: int
    also_wrong: int
    """Of the teacher's wrong probes: the model is wrong too."""
    same_wrong: Rate
    """Of those: the model gives the teacher's wrong answer (the statistic)."""
    same_wrong_of_teacher_errors: Rate
    """Same wrong answer, out of all the teacher's wrong probes the model answered."""
    shared_correct: int
    """Probes both answer correctly: shown, not evidence."""


@dataclass(frozen=True, slots=True)
class TeacherTest:
    teacher: str
    probes: int
    teacher_wrong: int
    models: tuple[ModelResult, ...]
    baselines_pooled: Rate
    fisher_p_one_sided: float | None
    p_value_holm: float | None
    verdict: str
    reason: str | None = None


def check_answers(probes: Table, answers: Table) -> list[Diagnostic]:
    """KB551 for answer ids the probe set lacks (with file:line); KB552 for unanswered probes."""
    known = probes.by_id()
    diags = []
    for row in answers.rows:
        if row.id not in known:
            near = difflib.get_close_matches(row.id, list(known), n=1)
            diags.append(
                Diagnostic(
                    answers.display,
                    "KB551",
                    f"id '{row.id}' is not in the probe set {probes.name}",
                    line=row.line,
                    column=1,
                    value=row.id,
                    hint=f"did you mean '{near[0]}'?" if near else "answers must use the probe set's ids",
                )
            )
    missing = [pid for pid in known if pid not in answers.by_id()]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        diags.append(
            Diagnostic(
                answers.display,
                "KB552",
                f"{len(missing)} of {len(known)} probes have no "
                f"answer ({shown}); they are left out for this model",
                severity="warning",
            )
        )
    return diags


def _model(
    label: str,
    role: str,
    refs: dict[str, set[str]],
    teacher: dict[str, str],
    wrong_ids: Sequence[str],
    answers: dict[str, str],
) -> ModelResult:
    norm = {pid: normalise(a) for pid, a in answers.items() if pid in refs}
    given = {pid: a for pid, a in norm.items() if a}
    correct = sum(1 for pid, a in given.items() if a in refs[pid])
    answered_wrong = [pid for pid in wrong_ids if pid in given]
    also = [pid for pid in answered_wrong if given[pid] not in refs[pid]]
    same = sum(1 for pid in also if given[pid] == teacher[pid])
    shared_ok = sum(1 for pid, a in given.items() if a in refs[pid] and teacher.get(pid) in refs[pid])
    return ModelResult(
        label,
        role,
        len(given),
        correct,
        len(norm) - len(given),
        len(also),
        Rate.of(same, len(also)),
        Rate.of(same, len(answered_wrong)),
        shared_ok,
    )


def analyse(
    probes: Table,
    teachers: Sequence[tuple[str, Table]],
    suspect: tuple[str, Table],
    baselines: Sequence[tuple[str, Table]],
    *,
    alpha: float,
) -> tuple[TeacherTest, ...]:
    refs = {r.id: {normalise(a) for a in r.texts("answer")} for r in probes.rows}
    answers = {
        label: {r.id: r.text("answer") for r in t.rows} for label, t in (*teachers, suspect, *baselines)
    }
    tests: list[TeacherTest] = []
    for t_label, _ in teachers:
        teacher = {pid: normalise(a) for pid, a in answers[t_label].items() if pid in refs}
        wrong_ids = sorted(pid for pid, a in teacher.items() if a and a not in refs[pid])
        models = [_model(suspect[0], "suspect", refs, teacher, wrong_ids, answers[suspect[0]])]
        models += [_model(b, "baseline", refs, teacher, wrong_ids, answers[b]) for b, _ in baselines]
        k_b = sum(m.same_wrong.count for m in models[1:])
        n_b = sum(m.same_wrong.n for m in models[1:])
        pooled = Rate.of(k_b, n_b)
        s = models[0].same_wrong
        reason = None
        if len(wrong_ids) < MIN_TEACHER_ERRORS:
            reason = (
                f"the teacher is wrong on {len(wrong_ids)} probes; at least {MIN_TEACHER_ERRORS} are "
                "needed (use harder probes)"
            )
        elif s.n == 0 or n_b == 0:
            reason = "the suspect or the baselines are never wrong where the teacher is; nothing to compare"
        p = None if reason else fisher_greater(s.count, s.n, k_b, n_b)
        tests.append(
            TeacherTest(
                t_label,
                len(refs),
                len(wrong_ids),
                tuple(models),
                pooled,
                p,
                None,
                "not-tested" if reason else "",
                reason,
            )
        )
    adjusted = holm({t.teacher: t.fisher_p_one_sided for t in tests if t.fisher_p_one_sided is not None})
    out = []
    for t in tests:
        if t.teacher not in adjusted:
            out.append(t)
            continue
        p_adj = adjusted[t.teacher]
        higher = t.models[0].same_wrong.rate > t.baselines_pooled.rate
        verdict = "consistent-with" if p_adj < alpha and higher else "not-distinguishable-from-baseline"
        out.append(
            TeacherTest(
                t.teacher,
                t.probes,
                t.teacher_wrong,
                t.models,
                t.baselines_pooled,
                t.fisher_p_one_sided,
                p_adj,
                verdict,
            )
        )
    return tuple(out)
