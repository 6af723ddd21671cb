"""A simulation with known ground truth for the detection methods (the worked example and the tests).

Nothing here describes a real model. Text models are bigram models over a made-up vocabulary:

- the *teacher* samples from a base bigram model and, when watermarking, adds a logit bias delta
  to green tokens (Kirchenbauer et al.'s soft watermark, with this package's keyed green list);
- the *student* is a bigram model fitted by counting on a training corpus of which a fraction
  was the teacher's watermarked output and the rest unwatermarked text from the same base model;
- an *independent* model is fitted the same way on unwatermarked text only.

Probe sets have reference answers and planted errors: each wrong answer is drawn from a few
distractors with unequal popularity, so unrelated models share some errors by chance (as real
models share common misconceptions); the student copies the teacher's answer on a share of the
probes. Weight checkpoints (optional, numpy + safetensors) share one layer-wise scale schedule,
so unrelated models' per-layer statistics correlate too; the student is the teacher plus noise.

Everything is seeded and pure Python except the checkpoints. `kb evidence simulate` writes the
files; `radioactivity_trial` and the null helpers are what the calibration and power tests run.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kb.analysis.tokenizer import WordTokenizer
from kb.analysis.watermark import GreenList, Scheme, Scorer, key_file_text, pair_message

SEED = 20260223
_CONS = "bdfgklmnprstvz"
_VOWELS = "aeiou"


def vocabulary(size: int, rng: random.Random) -> tuple[str, ...]:
    """`size` distinct made-up words of two to four syllables."""
    words: set[str] = set()
    while len(words) < size:
        n = rng.choice((2, 2, 3, 3, 4))
        words.add("".join(rng.choice(_CONS) + rng.choice(_VOWELS) for _ in range(n)))
    return tuple(sorted(words))


@dataclass(slots=True)
class Bigram:
    """A bigram model: per previous word, successors with cumulative weights."""

    vocab: tuple[str, ...]
    successors: dict[str, tuple[tuple[str, ...], tuple[float, ...]]]
    weights: dict[str, tuple[float, ...]]
    """Plain (not cumulative) weights, kept to build watermarked variants."""
    starts: tuple[str, ...]

    def sample(
        self,
        rng: random.Random,
        length: int,
        green: GreenList | None = None,
        delta: float = 0.0,
        cache: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] | None = None,
    ) -> str:
        """One text of `length` words; with `green`, green successors get the logit bias `delta`.

        `cache` keeps the watermarked successor tables between texts of one corpus."""
        cache = {} if cache is None else cache
        word = rng.choice(self.starts)
        out = [word]
        for _ in range(length - 1):
            table = self.successors.get(word)
            if table is None:
                word = rng.choice(self.starts)
                out.append(word)
                continue
            if green is not None and delta:
                if word not in cache:
                    boost = math.exp(delta)
                    w = [
                        x * boost if green.is_green(pair_message((word,), t)) else x
                        for t, x in zip(table[0], self.weights[word], strict=True)
                    ]
                    cache[word] = (table[0], tuple(itertools.accumulate(w)))
                table = cache[word]
            succ, cum = table
            word = succ[bisect(cum, rng.random() * cum[-1])]
            out.append(word)
        return " ".join(out)


def base_model(rng: random.Random, vocab_size: int = 4000, branching: int = 40) -> Bigram:
    """A random bigram model: each word has `branching` successors with Zipf weights."""
    vocab = vocabulary(vocab_size, rng)
    successors = {}
    weights = {}
    zipf = [1.0 / (r + 1) for r in range(branching)]
    for w in vocab:
        succ = tuple(rng.sample(vocab, branching))
        successors[w] = (succ, tuple(itertools.accumulate(zipf)))
        weights[w] = tuple(zipf)
    return Bigram(vocab, successors, weights, vocab)


def fit_bigram(texts: Sequence[str], vocab: tuple[str, ...]) -> Bigram:
    """The maximum-likelihood bigram model of `texts` (a student or an independent model)."""
    tok = WordTokenizer()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    starts: list[str] = []
    for text in texts:
        words = tok.tokens(text)
        if words:
            starts.append(words[0])
        for a, b in itertools.pairwise(words):
            counts[a][b] += 1
    successors = {}
    weights = {}
    for a in sorted(counts):
        items = sorted(counts[a].items())
        succ = tuple(t for t, _ in items)
        w = tuple(float(c) for _, c in items)
        successors[a] = (succ, tuple(itertools.accumulate(w)))
        weights[a] = w
    return Bigram(vocab, successors, weights, tuple(sorted(set(starts))) or vocab)


def random_scheme(
    rng: random.Random, gamma: float = 0.25, context_width: int = 1, delta: float | None = 2.0
) -> Scheme:
    return Scheme(key=rng.randbytes(16), gamma=gamma, context_width=context_width, delta=delta)


def corpus(
    model: Bigram, rng: random.Random, n_texts: int, length: int, scheme: Scheme | None = None
) -> list[str]:
    green = scheme.green() if scheme is not None else None
    delta = (scheme.delta or 0.0) if scheme is not None else 0.0
    cache: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {}
    return [model.sample(rng, length, green, delta, cache) for _ in range(n_texts)]


@dataclass(frozen=True, slots=True)
class TrialResult:
    fraction: float
    student_log10_p: float
    independent_log10_p: float
    student_scored: int


def radioactivity_trial(
    fraction: float,
    seed: int,
    *,
    train_tokens: int = 60_000,
    output_tokens: int = 20_000,
    text_length: int = 100,
    vocab_size: int = 4000,
    branching: int = 40,
) -> TrialResult:
    """One simulated distillation: fit a student on `fraction` watermarked teacher text, score it.

    Also fits and scores an independent model on unwatermarked text of the same size."""
    rng = random.Random(f"radioactivity:{seed}")
    base = base_model(rng, vocab_size, branching)
    scheme = random_scheme(rng)
    n_train = train_tokens // text_length
    n_wm = round(n_train * fraction)
    train = corpus(base, rng, n_wm, text_length, scheme) + corpus(base, rng, n_train - n_wm, text_length)
    student = fit_bigram(train, base.vocab)
    independent = fit_bigram(corpus(base, rng, n_train, text_length), base.vocab)
    n_out = output_tokens // text_length
    scorer = Scorer(scheme, WordTokenizer())
    s = scorer.score(corpus(student, rng, n_out, text_length), forget=True)
    i = scorer.score(corpus(independent, rng, n_out, text_length), forget=True)
    return TrialResult(fraction, s.log10_p, i.log10_p, s.scored)


# ---------------------------------------------------------------------------------------------
# Probe sets with planted errors

_PLACES = ("valley", "island", "harbour", "province", "river", "mountain", "lake", "desert")


@dataclass(frozen=True, slots=True)
class Probe:
    id: str
    question: str
    answer: str
    distractors: tuple[str, ...]
    popularity: tuple[float, ...]


def probes(rng: random.Random, n: int = 300, n_distractors: int = 5) -> list[Probe]:
    vocab = vocabulary(n * (n_distractors + 2), rng)
    pool = list(vocab)
    rng.shuffle(pool)
    out = []
    for i in range(n):
        words = pool[i * (n_distractors + 2) : (i + 1) * (n_distractors + 2)]
        place = rng.choice(_PLACES)
        pop = tuple(1.0 / (r + 1) ** 1.2 for r in range(n_distractors))
        out.append(
            Probe(
                f"q{i + 1:03d}",
                f"What is the capital of the {words[0].title()} {place}?",
                words[1].title(),
                tuple(w.title() for w in words[2:]),
                pop,
            )
        )
    return out


def answer_as(probe: Probe, rng: random.Random, accuracy: float) -> str:
    """An answer from a model that knows the fact with probability `accuracy`; else a distractor."""
    if rng.random() < accuracy:
        return probe.answer
    return rng.choices(probe.distractors, weights=probe.popularity)[0]


def _styled(answer: str, rng: random.Random) -> str:
    """Surface variation the normalisation must absorb (case, article, punctuation)."""
    return rng.choice((answer, answer.lower(), f"The {answer}.", f"{answer}!", f"  {answer.upper()} "))


def probe_answers(
    probe_set: Sequence[Probe],
    rng: random.Random,
    *,
    accuracy: float,
    copy_from: dict[str, str] | None = None,
    copy_rate: float = 0.0,
) -> dict[str, str]:
    out = {}
    for p in probe_set:
        if copy_from is not None and rng.random() < copy_rate:
            out[p.id] = copy_from[p.id]
        else:
            out[p.id] = answer_as(p, rng, accuracy)
    return out


# ---------------------------------------------------------------------------------------------
# The worked example on disk


def _jsonl(rows: Sequence[dict[str, object]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")


def _texts(model: str, texts: Sequence[str]) -> bytes:
    return _jsonl([{"id": f"t{i + 1:03d}", "model": model, "text": t} for i, t in enumerate(texts)])


@dataclass(frozen=True, slots=True)
class Example:
    files: dict[str, bytes]
    truth: dict[str, object]


def example(seed: int = SEED, *, fraction: float = 0.25) -> Example:
    """Every synthetic input file of the worked example, as {relative path: bytes}."""
    rng = random.Random(f"example:{seed}")
    base = base_model(rng)
    scheme = random_scheme(rng)
    files: dict[str, bytes] = {"teacher-key.json": key_file_text(scheme, "teacher").encode("utf-8")}
    files["other-key.json"] = key_file_text(random_scheme(rng), "someone-else").encode("utf-8")
    # watermark detection: the teacher's watermarked output and unwatermarked text
    files["teacher-output.jsonl"] = _texts("teacher", corpus(base, rng, 20, 120, scheme))
    files["unwatermarked.jsonl"] = _texts("other-writer", corpus(base, rng, 20, 120))
    # radioactivity: a student fitted on partly watermarked text; independent controls
    n_train, length = 600, 100
    n_wm = round(n_train * fraction)
    train = corpus(base, rng, n_wm, length, scheme) + corpus(base, rng, n_train - n_wm, length)
    student = fit_bigram(train, base.vocab)
    files["student-output.jsonl"] = _texts("student", corpus(student, rng, 200, length))
    for name in ("independent", "control-b", "control-c"):
        model = fit_bigram(corpus(base, rng, n_train, length), base.vocab)
        files[f"{name}-output.jsonl"] = _texts(name, corpus(model, rng, 200, length))
    # shared errors
    pset = probes(rng)
    files["probes.jsonl"] = _jsonl([{"id": p.id, "question": p.question, "answer": p.answer} for p in pset])
    teacher = probe_answers(pset, rng, accuracy=0.75)
    answers = {
        "teacher": teacher,
        "student": probe_answers(pset, rng, accuracy=0.6, copy_from=teacher, copy_rate=0.5),
        "independent": probe_answers(pset, rng, accuracy=0.6),
        "base-a": probe_answers(pset, rng, accuracy=0.7),
        "base-b": probe_answers(pset, rng, accuracy=0.6),
        "base-c": probe_answers(pset, rng, accuracy=0.65),
    }
    for name, ans in answers.items():
        files[f"answers-{name}.jsonl"] = _jsonl(
            [{"id": pid, "model": name, "answer": _styled(a, rng)} for pid, a in ans.items()]
        )
    truth: dict[str, object] = {
        "seed": seed,
        "watermarked_fraction_of_student_training_text": fraction,
        "watermark": {
            "teacher-output.jsonl": "watermarked with teacher-key.json",
            "unwatermarked.jsonl": "not watermarked",
        },
        "radioactivity": {
            "student": "trained partly on the teacher's watermarked output",
            "independent": "trained on unwatermarked text only",
            "control-b": "trained on unwatermarked text only",
            "control-c": "trained on unwatermarked text only",
        },
        "shared_errors": {
            "student": "copies the teacher's answer on about half of the probes",
            "independent": "no link to the teacher",
            "base-a": "no link",
            "base-b": "no link",
            "base-c": "no link",
        },
    }
    files["ground-truth.json"] = (json.dumps(truth, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return Example(files, truth)
